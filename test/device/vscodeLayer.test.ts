/**
 * The VS Code layer with a stand-in `vscode` module (the real one exists only inside VS Code; the e2e suite covers
 * that). Checks: Restricted Mode refusal, a workspace-level xcrunPath is never executed, command arguments are
 * validated, route choice picks an attached debug session, and the LLDB route runs the fake xcrun end to end.
 * The fake runs in-process (injected runner), except where spawning itself is what is tested (xcrunPath).
 */
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUNDLE, FakeXcrun, FAKE_DIR, REFRESH, USB_IPHONE } from './fakeXcrun';
import { FakeLldbAdapter } from './fakeDebugAdapters';
import { FOREGROUND_HINT, messages } from '../../client/src/device/core/errors';

const h = vi.hoisted(() => {
  const state = {
    trusted: true,
    config: {} as Record<string, Record<string, unknown>>,
    inspect: {} as Record<string, unknown>,
    commands: new Map<string, (...a: unknown[]) => unknown>(),
    errors: [] as string[],
    infos: [] as string[],
    warnings: [] as string[],
    quickPicks: 0,
    output: [] as string[],
    activeDebugSession: undefined as unknown,
    memento: new Map<string, unknown>(),
    trackerFactory: undefined as undefined | { createDebugAdapterTracker(s: unknown): any },
  };
  return { state };
});

vi.mock('vscode', () => {
  const s = h.state;
  const event = () => () => ({ dispose() {} });
  class MarkdownString {
    constructor(public value = '') {}
  }
  class ThemeIcon {
    constructor(public id: string) {}
  }
  return {
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    MarkdownString,
    ThemeIcon,
    Uri: { joinPath: (u: { path: string }, ...p: string[]) => ({ path: [u.path, ...p].join('/') }) },
    env: { clipboard: { writeText: async () => undefined } },
    // English, as vscode.l10n.t returns it without a bundle: {0}-style arguments filled in.
    l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_x, i: string) => String(a[Number(i)])) },
    window: {
      createOutputChannel: (_name: string, _lang?: string) => ({
        appendLine: (l: string) => s.output.push(l),
        append: (l: string) => s.output.push(l),
        show: () => undefined,
        dispose: () => undefined,
      }),
      createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {}, text: '', tooltip: '', command: '', name: '' }),
      showErrorMessage: async (m: string) => {
        s.errors.push(m);
        return undefined;
      },
      showInformationMessage: async (m: string) => {
        s.infos.push(m);
        return undefined;
      },
      showWarningMessage: async (m: string) => {
        s.warnings.push(m);
        return undefined;
      },
      showQuickPick: async () => {
        s.quickPicks++;
        return undefined;
      },
      showInputBox: async () => undefined,
      createQuickPick: () => {
        s.quickPicks++;
        throw new Error('no quick pick expected in these tests');
      },
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
        task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose() {} }) }),
    },
    workspace: {
      get isTrusted() {
        return s.trusted;
      },
      getConfiguration: (section: string) => ({
        get: (k: string) => s.config[section]?.[k],
        inspect: (k: string) => (section === 'bgtasks' && k === 'xcrunPath' ? s.inspect : undefined),
      }),
      findFiles: async () => [],
      fs: { readFile: async () => new Uint8Array(), writeFile: async () => undefined },
      onDidGrantWorkspaceTrust: event(),
      asRelativePath: (u: { path: string }) => u.path,
    },
    commands: {
      registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
        s.commands.set(id, fn);
        return { dispose: () => s.commands.delete(id) };
      },
      executeCommand: async () => undefined,
    },
    debug: {
      get activeDebugSession() {
        return s.activeDebugSession;
      },
      onDidStartDebugSession: event(),
      onDidTerminateDebugSession: event(),
      registerDebugAdapterTrackerFactory: (_type: string, f: never) => {
        s.trackerFactory = f;
        return { dispose() {} };
      },
    },
  };
});

import { registerDeviceCommands } from '../../client/src/device/vscode/index';

const realPlatform = process.platform;
const savedEnv = { ...process.env };
let fake: FakeXcrun;
let disposables: { dispose(): unknown }[] = [];

function context() {
  return {
    workspaceState: {
      get: (k: string) => h.state.memento.get(k),
      update: async (k: string, v: unknown) => void h.state.memento.set(k, v),
      keys: () => [...h.state.memento.keys()],
    },
    subscriptions: [],
  } as never;
}

const baseDeps = {
  getTasks: async () => [],
  getBundleIds: async () => [{ target: 'Film Tracker', bundleId: BUNDLE, configuration: 'Debug' }],
};
/** The fake in-process (default), or spawned as a real process when `real` (the bridge then has no runner injected). */
let deps: typeof baseDeps & { runner?: ReturnType<FakeXcrun['runner']> };

