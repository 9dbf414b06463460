/**
 * Orchestration of the device side: listDevices, simulateLaunch / simulateExpiration (LLDB one-shot or in-app hook),
 * launchWithLog. No `vscode` here: the VS Code layer supplies settings, a device choice, progress and cancellation.
 *
 * Order of every simulate: validate ids (before any process runs) → macOS? → device → app installed → app pid
 * (launch it if allowed) → trigger → if the app log is being streamed, wait for the framework's verdict.
 */
import path from 'node:path';
import { AppLogWatcher, type AppLogOutcome } from './applog';
import {
  appNameFromDir,
  classifyDevicectlFailure,
  deviceUnusableError,
  devicectlArgs,
  findAppProcess,
  parseApps,
  parseDevices,
  parseEnvelope,
  parseLaunchedPid,
  parseProcesses,
  type DeviceInfo,
  type InstalledApp,
} from './devicectl';
import { DeviceBridgeError, FOREGROUND_HINT, messages } from './errors';
import { hookNotificationName } from './hook';
import { classifyLldbOutput, lldbBatchArgs, type SimulateAction } from './lldb';
import { createProcessRunner, LineSplitter, systemClock, type Clock, type ProcessRunner, type RunResult } from './process';
import { readFile } from 'node:fs/promises';
import { withTempDir } from './tempfiles';
import { assertBundleId, assertTaskId } from './validate';

export interface BridgeTimeouts {
  /** Each devicectl call except launch-with-console. */
  devicectlMs: number;
  /** The `--timeout` devicectl itself applies to device discovery (seconds, ≥ 5). */
  listDevicesSeconds: number;
  /** The whole lldb one-shot (attach over Wi-Fi can take 30 s). */
  lldbMs: number;
  /** How long to wait for the framework's log line after a trigger (only while the log is streamed). */
  logConfirmMs: number;
}

export const DEFAULT_TIMEOUTS: BridgeTimeouts = {
  devicectlMs: 60_000,
  listDevicesSeconds: 10,
  lldbMs: 90_000,
  logConfirmMs: 15_000,
};

export interface DeviceBridgeOptions {
  /** Absolute path to xcrun; undefined or '' → `xcrun` looked up on PATH. */
  xcrunPath?: string;
  runner?: ProcessRunner;
  clock?: Clock;
  /** Defaults to process.platform; tests pass 'darwin'. */
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** Parent of the private temp directories (defaults to os.tmpdir()). */
  tmpDir?: string;
  timeouts?: Partial<BridgeTimeouts>;
  /** Receives a transcript: commands run (argv) and tool output, for the output channel. */
  log?: (line: string) => void;
  /** Share the log watcher and the ledger between bridge instances (settings may change between commands). */
  watcher?: AppLogWatcher;
  ledger?: SimulationLedger;
}

export type TriggerRoute = 'lldb' | 'hook';

export interface SimulateRequest {
  taskId: string;
  bundleId: string;
  /** CoreDevice identifier of the chosen device; undefined → the only usable device (error if several). */
  deviceId?: string;
  route: TriggerRoute;
  /** Launch the app (devicectl) when it is not running. Default true. */
  launchIfNotRunning?: boolean;
  /** Expiration only: send even if no simulated launch of this task was recorded. */
  force?: boolean;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface SimulateResult {
  action: SimulateAction;
  route: TriggerRoute;
  device: DeviceInfo;
  taskId: string;
  bundleId: string;
  pid?: number;
  /** The app was not running and was launched first (it has not submitted anything yet, most likely). */
  launchedApp: boolean;
  /** What the app log said, or 'not-streaming' when no log stream was running. */
  log: AppLogOutcome | { kind: 'not-streaming' };
  /** The lldb transcript (lldb route). */
  transcript?: string;
  /** The notification name posted (hook route). */
  notificationName?: string;
}

export interface LaunchWithLogRequest {
  bundleId: string;
  deviceId?: string;
  onLine: (line: string) => void;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export interface LaunchWithLogResult {
  device: DeviceInfo;
  exitCode: number | null;
  cancelled: boolean;
}

/**
 * Remembers which tasks had a simulated launch sent, so an expiration without one can be caught before it is sent
 * (iOS would only log "Task with identifier … is not currently being simulated").
 */
export class SimulationLedger {
  private readonly launched = new Set<string>();
  private key(deviceId: string, bundleId: string, taskId: string) {
    return `${deviceId}\u0000${bundleId}\u0000${taskId}`;
  }
  recordLaunch(deviceId: string, bundleId: string, taskId: string): void {
    this.launched.add(this.key(deviceId, bundleId, taskId));
  }
  recordEnd(deviceId: string, bundleId: string, taskId: string): void {
    this.launched.delete(this.key(deviceId, bundleId, taskId));
  }
  hasLaunch(deviceId: string, bundleId: string, taskId: string): boolean {
    return this.launched.has(this.key(deviceId, bundleId, taskId));
  }
}

/** Marks the pre-flight form of EXPIRATION_WITHOUT_LAUNCH (nothing was sent; the UI may offer "send anyway"). */
export const PREFLIGHT = 'preflight';

const LONG_RUNNING_MS = 24 * 60 * 60 * 1000;

export class DeviceBridge {
  readonly watcher: AppLogWatcher;
  readonly ledger: SimulationLedger;
  private readonly runner: ProcessRunner;
  private readonly clock: Clock;
  private readonly timeouts: BridgeTimeouts;
  private readonly xcrun: string;

