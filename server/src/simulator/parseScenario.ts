/**
 * Reads a scenario from untrusted JSON (a `*.bgscenario.json` file, a webview message, CLI input).
 * Never throws: it returns the scenario, filled from defaults (or from the preset named by
 * `extends`), or a list of readable errors, each with the JSON path it is about.
 * Keep in step with schemas/bgscenario.schema.json (a test checks the presets against both).
 */
import { isTimeOfDay } from './clock';
import { presetByName } from './presets';
import {
  ACTION_KINDS,
  APP_SUBMIT_POLICIES,
  THERMAL_STATES,
  WEEKDAYS,
  defaultScenario,
  type UserAction,
  type DaySelector,
  type DevicePeriod,
  type DeviceSettings,
  type DurationDistribution,
  type RecurringWindow,
  type Scenario,
  type TaskBehaviour,
  type UsageSession,
} from './scenario';

export type ParseScenarioResult = { scenario: Scenario; errors?: undefined } | { scenario?: undefined; errors: string[] };

/** Upper bound on simulated days: keeps a hand-edited file from freezing the panel. */
export const MAX_DAYS = 120;

type Obj = Record<string, unknown>;

class Reader {
  readonly errors: string[] = [];

  /** Typed readers treat `undefined` as "absent" (the base value stays); required fields call this first. */
  require(path: string, v: unknown): boolean {
    if (v !== undefined) return true;
    this.fail(path, 'required');
    return false;
  }

  fail(path: string, message: string): undefined {
    this.errors.push(`${path || '(root)'}: ${message}`);
    return undefined;
  }

  object(path: string, v: unknown, allowed: readonly string[]): Obj | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.fail(path, `expected an object, got ${describe(v)}`);
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key)) this.fail(join(path, key), `unknown property (allowed: ${allowed.join(', ')})`);
    }
    return v as Obj;
  }

  number(path: string, v: unknown, min: number, max: number, integer = false): number | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(path, `expected a number, got ${describe(v)}`);
    if (integer && !Number.isInteger(v)) return this.fail(path, `expected a whole number, got ${v}`);
    if (v < min || v > max) return this.fail(path, `expected a number from ${min} to ${max}, got ${v}`);
    return v;
  }

  boolean(path: string, v: unknown): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.fail(path, `expected true or false, got ${describe(v)}`);
    return v;
  }

  string(path: string, v: unknown, maxLength = 500): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.fail(path, `expected a string, got ${describe(v)}`);
    if (v.length > maxLength) return this.fail(path, `expected at most ${maxLength} characters`);
    return v;
  }

  oneOf<T extends string>(path: string, v: unknown, values: readonly T[]): T | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !values.includes(v as T)) return this.fail(path, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}, got ${describe(v)}`);
    return v as T;
  }

  time(path: string, v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (!isTimeOfDay(v)) return this.fail(path, `expected a time of day "HH:MM" (00:00–24:00), got ${describe(v)}`);
    return v;
  }

  array(path: string, v: unknown, maxItems = 200): unknown[] | undefined {
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.fail(path, `expected an array, got ${describe(v)}`);
    if (v.length > maxItems) return this.fail(path, `expected at most ${maxItems} items, got ${v.length}`);
    return v;
  }

  days(path: string, v: unknown): DaySelector | undefined {
    if (v === undefined) return undefined;
    if (v === 'daily' || v === 'weekdays' || v === 'weekends') return v;
    if (Array.isArray(v) && v.length > 0 && v.every((d) => (WEEKDAYS as readonly unknown[]).includes(d))) return v as DaySelector;
    return this.fail(path, `expected "daily", "weekdays", "weekends" or a list of ${WEEKDAYS.join('/')}, got ${describe(v)}`);
  }
}

/** Accepts the parsed JSON value or its text. */
export function parseScenario(input: unknown): ParseScenarioResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { errors: [`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
    }
  }
  const r = new Reader();
  const root = r.object('', value, ['$schema', 'extends', 'version', 'name', 'description', 'days', 'seed', 'startWeekday', 'usage', 'device', 'durations', 'tasks', 'model']);
  if (!root) return { errors: r.errors };

  let sc = defaultScenario();
  if (root.extends !== undefined) {
    const name = r.string('extends', root.extends);
    const preset = name === undefined ? undefined : presetByName(name);
    if (name !== undefined && !preset) r.fail('extends', `unknown preset ${JSON.stringify(name)}`);
    if (preset) sc = preset;
  }
  if (root.version !== undefined && root.version !== 1) r.fail('version', `expected 1, got ${describe(root.version)}`);
  set(r.string('name', root.name, 200), root.name, (v) => (sc.name = v));
  set(r.string('description', root.description, 2000), root.description, (v) => (sc.description = v));
  set(r.number('days', root.days, 1, MAX_DAYS, true), root.days, (v) => (sc.days = v));
  set(r.number('seed', root.seed, 0, 2 ** 32 - 1, true), root.seed, (v) => (sc.seed = v));
  set(r.oneOf('startWeekday', root.startWeekday, WEEKDAYS), root.startWeekday, (v) => (sc.startWeekday = v));

  if (root.usage !== undefined) readUsage(r, root.usage, sc);
  if (root.device !== undefined) readDevice(r, root.device, sc);
  if (root.durations !== undefined) {
    const d = r.object('durations', root.durations, ['refresh', 'processing', 'healthResearch', 'continuedProcessing']);
    if (d) {
      for (const key of ['refresh', 'processing', 'healthResearch', 'continuedProcessing'] as const) {
        if (d[key] !== undefined) set(readDuration(r, `durations.${key}`, d[key]), d[key], (v) => (sc.durations[key] = v));
      }
    }
  }
  if (root.tasks !== undefined) readTasks(r, root.tasks, sc);
  if (root.model !== undefined) readModel(r, root.model, sc);

  if (r.errors.length > 0) return { errors: r.errors };
  return { scenario: sc };
}

