/**
 * Hostile and malformed scenario files: each is rejected with readable errors that name the JSON path,
 * never an exception, a hang or a message that leaks internals. The wording comes from the schema
 * (server/src/simulator/scenarioErrors.ts), so these also pin the messages users see.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../helpers/properties';
import { parseScenario } from '../../server/src/simulator/index';
import { MAX_SCENARIO_ERRORS } from '../../server/src/simulator/scenarioErrors';

/** "(root)", or a path such as usage.sessions[0].at or tasks["com.app/~x"].duration, then ": " and the message. */
const PATH_THEN_MESSAGE = /^(\(root\)|(?:[$A-Za-z_][\w$]*|\["(?:[^"\\]|\\.)*"\])(?:\.[$A-Za-z_][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): \S/;
/** Lines that are about the whole input rather than a place in it. */
const WHOLE_INPUT = /^(Not valid JSON: |Could not read the scenario: |\(more errors not shown)/;

const big = (n: number, item: unknown) => Array.from({ length: n }, () => item);
let deep: unknown = 1;
for (let i = 0; i < 5000; i++) deep = [deep];

/** [what, input, an error the user must see (exact line, or a pattern)] */
const hostile: [string, unknown, string | RegExp][] = [
  ['not JSON', '{"days": 3,', /^Not valid JSON: /],
  ['empty text', '', /^Not valid JSON: /],
  ['a JSON string', '"scenario"', '(root): expected an object, got "scenario"'],
  ['an array', '[1,2]', '(root): expected an object, got an array'],
  ['null', 'null', '(root): expected an object, got null'],
  ['a prototype key at the root', '{"__proto__": {"days": 3}}', /^__proto__: unknown property \(allowed: \$schema, extends, /],
  ['constructor key in model', { model: { constructor: { name: 'x' } } }, /^model\.constructor: unknown property \(allowed: refreshBudgetSeconds, /],
  ['an unknown preset', { extends: '../../etc/passwd' }, 'extends: expected one of "commuter-weekday", "overnight-charger", "rarely-opened", "low-power-mode", got "../../etc/passwd"'],
  ['version 2', { version: 2 }, 'version: expected 1, got 2'],
  ['days as a string', { days: '14' }, 'days: expected a number, got "14"'],
  ['days fractional', { days: 2.5 }, 'days: expected a whole number, got 2.5'],
  ['days beyond the cap', { days: 1e9 }, 'days: expected a number from 1 to 120, got 1000000000'],
  ['days infinite (a direct object)', { days: Number.POSITIVE_INFINITY }, 'days: expected a number, got Infinity'],
  ['seed negative', { seed: -1 }, 'seed: expected a number from 0 to 4294967295, got -1'],
  ['a 1 MB name', { name: 'x'.repeat(1 << 20) }, 'name: expected at most 200 characters'],
  ['100,000 sessions', { usage: { sessions: big(100_000, { at: 'nope' }) } }, 'usage.sessions: expected at most 50 items, got 100000'],
  ['a session time with a newline', { usage: { sessions: [{ at: '08:00\n' }] } }, 'usage.sessions[0].at: expected a time of day "HH:MM" (00:00–24:00), got "08:00\\n"'],
  ['a session time 24:30', { usage: { sessions: [{ at: '24:30' }] } }, 'usage.sessions[0].at: expected a time of day "HH:MM" (00:00–24:00), got "24:30"'],
  ['deeply nested arrays as days', { usage: { sessions: [{ at: '08:00', days: deep }] } }, /^usage\.sessions\[0\]\.days: expected "daily", "weekdays", "weekends" or a list of mon\/tue\/wed\/thu\/fri\/sat\/sun, got an array$/],
  ['an empty day list', { device: { charging: [{ from: '22:00', to: '06:00', days: [] }] } }, /^device\.charging\[0\]\.days: expected "daily"/],
  ['a window without its end', { device: { charging: [{ from: '22:00' }] } }, 'device.charging[0].to: required'],
  ['a period without settings', { device: { periods: [{ from: '01:00', to: '02:00' }] } }, 'device.periods[0].set: required: the settings this period changes'],
  ['a setting that is not one', { device: { baseline: { network: '5g' } } }, 'device.baseline.network: expected one of "wifi", "cellular", "none", got "5g"'],
  ['battery level as text', { device: { battery: { autoLowPowerModeBelowPercent: 'twenty' } } }, 'device.battery.autoLowPowerModeBelowPercent: expected null or a number, got "twenty"'],
  ['battery level over 100', { device: { battery: { autoLowPowerModeBelowPercent: 150 } } }, 'device.battery.autoLowPowerModeBelowPercent: expected a number from 0 to 100, got 150'],
  ['a duration without kind', { durations: { refresh: { seconds: 5 } } }, 'durations.refresh.kind: required'],
  ['a duration of an unknown kind', { durations: { refresh: { kind: 'exponential', rate: 2 } } }, 'durations.refresh.kind: expected one of "fixed", "uniform", "normal", got "exponential"'],
  ['a fixed duration with extra keys', { durations: { refresh: { kind: 'fixed', seconds: 5, min: 1 } } }, 'durations.refresh.min: unknown property (allowed: kind, seconds)'],
  ['a zero-second duration', { durations: { processing: { kind: 'fixed', seconds: 0 } } }, 'durations.processing.seconds: expected a number from 1 to 86400, got 0'],
  ['a zero-mean normal duration', { durations: { healthResearch: { kind: 'normal', mean: 0, sd: 1 } } }, 'durations.healthResearch.mean: expected a number from 1 to 86400, got 0'],
  ['uniform max below min', { durations: { continuedProcessing: { kind: 'uniform', min: 10, max: 2 } } }, 'durations.continuedProcessing: max (2) is less than min (10)'],
  ['zero batch spacing', { model: { minLaunchSpacingMinutes: 0 } }, 'model.minLaunchSpacingMinutes: expected a number from 1 to 1440, got 0'],
  ['zero processing spacing', { model: { processingMinSpacingHours: 0 } }, 'model.processingMinSpacingHours: expected a number from 0.25 to 720, got 0'],
  ['a zero penalty floor', { model: { penalty: { floor: 0 } } }, 'model.penalty.floor: expected a number from 0.01 to 1, got 0'],
  ['tasks as a list', { tasks: [{ id: 'a' }] }, 'tasks: expected an object keyed by task identifier, got an array'],
  ['a task id with JSON Pointer characters', { tasks: { 'com.app/~sync': { appSubmits: 'always' } } }, 'tasks["com.app/~sync"].appSubmits: expected one of "everyBackground", "everyLaunch", "everyOpen", "firstLaunchOnly", "userActionOnly", "handlerOnly", got "always"'],
  ['a task override with a bad duration', { tasks: { a: { duration: { kind: 'uniform', min: 5, max: 1 } } } }, 'tasks["a"].duration: max (1) is less than min (5)'],
  ['an action for an unknown kind', { usage: { actions: [{ kinds: ['push'] }] } }, 'usage.actions[0].kinds[0]: expected one of "refresh", "processing", "healthResearch", "continuedProcessing", got "push"'],
  ['a force-quit on day 500', { usage: { forceQuits: [{ day: 500, at: '10:00' }] } }, 'usage.forceQuits[0].day: expected a number from 0 to 119, got 500'],
  ['a boolean as a string', { model: { lowPowerModeBlocksProcessing: 'false' } }, 'model.lowPowerModeBlocksProcessing: expected true or false, got "false"'],
];

describe('hostile scenario files are rejected with readable, path-based errors', () => {
  for (const [what, input, expected] of hostile) {
    it(what, () => {
      const r = parseScenario(typeof input === 'string' ? input : input);
      expect(r.scenario).toBeUndefined();
      const errors = r.errors!;
      expect(errors.length).toBeGreaterThan(0);
      if (typeof expected === 'string') expect(errors).toContain(expected);
      else expect(errors.some((e) => expected.test(e)), errors.join('\n')).toBe(true);
      for (const e of errors) {
        // "<path>: <message>", short, and nothing of the implementation.
        if (!WHOLE_INPUT.test(e)) expect(e).toMatch(PATH_THEN_MESSAGE);
        expect(e.length).toBeLessThan(1200);
        expect(e).not.toMatch(/undefined|\[object |NaN|TypeBox|anyOf|\/properties\//);
      }
    });
  }

  it('stops listing after MAX_SCENARIO_ERRORS and says so', () => {
    const tasks = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`com.app.t${i}`, { incompletePathProbability: 2 }]));
    const r = parseScenario({ tasks });
    expect(r.errors).toHaveLength(MAX_SCENARIO_ERRORS + 1);
    expect(r.errors!.at(-1)).toMatch(/more errors not shown/);
  });

  it('an object whose getter throws gets an error, not an exception', () => {
    const input = {
      get days(): number {
        throw new Error('boom');
      },
    };
    const r = parseScenario(input);
    expect(r.scenario).toBeUndefined();
    expect(r.errors![0]).toMatch(/^Could not read the scenario: boom/);
  });

  it('a task identifier named __proto__ stays an ordinary key', () => {
    const r = parseScenario('{"tasks": {"__proto__": {"incompletePathProbability": 0.5}}}');
    expect(r.errors).toBeUndefined();
    expect(Object.keys(r.scenario!.tasks)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.scenario!.tasks)).toBe(Object.prototype);
  });
});

describe('property: any JSON value, anywhere in a scenario, gets a scenario or readable errors', () => {
  const keys = ['extends', 'version', 'days', 'seed', 'startWeekday', 'usage', 'device', 'durations', 'tasks', 'model', 'unknownKey'];
  /** A valid-shaped skeleton with random JSON dropped into one spot, so the check reaches deep fields too. */
  const spots = (v: unknown): unknown[] => [
    v,
    { [keys[0]]: v },
    ...keys.map((k) => ({ [k]: v })),
    { usage: { sessions: [{ at: '08:00', days: v }] } },
    { device: { periods: [{ from: '01:00', to: '02:00', set: v }] } },
    { durations: { refresh: v } },
    { tasks: { 'com.app.sync': { duration: v } } },
    { model: { penalty: v } },
  ];

  it('never throws, and every error names a path', () => {
    checkProperty(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), (v, pick) => {
        const all = spots(v);
        const input = all[pick % all.length];
        const r = parseScenario(input);
        if (r.scenario) return;
        expect(r.errors.length).toBeGreaterThan(0);
        expect(r.errors.length).toBeLessThanOrEqual(MAX_SCENARIO_ERRORS + 1);
        for (const e of r.errors) {
          if (!WHOLE_INPUT.test(e)) expect(e).toMatch(PATH_THEN_MESSAGE);
          expect(e).not.toMatch(/undefined|\[object /);
        }
      }),
      { seed: 1515, numRuns: 300 },
    );
  });
});