  constructor(private readonly opts: DeviceBridgeOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.runner = opts.runner ?? createProcessRunner(this.clock);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.watcher = opts.watcher ?? new AppLogWatcher(this.clock);
    this.ledger = opts.ledger ?? new SimulationLedger();
    this.xcrun = resolveXcrunPath(opts.xcrunPath);
  }

  // ------------------------------------------------------------------------------------------------ devices

  async listDevices(signal?: AbortSignal): Promise<DeviceInfo[]> {
    this.assertMac();
    const result = await this.devicectl((json) => devicectlArgs.listDevices(json, this.timeouts.listDevicesSeconds), {
      signal,
      what: 'Listing devices',
    });
    return parseDevices(result);
  }

  /** The device to use: the given one (validated as usable) or the single usable one. */
  async resolveDevice(deviceId: string | undefined, signal?: AbortSignal): Promise<DeviceInfo> {
    const devices = await this.listDevices(signal);
    if (deviceId) {
      const d = devices.find((x) => x.identifier === deviceId || x.udid === deviceId);
      if (!d) {
        if (!devices.some((x) => x.usable)) throw new DeviceBridgeError('NO_DEVICE', messages.noDevice());
        throw new DeviceBridgeError('DEVICE_NOT_FOUND', messages.deviceNotFound(deviceId));
      }
      if (!d.usable) throw deviceUnusableError(d);
      return d;
    }
    const usable = devices.filter((d) => d.usable);
    if (usable.length === 0) {
      // One paired device that is unusable deserves its specific reason (Developer Mode off, iOS 16…).
      const physical = devices.filter((d) => !d.isSimulator && d.paired && (d.platform === undefined || d.platform === 'iOS'));
      if (physical.length === 1) throw deviceUnusableError(physical[0]!);
      throw new DeviceBridgeError('NO_DEVICE', messages.noDevice());
    }
    return preferredDevice(usable);
  }

  // ------------------------------------------------------------------------------------------------ apps

  async findApp(device: DeviceInfo, bundleId: string, signal?: AbortSignal): Promise<InstalledApp> {
    const result = await this.devicectl((json) => devicectlArgs.infoApps(device.identifier, bundleId, json), {
      signal,
      deviceName: device.name,
      what: 'Looking up the app',
    });
    const app = parseApps(result).find((a) => a.bundleId === bundleId);
    if (!app) throw new DeviceBridgeError('APP_NOT_INSTALLED', messages.appNotInstalled(bundleId, device.name));
    return app;
  }

  async findAppPid(device: DeviceInfo, app: InstalledApp, signal?: AbortSignal): Promise<number | undefined> {
    const result = await this.devicectl((json) => devicectlArgs.infoProcesses(device.identifier, json), {
      signal,
      deviceName: device.name,
      what: 'Listing processes',
    });
    return findAppProcess(parseProcesses(result), app.appDir)?.pid;
  }

  async launchApp(device: DeviceInfo, bundleId: string, signal?: AbortSignal): Promise<number> {
    const result = await this.devicectl((json) => devicectlArgs.launch(device.identifier, bundleId, json), {
      signal,
      deviceName: device.name,
      what: 'Launching the app',
    });
    const pid = parseLaunchedPid(result);
    if (pid === undefined) throw new DeviceBridgeError('DEVICECTL_FAILED', messages.devicectlFailed('the launch result has no process id'));
    return pid;
  }

