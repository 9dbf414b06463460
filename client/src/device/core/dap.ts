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
 * `expression` only runs while the process is stopped, so the flow is: pause (unless already stopped) → evaluate →
 * continue (only if we paused it; a user stopped at a breakpoint stays stopped and is told to resume).
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

  let pausedByUs = false;
  let threadId: number | undefined;
  if (client.state() !== 'stopped') {
    const threads = await client.customRequest('threads').then(
      (r) => (Array.isArray(r?.threads) ? (r.threads as { id: unknown }[]) : []),
      () => [],
    );
    threadId = threads.map((t) => t.id).find((id): id is number => typeof id === 'number');
    check();
    try {
      await client.customRequest('pause', { threadId: threadId ?? 0 });
      pausedByUs = true;
    } catch {
      // Both lldb-dap and CodeLLDB answer pause with an error when the process is already stopped: the user has it
      // stopped (e.g. at a breakpoint after submit, as Apple's instructions describe). Evaluate and leave it stopped.
    }
    if (pausedByUs) await client.waitForStop(opts.stopTimeoutMs, opts.signal);
    check();
  }

  let output = '';
  try {
    const r = await client.customRequest('evaluate', { expression, context: 'repl' });
    output = typeof r?.result === 'string' ? r.result : '';
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (pausedByUs) await resume(client, threadId).catch(() => undefined);
    throw matchKnownLldbError(text) ?? fail(text);
  }
  // lldb-dap reports a failing command inside a successful response; look at the text either way.
  const known = matchKnownLldbError(output);
  const errorLine = output.split(/\r?\n/).find((l) => /^\s*error:/i.test(l));
  if (known || errorLine) {
    if (pausedByUs) await resume(client, threadId).catch(() => undefined);
    throw known ?? fail(errorLine!.trim());
  }

  let resumed = false;
  if (pausedByUs) {
    try {
      await resume(client, threadId);
      resumed = true;
    } catch (e) {
      throw fail(`the expression ran, but resuming the app failed (${e instanceof Error ? e.message : String(e)}); press Continue`);
    }
  }
  return { expression, output, pausedByUs, resumed };
}

async function resume(client: DapClient, threadId: number | undefined): Promise<void> {
  await client.customRequest('continue', { threadId: threadId ?? 0 });
}
