/**
 * The app's log as streamed by `devicectl device process launch --console` with OS_ACTIVITY_DT_MODE=enable.
 *
 * The simulate expression prints nothing in lldb; what really happened is only in the BackgroundTasks framework's
 * os_log lines inside the app (subsystem com.apple.BackgroundTasks). When the user streams the log, the bridge watches
 * for those lines right after a trigger to confirm success or to turn the framework's complaint into an actionable
 * error. Texts are from decompiled BackgroundTasks (iOS 18.2 and 26.1); older iOS may redact the id as `<private>`.
 */
import { DeviceBridgeError, messages } from './errors';
import type { Clock } from './process';
import type { SimulateAction } from './lldb';

export type AppLogKind =
  | 'simulate-launch'
  | 'simulate-expire'
  | 'running'
  | 'started'
  | 'expiring'
  | 'completed'
  | 'no-pending-request'
  | 'not-simulated'
  | 'no-expiration-handler'
  | 'no-launch-handler'
  | 'already-running'
  | 'registration-rejected'
  | 'hook';

export interface AppLogEvent {
  kind: AppLogKind;
  /** The task id named by the line, when it names one (may be `<private>` on older iOS). */
  taskId?: string;
  line: string;
}

const ID = '(\\S+?)';
const PATTERNS: [AppLogKind, RegExp][] = [
  ['simulate-launch', /Simulating launch for task with identifier (\S+)/],
  ['simulate-expire', /Simulating expiration for task with identifier (\S+)/],
  ['no-pending-request', new RegExp(`No task request with identifier ${ID} has been scheduled`)],
  ['not-simulated', new RegExp(`Task with identifier ${ID} is not currently being simulated`)],
  ['already-running', new RegExp(`Task with identifier ${ID} is already running`)],
  ['no-launch-handler', /No launch handler registered for task with identifier (\S+)/],
  ['registration-rejected', new RegExp(`Registration rejected; ${ID} is not advertised`)],
  ['no-expiration-handler', /No expiration handler for task:?\s*(.*)$/],
  ['running', /Running task:\s*(.*)$/],
  ['started', /Starting simulated task:\s*(.*)$/],
  ['expiring', /Expiring simulated task:\s*(.*)$/],
  ['completed', /Marking simulated task complete:?\s*(.*)$/],
  ['hook', /\[bgtasks\]\s*(.*)$/],
];

export function classifyAppLogLine(line: string): AppLogEvent | undefined {
  for (const [kind, re] of PATTERNS) {
    const m = re.exec(line);
    // Sentences end with "." and exception reasons with a quote; neither belongs to the id.
    if (m) return { kind, taskId: m[1]?.trim().replace(/["'.,;]+$/, '') || undefined, line };
  }
  return undefined;
}

const REDACTED = /<private>|<decode: missing data>|<redacted>/;

/** True when the event's text names this task (directly, inside `<BGAppRefreshTask: id>`, or redacted). */
export function eventMentions(e: AppLogEvent, taskId: string): boolean {
  if (e.taskId === undefined) return false;
  if (REDACTED.test(e.taskId)) return true;
  if (e.taskId === taskId) return true;
  // "Running task: <BGAppRefreshTask: com.example.refresh>" and similar descriptions.
  const escaped = taskId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9._-])${escaped}([^A-Za-z0-9._-]|$)`).test(e.taskId);
}

export type AppLogOutcome =
  | { kind: 'confirmed'; event: AppLogEvent }
  | { kind: 'no-evidence' };

/**
 * Fans app-log lines out to waiters and remembers the recent ones, so a trigger that takes a while (an lldb attach over
 * Wi-Fi can take 30 s) can be checked against every line logged since just before it was sent:
 *   const mark = watcher.mark(); …send the trigger…; await watcher.expectSince(mark, action, id, timeoutMs)
 */
export class AppLogWatcher {
  private readonly listeners = new Set<(e: AppLogEvent, seq: number) => void>();
  private readonly recent: { seq: number; event: AppLogEvent }[] = [];
  private seq = 0;
  /** Open log streams, counted per source key (device + bundle id). */
  private readonly streams = new Map<string, number>();

  constructor(private readonly clock: Clock, private readonly keep = 500) {}

  /** Whether at least one log stream is currently feeding this watcher. */
  get isStreaming(): boolean {
    return this.streams.size > 0;
  }

  /** Whether the log of this source (see beginStream) is being streamed. */
  isStreamingFor(key: string): boolean {
    return this.streams.has(key);
  }

  /** Marks a stream of `key`'s log as started; call the returned function when it ends. */
  beginStream(key = ''): () => void {
    this.streams.set(key, (this.streams.get(key) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const n = (this.streams.get(key) ?? 1) - 1;
      if (n <= 0) this.streams.delete(key);
      else this.streams.set(key, n);
    };
  }

  push(line: string): void {
    const event = classifyAppLogLine(line);
    if (!event) return;
    const seq = ++this.seq;
    this.recent.push({ seq, event });
    if (this.recent.length > this.keep) this.recent.shift();
    for (const l of [...this.listeners]) l(event, seq);
  }

  /** A position in the log: lines pushed after it are considered by expectSince(). */
  mark(): number {
    return this.seq;
  }

  /**
   * Resolves 'confirmed' when the framework reports that the action started, rejects with a DeviceBridgeError when it
   * reports a failure for this task, and resolves 'no-evidence' after `timeoutMs` or when `signal` aborts.
   */
  expectSince(mark: number, action: SimulateAction, taskId: string, timeoutMs: number, signal?: AbortSignal): Promise<AppLogOutcome> {
    return new Promise<AppLogOutcome>((resolve, reject) => {
      let done = false;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        this.listeners.delete(listener);
        this.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      const consider = (e: AppLogEvent) => {
        if (done || !eventMentions(e, taskId)) return;
        const failure = failureFor(action, e, taskId);
        if (failure) finish(() => reject(failure));
        else if (isSuccess(action, e)) finish(() => resolve({ kind: 'confirmed', event: e }));
      };
      const listener = (e: AppLogEvent) => consider(e);
      const onAbort = () => finish(() => resolve({ kind: 'no-evidence' }));
      const timer = this.clock.setTimeout(onAbort, timeoutMs);
      this.listeners.add(listener);
      for (const r of this.recent) if (r.seq > mark) consider(r.event);
      if (signal?.aborted) onAbort();
      else if (!done) signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function isSuccess(action: SimulateAction, e: AppLogEvent): boolean {
  return action === 'launch' ? e.kind === 'running' || e.kind === 'started' : e.kind === 'expiring';
}

function failureFor(action: SimulateAction, e: AppLogEvent, taskId: string): DeviceBridgeError | undefined {
  const mk = (code: DeviceBridgeError['code'], msg: string) => new DeviceBridgeError(code, msg, e.line);
  if (action === 'launch') {
    if (e.kind === 'no-pending-request') return mk('NO_PENDING_REQUEST', messages.noPendingRequest(taskId));
    if (e.kind === 'no-launch-handler') return mk('NO_LAUNCH_HANDLER', messages.noLaunchHandler(taskId));
    if (e.kind === 'already-running') return mk('TASK_ALREADY_RUNNING', messages.taskAlreadyRunning(taskId));
  } else {
    if (e.kind === 'not-simulated') return mk('EXPIRATION_WITHOUT_LAUNCH', messages.expirationWithoutLaunch(taskId));
    if (e.kind === 'no-expiration-handler') return mk('NO_EXPIRATION_HANDLER', messages.noExpirationHandler(taskId));
  }
  return undefined;
}
