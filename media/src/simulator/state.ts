/**
 * The panel's view state and its pure reducer: (state, action) → state. No DOM here, so the logic
 * behind every control is testable without a browser. The simulation result is derived from the
 * state (see derive.ts), never stored in it.
 */
import type { TaskSummary } from '../../../server/src/protocol/tasks';
import type { ToWebview } from '../../../server/src/protocol/simulatorMessages';
import { DAY, cloneScenario, defaultScenario, parseScenario, presetByName } from '../../../server/src/simulator/index';
import type { Scenario, UsageSession } from '../../../server/src/simulator/index';
import { isTimeOfDay } from '../../../server/src/simulator/clock';

export interface Status {
  kind: 'info' | 'error';
  text: string;
  details?: string[];
}

export interface ViewState {
  tasks: TaskSummary[];
  scenario: Scenario;
  /** The preset the scenario came from, or null once loaded from a file. */
  presetId: string | null;
  /** Where the "why not" cursor is, in simulated seconds. */
  cursor: number;
  focusTaskId: string | null;
  status: Status | null;
  /** How much of the timeline is shown: every day, the week around the cursor, or the cursor's day. */
  zoom: Zoom;
  /** True once the host has sent `init`. */
  initialized: boolean;
}

export type Zoom = 'all' | 'week' | 'day';

export type BooleanSetting = 'lowPowerMode' | 'backgroundAppRefresh' | 'lowDataMode';

export type Action =
  | { type: 'host'; message: ToWebview }
  | { type: 'preset'; id: string }
  | { type: 'days'; value: number }
  | { type: 'seed'; value: number }
  | { type: 'usage'; which: 'weekdays' | 'weekends'; text: string }
  | { type: 'jitter'; minutes: number }
  | { type: 'setting'; key: BooleanSetting; value: boolean }
  | { type: 'network'; value: 'wifi' | 'cellular' | 'none' }
  | { type: 'overnightCharging'; value: boolean }
  | { type: 'forceQuitPercent'; value: number }
  | { type: 'cursor'; t: number }
  | { type: 'cursorStep'; seconds: number }
  | { type: 'focus'; taskId: string | null }
  | { type: 'zoom'; zoom: Zoom }
  | { type: 'dismissStatus' };

export const DEFAULT_PRESET = 'commuter-weekday';
/** The charging window the "charges overnight" toggle adds. */
export const OVERNIGHT_CHARGING = { from: '23:00', to: '07:00', days: 'daily' as const };

export function initialState(): ViewState {
  const scenario = presetByName(DEFAULT_PRESET) ?? defaultScenario();
  return { tasks: [], scenario, presetId: DEFAULT_PRESET, cursor: 8 * 3600, focusTaskId: null, status: null, zoom: 'all', initialized: false };
}

/** What survives the panel being hidden: setState/getState carry exactly this. */
export interface PersistedState {
  scenario: Scenario;
  presetId: string | null;
  cursor: number;
  focusTaskId: string | null;
  zoom: Zoom;
}

export function persistable(s: ViewState): PersistedState {
  return { scenario: s.scenario, presetId: s.presetId, cursor: s.cursor, focusTaskId: s.focusTaskId, zoom: s.zoom };
}

/** Restores saved state; anything invalid (old format, tampering) falls back to the defaults. */
export function restore(saved: unknown): ViewState {
  const base = initialState();
  if (typeof saved !== 'object' || saved === null) return base;
  const o = saved as Record<string, unknown>;
  const parsed = parseScenario(o.scenario);
  if (!parsed.scenario) return base;
  const cursor = typeof o.cursor === 'number' && Number.isFinite(o.cursor) ? o.cursor : base.cursor;
  return {
    ...base,
    scenario: parsed.scenario,
    presetId: typeof o.presetId === 'string' && presetByName(o.presetId) ? o.presetId : null,
    cursor: clampCursor(cursor, parsed.scenario),
    focusTaskId: typeof o.focusTaskId === 'string' ? o.focusTaskId : null,
    zoom: o.zoom === 'week' || o.zoom === 'day' ? o.zoom : 'all',
  };
}

/** The stretch of simulated time the timeline shows for the state's zoom and cursor. */
export function viewRange(s: ViewState): { from: number; to: number } {
  const end = s.scenario.days * DAY;
  const day = Math.floor(s.cursor / DAY);
  if (s.zoom === 'day') return { from: day * DAY, to: Math.min(end, (day + 1) * DAY) };
  if (s.zoom === 'week') {
    const first = Math.max(0, Math.min(day - 3, s.scenario.days - 7));
    return { from: first * DAY, to: Math.min(end, (first + 7) * DAY) };
  }
  return { from: 0, to: end };
}