/** Assigns only when the field was present and valid (absent fields keep the base value). */
function set<T>(parsed: T | undefined, raw: unknown, assign: (v: T) => void): void {
  if (raw !== undefined && parsed !== undefined) assign(parsed);
}

function readUsage(r: Reader, v: unknown, sc: Scenario): void {
  const u = r.object('usage', v, ['sessions', 'forceQuitAfterSessionProbability', 'forceQuits', 'actions']);
  if (!u) return;
  if (u.sessions !== undefined) {
    const list = r.array('usage.sessions', u.sessions, 50);
    if (list) {
      const sessions: UsageSession[] = [];
      list.forEach((item, i) => {
        const p = `usage.sessions[${i}]`;
        const o = r.object(p, item, ['at', 'jitterMinutes', 'durationMinutes', 'days', 'probability']);
        if (!o) return;
        const at = r.require(`${p}.at`, o.at) ? r.time(`${p}.at`, o.at) : undefined;
        const s: UsageSession = { at: at ?? '00:00', jitterMinutes: 0, durationMinutes: 3, days: 'daily', probability: 1 };
        set(r.number(`${p}.jitterMinutes`, o.jitterMinutes, 0, 720), o.jitterMinutes, (x) => (s.jitterMinutes = x));
        set(r.number(`${p}.durationMinutes`, o.durationMinutes, 0.1, 1440), o.durationMinutes, (x) => (s.durationMinutes = x));
        set(r.days(`${p}.days`, o.days), o.days, (x) => (s.days = x));
        set(r.number(`${p}.probability`, o.probability, 0, 1), o.probability, (x) => (s.probability = x));
        sessions.push(s);
      });
      sc.usage.sessions = sessions;
    }
  }
  set(r.number('usage.forceQuitAfterSessionProbability', u.forceQuitAfterSessionProbability, 0, 1), u.forceQuitAfterSessionProbability, (x) => (sc.usage.forceQuitAfterSessionProbability = x));
  if (u.forceQuits !== undefined) {
    const list = r.array('usage.forceQuits', u.forceQuits, 500);
    if (list) {
      sc.usage.forceQuits = [];
      list.forEach((item, i) => {
        const o = r.object(`usage.forceQuits[${i}]`, item, ['day', 'at']);
        if (!o) return;
        const day = r.require(`usage.forceQuits[${i}].day`, o.day) ? r.number(`usage.forceQuits[${i}].day`, o.day, 0, MAX_DAYS - 1, true) : undefined;
        const at = r.require(`usage.forceQuits[${i}].at`, o.at) ? r.time(`usage.forceQuits[${i}].at`, o.at) : undefined;
        if (day !== undefined && at !== undefined) sc.usage.forceQuits.push({ day, at });
      });
    }
  }
  if (u.actions !== undefined) {
    const list = r.array('usage.actions', u.actions, 50);
    if (list) {
      const actions: UserAction[] = [];
      list.forEach((item, i) => {
        const p = `usage.actions[${i}]`;
        const o = r.object(p, item, ['label', 'days', 'fromDay', 'toDay', 'probability', 'kinds', 'tasks']);
        if (!o) return;
        const a: UserAction = { label: 'User action', days: 'daily', probability: 1 };
        set(r.string(`${p}.label`, o.label, 200), o.label, (x) => (a.label = x));
        set(r.days(`${p}.days`, o.days), o.days, (x) => (a.days = x));
        set(r.number(`${p}.fromDay`, o.fromDay, 0, MAX_DAYS - 1, true), o.fromDay, (x) => (a.fromDay = x));
        set(r.number(`${p}.toDay`, o.toDay, 0, MAX_DAYS - 1, true), o.toDay, (x) => (a.toDay = x));
        set(r.number(`${p}.probability`, o.probability, 0, 1), o.probability, (x) => (a.probability = x));
        if (o.kinds !== undefined) {
          const kinds = r.array(`${p}.kinds`, o.kinds, 4);
          if (kinds) {
            const ok = kinds.map((k, j) => r.oneOf(`${p}.kinds[${j}]`, k, ACTION_KINDS));
            if (ok.every((k) => k !== undefined)) a.kinds = ok as UserAction['kinds'];
          }
        }
        if (o.tasks !== undefined) {
          const tasks = r.array(`${p}.tasks`, o.tasks, 100);
          if (tasks) {
            const ok = tasks.map((t, j) => r.string(`${p}.tasks[${j}]`, t, 512));
            if (ok.every((t) => t !== undefined)) a.tasks = ok as string[];
          }
        }
        actions.push(a);
      });
      sc.usage.actions = actions;
    }
  }
}

