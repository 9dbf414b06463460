/**
 * Pure parsing and classification: devicectl JSON, URLs, the app's pid, lldb transcripts.
 * JSON here is our own data in the shapes of the reference samples.
 */
import { describe, expect, it } from 'vitest';
import {
  appNameFromDir,
  classifyDevicectlFailure,
  findAppProcess,
  normalizeFileUrl,
  parseApps,
  parseDevices,
  parseEnvelope,
  parseLaunchedPid,
  parseProcesses,
} from '../../client/src/device/core/devicectl';
import { classifyLldbOutput, lldbBatchArgs } from '../../client/src/device/core/lldb';
import { messages } from '../../client/src/device/core/errors';

describe('normalizeFileUrl', () => {
  it.each([
    ['file:///private/var/containers/Bundle/Application/ABC/Runner.app/', '/var/containers/Bundle/Application/ABC/Runner.app'],
    ['file:////private/var/containers/Bundle/Application/ABC/Runner.app/', '/var/containers/Bundle/Application/ABC/Runner.app'],
    ['file:///var/containers/Bundle/Application/ABC/My%20App.app/My%20App', '/var/containers/Bundle/Application/ABC/My App.app/My App'],
    ['file://localhost/var/x/Caf%C3%A9.app', '/var/x/Café.app'],
    ['file:///var/x/100%25.app', '/var/x/100%.app'],
    ['file:///var/x/bad%ZZname.app', '/var/x/bad%ZZname.app'],
    ['file:///sbin/launchd', '/sbin/launchd'],
    ['/already/a/path/', '/already/a/path'],
  ])('%s → %s', (url, path) => {
    expect(normalizeFileUrl(url)).toBe(path);
  });
});

describe('findAppProcess', () => {
  const appDir = 'file:///private/var/containers/Bundle/Application/U1/Film%20Tracker.app/';
  const procs = parseProcesses({
    runningProcesses: [
      { executable: 'file:///sbin/launchd', processIdentifier: 1 },
      { processIdentifier: 90 },
      { executable: 'file:///private/var/containers/Bundle/Application/U1/Film%20Tracker.app/PlugIns/Widgets.appex/Widgets', processIdentifier: 950 },
      { executable: 'file:///private/var/containers/Bundle/Application/U1/Film%20Tracker.app/Film%20Tracker', processIdentifier: 700 },
      { executable: 'file:///private/var/containers/Bundle/Application/U1/Film%20Tracker.app.backup/Film%20Tracker', processIdentifier: 990 },
      { executable: 'file:///private/var/containers/Bundle/Application/U2/Other.app/Other', processIdentifier: 701 },
      { executable: 'file:///x', processIdentifier: -3 },
      { executable: 'file:///y', processIdentifier: '5' },
    ],
  });

  it('skips malformed entries and keeps those without an executable', () => {
    expect(procs.map((p) => p.pid)).toEqual([1, 90, 950, 700, 990, 701]);
  });

  it("picks the app's own executable, never the .appex inside the bundle or a sibling directory", () => {
    expect(findAppProcess(procs, appDir)?.pid).toBe(700);
  });

  it('returns undefined when the app is not running', () => {
    expect(findAppProcess(procs.filter((p) => p.pid !== 700), appDir)).toBeUndefined();
  });

  it('names the app from its directory', () => {
    expect(appNameFromDir(appDir)).toBe('Film Tracker');
  });
});

describe('envelopes and results', () => {
  it('reads apps, the launched pid and an empty app list', () => {
    const apps = parseApps({ apps: [{ bundleIdentifier: 'com.a.b', name: 'B', url: 'file:///private/var/c/B.app/' }, { name: 'no url' }] });
    expect(apps).toEqual([{ bundleId: 'com.a.b', name: 'B', appDir: '/var/c/B.app' }]);
    expect(parseApps({ apps: [] })).toEqual([]);
    expect(parseApps(undefined)).toEqual([]);
    expect(parseLaunchedPid({ process: { processIdentifier: 1234, executable: 'file:///x' } })).toBe(1234);
    expect(parseLaunchedPid({ process: {} })).toBeUndefined();
  });

  it('parses a failure envelope with nested underlying errors', () => {
    const env = parseEnvelope(
      JSON.stringify({
        error: {
          code: 10002,
          domain: 'com.apple.dt.CoreDeviceError',
          userInfo: {
            NSLocalizedDescription: { string: 'The application failed to launch.' },
            NSUnderlyingError: { error: { code: 7, domain: 'FBSOpenApplicationErrorDomain', userInfo: { BSErrorCodeDescription: { string: 'Locked' } } } },
          },
        },
        info: { outcome: 'failed' },
      }),
    );
    expect(env?.outcome).toBe('failed');
    expect(env?.error?.descriptions).toEqual(['The application failed to launch.', 'Locked']);
    expect(classifyDevicectlFailure({ exitCode: 1, stderr: '', envelope: env, deviceName: 'P' }).code).toBe('DEVICE_LOCKED');
    expect(parseEnvelope('not json')).toBeUndefined();
    expect(parseEnvelope('[1,2]')).toBeUndefined();
  });

  it('classifies devicectl failures', () => {
    const c = (stderr: string, envelope?: ReturnType<typeof parseEnvelope>) => classifyDevicectlFailure({ exitCode: 1, stderr, envelope, deviceName: 'P' });
    expect(c('xcrun: error: unable to find utility "devicectl", not a developer tool or in PATH').code).toBe('XCODE_TOO_OLD');
    expect(c('xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools)').code).toBe('NO_XCODE');
    expect(c('ERROR: The specified device was not found. (com.apple.dt.CoreDeviceError error 1000.)').message).toBe(messages.deviceNotFound('P'));
    expect(c("Error: Unknown option '--console'").code).toBe('XCODE_TOO_OLD');
    const other = c('ERROR: Something new went wrong.');
    expect(other.code).toBe('DEVICECTL_FAILED');
    expect(other.message).toBe(messages.devicectlFailed('Something new went wrong.'));
  });

  it('keeps devices with empty hardwareProperties and without udid', () => {
    const [d] = parseDevices({ devices: [{ identifier: 'E4B1D2C3-0A9F-4B8E-9D7C-6B5A4F3E2D1C', hardwareProperties: {}, deviceProperties: { name: 'Old' }, connectionProperties: { pairingState: 'unsupported', tunnelState: 'unavailable' } }] });
    expect(d).toMatchObject({ name: 'Old', udid: undefined, usable: false });
  });
});

