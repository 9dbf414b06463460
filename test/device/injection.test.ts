/**
 * Hostile identifiers: none may reach lldb, devicectl argv, a debug adapter or a notification name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceBridgeError } from '../../client/src/device/core/errors';
import { isValidBundleId, isValidTaskId, isValidDeviceId } from '../../client/src/device/core/validate';
import { lldbBatchArgs, simulateExpression } from '../../client/src/device/core/lldb';
import { hookNotificationName } from '../../client/src/device/core/hook';
import { devicectlArgs } from '../../client/src/device/core/devicectl';
import { simulateViaDebugSession, type DapClient } from '../../client/src/device/core/dap';
import { trustedXcrunPath } from '../../client/src/device/core/settings';
import { BUNDLE, FakeXcrun, REFRESH, USB_IPHONE } from './fakeXcrun';

const HOSTILE_TASK_IDS = [
  'com.example"]; process kill; "',
  'com.example.refresh"',
  "com.example.refresh'",
  'com.example]',
  'com.example;quit',
  'com.example.refresh\n-o quit',
  'com.example.refresh\n',
  'com.example.refresh\r',
  'com.example`whoami`',
  '`expression -- (void)exit(0)',
  '$(touch /tmp/pwned)',
  'com.example.$(id)',
  'com.ex\u0430mple.refresh', // Cyrillic а
  'com\uFF0Eexample.refresh', // fullwidth full stop
  'com.example.re\u200Bfresh', // zero-width space
  '\u212Aelvin.refresh', // Kelvin sign, case-folds to K under /iu
  'com.example.refresh\u0000',
  'com example refresh',
  '-o',
  '--pid',
  '.hidden',
  '',
  'com.example.*',
  'a'.repeat(128),
  'com.example\\refresh',
  '@"x"',
];

const HOSTILE_BUNDLE_IDS = [
  'com.example"',
  'com.example;rm -rf',
  'com.example\n',
  'com.ex\u0430mple',
  'com.example_app', // underscore is not allowed in bundle ids
  '-j',
  'com..example',
  '$(id)',
  'com.example`x`',
  'com.example]',
  '',
];

describe('validation allow-lists', () => {
  it.each(HOSTILE_TASK_IDS)('rejects task id %j', (id) => {
    expect(isValidTaskId(id)).toBe(false);
    expect(() => simulateExpression('launch', id)).toThrowError(DeviceBridgeError);
    expect(() => lldbBatchArgs({ deviceId: USB_IPHONE, pid: 812, action: 'expire', taskId: id })).toThrowError(DeviceBridgeError);
    expect(() => hookNotificationName(BUNDLE, 'launch', id)).toThrowError(DeviceBridgeError);
  });

  it.each(HOSTILE_BUNDLE_IDS)('rejects bundle id %j', (bid) => {
    expect(isValidBundleId(bid)).toBe(false);
    expect(() => devicectlArgs.infoApps(USB_IPHONE, bid, '/tmp/x.json')).toThrowError(DeviceBridgeError);
    expect(() => devicectlArgs.launch(USB_IPHONE, bid, '/tmp/x.json')).toThrowError(DeviceBridgeError);
    expect(() => hookNotificationName(bid, 'launch', REFRESH)).toThrowError(DeviceBridgeError);
  });

  it('accepts real identifiers', () => {
    for (const id of ['com.example.app.refresh', 'com.example.apple-samplecode.ColorFeed.refresh', 'A1.b_c-d', 'refresh', 'a'.repeat(127)]) {
      expect(isValidTaskId(id)).toBe(true);
    }
    for (const bid of ['com.example.app', 'io.github.some-one.App2', 'Runner']) expect(isValidBundleId(bid)).toBe(true);
    for (const d of ['2782A5CE-797F-4EB9-BDF1-14AE4425C406', '00008110-000559182E90401E']) expect(isValidDeviceId(d)).toBe(true);
    for (const d of ['X; quit', '-o', 'a b', 'ab\n']) expect(isValidDeviceId(d)).toBe(false);
  });

  it('puts a valid id into the expression verbatim', () => {
    expect(simulateExpression('launch', 'com.example.app.refresh')).toBe(
      'expression -l objc -- (void)[[BGTaskScheduler sharedScheduler] _simulateLaunchForTaskWithIdentifier:@"com.example.app.refresh"]',
    );
  });
});

describe('nothing hostile reaches the fake xcrun', () => {
  let f: FakeXcrun | undefined;
  afterEach(() => f?.dispose());

  it('for any hostile task id, simulateLaunch/Expiration start no process at all', async () => {
    f = new FakeXcrun({ pendingRequests: [REFRESH] });
    const b = f.bridge();
    for (const id of HOSTILE_TASK_IDS) {
      for (const call of [b.simulateLaunch.bind(b), b.simulateExpiration.bind(b)]) {
        for (const route of ['lldb', 'hook'] as const) {
          await expect(call({ taskId: id, bundleId: BUNDLE, route, force: true })).rejects.toMatchObject({ code: 'INVALID_TASK_ID' });
        }
      }
    }
    expect(f.invocations()).toEqual([]);
  });

  it('for any hostile bundle id, no process starts', async () => {
    f = new FakeXcrun();
    const b = f.bridge();
    for (const bid of HOSTILE_BUNDLE_IDS) {
      await expect(b.simulateLaunch({ taskId: REFRESH, bundleId: bid, route: 'lldb' })).rejects.toMatchObject({ code: 'INVALID_BUNDLE_ID' });
      await expect(b.launchWithLog({ bundleId: bid, onLine: () => undefined })).rejects.toMatchObject({ code: 'INVALID_BUNDLE_ID' });
    }
    expect(f.invocations()).toEqual([]);
  });

  it('a valid run passes every lldb command as exactly one argv element', async () => {
    f = new FakeXcrun();
    await f.bridge().simulateLaunch({ taskId: REFRESH, bundleId: BUNDLE, route: 'lldb' });
    const lldb = f.invocations().find((i) => i.argv[0] === 'lldb')!;
    const commands = lldb.argv.filter((_, i, a) => a[i - 1] === '-o');
    expect(commands).toHaveLength(5);
    for (const c of commands) expect(c).not.toMatch(/[\n\r;`$]/);
  });
});

describe('debug-session route', () => {
  it('sends nothing to the adapter for a hostile id', async () => {
    const sent: string[] = [];
    const client: DapClient = {
      id: '1',
      type: 'lldb-dap',
      name: 'App',
      configuration: {},
      customRequest: async (c: string) => {
        sent.push(c);
        return {};
      },
      state: () => 'stopped',
      waitForStop: async () => true,
    };
    for (const id of HOSTILE_TASK_IDS) {
      await expect(simulateViaDebugSession(client, 'lldb-dap', 'launch', id, { stopTimeoutMs: 10 })).rejects.toMatchObject({ code: 'INVALID_TASK_ID' });
    }
    expect(sent).toEqual([]);
  });
});

describe('xcrunPath from a workspace', () => {
  it('ignores workspace and folder values, even when no user value exists', () => {
    expect(trustedXcrunPath({ defaultValue: '', workspaceValue: '/tmp/evil/xcrun', workspaceFolderValue: '/tmp/evil2/xcrun' })).toBeUndefined();
    expect(trustedXcrunPath({ defaultValue: '', globalValue: '/opt/xcode/xcrun', workspaceValue: '/tmp/evil/xcrun' })).toBe('/opt/xcode/xcrun');
    expect(trustedXcrunPath(undefined)).toBeUndefined();
  });
});