function readWindow(r: Reader, path: string, v: unknown, extra: readonly string[] = []): (RecurringWindow & Obj) | undefined {
  const o = r.object(path, v, ['from', 'to', 'days', 'fromDay', 'toDay', ...extra]);
  if (!o) return undefined;
  const from = r.require(`${path}.from`, o.from) ? r.time(`${path}.from`, o.from) : undefined;
  const to = r.require(`${path}.to`, o.to) ? r.time(`${path}.to`, o.to) : undefined;
  const w: RecurringWindow & Obj = { ...o, from: from ?? '00:00', to: to ?? '00:00' };
  if (o.days !== undefined) w.days = r.days(`${path}.days`, o.days);
  if (o.fromDay !== undefined) w.fromDay = r.number(`${path}.fromDay`, o.fromDay, 0, MAX_DAYS - 1, true);
  if (o.toDay !== undefined) w.toDay = r.number(`${path}.toDay`, o.toDay, 0, MAX_DAYS - 1, true);
  return w;
}

function readWindows(r: Reader, path: string, v: unknown): RecurringWindow[] | undefined {
  const list = r.array(path, v);
  if (!list) return undefined;
  const out: RecurringWindow[] = [];
  list.forEach((item, i) => {
    const w = readWindow(r, `${path}[${i}]`, item);
    if (w) out.push(pickWindow(w));
  });
  return out;
}