  // ------------------------------------------------------------------------------------------------ simulate

  simulateLaunch(req: SimulateRequest): Promise<SimulateResult> {
    return this.simulate('launch', req);
  }

  simulateExpiration(req: SimulateRequest): Promise<SimulateResult> {
    return this.simulate('expire', req);
  }

  /** Throws the pre-flight EXPIRATION_WITHOUT_LAUNCH when no simulated launch of the task was sent from here. */
  checkExpirationPreflight(deviceId: string, bundleId: string, taskId: string): void {
    if (!this.ledger.hasLaunch(deviceId, bundleId, taskId)) {
      throw new DeviceBridgeError('EXPIRATION_WITHOUT_LAUNCH', messages.expirationWithoutLaunch(taskId), PREFLIGHT);
    }
  }

  async simulate(action: SimulateAction, req: SimulateRequest): Promise<SimulateResult> {
    // Validate first: nothing runs with an invalid id.
    const taskId = assertTaskId(req.taskId);
    const bundleId = assertBundleId(req.bundleId);
    this.assertMac();
    const progress = req.onProgress ?? (() => undefined);

    progress('Finding the device…');
    const device = await this.resolveDevice(req.deviceId, req.signal);
    if (action === 'expire' && !req.force) this.checkExpirationPreflight(device.identifier, bundleId, taskId);

    progress(`Looking up ${bundleId} on ${device.name}…`);
    const app = await this.findApp(device, bundleId, req.signal);
    let pid = await this.findAppPid(device, app, req.signal);
    let launchedApp = false;
    if (pid === undefined) {
      if (req.launchIfNotRunning === false) throw new DeviceBridgeError('APP_NOT_RUNNING', messages.appNotRunning(bundleId));
      progress(`Launching ${appNameFromDir(app.appDir) || bundleId}…`);
      pid = await this.launchApp(device, bundleId, req.signal);
      launchedApp = true;
    }

    const mark = this.watcher.mark();
    const base = { action, route: req.route, device, taskId, bundleId, pid, launchedApp };
    let extra: Pick<SimulateResult, 'transcript' | 'notificationName'>;
    const appName = appNameFromDir(app.appDir) || bundleId;
    if (req.route === 'lldb') {
      progress(`Attaching lldb to ${appName} (pid ${pid}); the first attach over Wi-Fi can take minutes. ${FOREGROUND_HINT}`);
      extra = { transcript: await this.runLldb(action, device, pid, taskId, req.signal, progress) };
    } else {
      const name = hookNotificationName(bundleId, action, taskId);
      progress(`Posting the debug-hook notification to ${appName}. ${FOREGROUND_HINT}`);
      await this.devicectl((json) => devicectlArgs.notificationPost(device.identifier, name, json), {
        signal: req.signal,
        deviceName: device.name,
        what: 'Posting the notification',
      });
      extra = { notificationName: name };
    }
    // The trigger was delivered: remember it so an expiration can be checked, forget it after an expiration.
    if (action === 'launch') this.ledger.recordLaunch(device.identifier, bundleId, taskId);
    else this.ledger.recordEnd(device.identifier, bundleId, taskId);

    let log: SimulateResult['log'] = { kind: 'not-streaming' };
    if (this.watcher.isStreamingFor(streamKey(device.identifier, bundleId))) {
      progress('Waiting for the app log to confirm…');
      try {
        log = await this.watcher.expectSince(mark, action, taskId, this.timeouts.logConfirmMs, req.signal);
      } catch (e) {
        // The framework refused: the request was not consumed, so the ledger entry is wrong.
        if (action === 'launch') this.ledger.recordEnd(device.identifier, bundleId, taskId);
        throw e;
      }
    }
    return { ...base, ...extra, log };
  }

