/**
 * Issue 15 item 9: valid-looking scenarios that ran the simulator out of memory. Zero-length handlers
 * with zero spacing relaunched a task at one instant forever; one-second handlers over 120 days logged
 * millions of events. Files with such values are now rejected; handed to the engine directly, a run
 * still ends: handlers take at least a second, and a run stops at an event cap with a note that the
 * panel (hints) and the CLI (text and JSON) show. Timing and memory are measured by
 * test/bench/simulator-bounds.mjs, not here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../helpers/properties';
import { runSimulation } from '../../server/src/simulator/engine';
import { MAX_EVENTS_PER_RUN, STOPPED_HINT_ID, formatSimulationText, parseScenario, simulate, simulationJson } from '../../server/src/simulator/index';
import type { Scenario } from '../../server/src/simulator/scenario';
import type { SimTask, SimulationResult } from '../../server/src/simulator/types';
import { dailyOpen, processing, quietScenario, task } from './helpers';

const zero = { kind: 'fixed', seconds: 0 } as const;

/** Refresh that may run any time, in the foreground too, resubmitting at its start. */
function eagerRefresh(edit: (s: Scenario) => void = () => {}): Scenario {
  return quietScenario((s) => {
    s.days = 2;
    s.usage.sessions = [dailyOpen('08:00')];
    s.model.refreshRunsWhileAppInForeground = true;
    s.model.refreshLeadMinutes = 720;
    s.model.refreshWithoutPredictionAfterHours = 0;
    edit(s);
  });
}

/** Every launch has exactly one outcome event, and every run ends no earlier than it starts. */
function expectEveryLaunchEnded(r: SimulationResult): void {
  const outcomes = new Map<number, number>();
  for (const e of r.events) if (e.run !== undefined && ['complete', 'expire', 'kill', 'crash'].includes(e.kind)) outcomes.set(e.run, (outcomes.get(e.run) ?? 0) + 1);
  r.runs.forEach((run, i) => {
    expect(outcomes.get(i), `run ${i}`).toBe(1);
    expect(run.end).toBeGreaterThanOrEqual(run.start);
  });
}

describe('scenario files cannot ask for unbounded work', () => {
  const files: [string, unknown, string][] = [
    ['processing 0 s with 0 h spacing', { durations: { processing: zero }, model: { processingMinSpacingHours: 0 } }, 'durations.processing.seconds: expected a number from 1 to 86400, got 0'],
    ['continued processing 0 s', { durations: { continuedProcessing: zero } }, 'durations.continuedProcessing.seconds: expected a number from 1 to 86400, got 0'],
    ['health research 0 s', { durations: { healthResearch: zero } }, 'durations.healthResearch.seconds: expected a number from 1 to 86400, got 0'],
    ['refresh 0 s', { durations: { refresh: zero } }, 'durations.refresh.seconds: expected a number from 1 to 86400, got 0'],
    ['a uniform duration from 0 s', { durations: { refresh: { kind: 'uniform', min: 0, max: 5 } } }, 'durations.refresh.min: expected a number from 1 to 86400, got 0'],
    ['a per-task duration of 0 s', { tasks: { 'com.app.sync': { duration: zero } } }, 'tasks["com.app.sync"].duration.seconds: expected a number from 1 to 86400, got 0'],
    ['0 min between launch batches', { model: { minLaunchSpacingMinutes: 0 } }, 'model.minLaunchSpacingMinutes: expected a number from 1 to 1440, got 0'],
    ['0 h between processing launches', { model: { processingMinSpacingHours: 0 } }, 'model.processingMinSpacingHours: expected a number from 0.25 to 720, got 0'],
  ];
  for (const [what, doc, message] of files) {
    it(`rejects ${what}`, () => {
      expect(parseScenario(doc).errors).toContain(message);
    });
  }

  it('accepts the floors themselves', () => {
    const r = parseScenario({ durations: { refresh: { kind: 'fixed', seconds: 1 } }, model: { minLaunchSpacingMinutes: 1, processingMinSpacingHours: 0.25 } });
    expect(r.errors).toBeUndefined();
  });
});

describe('the engine keeps its own floor: a handler takes at least a second', () => {
  it('a zero-second refresh with zero spacing (ran out of memory before) ends, each run lasting 1 s', () => {
    const r = simulate([task({ resubmits: 'start' })], eagerRefresh((s) => {
      s.days = 1;
      s.durations.refresh = zero;
      s.model.minLaunchSpacingMinutes = 0;
    }));
    expect(r.stopped).toBeUndefined();
    expect(r.runs.length).toBeGreaterThan(10);
    for (const run of r.runs) expect(run.end - run.start).toBe(1);
    // One launch per second at most: time moves on between a run's end and the next launch.
    for (let i = 1; i < r.runs.length; i++) expect(r.runs[i].start).toBeGreaterThan(r.runs[i - 1].start);
    expectEveryLaunchEnded(r);
  });

  it('zero-second processing, health research and continued processing end too', () => {
    const tasks: SimTask[] = [
      processing({ resubmits: 'start' }),
      task({ id: 'com.example.study', kind: 'healthResearch', resubmits: 'start' }),
      task({ id: 'com.example.export', kind: 'continuedProcessing', resubmits: 'start', reportsProgress: true }),
    ];
    const sc = quietScenario((s) => {
      s.days = 2;
      s.usage.sessions = [dailyOpen('08:00')];
      s.usage.actions = [{ label: 'Export', days: 'daily', probability: 1 }];
      s.device.charging = [{ from: '00:00', to: '24:00', days: 'daily' }];
      for (const k of ['processing', 'healthResearch', 'continuedProcessing'] as const) s.durations[k] = zero;
      s.model.processingMinSpacingHours = 0;
      s.model.minLaunchSpacingMinutes = 0;
    });
    const r = simulate(tasks, sc);
    expect(r.runs.length).toBeGreaterThan(0);
    for (const run of r.runs) expect(run.end - run.start).toBeGreaterThanOrEqual(1);
    expectEveryLaunchEnded(r);
  });

  it('a normal distribution around 0 still gives runs of at least a second', () => {
    const r = simulate([task({ resubmits: 'start' })], eagerRefresh((s) => (s.durations.refresh = { kind: 'normal', mean: 1, sd: 50 })));
    expect(r.runs.length).toBeGreaterThan(0);
    for (const run of r.runs) expect(run.end - run.start).toBeGreaterThanOrEqual(1);
  });
});

