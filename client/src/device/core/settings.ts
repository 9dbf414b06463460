/**
 * Settings logic that needs no `vscode` (so it is unit-tested): which xcrun to trust, timeouts, route, bundle id.
 */
import { isValidBundleId } from './validate';
import { normalizeRouteSetting, type RouteSetting } from './routes';
import { DEFAULT_TIMEOUTS, type BridgeTimeouts } from './bridge';

/** The shape of `WorkspaceConfiguration.inspect()` that matters here. */
export interface Inspected<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * bgtasks.xcrunPath names an executable the extension runs. It is contributed with scope "machine", and is read
 * here from the user (global) or default value *only*: a workspace's .vscode/settings.json is attacker-controlled
 * when you open someone else's repository, and must never be able to choose which binary runs. The machine scope
 * already keeps VS Code from applying workspace values; ignoring them here as well protects against an editor or
 * fork that does not enforce scopes, and makes the rule testable.
 */
export function trustedXcrunPath(inspected: Inspected<unknown> | undefined): string | undefined {
  const v = inspected?.globalValue ?? inspected?.defaultValue;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export interface DeviceSettings {
  route: RouteSetting;
  bundleId?: string;
  launchIfNotRunning: boolean;
  timeouts: BridgeTimeouts;
}

/** Reads the device settings through a getter (WorkspaceConfiguration.get), clamping numbers to sane ranges. */
export function readDeviceSettings(get: (key: string) => unknown): DeviceSettings {
  const secs = (key: string, def: number, min: number, max: number) => {
    const v = get(key);
    const n = typeof v === 'number' && Number.isFinite(v) ? v : def;
    return Math.min(max, Math.max(min, n));
  };
  const bundleId = get('device.bundleId');
  return {
    route: normalizeRouteSetting(get('device.route')),
    bundleId: typeof bundleId === 'string' && bundleId.trim() !== '' ? bundleId.trim() : undefined,
    launchIfNotRunning: get('device.launchIfNotRunning') !== false,
    timeouts: {
      devicectlMs: secs('device.devicectlTimeoutSeconds', DEFAULT_TIMEOUTS.devicectlMs / 1000, 5, 600) * 1000,
      listDevicesSeconds: DEFAULT_TIMEOUTS.listDevicesSeconds,
      lldbMs: secs('device.lldbTimeoutSeconds', DEFAULT_TIMEOUTS.lldbMs / 1000, 10, 600) * 1000,
      logConfirmMs: secs('device.logConfirmSeconds', DEFAULT_TIMEOUTS.logConfirmMs / 1000, 1, 120) * 1000,
    },
  };
}

export interface BundleIdCandidate {
  target: string;
  bundleId: string;
  configuration?: string;
}

/**
 * The bundle ids worth offering: valid ones only (unexpanded `$(PRODUCT_BUNDLE_IDENTIFIER)` and friends are dropped),
 * one entry per bundle id, Debug configurations first (that is what runs on the device from Xcode).
 */
export function bundleIdCandidates(list: readonly BundleIdCandidate[]): BundleIdCandidate[] {
  const seen = new Map<string, BundleIdCandidate>();
  const sorted = [...list].sort((a, b) => debugRank(a) - debugRank(b));
  for (const c of sorted) {
    if (!isValidBundleId(c.bundleId) || seen.has(c.bundleId)) continue;
    seen.set(c.bundleId, c);
  }
  return [...seen.values()];
}

function debugRank(c: BundleIdCandidate): number {
  return /debug/i.test(c.configuration ?? '') ? 0 : c.configuration === undefined ? 1 : 2;
}
