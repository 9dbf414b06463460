/**
 * Route 2: send the simulate expression through a debug session that already owns the app (a second debugger cannot
 * attach). Pure: the VS Code layer adapts `vscode.DebugSession` to `DapClient`.
 *
 * The expression is an LLDB *command* (`expression -l objc -- …`), and each adapter decides differently whether REPL
 * input is a command or a target-language expression. What each one needs, from its own source/docs:
 *
 * - lldb-dap (type "lldb-dap"; also "lldb-vscode", its old name): REPL input is auto-detected unless it starts with
 *   `commandEscapePrefix`, which "Defaults to a backtick. If it's an empty string, then all expression in the Debug
 *   Console are treated as regular LLDB commands", and "In all three modes [variable/command/auto], you can use the
 *   commandEscapePrefix to ensure an expression is evaluated as a command."
 *   (llvm/llvm-project lldb/tools/lldb-dap/README.md; the prefix option: llvm-project PR #69238.)
 *   So: `<prefix>expression …`, with the prefix from the launch configuration, else the user setting
 *   `lldb-dap.commandEscapePrefix`, else "`".
 * - CodeLLDB (type "lldb", vadimcn.vscode-lldb): `handle_evaluate` for context "repl" runs the input as a command in
 *   console mode "commands" (the default) unless it starts with "?"; in modes "evaluate" and "split" it runs a command
 *   only when the input starts with "`" or "/cmd " (vadimcn/codelldb adapter/codelldb/src/debug_session/variables.rs,
 *   MANUAL.md "Debug Console" and `lldb.consoleMode`). So: plain in "commands" mode, `/cmd …` otherwise. (Its
 *   "_command" evaluate context also runs commands, but it is marked as a testing extension there, so it is not used.)
 * - vscode-swift (type "swift" / "swift-lldb") drives lldb-dap: same form as lldb-dap. (From its design, unverified.)
 * - Microsoft C/C++ (type "cppdbg" with "MIMode": "lldb"): debugger commands need the "-exec " prefix in the Debug
 *   Console (microsoft/vscode-cpptools issue #106).
 *
 * `expression` only runs while the process is stopped. A `pause` reply says nothing about the state: lldb-dap's pause
 * handler calls `SBProcess::Stop()`, ignores its error and always replies success (llvm-project
 * lldb/tools/lldb-dap/Handler/PauseRequestHandler.cpp), and CodeLLDB answers a pause of a stopped process with OK and
 * sends `stopped` again ("Did we lose a 'stopped' event?", adapter/codelldb/src/debug_session.rs `handle_pause`). So a
 * pause is never taken as proof of anything, and the flow is:
 *   - state known stopped (a tracked `stopped` event): evaluate; never resume;
 *   - state known running: pause → wait for `stopped` → evaluate → continue;
 *   - state unknown: evaluate first. Only when LLDB answers "Process is running" pause → evaluate → continue.
 *     Otherwise the app was stopped (at a breakpoint, as Apple's instructions describe) and stays stopped.
 * `continue` is sent only after a pause this function sent to a process that was running and that then evaluated
 * (so it did stop): a process it did not pause is never resumed.
 */
import { DeviceBridgeError, messages } from './errors';
import { matchKnownLldbError, simulateExpression, type SimulateAction } from './lldb';

export type AdapterKind = 'lldb-dap' | 'codelldb' | 'cpptools-lldb';

