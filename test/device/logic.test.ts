/**
 * Route choice, the debug-session route (DAP) against a scripted adapter, app-log classification and watching,
 * settings and quick-pick rows.
 */
import { describe, expect, it } from 'vitest';
import { chooseRoute, normalizeRouteSetting } from '../../client/src/device/core/routes';
import {
  adapterKindOf,
  lldbDapPrefixFor,
  replExpression,
  sessionAppScore,
  simulateViaDebugSession,
  type DapClient,
} from '../../client/src/device/core/dap';
import { AppLogWatcher, classifyAppLogLine } from '../../client/src/device/core/applog';
import type { Clock } from '../../client/src/device/core/process';
import { messages } from '../../client/src/device/core/errors';
import { bundleIdCandidates, readDeviceSettings } from '../../client/src/device/core/settings';
import { taskPickRows } from '../../client/src/device/core/taskItems';
import type { TaskSummary } from '../../server/src/protocol/tasks';

const CMD = 'expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"a.b"]';

describe('route choice', () => {
  it('auto: debug session, then hook, then lldb', () => {
    expect(chooseRoute({ setting: 'auto', debugSessionAvailable: true, hookInstalled: true }).route).toBe('debugSession');
    expect(chooseRoute({ setting: 'auto', debugSessionAvailable: false, hookInstalled: true }).route).toBe('hook');
    expect(chooseRoute({ setting: 'auto', debugSessionAvailable: false, hookInstalled: false }).route).toBe('lldb');
  });

  it('a forced route wins; a forced debug session without one is an error', () => {
    expect(chooseRoute({ setting: 'lldb', debugSessionAvailable: true, hookInstalled: true }).route).toBe('lldb');
    expect(chooseRoute({ setting: 'hook', debugSessionAvailable: true, hookInstalled: false })).toMatchObject({ route: 'hook' });
    expect(() => chooseRoute({ setting: 'debugSession', debugSessionAvailable: false, hookInstalled: true })).toThrowError(messages.noDebugSession());
  });

  it('unknown setting values mean auto', () => {
    expect(normalizeRouteSetting('shell')).toBe('auto');
    expect(normalizeRouteSetting(undefined)).toBe('auto');
  });
});

describe('adapter expression forms', () => {
  it('knows which debug types are LLDB-based', () => {
    expect(adapterKindOf('lldb-dap')).toBe('lldb-dap');
    expect(adapterKindOf('swift')).toBe('lldb-dap');
    expect(adapterKindOf('lldb')).toBe('codelldb');
    expect(adapterKindOf('cppdbg', { MIMode: 'lldb' })).toBe('cpptools-lldb');
    expect(adapterKindOf('cppdbg', { MIMode: 'gdb' })).toBeUndefined();
    expect(adapterKindOf('node')).toBeUndefined();
  });

  it('lldb-dap: the command escape prefix (backtick by default, configurable, empty means none)', () => {
    expect(replExpression('lldb-dap', CMD)).toBe('`' + CMD);
    expect(replExpression('lldb-dap', CMD, { lldbDapEscapePrefix: ':' })).toBe(':' + CMD);
    expect(replExpression('lldb-dap', CMD, { lldbDapEscapePrefix: '' })).toBe(CMD);
    expect(lldbDapPrefixFor({ commandEscapePrefix: '' }, '`')).toBe('');
    expect(lldbDapPrefixFor({}, ':')).toBe(':');
    expect(lldbDapPrefixFor({}, undefined)).toBeUndefined();
  });

  it('CodeLLDB: plain in "commands" console mode, "/cmd " in evaluate/split mode; cpptools: "-exec "', () => {
    expect(replExpression('codelldb', CMD)).toBe(CMD);
    expect(replExpression('codelldb', CMD, { codelldbConsoleMode: 'commands' })).toBe(CMD);
    expect(replExpression('codelldb', CMD, { codelldbConsoleMode: 'evaluate' })).toBe('/cmd ' + CMD);
    expect(replExpression('codelldb', CMD, { codelldbConsoleMode: 'split' })).toBe('/cmd ' + CMD);
    expect(replExpression('cpptools-lldb', CMD)).toBe('-exec ' + CMD);
  });

  it('scores sessions by how clearly they are attached to the app', () => {
    const app = { bundleId: 'com.example.filmtracker', names: ['Film Tracker'] };
    expect(sessionAppScore({ type: 'lldb-dap', attachCommands: ['device select X', 'device process attach --pid 5'] }, app)).toBe(1);
    expect(sessionAppScore({ type: 'lldb', program: '/build/Film Tracker.app' }, app)).toBe(2);
    expect(sessionAppScore({ type: 'lldb', env: { BUNDLE: 'com.example.filmtracker' } }, app)).toBe(2);
    expect(sessionAppScore({ type: 'lldb', program: '/usr/local/bin/mytool' }, app)).toBe(0);
  });
});

