/**
 * `xcrun devicectl`: argv builders, JSON parsing and failure classification. Pure functions; bridge.ts runs them.
 *
 * Facts this relies on (see docs/device-bridge.md for sources):
 * - every JSON file is `{ info: { outcome: "success" | "failed", … }, result?: {…}, error?: { code, domain, userInfo } }`;
 * - `--json-output` needs a value (a path here);
 * - `list devices` may return empty `hardwareProperties` for iOS ≤ 16 over USB, and simulated devices on newer Xcode;
 * - `info processes` has no bundle id: the app's pid is found by matching executables against the app's install URL,
 *   and URLs are percent-encoded file URLs that may carry four slashes (`file:////private/var/…`).
 */
import { DeviceBridgeError, type DeviceBridgeErrorCode, messages } from './errors';
import { assertBundleId, assertDeviceId, isValidDeviceId } from './validate';

/** The environment that makes os_log / NSLog (including the BackgroundTasks framework's lines) reach --console. */
export const CONSOLE_LOG_ENV = { OS_ACTIVITY_DT_MODE: 'enable' } as const;

// ---------------------------------------------------------------------------------------------------------------
// argv builders (the arguments after `xcrun`)

export const devicectlArgs = {
  listDevices: (jsonPath: string, timeoutSeconds = 10): string[] => [
    'devicectl', 'list', 'devices', '--json-output', jsonPath,
    // devicectl rejects timeouts under 5 s.
    '--timeout', String(Math.max(5, Math.round(timeoutSeconds))),
  ],
  infoApps: (deviceId: string, bundleId: string, jsonPath: string): string[] => [
    'devicectl', 'device', 'info', 'apps', '--device', assertDeviceId(deviceId), '--bundle-id', assertBundleId(bundleId),
    '--json-output', jsonPath,
  ],
  infoProcesses: (deviceId: string, jsonPath: string): string[] => [
    'devicectl', 'device', 'info', 'processes', '--device', assertDeviceId(deviceId), '--json-output', jsonPath,
  ],
  /** Launch without console: returns at once and the JSON holds the pid. The bundle id is the positional argument. */
  launch: (deviceId: string, bundleId: string, jsonPath: string): string[] => [
    'devicectl', 'device', 'process', 'launch', '--device', assertDeviceId(deviceId), '--json-output', jsonPath,
    assertBundleId(bundleId),
  ],
  /**
   * Launch with the app's stdout/stderr attached (`--console`, Xcode 16+). Blocks until the app exits.
   * `--terminate-existing` because devicectl cannot attach a console to an already running process.
   */
  launchWithConsole: (deviceId: string, bundleId: string): string[] => [
    'devicectl', 'device', 'process', 'launch', '--device', assertDeviceId(deviceId), '--console', '--terminate-existing',
    '--environment-variables', JSON.stringify(CONSOLE_LOG_ENV), assertBundleId(bundleId),
  ],
  notificationPost: (deviceId: string, name: string, jsonPath: string): string[] => [
    'devicectl', 'device', 'notification', 'post', '--device', assertDeviceId(deviceId), '--name', name, '--json-output', jsonPath,
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// JSON envelope

export interface DevicectlErrorInfo {
  code?: number;
  domain?: string;
  /** Every human-readable string found in the error and its underlying errors, outermost first. */
  descriptions: string[];
}

export interface DevicectlEnvelope {
  outcome: string;
  result?: Record<string, unknown>;
  error?: DevicectlErrorInfo;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Parses a --json-output file. Returns undefined for unreadable text (the caller then falls back to stderr). */
export function parseEnvelope(text: string): DevicectlEnvelope | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(data)) return undefined;
  const info = isObj(data.info) ? data.info : {};
  const outcome = str(info.outcome) ?? (data.error ? 'failed' : 'success');
  return {
    outcome,
    result: isObj(data.result) ? data.result : undefined,
    error: isObj(data.error) ? parseError(data.error) : undefined,
  };
}

function parseError(e: Json): DevicectlErrorInfo {
  const descriptions: string[] = [];
  // userInfo values look like { "NSLocalizedDescription": { "string": "…" } } and underlying errors nest as
  // { "NSUnderlyingError": { "error": { code, domain, userInfo } } }. Walk it all, bounded.
  const walk = (v: unknown, depth: number) => {
    if (depth > 8) return;
    if (typeof v === 'string') {
      if (v.trim() && !descriptions.includes(v.trim())) descriptions.push(v.trim());
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
    } else if (isObj(v)) {
      for (const key of ['NSLocalizedDescription', 'NSLocalizedFailureReason', 'NSLocalizedRecoverySuggestion', 'string']) {
        if (key in v) walk(v[key], depth + 1);
      }
      for (const [k, x] of Object.entries(v)) {
        if (!['NSLocalizedDescription', 'NSLocalizedFailureReason', 'NSLocalizedRecoverySuggestion', 'string'].includes(k)) {
          if (isObj(x) || Array.isArray(x) || k.endsWith('Description') || k === 'BSErrorCodeDescription') walk(x, depth + 1);
        }
      }
    }
  };
  walk(e.userInfo, 0);
  return { code: typeof e.code === 'number' ? e.code : undefined, domain: str(e.domain), descriptions };
}

// ---------------------------------------------------------------------------------------------------------------
// failures

export interface DevicectlFailureInput {
  exitCode: number | null;
  stderr: string;
  envelope?: DevicectlEnvelope;
  /** Device name for the message, when a device is involved. */
  deviceName?: string;
}

/** Maps a failed devicectl run to a DeviceBridgeError. Order matters: the most specific cause wins. */
export function classifyDevicectlFailure(input: DevicectlFailureInput): DeviceBridgeError {
  const { stderr, envelope } = input;
  const device = input.deviceName ?? 'the device';
  const texts = [...(envelope?.error?.descriptions ?? []), stderr].join('\n');
  const detail = texts.trim() || `exit code ${String(input.exitCode)}`;
  const e = (code: DeviceBridgeErrorCode, msg: string) => new DeviceBridgeError(code, msg, detail);

  if (/unable to find utility "devicectl"/.test(stderr)) return e('XCODE_TOO_OLD', messages.devicectlMissing());
  if (/invalid active developer path|xcode-select: error|requires Xcode|no developer tools were found/i.test(stderr)) {
    return e('NO_XCODE', messages.noXcode(firstLine(stderr)));
  }
  if (/Unknown option '--console'|unknown option.*--console/i.test(texts)) return e('XCODE_TOO_OLD', messages.consoleTooOld());
  if (/developer mode/i.test(texts)) return e('DEVELOPER_MODE_OFF', messages.developerModeOff(device));
  if (/\block(ed)?\b|could not be, unlocked|passcode/i.test(texts)) return e('DEVICE_LOCKED', messages.deviceLocked(device));
  const err = envelope?.error;
  if ((err?.code === 1000 && /CoreDeviceError/.test(err.domain ?? '')) || /specified device was not found/i.test(texts)) {
    return e('DEVICE_NOT_FOUND', messages.deviceNotFound(device));
  }
  const first = err?.descriptions[0] ?? (firstLine(stderr.replace(/^ERROR:\s*/m, '')) || detail);
  const suffix = err?.code !== undefined ? ` (${err.domain ?? 'error'} ${err.code})` : '';
  return e('DEVICECTL_FAILED', messages.devicectlFailed(first + suffix));
}

function firstLine(s: string): string {
  return s.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
}

// ---------------------------------------------------------------------------------------------------------------
// devices

export interface DeviceInfo {
  /** CoreDevice identifier (UUID): used for `--device` and for lldb's `device select`. */
  identifier: string;
  /** Hardware UDID; missing for some iOS ≤ 16 USB devices. */
  udid?: string;
  name: string;
  model?: string;
  deviceType?: string;
  platform?: string;
  osVersion?: string;
  transport?: string;
  tunnelState?: string;
  paired: boolean;
  developerMode?: string;
  isSimulator: boolean;
  /** False when the device cannot be used for simulate-launch; `unusable` then says why. */
  usable: boolean;
  unusable?: { code: DeviceBridgeErrorCode; reason: string };
}

export const MIN_IOS_MAJOR = 17;

export function parseDevices(result: Record<string, unknown> | undefined): DeviceInfo[] {
  const list = Array.isArray(result?.devices) ? result.devices : [];
  const out: DeviceInfo[] = [];
  for (const d of list) {
    if (!isObj(d)) continue;
    const identifier = str(d.identifier);
    // The identifier goes into argv and into an lldb command: drop anything odd rather than escape it.
    if (!isValidDeviceId(identifier)) continue;
    const hw = isObj(d.hardwareProperties) ? d.hardwareProperties : {};
    const dp = isObj(d.deviceProperties) ? d.deviceProperties : {};
    const cp = isObj(d.connectionProperties) ? d.connectionProperties : {};
    const udid = str(hw.udid);
    const info: DeviceInfo = {
      identifier,
      udid: isValidDeviceId(udid) ? udid : undefined,
      name: str(dp.name) ?? str(hw.marketingName) ?? identifier,
      model: str(hw.marketingName) ?? str(hw.productType),
      deviceType: str(hw.deviceType),
      platform: str(hw.platform),
      osVersion: str(dp.osVersionNumber),
      transport: str(cp.transportType),
      tunnelState: str(cp.tunnelState),
      paired: str(cp.pairingState) === 'paired',
      developerMode: str(dp.developerModeStatus),
      isSimulator: str(hw.reality) === 'simulated',
      usable: true,
    };
    info.unusable = unusableReason(info);
    info.usable = info.unusable === undefined;
    out.push(info);
  }
  return out;
}

function unusableReason(d: DeviceInfo): DeviceInfo['unusable'] {
  if (d.isSimulator) return { code: 'SIMULATOR_SELECTED', reason: 'a Simulator (simulate-launch works only on a physical device)' };
  if (d.platform !== undefined && d.platform !== 'iOS') return { code: 'DEVICE_UNSUPPORTED', reason: `it runs ${d.platform}, not iOS or iPadOS` };
  if (!d.paired) return { code: 'DEVICE_UNSUPPORTED', reason: 'it is not paired with this Mac (pair it once in Xcode)' };
  if (d.tunnelState === 'unavailable' || d.osVersion === undefined) {
    return { code: 'DEVICE_UNSUPPORTED', reason: 'CoreDevice cannot reach it (iOS 16 or earlier, or not connected)' };
  }
  const major = Number.parseInt(d.osVersion, 10);
  if (!Number.isFinite(major) || major < MIN_IOS_MAJOR) {
    return { code: 'DEVICE_UNSUPPORTED', reason: `it runs iOS ${d.osVersion}; iOS ${MIN_IOS_MAJOR} or later is needed` };
  }
  if (d.developerMode !== undefined && d.developerMode !== 'enabled') return { code: 'DEVELOPER_MODE_OFF', reason: 'Developer Mode is off' };
  return undefined;
}

/** Turns an unusable device into the error the user should see. */
export function deviceUnusableError(d: DeviceInfo): DeviceBridgeError {
  const u = d.unusable ?? { code: 'DEVICE_UNSUPPORTED' as const, reason: 'unknown' };
  switch (u.code) {
    case 'SIMULATOR_SELECTED':
      return new DeviceBridgeError('SIMULATOR_SELECTED', messages.simulatorSelected(d.name));
    case 'DEVELOPER_MODE_OFF':
      return new DeviceBridgeError('DEVELOPER_MODE_OFF', messages.developerModeOff(d.name));
    default:
      return new DeviceBridgeError(u.code, messages.deviceUnsupported(d.name, u.reason));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// apps and processes

export interface InstalledApp {
  bundleId: string;
  name?: string;
  /** The install directory as a normalised absolute path (no scheme, decoded, no trailing slash). */
  appDir: string;
}

export function parseApps(result: Record<string, unknown> | undefined): InstalledApp[] {
  const list = Array.isArray(result?.apps) ? result.apps : [];
  const out: InstalledApp[] = [];
  for (const a of list) {
    if (!isObj(a)) continue;
    const url = str(a.url);
    const bundleId = str(a.bundleIdentifier);
    if (!url || !bundleId) continue;
    out.push({ bundleId, name: str(a.name), appDir: normalizeFileUrl(url) });
  }
  return out;
}

export interface RunningProcess {
  pid: number;
  executable?: string;
}

export function parseProcesses(result: Record<string, unknown> | undefined): RunningProcess[] {
  const list = Array.isArray(result?.runningProcesses) ? result.runningProcesses : [];
  const out: RunningProcess[] = [];
  for (const p of list) {
    if (!isObj(p)) continue;
    const pid = p.processIdentifier;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) continue;
    const exe = str(p.executable);
    out.push({ pid, executable: exe ? normalizeFileUrl(exe) : undefined });
  }
  return out;
}

export function parseLaunchedPid(result: Record<string, unknown> | undefined): number | undefined {
  const proc = isObj(result?.process) ? result.process : undefined;
  const pid = proc?.processIdentifier;
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * file URL → absolute path: strips the scheme and host-less slashes (`file:////private/…` has four), percent-decodes
 * each segment, drops a trailing slash, and maps `/private/var/…` to `/var/…` (the same directory on iOS; the two
 * spellings appear in different devicectl outputs).
 */
export function normalizeFileUrl(url: string): string {
  let p = url.trim();
  if (/^file:/i.test(p)) p = p.slice(5);
  // A `file://localhost/…` host is the same as none.
  p = p.replace(/^\/\/localhost(?=\/)/i, '');
  p = '/' + p.replace(/^\/+/, '');
  const segments = p.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s; // malformed escape: compare it literally rather than fail
    }
  });
  p = segments.join('/').replace(/\/+/g, '/');
  if (p.length > 1) p = p.replace(/\/+$/, '');
  if (p.startsWith('/private/var/')) p = p.slice('/private'.length);
  return p;
}

/**
 * The app's own process: its executable lies directly inside the app directory (`…/My App.app/My App`).
 * App extensions live deeper (`…/My App.app/PlugIns/Widgets.appex/Widgets`) and never match, which is the mistake a
 * substring match makes (Flutter once attached to a widget extension that way).
 */
export function findAppProcess(processes: readonly RunningProcess[], appDir: string): RunningProcess | undefined {
  const dir = normalizeFileUrl(appDir);
  const candidates = processes.filter((p) => {
    if (!p.executable || !p.executable.startsWith(dir + '/')) return false;
    const rest = p.executable.slice(dir.length + 1);
    return rest.length > 0 && !rest.includes('/') && !dir.endsWith('.appex');
  });
  // Two live instances cannot normally exist; if they do, the newest (highest pid) is the one the user sees.
  return candidates.sort((a, b) => b.pid - a.pid)[0];
}

/** "Runner" for ".../Runner.app". */
export function appNameFromDir(appDir: string): string {
  const base = normalizeFileUrl(appDir).split('/').pop() ?? '';
  return base.replace(/\.app$/, '');
}