describe('lldb transcript classification', () => {
  const ok = [
    '(lldb) device select 5A1F0C3E-8B2D-4E7A-9C61-0D3B2F7E4A10',
    '(lldb) device process attach --pid 812',
    'Process 812 stopped',
    "* thread #1, queue = 'com.apple.main-thread', stop reason = signal SIGSTOP",
    '    frame #0: 0x00000001e3f2a7c8 libsystem_kernel.dylib`mach_msg2_trap + 8',
    'Target 0: (Film Tracker) stopped.',
    '(lldb) process status',
    'Process 812 stopped',
    '(lldb) expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"a.b"]',
    '(lldb) process detach',
    'Process 812 detached',
  ].join('\n');

  it('accepts a clean run', () => {
    expect(classifyLldbOutput({ exitCode: 0, stdout: ok, stderr: '' })).toEqual({ ok: true, attached: true, detached: true });
  });

  it('needs the detach and the stop to be reported', () => {
    expect(classifyLldbOutput({ exitCode: 0, stdout: ok.replace('Process 812 detached', ''), stderr: '' }).error?.message).toBe(
      messages.lldbFailed('it did not report detaching from the app'),
    );
    expect(classifyLldbOutput({ exitCode: 0, stdout: '(lldb) device select X', stderr: '' }).error?.code).toBe('LLDB_FAILED');
  });

  it.each([
    ["error: 'device' is not a valid command.", 'XCODE_TOO_OLD'],
    ["no device selected: use 'device select <identifier>' to select a device.", 'DEVICE_NOT_FOUND'],
    ['error: Timeout while connecting to remote device.', 'DEVICE_UNREACHABLE'],
    ['error: Internal logic error: Connection was invalidated', 'DEVICE_UNREACHABLE'],
    ["error: <user expression 0>:1:3: use of undeclared identifier 'BGTaskScheduler'", 'FRAMEWORK_NOT_LOADED'],
    ["Error [IRForTarget]: Couldn't resolve the class for an Objective-C static method call", 'FRAMEWORK_NOT_LOADED'],
    ["error: Process is running.  Use 'process interrupt' to pause execution.", 'PROCESS_NOT_STOPPED'],
    ['error: attach failed: Not allowed to attach to process.', 'NOT_DEBUGGABLE'],
    ['error: something unheard of', 'LLDB_FAILED'],
  ])('%s → %s', (line, code) => {
    expect(classifyLldbOutput({ exitCode: 1, stdout: '(lldb) device select X', stderr: line }).error?.code).toBe(code);
  });

  it('does not mistake a lock frame in a backtrace for a locked device', () => {
    const v = classifyLldbOutput({ exitCode: 0, stdout: ok.replace('mach_msg2_trap', 'os_unfair_lock_lock') + '\nthread #2 name = com.apple.lock', stderr: '' });
    expect(v.ok).toBe(true);
  });

  it('never classifies the echoed command, which contains the task id', () => {
    const echoed = ok.replace('@"a.b"', '@"com.device.locked.already.being.debugged"');
    expect(classifyLldbOutput({ exitCode: 0, stdout: echoed, stderr: '' }).ok).toBe(true);
  });

  it('builds the argv with -k crash lines', () => {
    expect(lldbBatchArgs({ deviceId: 'A-1', pid: 5, action: 'expire', taskId: 't.x' }).slice(-4)).toEqual(['-k', 'process detach', '-k', 'quit 1']);
  });
});