function pickWindow(w: RecurringWindow): RecurringWindow {
  const out: RecurringWindow = { from: w.from, to: w.to };
  if (w.days !== undefined) out.days = w.days;
  if (w.fromDay !== undefined) out.fromDay = w.fromDay;
  if (w.toDay !== undefined) out.toDay = w.toDay;
  return out;
}

const SETTING_KEYS = ['network', 'lowDataMode', 'lowPowerMode', 'thermal', 'backgroundAppRefresh'] as const;

function readSettings(r: Reader, path: string, v: unknown): Partial<DeviceSettings> | undefined {
  const o = r.object(path, v, SETTING_KEYS);
  if (!o) return undefined;
  const s: Partial<DeviceSettings> = {};
  set(r.oneOf(`${path}.network`, o.network, ['wifi', 'cellular', 'none'] as const), o.network, (x) => (s.network = x));
  set(r.boolean(`${path}.lowDataMode`, o.lowDataMode), o.lowDataMode, (x) => (s.lowDataMode = x));
  set(r.boolean(`${path}.lowPowerMode`, o.lowPowerMode), o.lowPowerMode, (x) => (s.lowPowerMode = x));
  set(r.oneOf(`${path}.thermal`, o.thermal, THERMAL_STATES), o.thermal, (x) => (s.thermal = x));
  set(r.boolean(`${path}.backgroundAppRefresh`, o.backgroundAppRefresh), o.backgroundAppRefresh, (x) => (s.backgroundAppRefresh = x));
  return s;
}

function readDevice(r: Reader, v: unknown, sc: Scenario): void {
  const d = r.object('device', v, ['baseline', 'periods', 'charging', 'battery', 'use']);
  if (!d) return;
  if (d.baseline !== undefined) {
    const s = readSettings(r, 'device.baseline', d.baseline);
    if (s) Object.assign(sc.device.baseline, s);
  }
  if (d.periods !== undefined) {
    const list = r.array('device.periods', d.periods);
    if (list) {
      const periods: DevicePeriod[] = [];
      list.forEach((item, i) => {
        const p = `device.periods[${i}]`;
        const w = readWindow(r, p, item, ['label', 'set']);
        if (!w) return;
        const setting = w.set === undefined ? r.fail(`${p}.set`, 'required: the settings this period changes') : readSettings(r, `${p}.set`, w.set);
        const label = w.label === undefined ? undefined : r.string(`${p}.label`, w.label, 200);
        if (setting) periods.push({ ...pickWindow(w), ...(label !== undefined ? { label } : {}), set: setting });
      });
      sc.device.periods = periods;
    }
  }
  if (d.charging !== undefined) set(readWindows(r, 'device.charging', d.charging), d.charging, (x) => (sc.device.charging = x));
  if (d.battery !== undefined) {
    const b = r.object('device.battery', d.battery, ['startPercent', 'drainPercentPerHour', 'chargePercentPerHour', 'autoLowPowerModeBelowPercent']);
    if (b) {
      set(r.number('device.battery.startPercent', b.startPercent, 0, 100), b.startPercent, (x) => (sc.device.battery.startPercent = x));
      set(r.number('device.battery.drainPercentPerHour', b.drainPercentPerHour, 0, 100), b.drainPercentPerHour, (x) => (sc.device.battery.drainPercentPerHour = x));
      set(r.number('device.battery.chargePercentPerHour', b.chargePercentPerHour, 0, 200), b.chargePercentPerHour, (x) => (sc.device.battery.chargePercentPerHour = x));
      if (b.autoLowPowerModeBelowPercent === null) sc.device.battery.autoLowPowerModeBelowPercent = null;
      else set(r.number('device.battery.autoLowPowerModeBelowPercent', b.autoLowPowerModeBelowPercent, 0, 100), b.autoLowPowerModeBelowPercent, (x) => (sc.device.battery.autoLowPowerModeBelowPercent = x));
    }
  }
  if (d.use !== undefined) {
    const u = r.object('device.use', d.use, ['awake', 'pickupsPerHour', 'pickupMinutes', 'autoLockMinutes']);
    if (u) {
      if (u.awake !== undefined) set(readWindows(r, 'device.use.awake', u.awake), u.awake, (x) => (sc.device.use.awake = x));
      set(r.number('device.use.pickupsPerHour', u.pickupsPerHour, 0, 60), u.pickupsPerHour, (x) => (sc.device.use.pickupsPerHour = x));
      set(r.number('device.use.pickupMinutes', u.pickupMinutes, 0, 240), u.pickupMinutes, (x) => (sc.device.use.pickupMinutes = x));
      set(r.number('device.use.autoLockMinutes', u.autoLockMinutes, 0, 1440), u.autoLockMinutes, (x) => (sc.device.use.autoLockMinutes = x));
    }
  }
}

