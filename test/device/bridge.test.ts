/**
 * The bridge against the fake xcrun: exact argv, parsing, the LLDB and hook routes, launch-with-log, and every
 * documented failure with its user message.
 *
 * Most cases run the fake in-process (an injected process runner); the last block runs it as a real process. Nothing
 * here waits on a timer or asserts on time: hangs are events (nextHang / seen), and timeouts fire from a ManualClock.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceBridgeError, FOREGROUND_HINT, messages } from '../../client/src/device/core/errors';
import { PREFLIGHT } from '../../client/src/device/core/bridge';
import { ManualClock } from '../helpers/manualClock';
import { APP_PID, APPEX_PID, BUNDLE, FakeXcrun, FAKE_XCRUN, LAUNCH_PID, REFRESH, USB_IPHONE, WIFI_IPHONE, SIMULATOR, type FakeMode, type Scenario } from './fakeXcrun';

let fakes: FakeXcrun[] = [];
function fake(s: Scenario = {}, mode: FakeMode = 'in-process'): FakeXcrun {
  const f = new FakeXcrun(s, { mode });
  fakes.push(f);
  return f;
}
afterEach(() => {
  for (const f of fakes) f.dispose();
  fakes = [];
});

async function rejection(p: Promise<unknown>): Promise<DeviceBridgeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DeviceBridgeError);
    return e as DeviceBridgeError;
  }
  throw new Error('expected a rejection');
}

const LLDB_LAUNCH = (pid: number, id = REFRESH, device = USB_IPHONE) => [
  'lldb', '--no-lldbinit', '--batch',
  '-o', `device select ${device}`,
  '-o', `device process attach --pid ${pid}`,
  '-o', 'process status',
  '-o', `expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"${id}"]`,
  '-o', 'process detach',
  '-k', 'process detach', '-k', 'quit 1',
];

describe('listDevices', () => {
  it('runs devicectl with --json-output and --timeout, parses every preset, and marks what is usable and why', async () => {
    const f = fake({ devices: ['iphone-usb', 'iphone-wifi', 'ipad-ios16-empty', 'iphone-devmode-off', 'iphone-ios16', 'simulator', 'watch'] });
    const devices = await f.bridge().listDevices();
    expect(f.argvs()).toEqual([['devicectl', 'list', 'devices', '--json-output', '<json>', '--timeout', '10']]);
    const byName = Object.fromEntries(devices.map((d) => [d.name, d]));
    expect(byName["Ada's iPhone"]).toMatchObject({ identifier: USB_IPHONE, udid: '00008120-001A2B3C4D5E601E', osVersion: '18.1', transport: 'wired', usable: true, model: 'iPhone 15 Pro' });
    expect(byName['Test iPhone 13']).toMatchObject({ identifier: WIFI_IPHONE, transport: 'localNetwork', tunnelState: 'disconnected', usable: true });
    // Empty hardwareProperties (iOS ≤ 16 over USB): parsed, no udid, not usable.
    expect(byName['Old iPad']).toMatchObject({ udid: undefined, usable: false, paired: false });
    expect(byName['Work iPhone']!.unusable).toEqual({ code: 'DEVELOPER_MODE_OFF', reason: 'Developer Mode is off' });
    expect(byName['Legacy iPhone']!.unusable?.reason).toBe('it runs iOS 16.7.2; iOS 17 or later is needed');
    expect(byName['iPhone 16 Pro Simulator']).toMatchObject({ isSimulator: true, usable: false });
    expect(byName["Ada's Watch"]!.unusable?.reason).toBe('it runs watchOS, not iOS or iPadOS');
  });

  it('drops a device whose identifier could carry a command into lldb', async () => {
    const f = fake({ devices: ['evil-identifier', 'iphone-usb'] });
    const devices = await f.bridge().listDevices();
    expect(devices.map((d) => d.identifier)).toEqual([USB_IPHONE]);
  });

  it('removes its private temp directory afterwards, also on failure', async () => {
    const f = fake();
    await f.bridge().listDevices();
    f.setScenario({ fail: { 'list-devices': 'device-not-found' } });
    await rejection(f.bridge().listDevices());
    expect(f.leftoverTempDirs()).toEqual([]);
  });

  it('gives devicectl a JSON path inside a directory only this user can read', async () => {
    const f = fake();
    const { statSync } = await import('node:fs');
    const inner = f.runner();
    const modes: number[] = [];
    const b = f.bridge({
      runner: (file, args, o) => {
        const json = args[args.indexOf('--json-output') + 1]!;
        modes.push(statSync(path.dirname(json)).mode & 0o777);
        expect(path.dirname(path.dirname(json))).toBe(f.tmpParent);
        return inner(file, args, o);
      },
    });
    await b.listDevices();
    expect(modes).toEqual([0o700]);
    expect(f.leftoverTempDirs()).toEqual([]);
  });

});

describe('simulateLaunch over the LLDB one-shot', () => {
  it('lists, looks up the app, finds the app pid (not the .appex), and runs lldb with the exact argv', async () => {
    const f = fake({ pendingRequests: [REFRESH] });
    const r = await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    expect(f.argvs()).toEqual([
      ['devicectl', 'list', 'devices', '--json-output', '<json>', '--timeout', '10'],
      ['devicectl', 'device', 'info', 'apps', '--device', USB_IPHONE, '--bundle-id', BUNDLE, '--json-output', '<json>'],
      ['devicectl', 'device', 'info', 'processes', '--device', USB_IPHONE, '--json-output', '<json>'],
      LLDB_LAUNCH(APP_PID),
    ]);
    expect(r).toMatchObject({ action: 'launch', route: 'lldb', pid: APP_PID, launchedApp: false, log: { kind: 'not-streaming' } });
    expect(r.pid).not.toBe(APPEX_PID);
    expect(r.transcript).toContain(`Process ${APP_PID} stopped`);
    expect(r.transcript).toContain(`Process ${APP_PID} detached`);
    // The fake app ran the selector: the request was pending, so the simulated task started.
    expect(f.deviceLog()).toContain(`Starting simulated task: <BGAppRefreshTask: ${REFRESH}>`);
  });

  it('matches percent-encoded paths written with four slashes or without /private', async () => {
    const f = fake({ fourSlashUrls: true, varWithoutPrivate: true });
    const r = await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    expect(r.pid).toBe(APP_PID);
  });

  it('launches the app first when it is not running and attaches to the launched pid', async () => {
    const f = fake({ running: [] });
    const r = await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    expect(f.argvs()[3]).toEqual(['devicectl', 'device', 'process', 'launch', '--device', USB_IPHONE, '--json-output', '<json>', BUNDLE]);
    expect(f.argvs()[4]).toEqual(LLDB_LAUNCH(LAUNCH_PID));
    expect(r).toMatchObject({ pid: LAUNCH_PID, launchedApp: true });
  });

  it('refuses to launch when launchIfNotRunning is false', async () => {
    const f = fake({ running: [] });
    const e = await rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', launchIfNotRunning: false }));
    expect(e.code).toBe('APP_NOT_RUNNING');
    expect(e.message).toBe(messages.appNotRunning(BUNDLE));
  });

  it('uses the chosen device and prefers USB when none is chosen', async () => {
    const f = fake({ devices: ['iphone-wifi', 'iphone-usb'] });
    await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    expect(f.argvs()[1]).toContain(USB_IPHONE);
    const g = fake({ devices: ['iphone-wifi', 'iphone-usb'] });
    await g.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', deviceId: WIFI_IPHONE });
    expect(g.argvs()[3]).toEqual(LLDB_LAUNCH(APP_PID, REFRESH, WIFI_IPHONE));
  });

  it('reports progress steps, and says the app must stay in the foreground', async () => {
    const f = fake();
    const steps: string[] = [];
    await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', onProgress: (m) => steps.push(m) });
    expect(steps[0]).toBe('Finding the device…');
    expect(steps).toContain(`Attaching lldb to Film Tracker (pid 812); the first attach over Wi-Fi can take minutes. ${FOREGROUND_HINT}`);
  });
});

describe('the lldb one-shot retries once when lldb was early', () => {
  const lldbRuns = (f: FakeXcrun) => f.argvs().filter((a) => a[0] === 'lldb');

  it('"device not found" on the first try (devices are discovered in the background): a second run succeeds', async () => {
    const f = fake({ pendingRequests: [REFRESH], fail: { lldb: 'device-not-found-once' } });
    const steps: string[] = [];
    const r = await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', onProgress: (m) => steps.push(m) });
    expect(lldbRuns(f)).toEqual([LLDB_LAUNCH(APP_PID), LLDB_LAUNCH(APP_PID)]);
    expect(steps).toContain('lldb had not discovered the device yet; trying once more…');
    expect(r.transcript).toContain('error: The specified device was not found.');
    expect(r.transcript).toContain(`Process ${APP_PID} detached`);
    // The selector ran once: the first run stopped before the expression.
    expect(f.deviceLog().match(/Simulating launch for task/g)).toHaveLength(1);
  });

  it('"Process is running" on the first try: a second run succeeds, and the selector runs once', async () => {
    const f = fake({ pendingRequests: [REFRESH], fail: { lldb: 'process-running-once' } });
    await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    expect(lldbRuns(f)).toHaveLength(2);
    expect(f.deviceLog().match(/Simulating launch for task/g)).toHaveLength(1);
    expect(f.deviceLog()).toContain(`Starting simulated task: <BGAppRefreshTask: ${REFRESH}>`);
  });

  it('only once: a device lldb never finds is reported after the second run', async () => {
    const f = fake({ fail: { lldb: 'device-not-found' } });
    const e = await rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }));
    expect(lldbRuns(f)).toHaveLength(2);
    expect(e.code).toBe('DEVICE_NOT_FOUND');
    expect(e.detail).toContain('(first attempt failed; trying once more)');
  });

  it('other failures are not retried', async () => {
    const f = fake({ fail: { lldb: 'attach-denied' } });
    expect((await rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }))).code).toBe('NOT_DEBUGGABLE');
    expect(lldbRuns(f)).toHaveLength(1);
  });
});

describe('simulateExpiration', () => {
  it('is refused before anything runs on the device when no simulated launch was sent', async () => {
    const f = fake();
    const e = await rejection(f.bridge().simulateExpiration({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }));
    expect(e.code).toBe('EXPIRATION_WITHOUT_LAUNCH');
    expect(e.detail).toBe(PREFLIGHT);
    expect(e.message).toBe(messages.expirationWithoutLaunch(REFRESH));
    expect(f.argvs().some((a) => a[0] === 'lldb')).toBe(false);
  });

  it('runs after a simulated launch, with the expiration selector', async () => {
    const f = fake({ pendingRequests: [REFRESH] });
    const b = f.bridge();
    await b.simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    await b.simulateExpiration({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    const lldb = f.argvs().filter((a) => a[0] === 'lldb');
    expect(lldb[1]).toContain(`expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateExpirationForTaskWithIdentifier:@"${REFRESH}"]`);
    expect(f.deviceLog()).toContain(`Expiring simulated task: <BGAppRefreshTask: ${REFRESH}>`);
  });

  it('can be forced', async () => {
    const f = fake();
    await f.bridge().simulateExpiration({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', force: true });
    expect(f.deviceLog()).toContain(`Task with identifier ${REFRESH} is not currently being simulated`);
  });
});

describe('the hook route', () => {
  it('posts one Darwin notification named after bundle id, action and task id', async () => {
    const f = fake({ hookInstalled: true, permittedIds: [REFRESH], pendingRequests: [REFRESH] });
    const r = await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'hook' });
    const name = `${BUNDLE}.bgtasks.debug.launch.${REFRESH}`;
    expect(f.argvs()[3]).toEqual(['devicectl', 'device', 'notification', 'post', '--device', USB_IPHONE, '--name', name, '--json-output', '<json>']);
    expect(f.argvs().some((a) => a[0] === 'lldb')).toBe(false);
    expect(r.notificationName).toBe(name);
    expect(f.deviceLog()).toContain(`[bgtasks] simulating launch of ${REFRESH} (from VS Code)`);
  });

  it('says the app must be in the foreground', async () => {
    const f = fake({ hookInstalled: true, permittedIds: [REFRESH], pendingRequests: [REFRESH] });
    const steps: string[] = [];
    await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'hook', onProgress: (m) => steps.push(m) });
    expect(steps).toContain(`Posting the debug-hook notification to Film Tracker. ${FOREGROUND_HINT}`);
  });
});

describe('launchWithLog and log confirmation', () => {
  it('launches with --console, --terminate-existing and OS_ACTIVITY_DT_MODE, streaming lines until the app exits', async () => {
    const f = fake({ consoleLines: ['App started', 'Submitted com.example.filmtracker.refresh'] });
    const lines: string[] = [];
    const b = f.bridge();
    const ac = new AbortController();
    const done = b.launchWithLog({
      bundleId: BUNDLE,
      signal: ac.signal,
      onLine: (l) => {
        lines.push(l);
        if (l.startsWith('Submitted')) ac.abort(); // stop once the last scripted line arrived
      },
    });
    const r = await done;
    expect(r.cancelled).toBe(true);
    expect(f.argvs()[1]).toEqual([
      'devicectl', 'device', 'process', 'launch', '--device', USB_IPHONE, '--console', '--terminate-existing',
      '--environment-variables', '{"OS_ACTIVITY_DT_MODE":"enable"}', BUNDLE,
    ]);
    expect(lines).toContain('Waiting for the application to terminate…');
    expect(lines).toContain('App started');
    expect(b.watcher.isStreaming).toBe(false);
  });

  it('confirms a simulated launch from the streamed log', async () => {
    const f = fake({ pendingRequests: [REFRESH] });
    const b = f.bridge();
    const ac = new AbortController();
    let ready!: () => void;
    const streaming = new Promise<void>((r) => (ready = r));
    const log = b.launchWithLog({ bundleId: BUNDLE, signal: ac.signal, onLine: (l) => l.startsWith('Waiting for the application') && ready() });
    await streaming;
    const r = await b.simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    ac.abort();
    await log;
    expect(r.log.kind).toBe('confirmed');
    if (r.log.kind === 'confirmed') expect(r.log.event.line).toMatch(/Running task: <BGAppRefreshTask: com\.example\.filmtracker\.refresh>|Starting simulated task/);
  });

  it('turns "No task request … has been scheduled" into NO_PENDING_REQUEST, and the second launch after a consumed one too', async () => {
    const f = fake({ pendingRequests: [REFRESH] });
    const b = f.bridge();
    const ac = new AbortController();
    let ready!: () => void;
    const streaming = new Promise<void>((r) => (ready = r));
    const log = b.launchWithLog({ bundleId: BUNDLE, signal: ac.signal, onLine: (l) => l.startsWith('Waiting for the application') && ready() });
    await streaming;
    await b.simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    // The request was consumed; the simulated task is still "running" in the fake, so complete it first.
    await b.simulateExpiration({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    const e = await rejection(b.simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }));
    ac.abort();
    await log;
    expect(e.code).toBe('NO_PENDING_REQUEST');
    expect(e.message).toBe(messages.noPendingRequest(REFRESH));
    expect(e.message).toContain(`No task request with identifier ${REFRESH} has been scheduled`);
  });

  it('turns "is not currently being simulated" into EXPIRATION_WITHOUT_LAUNCH when forced', async () => {
    const f = fake();
    const b = f.bridge();
    const ac = new AbortController();
    let ready!: () => void;
    const streaming = new Promise<void>((r) => (ready = r));
    const log = b.launchWithLog({ bundleId: BUNDLE, signal: ac.signal, onLine: (l) => l.startsWith('Waiting for the application') && ready() });
    await streaming;
    const e = await rejection(b.simulateExpiration({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', force: true }));
    ac.abort();
    await log;
    expect(e.code).toBe('EXPIRATION_WITHOUT_LAUNCH');
    expect(e.detail).toContain('is not currently being simulated');
  });

  it('only waits for confirmation from the log of the same app on the same device', async () => {
    const other = 'com.example.notes';
    const f = fake({
      apps: {
        [BUNDLE]: { name: 'Film Tracker', dir: 'Film Tracker.app', exe: 'Film Tracker' },
        [other]: { name: 'Notes', dir: 'Notes.app', exe: 'Notes' },
      },
      running: [BUNDLE, other],
    });
    const b = f.bridge();
    const ac = new AbortController();
    let ready!: () => void;
    const streaming = new Promise<void>((r) => (ready = r));
    const log = b.launchWithLog({ bundleId: BUNDLE, signal: ac.signal, onLine: (l) => l.startsWith('Waiting for the application') && ready() });
    await streaming;
    const r = await b.simulateLaunch({ taskId: 'com.example.notes.sync', bundleId: other, route: 'lldb' });
    ac.abort();
    await log;
    expect(r.log).toEqual({ kind: 'not-streaming' });
  });

  it('reports an old devicectl without --console as Xcode too old', async () => {
    const f = fake({ fail: { 'launch-console': 'console-unknown' } });
    const e = await rejection(f.bridge().launchWithLog({ bundleId: BUNDLE, onLine: () => undefined }));
    expect(e.code).toBe('XCODE_TOO_OLD');
    expect(e.message).toBe(messages.consoleTooOld());
  });
});

describe('failures, each with its message', () => {
  const launch = (f: FakeXcrun, extra: object = {}) =>
    rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', ...extra }));

  it('not macOS: refused before any process runs', async () => {
    const f = fake();
    const e = await rejection(f.bridge({ platform: 'linux' }).simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }));
    expect(e.code).toBe('NOT_MACOS');
    expect(e.message).toBe(messages.notMacos('linux'));
    expect(f.invocations()).toEqual([]);
  });

  it('a relative xcrunPath is refused', () => {
    const f = fake();
    expect(() => f.bridge({ xcrunPath: 'tools/xcrun' })).toThrowError(messages.invalidXcrunPath('tools/xcrun'));
  });

  it('xcode-select points at the Command Line Tools', async () => {
    const f = fake({ fail: { 'list-devices': 'no-developer-dir' } });
    const e = await rejection(f.bridge().listDevices());
    expect(e.code).toBe('NO_XCODE');
    expect(e.message).toContain('invalid active developer path');
  });

  it('Xcode without devicectl (older than 15)', async () => {
    const f = fake({ fail: { 'list-devices': 'devicectl-missing' } });
    const e = await rejection(f.bridge().listDevices());
    expect(e.code).toBe('XCODE_TOO_OLD');
    expect(e.message).toBe(messages.devicectlMissing());
  });

  it("Xcode older than 16: 'device' is not a valid command", async () => {
    const f = fake({ fail: { lldb: 'device-not-valid' } });
    const e = await launch(f);
    expect(e.code).toBe('XCODE_TOO_OLD');
    expect(e.message).toBe(messages.lldbTooOld());
  });

  it('no paired device', async () => {
    const f = fake({ devices: [] });
    const e = await launch(f);
    expect(e.code).toBe('NO_DEVICE');
    expect(e.message).toBe(messages.noDevice());
  });

  it('only a Simulator and a watch: no device', async () => {
    const f = fake({ devices: ['simulator', 'watch'] });
    expect((await launch(f)).code).toBe('NO_DEVICE');
  });

  it('the Simulator selected explicitly', async () => {
    const f = fake({ devices: ['simulator', 'iphone-usb'] });
    const e = await launch(f, { deviceId: SIMULATOR });
    expect(e.code).toBe('SIMULATOR_SELECTED');
    expect(e.message).toBe(messages.simulatorSelected('iPhone 16 Pro Simulator'));
    expect(f.argvs().length).toBe(1);
  });

  it('Developer Mode off (from the device list)', async () => {
    const f = fake({ devices: ['iphone-devmode-off'] });
    const e = await launch(f);
    expect(e.code).toBe('DEVELOPER_MODE_OFF');
    expect(e.message).toBe(messages.developerModeOff('Work iPhone'));
  });

  it('Developer Mode off (reported by devicectl)', async () => {
    const f = fake({ fail: { 'info-apps': 'developer-mode' } });
    expect((await launch(f)).code).toBe('DEVELOPER_MODE_OFF');
  });

  it('device locked while launching the app', async () => {
    const f = fake({ running: [], fail: { launch: 'locked' } });
    const e = await launch(f);
    expect(e.code).toBe('DEVICE_LOCKED');
    expect(e.message).toBe(messages.deviceLocked("Ada's iPhone"));
    expect(e.detail).toContain('could not be, unlocked');
  });

  it('a device that disappeared', async () => {
    const f = fake();
    const e = await launch(f, { deviceId: WIFI_IPHONE });
    expect(e.code).toBe('DEVICE_NOT_FOUND');
    expect(e.message).toBe(messages.deviceNotFound(WIFI_IPHONE));
  });

  it('devicectl says the device was not found', async () => {
    const f = fake({ fail: { 'info-processes': 'device-not-found' } });
    const e = await launch(f);
    expect(e.code).toBe('DEVICE_NOT_FOUND');
    expect(e.message).toBe(messages.deviceNotFound("Ada's iPhone"));
  });

  it('app not installed', async () => {
    const f = fake();
    const e = await rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: 'com.example.other', route: 'lldb' }));
    expect(e.code).toBe('APP_NOT_INSTALLED');
    expect(e.message).toBe(messages.appNotInstalled('com.example.other', "Ada's iPhone"));
  });

  it('lldb not allowed to attach (not a development build)', async () => {
    const f = fake({ fail: { lldb: 'attach-denied' } });
    const e = await launch(f);
    expect(e.code).toBe('NOT_DEBUGGABLE');
    expect(e.message).toContain('Not allowed to attach to process');
  });

  it('app already owned by another debugger', async () => {
    const f = fake({ fail: { lldb: 'already-debugged' } });
    const e = await launch(f);
    expect(e.code).toBe('ALREADY_DEBUGGED');
    expect(e.message).toBe(messages.alreadyDebugged());
  });

  it('lldb cannot reach the device', async () => {
    const f = fake({ fail: { lldb: 'connection-timeout' } });
    const e = await launch(f);
    expect(e.code).toBe('DEVICE_UNREACHABLE');
    expect(e.message).toBe(messages.deviceUnreachable('error: Timeout while connecting to remote device.'));
  });

  it('BackgroundTasks not loaded in the app', async () => {
    const f = fake({ fail: { lldb: 'framework-missing' } });
    const e = await launch(f);
    expect(e.code).toBe('FRAMEWORK_NOT_LOADED');
    expect(e.message).toBe(messages.frameworkNotLoaded());
  });

  it('process running when the expression was evaluated, also on the second try', async () => {
    const f = fake({ fail: { lldb: 'process-running' } });
    const e = await launch(f);
    expect(e.code).toBe('PROCESS_NOT_STOPPED');
    expect(e.message).toBe(messages.processNotStopped());
    expect(e.message).toContain(FOREGROUND_HINT);
    expect(f.argvs().filter((a) => a[0] === 'lldb')).toHaveLength(2);
  });

  it('lldb hangs: TIMEOUT when the timeout fires, with what lldb printed and the advice for Wi-Fi and the foreground', async () => {
    const f = fake({ fail: { lldb: 'hang' } });
    const clock = new ManualClock();
    const p = rejection(f.bridge({ clock, timeouts: { lldbMs: 90_000 } }).simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }));
    const hung = await f.nextHang();
    expect(hung.argv[0]).toBe('lldb');
    // Only the lldb run's timer is left: fire it.
    expect(clock.pending()).toEqual([90_000]);
    clock.fire(90_000);
    const e = await p;
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toBe(messages.lldbTimeout(90));
    expect(e.message).toContain('The first attach over Wi-Fi can take minutes');
    expect(e.message).toContain(FOREGROUND_HINT);
    expect(e.detail).toContain('(lldb) device process attach --pid 812');
    // A timeout is not retried.
    expect(f.argvs().filter((a) => a[0] === 'lldb')).toHaveLength(1);
  });

  it('devicectl hangs: TIMEOUT, and the temp dir is removed', async () => {
    const f = fake({ fail: { 'list-devices': 'hang' } });
    const clock = new ManualClock();
    const p = rejection(f.bridge({ clock, timeouts: { devicectlMs: 400_000 } }).listDevices());
    await f.nextHang();
    clock.fire(400_000);
    const e = await p;
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toBe(messages.timeout('Listing devices (xcrun devicectl)', 400, 'bgtasks.device.devicectlTimeoutSeconds'));
    expect(f.leftoverTempDirs()).toEqual([]);
  });

  it('cancellation ends the running lldb', async () => {
    const f = fake({ fail: { lldb: 'hang' } });
    const ac = new AbortController();
    const p = rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', signal: ac.signal }));
    await f.nextHang();
    ac.abort();
    expect((await p).code).toBe('CANCELLED');
  });

  it('cancelled before lldb starts: nothing runs', async () => {
    const f = fake({ fail: { lldb: 'hang' } });
    const ac = new AbortController();
    const p = f.bridge().simulateLaunch({
      taskId: REFRESH,
      bundleId: BUNDLE,
      route: 'lldb',
      signal: ac.signal,
      onProgress: (m) => m.startsWith('Attaching lldb') && ac.abort(),
    });
    expect((await rejection(p)).code).toBe('CANCELLED');
    expect(f.argvs().some((a) => a[0] === 'lldb')).toBe(false);
  });

  it('devicectl writes unreadable JSON, or none', async () => {
    const f = fake({ fail: { 'list-devices': 'garbage-json' } });
    const e = await rejection(f.bridge().listDevices());
    expect(e.code).toBe('DEVICECTL_FAILED');
    expect(e.message).toBe(messages.devicectlFailed('Listing devices: devicectl wrote JSON output that could not be read'));
    f.setScenario({ fail: { 'list-devices': 'no-json' } });
    expect((await rejection(f.bridge().listDevices())).message).toBe(messages.devicectlFailed('Listing devices: devicectl wrote no JSON output'));
  });

  it('device busy after an install (preflight) is reported with its CoreDevice code', async () => {
    const f = fake({ fail: { 'info-apps': 'preflight' } });
    const e = await launch(f);
    expect(e.code).toBe('DEVICECTL_FAILED');
    expect(e.message).toBe(messages.devicectlFailed('Application failed preflight checks. (com.apple.dt.CoreDeviceError 10002)'));
  });

  it('an unknown device id given to lldb hangs the attach, which ends as TIMEOUT (not silently)', async () => {
    // Covered through the fake's lldb model: `device select` of an unknown id selects nothing.
    const f = fake({ devices: ['iphone-usb'] });
    const clock = new ManualClock();
    const b = f.bridge({ clock, timeouts: { lldbMs: 30_000 } });
    // Drive lldb directly through a device the list knows but the fake lldb does not: patch the scenario mid-run.
    const p = rejection(
      b.simulateLaunch({
        taskId: REFRESH,
        bundleId: BUNDLE,
        route: 'lldb',
        onProgress: (m) => m.startsWith('Attaching lldb') && f.setScenario({ devices: [] }),
      }),
    );
    await f.nextHang();
    clock.fire(30_000);
    const e = await p;
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toBe(messages.lldbTimeout(30));
  });
});

describe('the fake xcrun as a real process', () => {
  it('spawns xcrun from PATH for each step, lldb with the exact argv and /dev/null stdin, and the app runs the selector', async () => {
    const f = fake({ pendingRequests: [REFRESH] }, 'process');
    const r = await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    expect(f.argvs()).toEqual([
      ['devicectl', 'list', 'devices', '--json-output', '<json>', '--timeout', '10'],
      ['devicectl', 'device', 'info', 'apps', '--device', USB_IPHONE, '--bundle-id', BUNDLE, '--json-output', '<json>'],
      ['devicectl', 'device', 'info', 'processes', '--device', USB_IPHONE, '--json-output', '<json>'],
      LLDB_LAUNCH(APP_PID),
    ]);
    expect(f.invocations().map((i) => i.stdin)).toEqual(['devnull', 'devnull', 'devnull', 'devnull']);
    expect(r).toMatchObject({ pid: APP_PID, launchedApp: false });
    expect(f.deviceLog()).toContain(`Starting simulated task: <BGAppRefreshTask: ${REFRESH}>`);
    expect(f.leftoverTempDirs()).toEqual([]);
  });

  it('also works with an absolute xcrunPath instead of PATH', async () => {
    const f = fake({}, 'process');
    const { PATH: _omit, ...envWithoutFake } = f.env;
    void _omit;
    const b = f.bridge({ xcrunPath: FAKE_XCRUN, env: { ...envWithoutFake, PATH: '/usr/bin:/bin' } });
    expect((await b.listDevices()).length).toBe(1);
  });

  it('no xcrun at the configured path, or on PATH', async () => {
    const f = fake({}, 'process');
    const e = await rejection(f.bridge({ xcrunPath: '/nonexistent/xcrun' }).listDevices());
    expect(e.code).toBe('NO_XCRUN');
    expect(e.message).toBe(messages.noXcrun('/nonexistent/xcrun'));
    expect((await rejection(f.bridge({ env: { PATH: '/nonexistent' } }).listDevices())).code).toBe('NO_XCRUN');
  });

  it('confirms a simulated launch from the log streamed by another process', async () => {
    const f = fake({ pendingRequests: [REFRESH] }, 'process');
    const b = f.bridge();
    const ac = new AbortController();
    let ready!: () => void;
    const streaming = new Promise<void>((r) => (ready = r));
    const log = b.launchWithLog({ bundleId: BUNDLE, signal: ac.signal, onLine: (l) => l.startsWith('Waiting for the application') && ready() });
    await streaming;
    const r = await b.simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    ac.abort();
    expect((await log).cancelled).toBe(true);
    expect(r.log.kind).toBe('confirmed');
  });

  it('a hung lldb is killed when the timeout fires (after it printed the attach), and its output is kept', async () => {
    const f = fake({ fail: { lldb: 'hang' } }, 'process');
    const clock = new ManualClock();
    const p = rejection(f.bridge({ clock, timeouts: { lldbMs: 60_000 } }).simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' }));
    // The event: lldb printed the attach command and now waits. Then the timeout fires.
    await f.seen('(lldb) device process attach --pid 812');
    expect(clock.fire(60_000)).toBe(1);
    const e = await p;
    expect(e.code).toBe('TIMEOUT');
    expect(e.detail).toContain('(lldb) device process attach --pid 812');
  });

  it('cancellation kills the running lldb', async () => {
    const f = fake({ fail: { lldb: 'hang' } }, 'process');
    const ac = new AbortController();
    const p = rejection(f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb', signal: ac.signal }));
    await f.seen('(lldb) device process attach --pid 812');
    ac.abort();
    expect((await p).code).toBe('CANCELLED');
  });
});