export function reduce(state: ViewState, action: Action): ViewState {
  switch (action.type) {
    case 'host':
      return onHost(state, action.message);
    case 'preset': {
      const scenario = presetByName(action.id);
      if (!scenario) return { ...state, status: { kind: 'error', text: `Unknown preset ${action.id}.` } };
      return { ...state, scenario, presetId: action.id, cursor: clampCursor(state.cursor, scenario), status: null };
    }
    case 'days':
      return edit(state, (s) => (s.days = action.value));
    case 'seed':
      return edit(state, (s) => (s.seed = action.value));
    case 'usage': {
      const times = parseTimes(action.text);
      if ('error' in times) return { ...state, status: { kind: 'error', text: `${action.which === 'weekdays' ? 'Weekday' : 'Weekend'} opens: ${times.error}` } };
      return edit(state, (s) => (s.usage.sessions = replaceSessions(s.usage.sessions, action.which, times.list)));
    }
    case 'jitter':
      return edit(state, (s) => s.usage.sessions.forEach((x) => (x.jitterMinutes = action.minutes)));
    case 'setting':
      return edit(state, (s) => (s.device.baseline[action.key] = action.value));
    case 'network':
      return edit(state, (s) => (s.device.baseline.network = action.value));
    case 'overnightCharging':
      return edit(state, (s) => (s.device.charging = action.value ? [{ ...OVERNIGHT_CHARGING }] : []));
    case 'forceQuitPercent':
      return edit(state, (s) => (s.usage.forceQuitAfterSessionProbability = action.value / 100));
    case 'cursor':
      return { ...state, cursor: clampCursor(action.t, state.scenario) };
    case 'cursorStep':
      return { ...state, cursor: clampCursor(state.cursor + action.seconds, state.scenario) };
    case 'focus':
      return { ...state, focusTaskId: action.taskId };
    case 'zoom':
      return { ...state, zoom: action.zoom };
    case 'dismissStatus':
      return { ...state, status: null };
  }
}

function onHost(state: ViewState, m: ToWebview): ViewState {
  switch (m.type) {
    case 'init':
      return { ...state, tasks: m.tasks, focusTaskId: m.focusTaskId ?? state.focusTaskId, initialized: true };
    case 'tasks':
      return { ...state, tasks: m.tasks };
    case 'focusTask':
      return { ...state, focusTaskId: m.taskId };
    case 'scenarioLoaded': {
      // The host validated it already; the webview does not take that on trust.
      const parsed = parseScenario(m.scenario);
      if (!parsed.scenario) return { ...state, status: { kind: 'error', text: `${m.fileName} is not a valid scenario.`, details: parsed.errors } };
      return { ...state, scenario: parsed.scenario, presetId: null, cursor: clampCursor(state.cursor, parsed.scenario), status: { kind: 'info', text: `Loaded ${m.fileName}.` } };
    }
    case 'scenarioSaved':
      return { ...state, status: { kind: 'info', text: `Saved ${m.fileName}.` } };
    case 'error':
      return { ...state, status: { kind: 'error', text: m.message, details: m.details } };
  }
}

/** Applies a control's change to a copy and keeps it only if the result is still a valid scenario. */
function edit(state: ViewState, change: (s: Scenario) => void): ViewState {
  const next = cloneScenario(state.scenario);
  change(next);
  const parsed = parseScenario(next);
  if (!parsed.scenario) return { ...state, status: { kind: 'error', text: 'That value is out of range.', details: parsed.errors } };
  return { ...state, scenario: parsed.scenario, presetId: null, cursor: clampCursor(state.cursor, parsed.scenario), status: null };
}

export function clampCursor(t: number, s: Scenario): number {
  return Math.min(Math.max(0, Math.round(t)), s.days * DAY - 60);
}

/** "08:05, 12:30 21:40" → ["08:05", "12:30", "21:40"]; "8:05" is accepted as "08:05". */
export function parseTimes(text: string): { list: string[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p.length > 0);
  const list: string[] = [];
  for (const p of parts) {
    const normal = /^\d:\d\d$/.test(p) ? `0${p}` : p;
    if (!isTimeOfDay(normal) || normal === '24:00') return { error: `"${p}" is not a time like 08:05.` };
    list.push(normal);
  }
  if (list.length > 24) return { error: 'at most 24 opens a day.' };
  return { list: [...new Set(list)].sort() };
}

/** The times the user opens the app on weekdays or weekends, as the usage fields show them. */
export function usageTimes(s: Scenario, which: 'weekdays' | 'weekends'): string[] {
  return s.usage.sessions.filter((x) => x.days === which || x.days === 'daily').map((x) => x.at).sort();
}

/** Sessions with explicit weekday lists are kept; 'daily' ones are split so one side can change alone. */
function replaceSessions(sessions: UsageSession[], which: 'weekdays' | 'weekends', times: string[]): UsageSession[] {
  const other = which === 'weekdays' ? 'weekends' : 'weekdays';
  const kept: UsageSession[] = [];
  const template = sessions[0] ?? { at: '08:00', jitterMinutes: 10, durationMinutes: 5, days: 'daily', probability: 1 };
  for (const x of sessions) {
    if (x.days === 'daily') kept.push({ ...x, days: other });
    else if (x.days !== which) kept.push(x);
  }
  const added = times.map((at) => ({ at, jitterMinutes: template.jitterMinutes, durationMinutes: template.durationMinutes, days: which, probability: 1 }) as UsageSession);
  return [...kept, ...added];
}