describe('a run stops at the event cap and says so', () => {
  const cap = 400;
  const busy = () => runSimulation([task({ resubmits: 'start' })], eagerRefresh((s) => (s.model.minLaunchSpacingMinutes = 1)), { maxEvents: cap });

  it('stops once the log holds the cap, and every launch that had started still ends', () => {
    const r = busy();
    expect(r.stopped).toBeDefined();
    // The launches running at the stop end after it: a few events past the cap, no more.
    expect(r.events.length).toBeGreaterThanOrEqual(cap);
    expect(r.events.length).toBeLessThan(cap + 10);
    expectEveryLaunchEnded(r);
    expect(Math.max(...r.runs.map((x) => x.start))).toBeLessThanOrEqual(r.stopped!.t);
    expect(r.durationSeconds).toBe(r.stopped!.t);
    expect(r.stopped!.day).toBe(Math.floor(r.stopped!.t / 86400));
    for (const p of r.pending) expect(p.to).toBeGreaterThanOrEqual(p.from);
  });

  it('the note names the count and the day, first among the hints (the panel lists them)', () => {
    const r = busy();
    expect(r.stopped!.note).toMatch(new RegExp(`^Simulation stopped after ${cap} events on day ${r.stopped!.day} of 2 \\(day ${r.stopped!.day} \\d\\d:\\d\\d\\): `));
    expect(r.hints[0]).toEqual({ taskId: STOPPED_HINT_ID, severity: 'warning', text: r.stopped!.note });
  });

  it('the CLI prints it under the scenario line (once) and puts it in the JSON', () => {
    const r = busy();
    const text = formatSimulationText(r);
    const lines = text.split('\n');
    expect(lines[1]).toBe(`Warning: ${r.stopped!.note}`);
    expect(text.split('Simulation stopped after').length - 1).toBe(1);
    expect((simulationJson(r) as { stopped: unknown }).stopped).toEqual(r.stopped);
  });

  it('a run under the cap has no note', () => {
    const r = simulate([task({ resubmits: 'start' })], eagerRefresh());
    expect(r.events.length).toBeLessThan(MAX_EVENTS_PER_RUN);
    expect(r.stopped).toBeUndefined();
    expect(r.hints.some((h) => h.taskId === STOPPED_HINT_ID)).toBe(false);
    expect(formatSimulationText(r)).not.toContain('Simulation stopped');
  });
});

describe('property: any durations and spacings, however small, give a run that ends', () => {
  it('stops at the cap or the end of the days, and every launch has one outcome', () => {
    const kinds = ['refresh', 'processing', 'healthResearch', 'continuedProcessing'] as const;
    const resubmits = ['start', 'end', 'never', 'unknown'] as const;
    checkProperty(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), resubmits: fc.constantFrom(...resubmits), hang: fc.boolean(), expiration: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        fc.record({ seconds: fc.integer({ min: 0, max: 3 }), batchMinutes: fc.constantFrom(0, 0.01, 1), processingHours: fc.constantFrom(0, 0.001, 0.25), cap: fc.integer({ min: 50, max: 3000 }) }),
        (specs, p) => {
          const tasks = specs.map((t, i) =>
            task({ id: `com.example.t${i}`, kind: t.kind, resubmits: t.resubmits, completesOnAllPaths: !t.hang, setsExpirationHandler: t.expiration, reportsProgress: true }),
          );
          const sc = eagerRefresh((s) => {
            s.days = 1;
            s.usage.actions = [{ label: 'Export', days: 'daily', probability: 1 }];
            s.device.charging = [{ from: '00:00', to: '24:00', days: 'daily' }];
            for (const k of kinds) s.durations[k] = { kind: 'fixed', seconds: p.seconds };
            s.model.minLaunchSpacingMinutes = p.batchMinutes;
            s.model.processingMinSpacingHours = p.processingHours;
            s.model.continuedProcessingMaxConcurrent = 100;
          });
          const r = runSimulation(tasks, sc, { maxEvents: p.cap });
          // Past the cap only the launches already running end: a few events each.
          expect(r.events.length).toBeLessThanOrEqual(p.cap + 4 * tasks.length + 4);
          if (r.events.length < p.cap) expect(r.stopped).toBeUndefined();
          for (const run of r.runs) expect(run.end - run.start).toBeGreaterThanOrEqual(1);
          expectEveryLaunchEnded(r);
        },
      ),
      { seed: 915, numRuns: 40 },
    );
  });
});