function readDuration(r: Reader, path: string, v: unknown): DurationDistribution | undefined {
  const o = r.object(path, v, ['kind', 'seconds', 'min', 'max', 'mean', 'sd']);
  if (!o) return undefined;
  const kind = r.require(`${path}.kind`, o.kind) ? r.oneOf(`${path}.kind`, o.kind, ['fixed', 'uniform', 'normal'] as const) : undefined;
  const MAX = 24 * 3600;
  const need = (key: string): boolean => r.require(`${path}.${key}`, o[key]);
  if (kind === 'fixed') {
    if (!need('seconds')) return undefined;
    const seconds = r.number(`${path}.seconds`, o.seconds, 0, MAX);
    return seconds === undefined ? undefined : { kind, seconds };
  }
  if (kind === 'uniform') {
    if (!need('min') || !need('max')) return undefined;
    const min = r.number(`${path}.min`, o.min, 0, MAX);
    const max = r.number(`${path}.max`, o.max, 0, MAX);
    if (min === undefined || max === undefined) return undefined;
    if (max < min) return r.fail(path, `max (${max}) is less than min (${min})`);
    return { kind, min, max };
  }
  if (kind === 'normal') {
    if (!need('mean') || !need('sd')) return undefined;
    const mean = r.number(`${path}.mean`, o.mean, 0, MAX);
    const sd = r.number(`${path}.sd`, o.sd, 0, MAX);
    return mean === undefined || sd === undefined ? undefined : { kind, mean, sd };
  }
  return undefined;
}

function readTasks(r: Reader, v: unknown, sc: Scenario): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    r.fail('tasks', `expected an object keyed by task identifier, got ${describe(v)}`);
    return;
  }
  for (const [id, item] of Object.entries(v)) {
    const p = `tasks[${JSON.stringify(id)}]`;
    const o = r.object(p, item, ['duration', 'incompletePathProbability', 'appSubmits']);
    if (!o) continue;
    const t: TaskBehaviour = {};
    if (o.duration !== undefined) set(readDuration(r, `${p}.duration`, o.duration), o.duration, (x) => (t.duration = x));
    set(r.number(`${p}.incompletePathProbability`, o.incompletePathProbability, 0, 1), o.incompletePathProbability, (x) => (t.incompletePathProbability = x));
    set(r.oneOf(`${p}.appSubmits`, o.appSubmits, APP_SUBMIT_POLICIES), o.appSubmits, (x) => (t.appSubmits = x));
    sc.tasks[id] = t;
  }
}