export interface DapClient {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly configuration: Record<string, unknown>;
  customRequest(command: string, args?: unknown): PromiseLike<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Execution state as last reported by the adapter ('unknown' when no event has been seen). */
  state(): 'stopped' | 'running' | 'unknown';
  /** Resolves true when the adapter sends a `stopped` event, false on timeout/abort. */
  waitForStop(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}

export function adapterKindOf(type: string, configuration: Record<string, unknown> = {}): AdapterKind | undefined {
  switch (type) {
    case 'lldb-dap':
    case 'lldb-vscode':
    case 'swift':
    case 'swift-lldb':
      return 'lldb-dap';
    case 'lldb':
      return 'codelldb';
    case 'cppdbg':
      return configuration.MIMode === 'lldb' ? 'cpptools-lldb' : undefined;
    default:
      return undefined;
  }
}

export interface ReplOptions {
  /** lldb-dap: `commandEscapePrefix` from the session configuration or the user setting (undefined → backtick). */
  lldbDapEscapePrefix?: string;
  /** CodeLLDB: the `lldb.consoleMode` setting (undefined → "commands"). */
  codelldbConsoleMode?: string;
}

/** The REPL text that makes `kind` run `command` as an LLDB command. */
export function replExpression(kind: AdapterKind, command: string, opts: ReplOptions = {}): string {
  switch (kind) {
    case 'lldb-dap': {
      const prefix = typeof opts.lldbDapEscapePrefix === 'string' ? opts.lldbDapEscapePrefix : '`';
      return prefix + command;
    }
    case 'codelldb':
      return (opts.codelldbConsoleMode ?? 'commands') === 'commands' ? command : `/cmd ${command}`;
    case 'cpptools-lldb':
      return `-exec ${command}`;
  }
}

/** The escape prefix a lldb-dap session uses: its launch configuration wins over the user setting. */
export function lldbDapPrefixFor(configuration: Record<string, unknown>, userSetting: unknown): string | undefined {
  if (typeof configuration.commandEscapePrefix === 'string') return configuration.commandEscapePrefix;
  if (typeof userSetting === 'string') return userSetting;
  return undefined;
}

export interface AppIdentity {
  bundleId: string;
  /** Executable / .app name when known (e.g. the Xcode target name). */
  names: readonly string[];
}

/**
 * How strongly a session looks attached to the app: 2 when its configuration names the bundle id or the app,
 * 1 when it is an iOS device attach (`device process attach`, `remote-ios`) without naming the app, 0 otherwise.
 * Auto routing only uses sessions that score at least 1, so a Mac-side debug session is never sent the expression.
 */
export function sessionAppScore(configuration: Record<string, unknown>, app: AppIdentity): number {
  let text: string;
  try {
    text = JSON.stringify(configuration) ?? '';
  } catch {
    return 0;
  }
  if (text.includes(app.bundleId)) return 2;
  for (const n of app.names) {
    if (n && (text.includes(`${n}.app`) || text.includes(`/${n}"`))) return 2;
  }
  if (/device process attach|remote-ios|devicectl/.test(text)) return 1;
  return 0;
}

export interface DapSimulationResult {
  /** The text sent as the evaluate expression. */
  expression: string;
  /** The adapter's `result` text (command output; usually empty for a `(void)` expression). */
  output: string;
  pausedByUs: boolean;
  /** True when we resumed the app afterwards; false when the user had it stopped and must resume. */
  resumed: boolean;
}

export interface DapSimulationOptions extends ReplOptions {
  /** How long to wait for the `stopped` event after `pause`. */
  stopTimeoutMs: number;
  signal?: AbortSignal;
}

export async function simulateViaDebugSession(
  client: DapClient,
  kind: AdapterKind,
  action: SimulateAction,
  taskId: string,
  opts: DapSimulationOptions,
): Promise<DapSimulationResult> {
  // Validates taskId (throws INVALID_TASK_ID) before anything is sent to the adapter.
  const command = simulateExpression(action, taskId);
  const expression = replExpression(kind, command, opts);
  const fail = (detail: string) => new DeviceBridgeError('DEBUG_SESSION_FAILED', messages.debugSessionFailed(detail), detail);
  const check = () => {
    if (opts.signal?.aborted) throw new DeviceBridgeError('CANCELLED', messages.cancelled());
  };

  /** One evaluate: the adapter's output, or the classified failure (lldb-dap may report it inside a success). */
  const evaluate = async (): Promise<{ output: string } | { error: DeviceBridgeError }> => {
    let output: string;
    try {
      const r = await client.customRequest('evaluate', { expression, context: 'repl' });
      output = typeof r?.result === 'string' ? r.result : '';
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      return { error: matchKnownLldbError(text) ?? fail(text) };
    }
    const known = matchKnownLldbError(output);
    const errorLine = output.split(/\r?\n/).find((l) => /^\s*error:/i.test(l));
    if (known || errorLine) return { error: known ?? fail(errorLine!.trim()) };
    return { output };
  };
  const isRunning = (r: { output: string } | { error: DeviceBridgeError }) => 'error' in r && r.error.code === 'PROCESS_NOT_STOPPED';

  check();
  if (client.state() !== 'running') {
    // Stopped, or unknown: evaluate first. Pausing a process that is already stopped proves nothing (see above).
    const first = await evaluate();
    if ('output' in first) return { expression, output: first.output, pausedByUs: false, resumed: false };
    if (!isRunning(first)) throw first.error;
    // LLDB said "Process is running": now we know, and only now pause it.
  }

  check();
  const threads = await client.customRequest('threads').then(
    (r) => (Array.isArray(r?.threads) ? (r.threads as { id: unknown }[]) : []),
    () => [],
  );
  const threadId = threads.map((t) => t.id).find((id): id is number => typeof id === 'number');
  check();
  try {
    await client.customRequest('pause', { threadId: threadId ?? 0 });
  } catch (e) {
    // Nothing was paused, so nothing will be resumed.
    throw fail(`the app is running and pausing it failed (${e instanceof Error ? e.message : String(e)}); pause it in the debugger and try again`);
  }
  await client.waitForStop(opts.stopTimeoutMs, opts.signal);
  check();

  const second = await evaluate();
  if (isRunning(second)) {
    // The pause did not take effect: the process never stopped, so there is nothing to resume.
    throw new DeviceBridgeError('PROCESS_NOT_STOPPED', messages.pauseDidNotStop(), 'error' in second ? second.error.detail : undefined);
  }
  // The process was running, we paused it and it evaluated (so it stopped): resume it, also after a failure.
  if ('error' in second) {
    await resume(client, threadId).catch(() => undefined);
    throw second.error;
  }
  try {
    await resume(client, threadId);
  } catch (e) {
    throw fail(`the expression ran, but resuming the app failed (${e instanceof Error ? e.message : String(e)}); press Continue`);
  }
  return { expression, output: second.output, pausedByUs: true, resumed: true };
}

async function resume(client: DapClient, threadId: number | undefined): Promise<void> {
  await client.customRequest('continue', { threadId: threadId ?? 0 });
}
