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
import { dapClient, FakeLldbAdapter, type Flavor } from './fakeDebugAdapters';

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

describe('simulateViaDebugSession against fake lldb-dap and CodeLLDB adapters', () => {
  const run = (client: DapClient, flavor: Flavor, opts: { signal?: AbortSignal } = {}) =>
    simulateViaDebugSession(client, flavor === 'lldb-dap' ? 'lldb-dap' : 'codelldb', 'launch', 'a.b', { stopTimeoutMs: 10_000, ...opts });
  const commands = (a: FakeLldbAdapter) => a.requests.map((r) => r.command);

  describe('what the adapters do with a pause (why a pause reply proves nothing)', () => {
    it('lldb-dap answers success to a pause of a stopped process and sends no event', async () => {
      const a = new FakeLldbAdapter('lldb-dap', 'stopped');
      await expect(a.customRequest('pause', { threadId: 1 })).resolves.toEqual({});
      await new Promise((r) => setImmediate(r));
      expect(a.events).toEqual([]);
    });

    it('CodeLLDB answers OK to a pause of a stopped process and sends "stopped" again', async () => {
      const a = new FakeLldbAdapter('codelldb', 'stopped');
      await expect(a.customRequest('pause', { threadId: 1 })).resolves.toEqual({});
      await new Promise((r) => setImmediate(r));
      expect(a.events.map((e) => e.event)).toEqual(['stopped']);
    });
  });

  for (const flavor of ['lldb-dap', 'codelldb'] as const) {
    describe(flavor, () => {
      it('stopped at a breakpoint, state unknown: evaluates once and never resumes', async () => {
        const a = new FakeLldbAdapter(flavor, 'stopped');
        const r = await run(dapClient(a, { tracked: false }), flavor);
        expect(commands(a)).toEqual(['evaluate']);
        expect(a.selectorRuns).toBe(1);
        expect(a.resumes).toBe(0);
        expect(a.process).toBe('stopped');
        expect(r).toMatchObject({ pausedByUs: false, resumed: false });
      });

      it('stopped at a breakpoint, state known (tracked): evaluates once and never resumes', async () => {
        const a = new FakeLldbAdapter(flavor, 'stopped');
        await run(dapClient(a, { tracked: true, known: 'stopped' }), flavor);
        expect(commands(a)).toEqual(['evaluate']);
        expect(a.resumes).toBe(0);
      });

      it('running, state unknown: LLDB says "Process is running", so pause → evaluate → continue', async () => {
        const a = new FakeLldbAdapter(flavor, 'running');
        const r = await run(dapClient(a, { tracked: false }), flavor);
        expect(commands(a)).toEqual(['evaluate', 'threads', 'pause', 'evaluate', 'continue']);
        expect(a.requests[2]!.args).toEqual({ threadId: 1 });
        expect(a.requests[4]!.args).toEqual({ threadId: 1 });
        expect(a.selectorRuns).toBe(1);
        expect(a.process).toBe('running');
        expect(r).toMatchObject({ pausedByUs: true, resumed: true });
      });

      it('running, state known (tracked): pause → wait for "stopped" → evaluate → continue', async () => {
        const a = new FakeLldbAdapter(flavor, 'running');
        const r = await run(dapClient(a, { tracked: true, known: 'running' }), flavor);
        expect(commands(a)).toEqual(['threads', 'pause', 'evaluate', 'continue']);
        expect(a.events.map((e) => e.event)).toEqual(['stopped']);
        expect(a.selectorRuns).toBe(1);
        expect(a.process).toBe('running');
        expect(r.resumed).toBe(true);
      });

      it('a pause that does not stop the app: nothing is sent and nothing resumed', async () => {
        const a = new FakeLldbAdapter(flavor, 'running', { pauseIgnored: true });
        const e = await run(dapClient(a, { tracked: false }), flavor).catch((x) => x);
        expect(e).toMatchObject({ code: 'PROCESS_NOT_STOPPED', message: messages.pauseDidNotStop() });
        expect(commands(a)).toEqual(['evaluate', 'threads', 'pause', 'evaluate']);
        expect(a.selectorRuns).toBe(0);
      });

      it('a failing expression after our pause is classified, and the app is resumed', async () => {
        const a = new FakeLldbAdapter(flavor, 'running', { expressionError: "error: <user expression 0>:1:3: use of undeclared identifier 'BGTaskScheduler'" });
        await expect(run(dapClient(a, { tracked: false }), flavor)).rejects.toMatchObject({ code: 'FRAMEWORK_NOT_LOADED' });
        expect(commands(a).at(-1)).toBe('continue');
        expect(a.process).toBe('running');
      });

      it('a failing expression while the user has it stopped: classified, and it stays stopped', async () => {
        const a = new FakeLldbAdapter(flavor, 'stopped', { expressionError: "error: <user expression 0>:1:3: use of undeclared identifier 'BGTaskScheduler'" });
        await expect(run(dapClient(a, { tracked: false }), flavor)).rejects.toMatchObject({ code: 'FRAMEWORK_NOT_LOADED' });
        expect(commands(a)).toEqual(['evaluate']);
        expect(a.resumes).toBe(0);
      });

      it('a rejected pause is reported, and nothing is resumed', async () => {
        const a = new FakeLldbAdapter(flavor, 'running', { pauseFails: 'the adapter is busy' });
        await expect(run(dapClient(a, { tracked: false }), flavor)).rejects.toMatchObject({ code: 'DEBUG_SESSION_FAILED' });
        expect(commands(a)).not.toContain('continue');
      });

      it('a failing resume is reported', async () => {
        const a = new FakeLldbAdapter(flavor, 'running', { continueFails: 'nope' });
        await expect(run(dapClient(a, { tracked: false }), flavor)).rejects.toMatchObject({ code: 'DEBUG_SESSION_FAILED' });
        expect(a.selectorRuns).toBe(1);
      });
    });
  }

  it('older lldb-dap reports a failing command inside a successful response: still classified', async () => {
    const a = new FakeLldbAdapter('lldb-dap', 'running', { errorsInResult: true });
    const r = await run(dapClient(a, { tracked: false }), 'lldb-dap');
    expect(commands(a)).toEqual(['evaluate', 'threads', 'pause', 'evaluate', 'continue']);
    expect(r.resumed).toBe(true);
  });

  it("sends the adapter's REPL form: a backtick command for lldb-dap, /cmd for CodeLLDB in evaluate mode", async () => {
    const a = new FakeLldbAdapter('lldb-dap', 'stopped');
    await run(dapClient(a), 'lldb-dap');
    expect(a.requests[0]!.args).toEqual({ expression: '`' + CMD, context: 'repl' });
    const b = new FakeLldbAdapter('codelldb', 'stopped');
    await simulateViaDebugSession(dapClient(b), 'codelldb', 'launch', 'a.b', { stopTimeoutMs: 10, codelldbConsoleMode: 'evaluate' }).catch(() => undefined);
    expect((b.requests[0]!.args as { expression: string }).expression).toBe('/cmd ' + CMD);
  });

  it('a CodeLLDB that does not know the command: DEBUG_SESSION_FAILED with the adapter text', async () => {
    const a = new FakeLldbAdapter('codelldb', 'stopped', { expressionError: "error: 'expression' is not a valid command." });
    await expect(run(dapClient(a), 'codelldb')).rejects.toMatchObject({
      code: 'DEBUG_SESSION_FAILED',
      message: messages.debugSessionFailed("error: 'expression' is not a valid command."),
    });
  });

  it('cancellation before evaluate sends nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const a = new FakeLldbAdapter('lldb-dap', 'running');
    await expect(run(dapClient(a), 'lldb-dap', { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(a.requests).toEqual([]);
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
