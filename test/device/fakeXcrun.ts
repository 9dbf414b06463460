/**
 * Test harness around the fake xcrun (test/device/fake-xcrun/model.cjs). Two modes:
 *
 * - 'in-process' (the default): an injected ProcessRunner runs the model in the test's own process. Output, exits,
 *   hangs, timeouts and cancellation are events: no process starts, and a hang is reported (nextHang) so a test can
 *   fire the timeout itself with a ManualClock instead of waiting for a timer.
 * - 'process': the bridge spawns test/device/fake-xcrun/xcrun (found on PATH or by absolute path) with the real
 *   process runner; scenario, state, argv record and device log live in files. A few tests keep this mode to cover
 *   spawning, stdin, PATH lookup, killing and the cross-process log stream.
 *
 * Both modes record every invocation's argv and expose the fake device's log.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceBridge, type DeviceBridgeOptions } from '../../client/src/device/core/bridge';
import { createProcessRunner, systemClock, type Clock, type ProcessRunner, type RunResult } from '../../client/src/device/core/process';
import { ExitSignal, HangSignal, runXcrun, type FakeIo, type FakeWorld } from './fake-xcrun/model.cjs';

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

type LldbFailure =
  | 'device-not-valid'
  | 'hang'
  | 'attach-denied'
  | 'already-debugged'
  | 'connection-timeout'
  | 'framework-missing'
  | 'process-running'
  | 'device-not-found';

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
    > & {
      /** `…-once`: only the first lldb run fails that way (the bridge retries some failures once). */
      lldb: LldbFailure | `${LldbFailure}-once`;
    }
  >;
}

export interface Invocation {
  argv: string[];
  /** What the process had as stdin ('devnull' for the real runner); 'in-process' when no process ran. */
  stdin: string;
}

export type FakeMode = 'in-process' | 'process';

export class FakeXcrun {
  readonly dir: string;
  readonly scenarioPath: string;
  readonly recordPath: string;
  readonly deviceLogPath: string;
  /** Where the bridge creates its private temp dirs (so the tests can check they are removed). */
  readonly tmpParent: string;
  readonly mode: FakeMode;

  // In-process world.
  private scenarioData: Scenario = {};
  private state: Record<string, unknown> | undefined;
  private readonly logLines: string[] = [];
  private readonly logListeners = new Set<(line: string) => void>();
  private readonly record: Invocation[] = [];
  private readonly hangs: Invocation[] = [];
  private hangWaiters: ((i: Invocation) => void)[] = [];
  // Both modes: output taps (see seen()).
  private readonly outputWaiters = new Set<{ text: string; resolve: () => void }>();
  private outputSoFar = '';

  constructor(scenario: Scenario = {}, opts: { mode?: FakeMode } = {}) {
    this.mode = opts.mode ?? 'in-process';
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-fake-'));
    this.scenarioPath = path.join(this.dir, 'scenario.json');
    this.recordPath = path.join(this.dir, 'record.jsonl');
    this.deviceLogPath = path.join(this.dir, 'device.log');
    this.tmpParent = path.join(this.dir, 'tmp');
    if (this.mode === 'process') {
      chmodSync(FAKE_XCRUN, 0o755);
      writeFileSync(this.deviceLogPath, '');
    }
    this.setScenario(scenario);
  }

  setScenario(scenario: Scenario): void {
    this.scenarioData = structuredClone(scenario);
    if (this.mode === 'process') writeFileSync(this.scenarioPath, JSON.stringify({ ...scenario, deviceLog: this.deviceLogPath }));
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
    if (this.mode === 'in-process') return this.record.map((i) => ({ argv: [...i.argv], stdin: i.stdin }));
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
    if (this.mode === 'in-process') return this.logLines.map((l) => l + '\n').join('');
    return readFileSync(this.deviceLogPath, 'utf8');
  }

  /** Temp dirs left behind by the bridge under tmpParent (must be none). */
  leftoverTempDirs(): string[] {
    return existsSync(this.tmpParent) ? readdirSync(this.tmpParent) : [];
  }