/** Replaces the in-process fake with one the bridge spawns as a real process (for tests about what gets executed). */
function useRealProcesses(): void {
  fake.dispose();
  fake = new FakeXcrun({ pendingRequests: [REFRESH] }, { mode: 'process' });
  Object.assign(process.env, fake.env);
  for (const d of disposables) d.dispose();
  deps = { ...baseDeps };
  disposables = registerDeviceCommands(context(), deps);
}

async function run(command: string, ...args: unknown[]) {
  const fn = h.state.commands.get(command);
  if (!fn) throw new Error(`${command} not registered`);
  await fn(...args);
}

beforeAll(() => {
  // The bridge refuses to run anywhere but macOS; pretend, for the fake xcrun.
  Object.defineProperty(process, 'platform', { value: 'darwin' });
});
afterAll(() => {
  Object.defineProperty(process, 'platform', { value: realPlatform });
});

beforeEach(() => {
  fake = new FakeXcrun({ pendingRequests: [REFRESH] });
  deps = { ...baseDeps, runner: fake.runner() };
  Object.assign(process.env, fake.env);
  Object.assign(h.state, { trusted: true, config: {}, inspect: { defaultValue: '' }, errors: [], infos: [], warnings: [], quickPicks: 0, output: [], activeDebugSession: undefined });
  h.state.memento.clear();
  h.state.commands.clear();
  disposables = registerDeviceCommands(context(), deps);
});
afterEach(() => {
  for (const d of disposables) d.dispose();
  fake.dispose();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

describe('registerDeviceCommands', () => {
  it('registers every contributed command', async () => {
    const contributes = (await import('../../client/src/device/contributes.json')).default as { commands: { command: string }[] };
    expect([...h.state.commands.keys()].sort()).toEqual(contributes.commands.map((c) => c.command).sort());
  });

  it('refuses device commands in an untrusted workspace, before anything runs', async () => {
    h.state.trusted = false;
    for (const c of ['bgtasks.simulateLaunch', 'bgtasks.simulateExpiration', 'bgtasks.selectDevice', 'bgtasks.refreshDevices', 'bgtasks.launchWithLog', 'bgtasks.addDebugHook']) {
      await run(c, REFRESH);
    }
    expect(h.state.errors).toEqual(Array(6).fill(messages.untrusted()));
    expect(fake.invocations()).toEqual([]);
  });

  it('never runs an xcrunPath that comes from workspace settings', async () => {
    useRealProcesses();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-evil-'));
    const marker = path.join(dir, 'ran');
    const evil = path.join(dir, 'xcrun');
    writeFileSync(evil, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(evil, 0o755);
    h.state.inspect = { defaultValue: '', workspaceValue: evil, workspaceFolderValue: evil };
    await run('bgtasks.simulateLaunch', REFRESH);
    expect(existsSync(marker)).toBe(false);
    // The fake (found on PATH) did the work instead.
    expect(fake.argvs().some((a) => a[0] === 'lldb')).toBe(true);
    expect(h.state.errors).toEqual([]);
  });

  it('uses a user-level xcrunPath', async () => {
    useRealProcesses();
    h.state.inspect = { defaultValue: '', globalValue: path.join(FAKE_DIR, 'xcrun') };
    process.env.PATH = '/usr/bin:/bin';
    await run('bgtasks.refreshDevices');
    expect(fake.argvs()).toEqual([['devicectl', 'list', 'devices', '--json-output', '<json>', '--timeout', '10']]);
    expect(h.state.infos).toEqual(["Found 1 usable device: Ada's iPhone."]);
  });

  it('takes the task id from the command argument (no quick pick), runs the LLDB route and reminds about the consumed request', async () => {
    await run('bgtasks.simulateLaunch', REFRESH);
    expect(h.state.quickPicks).toBe(0);
    const lldb = fake.argvs().find((a) => a[0] === 'lldb')!;
    expect(lldb).toContain(`device select ${USB_IPHONE}`);
    expect(lldb).toContain(`expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"${REFRESH}"]`);
    expect(h.state.errors).toEqual([]);
    expect(h.state.infos[0]).toContain(`Simulated launch of ${REFRESH} sent to Ada's iPhone via lldb (pid 812).`);
    expect(h.state.infos[0]).toContain(`The pending request is consumed by a simulated launch: the app must submit ${REFRESH} again before the next one.`);
    expect(h.state.infos[0]).toContain(FOREGROUND_HINT);
    expect(h.state.output.some((l) => l.includes('route lldb. No debug session and no debug hook'))).toBe(true);
  });

  it('accepts an object argument with a taskId (tree items, panels)', async () => {
    await run('bgtasks.simulateLaunch', { taskId: REFRESH });
    expect(fake.argvs().some((a) => a[0] === 'lldb')).toBe(true);
  });

  it('rejects an invalid task id argument with the validation message and runs nothing', async () => {
    await run('bgtasks.simulateLaunch', 'com.example"]; process kill');
    expect(h.state.errors).toEqual([messages.invalidTaskId('com.example"]; process kill')]);
    expect(fake.invocations()).toEqual([]);
  });

  it('an invalid bundle id setting is refused before anything runs', async () => {
    h.state.config = { bgtasks: { 'device.bundleId': 'com.example;rm' } };
    await run('bgtasks.simulateLaunch', REFRESH);
    expect(h.state.errors).toEqual([messages.invalidBundleId('com.example;rm')]);
    expect(fake.invocations()).toEqual([]);
  });

  it('asks before an expiration that has no simulated launch', async () => {
    await run('bgtasks.simulateExpiration', REFRESH);
    expect(h.state.warnings).toEqual([`No simulated launch of ${REFRESH} was sent from VS Code in this session. ${messages.expirationWithoutLaunch(REFRESH)}`]);
    expect(fake.argvs().some((a) => a[0] === 'lldb')).toBe(false);
  });

  it('auto route: an attached lldb-dap session gets the expression (with its escape prefix) instead of a second debugger', async () => {
    // The app runs under lldb-dap; the tracker saw no event yet (state unknown): evaluate first, LLDB says the
    // process is running, so pause → evaluate → continue.
    const adapter = new FakeLldbAdapter('lldb-dap', 'running');
    // Assigned once below, after the session's closures that read it are made.
    // eslint-disable-next-line prefer-const
    let tracker: any;
    const session = {
      id: 'dbg1',
      type: 'lldb-dap',
      name: 'Attach to Film Tracker',
      configuration: { type: 'lldb-dap', request: 'attach', attachCommands: [`device select ${USB_IPHONE}`, 'device process attach --pid 812'] },
      customRequest: (command: string, args: unknown) => {
        tracker?.onWillReceiveMessage?.({ type: 'request', command });
        return adapter.customRequest(command, args);
      },
    };
    adapter.onEvent((e) => tracker?.onDidSendMessage(e));
    h.state.activeDebugSession = session;
    for (const d of disposables) d.dispose();
    disposables = registerDeviceCommands(context(), deps);
    tracker = h.state.trackerFactory!.createDebugAdapterTracker(session);
    expect(tracker).toBeDefined();
    await run('bgtasks.simulateLaunch', REFRESH);
    expect(fake.invocations()).toEqual([]);
    expect(adapter.requests.map((r) => r.command)).toEqual(['evaluate', 'threads', 'pause', 'evaluate', 'continue']);
    expect(adapter.requests[0]!.args).toEqual({
      expression: `\`expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"${REFRESH}"]`,
      context: 'repl',
    });
    expect(adapter.selectorRuns).toBe(1);
    expect(adapter.process).toBe('running');
    expect(h.state.infos[0]).toContain('sent through the debug session "Attach to Film Tracker"');
  });

  it('debug-session route: an app stopped at a breakpoint stays stopped, and the user is told to continue', async () => {
    const adapter = new FakeLldbAdapter('codelldb', 'stopped');
    const session = {
      id: 'dbg3',
      type: 'lldb',
      name: 'Film Tracker (CodeLLDB)',
      configuration: { type: 'lldb', request: 'attach', program: '/build/Film Tracker.app' },
      customRequest: (command: string, args: unknown) => adapter.customRequest(command, args),
    };
    h.state.activeDebugSession = session;
    for (const d of disposables) d.dispose();
    disposables = registerDeviceCommands(context(), deps);
    await run('bgtasks.simulateLaunch', REFRESH);
    expect(adapter.requests.map((r) => r.command)).toEqual(['evaluate']);
    expect(adapter.resumes).toBe(0);
    expect(h.state.infos[0]).toContain('The app is stopped in the debugger: continue it so the simulated task can run.');
  });

  it('auto route ignores an LLDB session that is not an iOS attach (e.g. a Mac tool)', async () => {
    h.state.activeDebugSession = {
      id: 'dbg2',
      type: 'lldb',
      name: 'Debug mytool',
      configuration: { type: 'lldb', request: 'launch', program: '/usr/local/bin/mytool' },
      customRequest: async () => {
        throw new Error('must not be called');
      },
    };
    for (const d of disposables) d.dispose();
    disposables = registerDeviceCommands(context(), deps);
    await run('bgtasks.simulateLaunch', REFRESH);
    expect(fake.argvs().some((a) => a[0] === 'lldb')).toBe(true);
    expect(h.state.errors).toEqual([]);
  });

  it('shows the NOT_MACOS message on other platforms', async () => {
    Object.defineProperty(process, 'platform', { value: 'linux' });
    try {
      await run('bgtasks.simulateLaunch', REFRESH);
    } finally {
      Object.defineProperty(process, 'platform', { value: 'darwin' });
    }
    expect(h.state.errors).toEqual([messages.notMacos('linux')]);
  });
});