/** A scripted debug adapter: records requests, answers like lldb-dap / CodeLLDB would. */
function scriptedClient(opts: {
  type?: string;
  state?: 'stopped' | 'running' | 'unknown';
  pauseFails?: boolean;
  evaluate?: (args: { expression: string; context: string }) => unknown;
  continueFails?: boolean;
}) {
  const requests: { command: string; args: unknown }[] = [];
  let state = opts.state ?? 'running';
  const client: DapClient = {
    id: 's1',
    type: opts.type ?? 'lldb-dap',
    name: 'Attach',
    configuration: {},
    async customRequest(command: string, args?: unknown) {
      requests.push({ command, args });
      switch (command) {
        case 'threads':
          return { threads: [{ id: 7, name: 'main' }, { id: 9, name: 'x' }] };
        case 'pause':
          if (opts.pauseFails || state === 'stopped') throw new Error('Process is not running');
          state = 'stopped';
          return {};
        case 'evaluate':
          return opts.evaluate ? opts.evaluate(args as never) : { result: '' };
        case 'continue':
          if (opts.continueFails) throw new Error('nope');
          state = 'running';
          return { allThreadsContinued: true };
      }
      throw new Error(`unexpected ${command}`);
    },
    state: () => state,
    waitForStop: async () => state === 'stopped',
  };
  return { client, requests };
}