  /** In-process mode: resolves with the next invocation that hangs (waits "forever", like an attach that never ends). */
  nextHang(): Promise<Invocation> {
    if (this.mode !== 'in-process') throw new Error('nextHang() needs the in-process mode; use seen() with a real process');
    const ready = this.hangs.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.hangWaiters.push(resolve));
  }

  /** Resolves once the fake printed `text` (stdout or stderr of any invocation), in either mode. */
  seen(text: string): Promise<void> {
    if (this.outputSoFar.includes(text)) return Promise.resolve();
    return new Promise((resolve) => this.outputWaiters.add({ text, resolve }));
  }

  /** The process runner the bridge gets: the model in-process, or child processes; both feed seen(). */
  runner(clock: Clock = systemClock): ProcessRunner {
    const base = this.mode === 'in-process' ? this.inProcessRunner(clock) : createProcessRunner(clock);
    return (file, args, options) =>
      base(file, args, {
        ...options,
        onStdout: (c) => {
          this.noteOutput(c);
          options.onStdout?.(c);
        },
        onStderr: (c) => {
          this.noteOutput(c);
          options.onStderr?.(c);
        },
      });
  }

  /** A bridge that runs the fake as `xcrun` (found on PATH, the default xcrunPath). */
  bridge(opts: DeviceBridgeOptions = {}): DeviceBridge {
    return new DeviceBridge({ platform: 'darwin', env: this.env, tmpDir: this.ensureTmp(), runner: this.runner(opts.clock), ...opts });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ensureTmp(): string {
    mkdirSync(this.tmpParent, { recursive: true });
    return this.tmpParent;
  }

  private noteOutput(chunk: string): void {
    this.outputSoFar += chunk;
    for (const w of [...this.outputWaiters]) {
      if (this.outputSoFar.includes(w.text)) {
        this.outputWaiters.delete(w);
        w.resolve();
      }
    }
  }

  private noteHang(inv: Invocation): void {
    const w = this.hangWaiters.shift();
    if (w) w(inv);
    else this.hangs.push(inv);
  }

  /**
   * Runs the model like a process: after the caller has its promise, with stdout/stderr chunks as events, an exit
   * code, a timeout on `clock` and cancellation through the signal (a kill ends it at once, as SIGTERM would).
   * `file` must be the fake: `xcrun` looked up on the PATH the bridge passes, or the fake's absolute path.
   */
  private inProcessRunner(clock: Clock): ProcessRunner {
    return (file, args, options) =>
      new Promise<RunResult>((resolve) => {
        const maxBuffer = options.maxBuffer ?? 1024 * 1024;
        let stdout = '';
        let stderr = '';
        const env = options.env ?? process.env;
        const found = file === FAKE_XCRUN || (file === 'xcrun' && (env.PATH ?? '').split(path.delimiter).includes(FAKE_DIR));
        if (!found) {
          const e = Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT', errno: -2, syscall: `spawn ${file}`, path: file });
          resolve({ code: null, signal: null, stdout, stderr, timedOut: false, cancelled: false, spawnError: e });
          return;
        }
        if (options.signal?.aborted) {
          resolve({ code: null, signal: null, stdout, stderr, timedOut: false, cancelled: true });
          return;
        }
        const inv: Invocation = { argv: [...args], stdin: 'in-process' };
        this.record.push(inv);
        let done = false;
        let timedOut = false;
        let cancelled = false;
        const unsubscribe: (() => void)[] = [];
        const finish = (code: number | null, signal: NodeJS.Signals | null) => {
          if (done) return;
          done = true;
          clock.clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
          for (const u of unsubscribe) u();
          resolve({ code, signal, stdout, stderr, timedOut, cancelled });
        };
        const timer = clock.setTimeout(() => {
          timedOut = true;
          finish(null, 'SIGTERM');
        }, options.timeoutMs);
        const onAbort = () => {
          cancelled = true;
          finish(null, 'SIGTERM');
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });

        const io: FakeIo = {
          out: (t) => {
            if (done) return;
            if (stdout.length < maxBuffer) stdout += t.slice(0, maxBuffer - stdout.length);
            options.onStdout?.(t);
          },
          err: (t) => {
            if (done) return;
            if (stderr.length < maxBuffer) stderr += t.slice(0, maxBuffer - stderr.length);
            options.onStderr?.(t);
          },
          exit: (code) => {
            throw new ExitSignal(code);
          },
          hang: () => {
            throw new HangSignal();
          },
        };
        /** Runs a piece of the model: an exit ends this "process", a hang leaves it running until it is killed. */
        const settle = (fn: () => void) => {
          if (done) return;
          try {
            fn();
          } catch (e) {
            if (e instanceof ExitSignal) return finish(e.code, null);
            if (e instanceof HangSignal) return this.noteHang(inv);
            io.err(`fake xcrun crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            finish(70, null);
          }
        };
        const world: FakeWorld = {
          scenario: () => this.scenarioData as Record<string, unknown>,
          loadState: () => (this.state === undefined ? undefined : structuredClone(this.state)),
          saveState: (s) => {
            this.state = structuredClone(s);
          },
          appendDeviceLog: (line) => {
            this.logLines.push(line);
            for (const l of [...this.logListeners]) l(line);
          },
          followDeviceLog: (onLine) => {
            const listener = (line: string) => settle(() => onLine(line));
            this.logListeners.add(listener);
            unsubscribe.push(() => this.logListeners.delete(listener));
          },
        };
        // Like a spawned process: it starts after the caller has the promise, never inside the call.
        setImmediate(() => settle(() => runXcrun([...args], io, world)));
      });
  }
}
