/**
 * Test harness around test/device/fake-xcrun/xcrun: a private directory per test with the scenario, the argv record
 * and the fake device's log; helpers to build a DeviceBridge that runs the fake.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceBridge, type DeviceBridgeOptions } from '../../client/src/device/core/bridge';

export const FAKE_DIR = path.resolve(__dirname, 'fake-xcrun');
export const FAKE_XCRUN = path.join(FAKE_DIR, 'xcrun');

/** Device ids of the fake's presets (see the fake). */
export const USB_IPHONE = '5A1F0C3E-8B2D-4E7A-9C61-0D3B2F7E4A10';
export const WIFI_IPHONE = 'C0FFEE00-1234-4ABC-8DEF-00000000A1B2';
export const SIMULATOR = 'B3E2F1A0-9C8D-4E7F-A6B5-C4D3E2F1A0B9';
export const BUNDLE = 'com.example.filmtracker';
export const REFRESH = 'com.example.filmtracker.refresh';
export const APP_PID = 812;
export const APPEX_PID = 1907;
export const LAUNCH_PID = 2001;

export type DevicePreset =
  | 'iphone-usb'
  | 'iphone-wifi'
  | 'ipad-ios16-empty'
  | 'iphone-devmode-off'
  | 'iphone-ios16'
  | 'simulator'
  | 'watch'
  | 'evil-identifier';

export interface Scenario {
  devices?: DevicePreset[];
  apps?: Record<string, { name: string; dir: string; exe: string }>;
  /** Bundle ids with a live process (default: the Film Tracker app). */
  running?: string[];
  pendingRequests?: string[];
  unregistered?: string[];
  noExpirationHandler?: string[];
  hookInstalled?: boolean;
  permittedIds?: string[];
  fourSlashUrls?: boolean;
  varWithoutPrivate?: boolean;
  consoleLines?: string[];
  consoleExitAfter?: number;
  fail?: Partial<
    Record<
      'list-devices' | 'info-apps' | 'info-processes' | 'launch' | 'launch-console' | 'notification-post',
      'devicectl-missing' | 'no-developer-dir' | 'hang' | 'device-not-found' | 'locked' | 'developer-mode' | 'preflight' | 'garbage-json' | 'no-json' | 'console-unknown'
    > & { lldb: 'device-not-valid' | 'hang' | 'attach-denied' | 'already-debugged' | 'connection-timeout' | 'framework-missing' | 'process-running' }
  >;
}

export interface Invocation {
  argv: string[];
  stdin: string;
}

export class FakeXcrun {
  readonly dir: string;
  readonly scenarioPath: string;
  readonly recordPath: string;
  readonly deviceLogPath: string;
  /** Where the bridge creates its private temp dirs (so the tests can check they are removed). */
  readonly tmpParent: string;

  constructor(scenario: Scenario = {}) {
    chmodSync(FAKE_XCRUN, 0o755);
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-fake-'));
    this.scenarioPath = path.join(this.dir, 'scenario.json');
    this.recordPath = path.join(this.dir, 'record.jsonl');
    this.deviceLogPath = path.join(this.dir, 'device.log');
    this.tmpParent = path.join(this.dir, 'tmp');
    writeFileSync(this.deviceLogPath, '');
    this.setScenario(scenario);
  }

  setScenario(scenario: Scenario): void {
    writeFileSync(this.scenarioPath, JSON.stringify({ ...scenario, deviceLog: this.deviceLogPath }));
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${FAKE_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
      BGTASKS_FAKE_SCENARIO: this.scenarioPath,
      BGTASKS_FAKE_RECORD: this.recordPath,
    };
  }

  invocations(): Invocation[] {
    if (!existsSync(this.recordPath)) return [];
    return readFileSync(this.recordPath, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Invocation);
  }

  /** argv of every invocation, with temp JSON paths replaced by "<json>" so they can be compared exactly. */
  argvs(): string[][] {
    return this.invocations().map((i) => i.argv.map((a, n, all) => (all[n - 1] === '--json-output' ? '<json>' : a)));
  }

  deviceLog(): string {
    return readFileSync(this.deviceLogPath, 'utf8');
  }

  /** Temp dirs left behind by the bridge under tmpParent (must be none). */
  leftoverTempDirs(): string[] {
    return existsSync(this.tmpParent) ? readdirSync(this.tmpParent) : [];
  }

  /** A bridge that finds the fake as `xcrun` on PATH (the default xcrunPath). */
  bridge(opts: DeviceBridgeOptions = {}): DeviceBridge {
    return new DeviceBridge({ platform: 'darwin', env: this.env, tmpDir: this.ensureTmp(), ...opts });
  }

  private ensureTmp(): string {
    mkdirSync(this.tmpParent, { recursive: true });
    return this.tmpParent;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
