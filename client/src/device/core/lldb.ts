/**
 * The LLDB one-shot: `xcrun lldb --no-lldbinit --batch -o … -k …` and the classification of its transcript.
 *
 * Sequence (Xcode 16+ lldb; `device` is Apple's extension, not upstream LLDB):
 *   device select <CoreDevice id> → device process attach --pid N (leaves the app stopped: SIGSTOP)
 *   → process status → expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulate…:@"ID"]
 *   → process detach (the app resumes; the simulated launch itself runs after an XPC round trip to dasd).
 * `-k` lines run only if the app crashes; with stdin closed lldb cannot fall back to its interactive prompt either.
 * Batch mode stops at the first failing command and exits 1. (The bridge runs it once more when that command was
 * `device select` finding no device yet, or the expression finding the app still running: see bridge.ts runLldb.)
 */
import { DeviceBridgeError, type DeviceBridgeErrorCode, messages } from './errors';
import { assertDeviceId, assertPid, assertTaskId } from './validate';

export type SimulateAction = 'launch' | 'expire';

export const SELECTORS: Record<SimulateAction, string> = {
  launch: '_simulateLaunchForTaskWithIdentifier:',
  expire: '_simulateExpirationForTaskWithIdentifier:',
};

/**
 * Apple's documented form ("Starting and Terminating Tasks During Development"), spelled `expression` instead of `e`.
 * The id is validated here, not only by callers: it is placed inside an Objective-C string literal, and validation
 * (letters, digits, `.`, `-`, `_`) is what makes that safe without escaping.
 */
export function simulateExpression(action: SimulateAction, taskId: string): string {
  const id = assertTaskId(taskId);
  return `expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] ${SELECTORS[action]}@"${id}"]`;
}

export interface LldbBatchInput {
  deviceId: string;
  pid: number;
  action: SimulateAction;
  taskId: string;
}

/** The LLDB commands, in order (each becomes one `-o` argv element). */
export function lldbCommands(input: LldbBatchInput): string[] {
  return [
    `device select ${assertDeviceId(input.deviceId)}`,
    `device process attach --pid ${assertPid(input.pid)}`,
    'process status',
    simulateExpression(input.action, input.taskId),
    'process detach',
  ];
}

/** argv after `xcrun`. */
export function lldbBatchArgs(input: LldbBatchInput): string[] {
  const args = ['lldb', '--no-lldbinit', '--batch'];
  for (const c of lldbCommands(input)) args.push('-o', c);
  // Only run if the inferior crashes: detach instead of leaving it stopped, then exit non-zero.
  args.push('-k', 'process detach', '-k', 'quit 1');
  return args;
}

export interface LldbTranscript {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface LldbVerdict {
  ok: boolean;
  /** The app was stopped by the attach (so the expression could run). */
  attached: boolean;
  /** lldb reported `Process N detached`. */
  detached: boolean;
  error?: DeviceBridgeError;
}

interface Rule {
  test: RegExp;
  code: DeviceBridgeErrorCode;
  message: (line: string) => string;
}

/** Known lldb failure texts, most specific first. `line` is the matching output line. */
const RULES: Rule[] = [
  { test: /'device' is not a valid command/, code: 'XCODE_TOO_OLD', message: () => messages.lldbTooOld() },
  { test: /no device selected/i, code: 'DEVICE_NOT_FOUND', message: () => messages.deviceNotFound('the selected device') },
  { test: /specified device was not found/i, code: 'DEVICE_NOT_FOUND', message: () => messages.deviceNotFound('the selected device') },
  { test: /\b(device|iPhone|iPad)\b[^\n]*\blocked\b|could not be, unlocked|reason: Locked/i, code: 'DEVICE_LOCKED', message: () => messages.deviceLocked('the device') },
  {
    test: /Timeout while connecting to remote device|Connection was invalidated|lost connection|connection (was )?(interrupted|refused|reset)/i,
    code: 'DEVICE_UNREACHABLE',
    message: (l) => messages.deviceUnreachable(l),
  },
  { test: /already being debugged|already traced|is being debugged/i, code: 'ALREADY_DEBUGGED', message: () => messages.alreadyDebugged() },
  {
    test: /attach failed|not allowed to attach|unable to attach|failed to attach|Operation not permitted/i,
    code: 'NOT_DEBUGGABLE',
    message: (l) => messages.notDebuggable(l.replace(/^error:\s*/, '')),
  },
  {
    test: /use of undeclared identifier 'BGTaskScheduler'|Couldn't resolve the class|could not be prepared to run|unknown class name 'BGTaskScheduler'/,
    code: 'FRAMEWORK_NOT_LOADED',
    message: () => messages.frameworkNotLoaded(),
  },
  { test: /Process is running/, code: 'PROCESS_NOT_STOPPED', message: () => messages.processNotStopped() },
];

/** The first known lldb failure in `text` (any source: batch transcript, DAP evaluate result or error message). */
export function matchKnownLldbError(text: string): DeviceBridgeError | undefined {
  // Echoed commands ("(lldb) expression … @\"com.device.locked\"") contain the task id; never match inside them.
  const lines = text.split(/\r?\n/).filter((l) => !l.startsWith('(lldb) '));
  for (const rule of RULES) {
    const line = lines.find((l) => rule.test.test(l));
    if (line !== undefined) return new DeviceBridgeError(rule.code, rule.message(line.trim()), text.trim());
  }
  return undefined;
}

/** Classifies the transcript of a batch run (see lldbBatchArgs). */
export function classifyLldbOutput(t: LldbTranscript): LldbVerdict {
  const all = `${t.stdout}\n${t.stderr}`;
  const lines = all.split(/\r?\n/);
  const attached = /^Process \d+ stopped/m.test(t.stdout);
  const detached = /^Process \d+ detached/m.test(t.stdout);
  const known = matchKnownLldbError(all);
  if (known) return { ok: false, attached, detached, error: known };
  const errorLine = lines.find((l) => /^\s*error:/i.test(l));
  if (errorLine !== undefined || (t.exitCode !== null && t.exitCode !== 0)) {
    const text = errorLine?.trim().replace(/^error:\s*/i, '') ?? `exit code ${String(t.exitCode)}`;
    return { ok: false, attached, detached, error: new DeviceBridgeError('LLDB_FAILED', messages.lldbFailed(text), all.trim()) };
  }
  if (!attached) {
    return {
      ok: false,
      attached,
      detached,
      error: new DeviceBridgeError('LLDB_FAILED', messages.lldbFailed('it never reported the app as stopped after attaching'), all.trim()),
    };
  }
  if (!detached) {
    return {
      ok: false,
      attached,
      detached,
      error: new DeviceBridgeError('LLDB_FAILED', messages.lldbFailed('it did not report detaching from the app'), all.trim()),
    };
  }
  return { ok: true, attached, detached };
}