function readModel(r: Reader, v: unknown, sc: Scenario): void {
  const m = sc.model;
  const numbers: [keyof typeof m, number, number, boolean][] = [
    ['refreshBudgetSeconds', 1, 3600, false],
    ['processingBudgetSeconds', 1, 86400, false],
    ['continuedProcessingNoProgressExpirySeconds', 1, 86400, false],
    ['expirationGraceSeconds', 0, 600, false],
    ['incompletePathProbability', 0, 1, false],
    ['refreshLeadMinutes', 0, 720, false],
    ['predictionLookbackDays', 1, 60, true],
    ['predictionMinDays', 1, 60, true],
    ['predictionWindowMinutes', 1, 720, false],
    ['refreshWithoutPredictionAfterHours', 0, 720, false],
    ['refreshUsageGraceDays', 0, 365, false],
    ['refreshUnusedSpacingHours', 0, 720, false],
    ['refreshUnusedHalfLifeDays', 0.1, 365, false],
    ['refreshStopAfterUnusedDays', 0, 365, false],
    ['minLaunchSpacingMinutes', 0, 1440, false],
    ['processingMinSpacingHours', 0, 720, false],
    ['dailyBudgetSeconds', 0, 86400, false],
    ['criticalBatteryPercent', 0, 100, false],
    ['processingIdleMinutes', 0, 1440, false],
    ['processingOnBatteryIdleMinutes', 0, 10080, false],
    ['processingOnBatteryMinPercent', 0, 101, false],
    ['processingLaunchesPerWindow', 1, 100, true],
    ['processingSchedulerSpreadMinutes', 0, 1440, false],
    ['appUsedWithinDays', 1, 365, false],
    ['lowPowerModeOffAbovePercent', 0, 100, false],
    ['continuedProcessingMaxConcurrent', 1, 100, true],
    ['appStaysInMemoryMinutes', 0, 10080, false],
  ];
  const booleans: (keyof typeof m)[] = [
    'expirationHandlerCompletes',
    'externalPowerExemptFromBudget',
    'lowPowerModeBlocksProcessing',
    'lowDataModeDefersNetworkTasks',
    'healthResearchCountsTowardProcessingLimit',
    'refreshRunsWhileAppInForeground',
    'forceQuitSuppressesUntilNextLaunch',
    'forceQuitSuppressesProcessing',
    'continuedProcessingAssumeProgress',
  ];
  const enums: [keyof typeof m, readonly string[]][] = [
    ['assumeUnknownResubmitAs', ['start', 'end', 'never']],
    ['appSubmits', APP_SUBMIT_POLICIES],
    ['healthResearchEntitlementWhenUnknown', ['present', 'missing']],
    ['lowPowerModeSubmit', ['pending', 'unavailable']],
    ['thermalDefersAt', THERMAL_STATES],
    ['refreshPendingLimitScope', ['total', 'perIdentifier']],
  ];
  const o = r.object('model', v, [...numbers.map((n) => n[0]), ...booleans, ...enums.map((e) => e[0]), 'penalty']);
  if (!o) return;
  const target = m as unknown as Obj;
  for (const [key, min, max, integer] of numbers) set(r.number(`model.${key}`, o[key], min, max, integer), o[key], (x) => (target[key] = x));
  for (const key of booleans) set(r.boolean(`model.${key}`, o[key]), o[key], (x) => (target[key] = x));
  for (const [key, values] of enums) set(r.oneOf(`model.${key}`, o[key], values), o[key], (x) => (target[key] = x));
  if (o.penalty !== undefined) {
    const p = r.object('model.penalty', o.penalty, ['killFactor', 'crashFactor', 'failFactor', 'expireFactor', 'recoveryPerSuccess', 'floor']);
    if (p) {
      for (const key of ['killFactor', 'crashFactor', 'failFactor', 'expireFactor', 'recoveryPerSuccess'] as const) {
        set(r.number(`model.penalty.${key}`, p[key], 0, 1), p[key], (x) => (m.penalty[key] = x));
      }
      // A zero floor would make the spacing infinite (it is divided by the standing).
      set(r.number('model.penalty.floor', p.floor, 0.01, 1), p.floor, (x) => (m.penalty.floor = x));
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}