  /**
   * The lldb one-shot, retried once when the first attempt failed before the expression could run:
   * - "device not found" / "no device selected": lldb discovers devices in the background after it starts, so the
   *   first `device select` can come too early;
   * - "Process is running": the attach had not stopped the app yet when the expression came.
   * In both cases batch mode stopped at the failing command, so the selector never ran and a second attempt cannot
   * simulate twice. Each attempt has the full lldb timeout; a timeout is not retried.
   */
  private async runLldb(
    action: SimulateAction,
    device: DeviceInfo,
    pid: number,
    taskId: string,
    signal: AbortSignal | undefined,
    progress: (message: string) => void,
  ): Promise<string> {
    const first = await this.runLldbOnce(action, device, pid, taskId, signal);
    if (first.ok) return first.transcript;
    const code = first.error.code;
    if (first.timedOut || (code !== 'DEVICE_NOT_FOUND' && code !== 'PROCESS_NOT_STOPPED')) throw first.error;
    progress(code === 'DEVICE_NOT_FOUND' ? 'lldb had not discovered the device yet; trying once more…' : 'The app was still running when lldb evaluated; trying once more…');
    const second = await this.runLldbOnce(action, device, pid, taskId, signal);
    const both = (t: string) => `${first.transcript}\n(first attempt failed; trying once more)\n${t}`;
    if (second.ok) return both(second.transcript);
    throw new DeviceBridgeError(second.error.code, second.error.userMessage, both(second.transcript));
  }

  private async runLldbOnce(
    action: SimulateAction,
    device: DeviceInfo,
    pid: number,
    taskId: string,
    signal?: AbortSignal,
  ): Promise<{ ok: true; transcript: string } | { ok: false; transcript: string; error: DeviceBridgeError; timedOut: boolean }> {
    const args = lldbBatchArgs({ deviceId: device.identifier, pid, action, taskId });
    const r = await this.run(args, { timeoutMs: this.timeouts.lldbMs, signal, what: 'lldb' }, { allowTimeout: true });
    const transcript = `${r.stdout}${r.stderr ? `\n${r.stderr}` : ''}`.trim();
    const verdict = classifyLldbOutput({ exitCode: r.code, stdout: r.stdout, stderr: r.stderr });
    if (r.timedOut) {
      // A known failure printed before the hang is more useful than "timed out" (but is not retried: time is up).
      const error =
        verdict.error && verdict.error.code !== 'LLDB_FAILED'
          ? verdict.error
          : new DeviceBridgeError('TIMEOUT', messages.lldbTimeout(Math.round(this.timeouts.lldbMs / 1000)), transcript);
      return { ok: false, transcript, error, timedOut: true };
    }
    if (!verdict.ok) return { ok: false, transcript, error: verdict.error!, timedOut: false };
    return { ok: true, transcript };
  }

  // ------------------------------------------------------------------------------------------------ log