describe('simulateViaDebugSession', () => {
  it('running app: pause → evaluate in the repl context → continue', async () => {
    const { client, requests } = scriptedClient({});
    const r = await simulateViaDebugSession(client, 'lldb-dap', 'launch', 'a.b', { stopTimeoutMs: 100 });
    expect(requests).toEqual([
      { command: 'threads', args: undefined },
      { command: 'pause', args: { threadId: 7 } },
      { command: 'evaluate', args: { expression: '`' + CMD, context: 'repl' } },
      { command: 'continue', args: { threadId: 7 } },
    ]);
    expect(r).toMatchObject({ pausedByUs: true, resumed: true });
  });

  it('app already stopped by the user: evaluate only, and leave it stopped', async () => {
    const { client, requests } = scriptedClient({ state: 'stopped', type: 'lldb' });
    const r = await simulateViaDebugSession(client, 'codelldb', 'launch', 'a.b', { stopTimeoutMs: 100, codelldbConsoleMode: 'evaluate' });
    expect(requests.map((q) => q.command)).toEqual(['evaluate']);
    expect((requests[0]!.args as { expression: string }).expression).toBe('/cmd ' + CMD);
    expect(r).toMatchObject({ pausedByUs: false, resumed: false });
  });

  it('state unknown and pause refused: treated as stopped by the user', async () => {
    const { client, requests } = scriptedClient({ state: 'unknown', pauseFails: true });
    const r = await simulateViaDebugSession(client, 'lldb-dap', 'launch', 'a.b', { stopTimeoutMs: 100 });
    expect(requests.map((q) => q.command)).toEqual(['threads', 'pause', 'evaluate']);
    expect(r.resumed).toBe(false);
  });

  it('an error in a successful lldb-dap response is classified, and the app is resumed', async () => {
    const { client, requests } = scriptedClient({ evaluate: () => ({ result: "error: <user expression 0>:1:3: use of undeclared identifier 'BGTaskScheduler'" }) });
    await expect(simulateViaDebugSession(client, 'lldb-dap', 'launch', 'a.b', { stopTimeoutMs: 100 })).rejects.toMatchObject({ code: 'FRAMEWORK_NOT_LOADED' });
    expect(requests.at(-1)?.command).toBe('continue');
  });

  it('a rejected evaluate (CodeLLDB style) becomes DEBUG_SESSION_FAILED with the adapter text', async () => {
    const { client } = scriptedClient({
      type: 'lldb',
      evaluate: () => {
        throw new Error("'expression' is not a valid command.");
      },
    });
    await expect(simulateViaDebugSession(client, 'codelldb', 'launch', 'a.b', { stopTimeoutMs: 100 })).rejects.toMatchObject({
      code: 'DEBUG_SESSION_FAILED',
      message: messages.debugSessionFailed("'expression' is not a valid command."),
    });
  });

  it('a failing resume is reported', async () => {
    const { client } = scriptedClient({ continueFails: true });
    await expect(simulateViaDebugSession(client, 'lldb-dap', 'launch', 'a.b', { stopTimeoutMs: 100 })).rejects.toMatchObject({ code: 'DEBUG_SESSION_FAILED' });
  });

  it('cancellation before evaluate sends no evaluate', async () => {
    const ac = new AbortController();
    ac.abort();
    const { client, requests } = scriptedClient({});
    await expect(simulateViaDebugSession(client, 'lldb-dap', 'launch', 'a.b', { stopTimeoutMs: 100, signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(requests.some((q) => q.command === 'evaluate')).toBe(false);
  });
});

/** A clock whose timers fire only when the test says so. */
function manualClock() {
  const timers = new Map<number, () => void>();
  let n = 0;
  const clock: Clock = {
    setTimeout: (fn) => {
      timers.set(++n, fn);
      return n;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  return { clock, fireAll: () => [...timers.values()].forEach((f) => f()), pending: () => timers.size };
}

describe('app log', () => {
  it.each([
    ['Film Tracker[812:10455] Simulating launch for task with identifier com.x.refresh', 'simulate-launch', 'com.x.refresh'],
    ['Simulating expiration for task with identifier com.x.refresh.', 'simulate-expire', 'com.x.refresh'],
    ['No task request with identifier com.x.refresh has been scheduled', 'no-pending-request', 'com.x.refresh'],
    ['No task request with identifier <private> has been scheduled', 'no-pending-request', '<private>'],
    ['Running task: <BGAppRefreshTask: com.x.refresh>', 'running', '<BGAppRefreshTask: com.x.refresh>'],
    ['Starting simulated task: <BGProcessingTask: com.x.clean>', 'started', '<BGProcessingTask: com.x.clean>'],
    ['Expiring simulated task: <BGAppRefreshTask: com.x.refresh>', 'expiring', '<BGAppRefreshTask: com.x.refresh>'],
    ['Task with identifier com.x.refresh is not currently being simulated', 'not-simulated', 'com.x.refresh'],
    ["reason: 'No launch handler registered for task with identifier com.x.refresh'", 'no-launch-handler', 'com.x.refresh'],
    ['[bgtasks] simulating launch of com.x.refresh (from VS Code)', 'hook', 'simulating launch of com.x.refresh (from VS Code)'],
  ])('%s', (line, kind, id) => {
    expect(classifyAppLogLine(line)).toMatchObject({ kind, taskId: id });
  });

  it('ignores unrelated lines', () => {
    expect(classifyAppLogLine('Loaded 12 films')).toBeUndefined();
  });

  it('confirms from lines logged after the mark only, for this task only', async () => {
    const { clock } = manualClock();
    const w = new AppLogWatcher(clock);
    w.push('Running task: <BGAppRefreshTask: com.x.refresh>'); // before the mark: ignored
    const mark = w.mark();
    w.push('Running task: <BGAppRefreshTask: com.x.refresh.extra>'); // another task whose id starts with ours
    const p = w.expectSince(mark, 'launch', 'com.x.refresh', 1000);
    let settled = false;
    p.then(() => (settled = true), () => (settled = true));
    w.push('No task request with identifier com.x.other has been scheduled'); // another task's failure
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    w.push('Starting simulated task: <BGAppRefreshTask: com.x.refresh>');
    await expect(p).resolves.toMatchObject({ kind: 'confirmed', event: { kind: 'started' } });
  });

  it('rejects with the framework failure, even when it was logged before expectSince was called', async () => {
    const { clock } = manualClock();
    const w = new AppLogWatcher(clock);
    const mark = w.mark();
    w.push('No task request with identifier com.x.refresh has been scheduled');
    await expect(w.expectSince(mark, 'launch', 'com.x.refresh', 1000)).rejects.toMatchObject({ code: 'NO_PENDING_REQUEST' });
  });

  it('resolves no-evidence when the timer fires, and cleans up its timer on success', async () => {
    const m = manualClock();
    const w = new AppLogWatcher(m.clock);
    const p = w.expectSince(w.mark(), 'expire', 'com.x.refresh', 1000);
    m.fireAll();
    await expect(p).resolves.toEqual({ kind: 'no-evidence' });
    const q = w.expectSince(w.mark(), 'expire', 'com.x.refresh', 1000);
    w.push('Expiring simulated task: <BGAppRefreshTask: com.x.refresh>');
    await q;
    expect(m.pending()).toBe(0);
  });

  it('maps expiration failures', async () => {
    const { clock } = manualClock();
    const w = new AppLogWatcher(clock);
    const p1 = w.expectSince(w.mark(), 'expire', 'com.x.refresh', 1000);
    w.push('No expiration handler for task: <BGAppRefreshTask: com.x.refresh>');
    await expect(p1).rejects.toMatchObject({ code: 'NO_EXPIRATION_HANDLER', message: messages.noExpirationHandler('com.x.refresh') });
  });
});

describe('settings', () => {
  it('reads and clamps device settings', () => {
    const values: Record<string, unknown> = { 'device.route': 'hook', 'device.lldbTimeoutSeconds': 5000, 'device.bundleId': ' com.a.b ', 'device.launchIfNotRunning': false };
    const s = readDeviceSettings((k) => values[k]);
    expect(s).toMatchObject({ route: 'hook', bundleId: 'com.a.b', launchIfNotRunning: false });
    expect(s.timeouts.lldbMs).toBe(600_000);
    expect(readDeviceSettings(() => undefined)).toMatchObject({ route: 'auto', launchIfNotRunning: true, timeouts: { lldbMs: 90_000, devicectlMs: 60_000 } });
  });

  it('offers valid bundle ids once, Debug first', () => {
    expect(
      bundleIdCandidates([
        { target: 'App', bundleId: 'com.a.app', configuration: 'Release' },
        { target: 'App', bundleId: 'com.a.app.debug', configuration: 'Debug' },
        { target: 'App', bundleId: 'com.a.app', configuration: 'Debug' },
        { target: 'Widget', bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' },
      ]),
    ).toEqual([
      { target: 'App', bundleId: 'com.a.app.debug', configuration: 'Debug' },
      { target: 'App', bundleId: 'com.a.app', configuration: 'Debug' },
    ]);
  });
});

describe('task quick-pick rows', () => {
  const t = (id: string, extra: Partial<TaskSummary> = {}): TaskSummary => ({
    id,
    kind: 'refresh',
    permitted: true,
    registered: true,
    submitted: true,
    sites: {},
    findings: 0,
    ...extra,
  });
  it('shows type and status, ready tasks first, and leaves out ids that cannot be sent', () => {
    const rows = taskPickRows([
      t('com.a.b.clean', { kind: 'processing', submitted: false, scope: 'App', findings: 2 }),
      t('com.a.b.refresh', { scope: 'App' }),
      t('com.a.b.*', { kind: 'continuedProcessing' }),
      t('com.a.b.refresh'),
    ]);
    expect(rows).toEqual([
      { label: 'com.a.b.refresh', description: 'app refresh — permitted · registered · submitted', detail: 'Target App', taskId: 'com.a.b.refresh' },
      { label: 'com.a.b.clean', description: 'processing — permitted · registered · never submitted', detail: 'Target App · 2 findings', taskId: 'com.a.b.clean' },
    ]);
  });
});
