/**
 * Reads a scenario from untrusted JSON (a `*.bgscenario.json` file, a webview message, CLI input).
 * Never throws: it returns the scenario, filled from defaults (or from the preset named by
 * `extends`), or a list of readable errors, each with the JSON path it is about.
 * What is valid is defined once, in scenarioSchema.ts: TypeBox checks the input against it, and
 * scenarioErrors.ts words each failure. schemas/bgscenario.schema.json is generated from the same schema.
 */
import { presetByName } from './presets';
import { defaultScenario, type DurationDistribution, type Scenario, type ScenarioFile, type UserAction, type UsageSession } from './scenario';
import { scenarioErrors } from './scenarioErrors';
import { ACTION_KINDS, MAX_DAYS } from './scenarioSchema';

export { MAX_DAYS };

export type ParseScenarioResult = { scenario: Scenario; errors?: undefined } | { scenario?: undefined; errors: string[] };

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
  try {
    const errors = scenarioErrors(value);
    if (errors.length > 0) return { errors };
    return { scenario: fill(value as ScenarioFile) };
  } catch (e) {
    // JSON text and webview messages are plain data, so this is not expected; a caller handing in an
    // object with throwing getters still gets an answer, not an exception.
    return { errors: [`Could not read the scenario: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

/**
 * The checked file over its base (the preset it extends, or the defaults): present values replace,
 * absent ones keep the base; lists replace the base's list as a whole. Values are copied field by
 * field, so nothing else from the input rides along.
 */
function fill(file: ScenarioFile): Scenario {
  const sc = (file.extends !== undefined ? presetByName(file.extends) : undefined) ?? defaultScenario();
  if (file.name !== undefined) sc.name = file.name;
  if (file.description !== undefined) sc.description = file.description;
  if (file.days !== undefined) sc.days = file.days;
  if (file.seed !== undefined) sc.seed = file.seed;
  if (file.startWeekday !== undefined) sc.startWeekday = file.startWeekday;
  fillUsage(file.usage, sc);
  fillDevice(file.device, sc);
  for (const kind of ACTION_KINDS) {
    const d = file.durations?.[kind];
    if (d !== undefined) sc.durations[kind] = copyDuration(d);
  }
  for (const [id, t] of Object.entries(file.tasks ?? {})) {
    const behaviour: Scenario['tasks'][string] = {};
    if (t.duration !== undefined) behaviour.duration = copyDuration(t.duration);
    if (t.incompletePathProbability !== undefined) behaviour.incompletePathProbability = t.incompletePathProbability;
    if (t.appSubmits !== undefined) behaviour.appSubmits = t.appSubmits;
    // defineProperty: an identifier such as "__proto__" stays an ordinary key.
    Object.defineProperty(sc.tasks, id, { value: behaviour, enumerable: true, writable: true, configurable: true });
  }
  if (file.model !== undefined) {
    const { penalty, ...rest } = file.model;
    assignDefined(sc.model, rest);
    if (penalty !== undefined) assignDefined(sc.model.penalty, penalty);
  }
  return sc;
}

function fillUsage(u: ScenarioFile['usage'], sc: Scenario): void {
  if (u === undefined) return;
  if (u.sessions !== undefined) {
    sc.usage.sessions = u.sessions.map((s): UsageSession => ({ at: s.at, jitterMinutes: s.jitterMinutes ?? 0, durationMinutes: s.durationMinutes ?? 3, days: copyDays(s.days) ?? 'daily', probability: s.probability ?? 1 }));
  }
  if (u.forceQuitAfterSessionProbability !== undefined) sc.usage.forceQuitAfterSessionProbability = u.forceQuitAfterSessionProbability;
  if (u.forceQuits !== undefined) sc.usage.forceQuits = u.forceQuits.map((q) => ({ day: q.day, at: q.at }));
  if (u.actions !== undefined) {
    sc.usage.actions = u.actions.map((a) => {
      const out: UserAction = { label: a.label ?? 'User action', days: copyDays(a.days) ?? 'daily', probability: a.probability ?? 1 };
      if (a.fromDay !== undefined) out.fromDay = a.fromDay;
      if (a.toDay !== undefined) out.toDay = a.toDay;
      if (a.kinds !== undefined) out.kinds = [...a.kinds];
      if (a.tasks !== undefined) out.tasks = [...a.tasks];
      return out;
    });
  }
}

type FileWindow = NonNullable<NonNullable<ScenarioFile['device']>['charging']>[number];

function copyWindow(w: FileWindow): Scenario['device']['charging'][number] {
  const out: Scenario['device']['charging'][number] = { from: w.from, to: w.to };
  if (w.days !== undefined) out.days = copyDays(w.days);
  if (w.fromDay !== undefined) out.fromDay = w.fromDay;
  if (w.toDay !== undefined) out.toDay = w.toDay;
  return out;
}

function fillDevice(d: ScenarioFile['device'], sc: Scenario): void {
  if (d === undefined) return;
  if (d.baseline !== undefined) assignDefined(sc.device.baseline, d.baseline);
  if (d.periods !== undefined) {
    sc.device.periods = d.periods.map((p) => {
      const set: Scenario['device']['periods'][number]['set'] = {};
      assignDefined(set, p.set);
      return { ...copyWindow(p), ...(p.label !== undefined ? { label: p.label } : {}), set };
    });
  }
  if (d.charging !== undefined) sc.device.charging = d.charging.map(copyWindow);
  if (d.battery !== undefined) assignDefined(sc.device.battery, d.battery);
  if (d.use !== undefined) {
    const { awake, ...rest } = d.use;
    if (awake !== undefined) sc.device.use.awake = awake.map(copyWindow);
    assignDefined(sc.device.use, rest);
  }
}

function copyDays<T extends UsageSession['days'] | undefined>(days: T): T {
  return (Array.isArray(days) ? [...days] : days) as T;
}

function copyDuration(d: DurationDistribution): DurationDistribution {
  switch (d.kind) {
    case 'fixed':
      return { kind: 'fixed', seconds: d.seconds };
    case 'uniform':
      return { kind: 'uniform', min: d.min, max: d.max };
    case 'normal':
      return { kind: 'normal', mean: d.mean, sd: d.sd };
  }
}

/** Copies the scalar values the checked input sets (its keys are the schema's, so only known fields). */
function assignDefined<T extends object>(target: T, source: Partial<T>): void {
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
