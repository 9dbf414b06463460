/**
 * The scheduler-simulator webview protocol. Messages are untrusted JSON on both sides of
 * postMessage, so each side checks what it receives with `isFromWebview` / `isToWebview` before
 * switching on `type`.
 *
 * Order: the webview posts `ready` first (after restoring its saved state); the host answers with
 * `init`. After that the host may send `tasks` (the workspace changed), `focusTask` (opened again
 * from a code lens), and the answers to `loadScenario` / `saveScenario`.
 *
 * Leaf module: imports only protocol/tasks. A scenario travels as JSON that the receiver checks with
 * parseScenario, so the protocol names only its version (a filled Scenario fits it structurally).
 */
import type { SourceLocation, TaskSummary } from './tasks';

/** A scenario on the wire: any JSON object with `version: 1`; the receiver validates the rest. */
export interface ScenarioJson {
  version: 1;
}

export type SiteKind = 'register' | 'submit' | 'permitted';

/** Host → webview. */
export type ToWebview =
  /** Answer to `ready`: the workspace's tasks, and the task to focus when opened from a code lens. */
  | { type: 'init'; tasks: TaskSummary[]; focusTaskId?: string }
  /** The workspace's tasks changed; the webview re-runs the simulation. */
  | { type: 'tasks'; tasks: TaskSummary[] }
  /** The panel was shown again for a task (code lens on a register site). */
  | { type: 'focusTask'; taskId: string }
  /** A scenario file the user picked, already validated by the host with parseScenario. */
  | { type: 'scenarioLoaded'; scenario: ScenarioJson; fileName: string }
  /** The scenario was written to a file. */
  | { type: 'scenarioSaved'; fileName: string }
  /** Something the user asked for failed (e.g. an invalid scenario file); `details` lists the errors. */
  | { type: 'error'; message: string; details?: string[] };

/** Webview → host. */
export type FromWebview =
  /** First message: the webview is listening. */
  | { type: 'ready' }
  /** Reveal a task's source site. The host resolves it from its own task list (never trusts a URI from the webview). */
  | { type: 'reveal'; taskId: string; site: SiteKind }
  /** Ask the host to show an open dialog for a `*.bgscenario.json` file. */
  | { type: 'loadScenario' }
  /** Ask the host to save the scenario (validated again by the host) through a save dialog. */
  | { type: 'saveScenario'; scenario: unknown; suggestedName?: string };

const MAX_ID = 512;
const SITES: readonly string[] = ['register', 'submit', 'permitted'];
const KINDS: readonly string[] = ['refresh', 'processing', 'healthResearch', 'continuedProcessing', 'unknown'];
const RESUBMITS: readonly string[] = ['start', 'end', 'never', 'unknown'];

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isShortString(x: unknown, max = MAX_ID): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= max;
}

function isOptional(x: unknown, check: (v: unknown) => boolean): boolean {
  return x === undefined || check(x);
}

const isBool = (x: unknown): boolean => typeof x === 'boolean';
const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;

export function isSourceLocation(x: unknown): x is SourceLocation {
  return isObject(x) && isShortString(x.uri, 4096) && isCount(x.line) && isCount(x.character);
}

export function isTaskSummary(x: unknown): x is TaskSummary {
  if (!isObject(x)) return false;
  if (!isShortString(x.id) || !KINDS.includes(x.kind as string)) return false;
  if (!isBool(x.permitted) || !isBool(x.registered) || !isBool(x.submitted) || !isCount(x.findings)) return false;
  if (!isOptional(x.scope, (v) => typeof v === 'string')) return false;
  const r = x.request;
  if (
    r !== undefined &&
    !(
      isObject(r) &&
      isOptional(r.earliestBeginDelaySeconds, (v) => typeof v === 'number' && Number.isFinite(v)) &&
      isOptional(r.requiresExternalPower, isBool) &&
      isOptional(r.requiresNetworkConnectivity, isBool)
    )
  ) {
    return false;
  }
  const h = x.handler;
  if (h !== undefined && !(isObject(h) && isBool(h.setsExpirationHandler) && isBool(h.completesOnAllPaths) && RESUBMITS.includes(h.resubmits as string))) return false;
  if (!isOptional(x.simulation, isSimulationFacts)) return false;
  const s = x.sites;
  return isObject(s) && SITES.every((k) => isOptional(s[k], isSourceLocation));
}

const CRASH_CAUSES: readonly string[] = ['typeMismatch', 'duplicateRegistration', 'lateRegistration', 'neverRegistered'];
const PROTECTIONS: readonly string[] = ['none', 'complete', 'completeUnlessOpen', 'completeUntilFirstUserAuthentication', 'unknown'];
const ENTITLEMENT: readonly string[] = ['present', 'missing', 'unknown'];

function isSimulationFacts(x: unknown): boolean {
  if (!isObject(x)) return false;
  const c = x.launchCrash;
  if (c !== undefined && !(isObject(c) && CRASH_CAUSES.includes(c.cause as string) && isShortString(c.text, 2000))) return false;
  if (!isOptional(x.castNeverCompletes, isBool) || !isOptional(x.expirationHandlerCompletes, isBool) || !isOptional(x.reportsProgress, isBool) || !isOptional(x.wildcard, isBool)) return false;
  if (!isOptional(x.dataProtection, (v) => PROTECTIONS.includes(v as string)) || !isOptional(x.healthResearchEntitlement, (v) => ENTITLEMENT.includes(v as string))) return false;
  const p = x.submitPolicy;
  if (p === undefined) return true;
  return (
    isObject(p) &&
    ['known', 'background', 'launch', 'launchScene', 'launchGuarded', 'userAction', 'handler'].every((k) => isBool(p[k])) &&
    Array.isArray(p.where) &&
    p.where.length <= 20 &&
    p.where.every((w) => isShortString(w, 500))
  );
}

function isTaskList(x: unknown): x is TaskSummary[] {
  return Array.isArray(x) && x.length <= 10_000 && x.every(isTaskSummary);
}

export function isFromWebview(x: unknown): x is FromWebview {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready':
    case 'loadScenario':
      return true;
    case 'reveal':
      return isShortString(x.taskId) && SITES.includes(x.site as string);
    case 'saveScenario':
      return isObject(x.scenario) && isOptional(x.suggestedName, (v) => isShortString(v, 200));
    default:
      return false;
  }
}

export function isToWebview(x: unknown): x is ToWebview {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'init':
      return isTaskList(x.tasks) && isOptional(x.focusTaskId, (v) => isShortString(v));
    case 'tasks':
      return isTaskList(x.tasks);
    case 'focusTask':
      return isShortString(x.taskId);
    case 'scenarioLoaded':
      // The webview re-parses the scenario with parseScenario; here only the envelope is checked.
      return isObject(x.scenario) && x.scenario.version === 1 && isShortString(x.fileName, 4096);
    case 'scenarioSaved':
      return isShortString(x.fileName, 4096);
    case 'error':
      return isShortString(x.message, 4000) && isOptional(x.details, (v) => Array.isArray(v) && v.length <= 200 && v.every((d) => typeof d === 'string'));
    default:
      return false;
  }
}
