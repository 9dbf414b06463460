/**
 * Fake lldb-dap and CodeLLDB debug adapters for the debug-session route, answering `threads`, `pause`, `evaluate`
 * and `continue` the way their sources do (no adapter can run here):
 *
 * - lldb-dap `pause` (llvm-project lldb/tools/lldb-dap/Handler/PauseRequestHandler.cpp): calls SBProcess::Stop(),
 *   ignores its error and always sends a success response; a `stopped` event follows only when the process really
 *   stopped. So pausing a process that sits at a breakpoint replies success and sends nothing.
 * - CodeLLDB `pause` (vadimcn/codelldb adapter/codelldb/src/debug_session.rs `handle_pause`): when Stop() fails but the
 *   process is stopped it sends `stopped` again ("Did we lose a 'stopped' event?") and answers OK.
 * - `evaluate` in the repl context runs an LLDB command: lldb-dap needs the command escape prefix (a backtick by
 *   default); CodeLLDB in console mode "commands" runs the text as a command. A failing command is an error response
 *   whose message is LLDB's error text (lldb-dap: EvaluateRequestHandler.cpp; CodeLLDB: variables.rs
 *   `handle_execute_command`); older lldb-dap versions put it in a successful response's `result` (`errorsInResult`).
 *   On a running process the command fails with "error: Process is running.  Use 'process interrupt' to pause
 *   execution." (lldb CommandObject.cpp).
 * - Responses come before the events they cause (DAP: "first sends the response and then a stopped event").
 */
import type { DapClient } from '../../client/src/device/core/dap';

export type Flavor = 'lldb-dap' | 'codelldb';

export const PROCESS_RUNNING = "error: Process is running.  Use 'process interrupt' to pause execution.";

export interface FakeAdapterOptions {
  /** Older lldb-dap: a failing command comes back inside a successful response. */
  errorsInResult?: boolean;
  /** The process does not stop when paused (the pause is answered, but nothing happens). */
  pauseIgnored?: boolean;
  /** The adapter rejects `pause` with an error. */
  pauseFails?: string;
  /** The adapter rejects `continue` with an error. */
  continueFails?: string;
  /** LLDB's error text for the expression on a stopped process (e.g. BackgroundTasks not loaded). */
  expressionError?: string;
}

export interface DapEvent {
  type: 'event';
  event: string;
  body?: Record<string, unknown>;
}

export class FakeLldbAdapter {
  readonly requests: { command: string; args: unknown }[] = [];
  readonly events: DapEvent[] = [];
  /** How many times the simulate selector ran in the app. */
  selectorRuns = 0;
  /** How many times the process was resumed by a `continue` request. */
  resumes = 0;
  private readonly listeners = new Set<(e: DapEvent) => void>();

  constructor(
    readonly flavor: Flavor,
    /** 'stopped' is a user at a breakpoint; 'running' an app running under the debugger. */
    public process: 'running' | 'stopped',
    private readonly opts: FakeAdapterOptions = {},
  ) {}

  get type(): string {
    return this.flavor === 'lldb-dap' ? 'lldb-dap' : 'lldb';
  }

  onEvent(fn: (e: DapEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The DAP request, answered like the adapter's source does. Rejects with the adapter's error message. */
  async customRequest(command: string, args?: unknown): Promise<any> {
    this.requests.push({ command, args });
    switch (command) {
      case 'threads':
        return { threads: [{ id: 1, name: 'com.apple.main-thread' }, { id: 4, name: 'worker' }] };
      case 'pause': {
        if (this.opts.pauseFails) throw new Error(this.opts.pauseFails);
        const wasRunning = this.process === 'running';
        if (wasRunning && !this.opts.pauseIgnored) {
          this.process = 'stopped';
          this.emitLater('stopped', { reason: 'pause', threadId: 1, allThreadsStopped: true });
        } else if (!wasRunning && this.flavor === 'codelldb') {
          // CodeLLDB: Stop() failed but the process is stopped: "Did we lose a 'stopped' event?" → send it again.
          this.emitLater('stopped', { reason: 'pause', threadId: 1, allThreadsStopped: true });
        }
        // lldb-dap: Stop()'s error is ignored; the response is a success either way.
        return {};
      }
      case 'evaluate': {
        const { expression, context } = args as { expression: string; context: string };
        if (context !== 'repl') throw new Error(`unexpected context ${context}`);
        const command = this.flavor === 'lldb-dap' ? (expression.startsWith('`') ? expression.slice(1) : undefined) : expression;
        if (command === undefined || !command.startsWith('expression -l objc -- ')) {
          return this.failed(`error: <user expression 0>:1:1: expected expression`);
        }
        if (this.process === 'running') return this.failed(PROCESS_RUNNING);
        if (this.opts.expressionError) return this.failed(this.opts.expressionError);
        this.selectorRuns++;
        return { result: '' }; // `(void)` prints nothing
      }
      case 'continue':
        if (this.opts.continueFails) throw new Error(this.opts.continueFails);
        if (this.process === 'stopped') {
          this.process = 'running';
          this.resumes++;
        }
        return { allThreadsContinued: true };
      default:
        throw new Error(`fake adapter: unexpected request ${command}`);
    }
  }

  private failed(text: string): { result: string } {
    if (this.opts.errorsInResult) return { result: text };
    throw new Error(text);
  }

  /** After the response: DAP sends the response first, then the event it causes. */
  private emitLater(event: string, body: Record<string, unknown>): void {
    setImmediate(() => {
      const e: DapEvent = { type: 'event', event, body };
      this.events.push(e);
      for (const l of [...this.listeners]) l(e);
    });
  }
}

/**
 * A DapClient over a fake adapter, like the VS Code layer's: with a tracker it knows the state from `stopped` /
 * `continued` events and its own continue requests; without one (a session that started before the extension) the
 * state is 'unknown' and a stop cannot be seen (waitForStop then only lets the adapter's pending events through).
 */
export function dapClient(adapter: FakeLldbAdapter, opts: { tracked: boolean; known?: 'running' | 'stopped' } = { tracked: false }): DapClient {
  let state: 'running' | 'stopped' | 'unknown' = opts.tracked ? (opts.known ?? 'unknown') : 'unknown';
  const waiters = new Set<() => void>();
  if (opts.tracked) {
    adapter.onEvent((e) => {
      if (e.event === 'stopped') {
        state = 'stopped';
        for (const w of [...waiters]) w();
      } else if (e.event === 'continued') state = 'running';
    });
  }
  return {
    id: 'session-1',
    type: adapter.type,
    name: `Attach to Film Tracker (${adapter.flavor})`,
    configuration: {},
    customRequest: async (command, args) => {
      if (opts.tracked && command === 'continue') state = 'running';
      return adapter.customRequest(command, args);
    },
    state: () => state,
    waitForStop: (_timeoutMs, signal) =>
      new Promise<boolean>((resolve) => {
        if (!opts.tracked) return void setImmediate(() => resolve(false));
        if (state === 'stopped') return resolve(true);
        const done = (v: boolean) => {
          waiters.delete(onStop);
          resolve(v);
        };
        const onStop = () => done(true);
        waiters.add(onStop);
        signal?.addEventListener('abort', () => done(false), { once: true });
      }),
  };
}