  /**
   * `devicectl device process launch --console` with OS_ACTIVITY_DT_MODE=enable: (re)launches the app and streams its
   * output line by line until the app exits or `signal` aborts. Lines also feed `watcher`, which confirms simulations.
   */
  async launchWithLog(req: LaunchWithLogRequest): Promise<LaunchWithLogResult> {
    const bundleId = assertBundleId(req.bundleId);
    this.assertMac();
    req.onProgress?.('Finding the device…');
    const device = await this.resolveDevice(req.deviceId, req.signal);
    req.onProgress?.(`Launching ${bundleId} on ${device.name} with its log…`);
    const endStream = this.watcher.beginStream(streamKey(device.identifier, bundleId));
    const emit = (line: string) => {
      req.onLine(line);
      this.watcher.push(line);
    };
    const out = new LineSplitter(emit);
    const errLines = new LineSplitter(emit);
    try {
      const args = devicectlArgs.launchWithConsole(device.identifier, bundleId);
      const r = await this.run(
        args,
        {
          timeoutMs: LONG_RUNNING_MS,
          signal: req.signal,
          what: 'Launching with console',
          onStdout: (c) => out.push(c),
          onStderr: (c) => errLines.push(c),
          maxBuffer: 64 * 1024,
        },
        { allowCancel: true },
      );
      out.flush();
      errLines.flush();
      if (r.cancelled) return { device, exitCode: r.code, cancelled: true };
      // devicectl exits with the app. A non-zero exit with devicectl's own "ERROR:" line on stderr is a launch
      // failure; the app's output (stdout) is not looked at, since apps print "error:" lines of their own.
      if (r.code !== 0 && /^(ERROR|Error):|xcrun: error:/m.test(r.stderr)) {
        throw classifyDevicectlFailure({ exitCode: r.code, stderr: r.stderr, deviceName: device.name });
      }
      return { device, exitCode: r.code, cancelled: false };
    } finally {
      endStream();
    }
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  private assertMac(): void {
    const platform = this.opts.platform ?? process.platform;
    if (platform !== 'darwin') throw new DeviceBridgeError('NOT_MACOS', messages.notMacos(platform));
  }

  /** Runs `xcrun <args>`; maps spawn failures, timeouts and cancellation to typed errors. */
  private async run(
    args: string[],
    o: {
      timeoutMs: number;
      signal?: AbortSignal;
      what: string;
      onStdout?: (c: string) => void;
      onStderr?: (c: string) => void;
      maxBuffer?: number;
    },
    flags: { allowTimeout?: boolean; allowCancel?: boolean } = {},
  ): Promise<RunResult> {
    if (o.signal?.aborted) throw new DeviceBridgeError('CANCELLED', messages.cancelled());
    this.opts.log?.(`$ ${formatArgv([path.basename(this.xcrun) === 'xcrun' ? 'xcrun' : this.xcrun, ...args])}`);
    const r = await this.runner(this.xcrun, args, {
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      env: this.opts.env,
      onStdout: o.onStdout,
      onStderr: o.onStderr,
      maxBuffer: o.maxBuffer,
    });
    if (r.spawnError) {
      throw new DeviceBridgeError('NO_XCRUN', messages.noXcrun(this.xcrun), r.spawnError.message);
    }
    if (r.cancelled && !flags.allowCancel) throw new DeviceBridgeError('CANCELLED', messages.cancelled());
    if (r.timedOut && !flags.allowTimeout) {
      throw new DeviceBridgeError(
        'TIMEOUT',
        messages.timeout(`${o.what} (xcrun ${args[0]})`, Math.round(o.timeoutMs / 1000), 'bgtasks.device.devicectlTimeoutSeconds'),
        r.stderr,
      );
    }
    if (!o.onStdout && r.stdout.trim()) this.opts.log?.(r.stdout.trimEnd());
    if (!o.onStderr && r.stderr.trim()) this.opts.log?.(r.stderr.trimEnd());
    return r;
  }

  /** Runs a devicectl command that writes --json-output into a private temp dir; returns `result`. */
  private devicectl(
    build: (jsonPath: string) => string[],
    o: { signal?: AbortSignal; deviceName?: string; what: string },
  ): Promise<Record<string, unknown> | undefined> {
    return withTempDir(this.opts.tmpDir, async (tmp) => {
      const jsonPath = tmp.file('devicectl.json');
      const args = build(jsonPath);
      const r = await this.run(args, { timeoutMs: this.timeouts.devicectlMs, signal: o.signal, what: o.what });
      const text = await readFile(jsonPath, 'utf8').catch(() => undefined);
      const envelope = text === undefined ? undefined : parseEnvelope(text);
      if (r.code !== 0 || !envelope || envelope.outcome !== 'success' || envelope.error) {
        if (r.code === 0 && envelope === undefined && !r.stderr.trim()) {
          const what = text === undefined ? 'wrote no JSON output' : 'wrote JSON output that could not be read';
          throw new DeviceBridgeError('DEVICECTL_FAILED', messages.devicectlFailed(`${o.what}: devicectl ${what}`), text);
        }
        throw classifyDevicectlFailure({ exitCode: r.code, stderr: r.stderr, envelope, deviceName: o.deviceName });
      }
      return envelope.result;
    });
  }
}

/** Which log stream can confirm simulations for this device and app. */
function streamKey(deviceId: string, bundleId: string): string {
  return `${deviceId}\u0000${bundleId}`;
}

/** Prefer a USB-connected device: attaching over Wi-Fi is much slower. */
export function preferredDevice(usable: readonly DeviceInfo[]): DeviceInfo {
  return [...usable].sort((a, b) => rank(a) - rank(b))[0]!;
  function rank(d: DeviceInfo) {
    return d.transport === 'wired' ? 0 : 1;
  }
}

/**
 * The executable to run for xcrun. Only an absolute path is accepted from settings: a relative one would resolve
 * against the extension host's working directory, which may be the (untrusted) workspace.
 */
export function resolveXcrunPath(setting: string | undefined): string {
  if (setting === undefined || setting.trim() === '') return 'xcrun';
  if (!path.isAbsolute(setting)) throw new DeviceBridgeError('INVALID_XCRUN_PATH', messages.invalidXcrunPath(setting));
  return setting;
}

/** argv as a readable, unambiguous line for the transcript (quotes only what needs quoting). */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
