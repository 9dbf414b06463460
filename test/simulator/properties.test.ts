/**
 * Whole-engine properties over many generated scenarios and task sets, plus determinism.
 * Generation uses the engine's own seeded PRNG, so a failure names a reproducible case.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../server/src/simulator/engine';
import { cloneScenario, presets, simulate } from '../../server/src/simulator/index';
import { streamFor } from '../../server/src/simulator/random';
import type { Scenario } from '../../server/src/simulator/scenario';
import type { SimTask, SimulationResult } from '../../server/src/simulator/types';
import { task } from './helpers';

const KINDS = ['refresh', 'processing', 'healthResearch', 'continuedProcessing', 'unknown'] as const;
const RESUBMITS = ['start', 'end', 'never', 'unknown'] as const;

function generate(caseSeed: number): { tasks: SimTask[]; scenario: Scenario } {
  const rng = streamFor(caseSeed, 'property-case');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)];
  const tasks: SimTask[] = [];
  const n = 1 + Math.floor(rng.next() * 14);
  for (let i = 0; i < n; i++) {
    tasks.push(
      task({
        id: `t${i}`,
        kind: rng.next() < 0.5 ? 'processing' : pick(KINDS),
        permitted: rng.next() < 0.95,
        registered: rng.next() < 0.95,
        submitted: rng.next() < 0.95,
        earliestBeginDelaySeconds: pick([0, 0, 600, 3600, 4 * 3600, 26 * 3600]),
        requiresExternalPower: rng.next() < 0.4,
        requiresNetworkConnectivity: rng.next() < 0.4,
        setsExpirationHandler: rng.next() < 0.7,
        completesOnAllPaths: rng.next() < 0.7,
        resubmits: pick(RESUBMITS),
      }),
    );
  }
  // Facts from the code, drawn afterwards so the cases above stay what they were.
  for (const t of tasks) {
    if (rng.next() < 0.15) t.launchCrash = { cause: pick(['typeMismatch', 'duplicateRegistration', 'lateRegistration', 'neverRegistered'] as const), text: 'x' };
    if (rng.next() < 0.1) t.castNeverCompletes = true;
    if (rng.next() < 0.1) t.expirationHandlerCompletes = false;
    if (rng.next() < 0.6) {
      const flag = () => rng.next() < 0.4;
      t.submitPolicy = { known: rng.next() < 0.9, background: flag(), launch: flag(), launchScene: flag(), launchGuarded: flag(), userAction: flag(), handler: flag() };
    }
    if (t.kind === 'healthResearch') {
      t.dataProtection = pick(['none', 'complete', 'completeUntilFirstUserAuthentication', 'unknown'] as const);
      t.healthResearchEntitlement = pick(['present', 'missing', 'unknown'] as const);
    }
    if (t.kind === 'continuedProcessing') {
      t.wildcard = rng.next() < 0.5;
      if (t.wildcard) t.id = `${t.id}.*`;
      if (rng.next() < 0.3) t.reportsProgress = false;
    }
  }
  const scenario = cloneScenario(pick(presets).build());
  scenario.days = 2 + Math.floor(rng.next() * 9);
  scenario.seed = Math.floor(rng.next() * 1e9);
  scenario.usage.forceQuitAfterSessionProbability = pick([0, 0, 0.3]);
  scenario.model.incompletePathProbability = pick([0.25, 1]);
  scenario.model.refreshPendingLimitScope = pick(['total', 'perIdentifier'] as const);
  scenario.durations.refresh = pick([{ kind: 'fixed', seconds: 10 }, { kind: 'uniform', min: 5, max: 60 }] as const);
  scenario.durations.processing = pick([{ kind: 'normal', mean: 200, sd: 120 }, { kind: 'uniform', min: 30, max: 900 }] as const);
  if (rng.next() < 0.3) scenario.device.periods.push({ from: '10:00', to: '16:00', set: { lowPowerMode: true, network: 'none' } });
  return { tasks, scenario };
}

/** The largest number of pending intervals of the given kinds open at any one moment. */
function maxConcurrentPending(r: SimulationResult, kinds: string[], sameId?: string): number {
  const kindOf = new Map(r.tasks.map((t) => [t.id, t.kind as string]));
  const edges: [number, number][] = [];
  for (const p of r.pending) {
    if (!kinds.includes(kindOf.get(p.taskId)!)) continue;
    if (sameId !== undefined && p.taskId !== sameId) continue;
    if (p.to > p.from) edges.push([p.from, 1], [p.to, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // closes before opens at the same second
  let cur = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (cur += d));
  return max;
}

describe('engine properties over generated cases', () => {
  for (let c = 1; c <= 40; c++) {
    it(`case ${c}`, () => {
      const { tasks, scenario } = generate(c);
      const r = simulate(tasks, scenario);

      // No launch before earliestBeginDate.
      for (const run of r.runs) expect(run.start).toBeGreaterThanOrEqual(run.earliestBegin);

      // Never more than the pending limits (1 refresh in total or per identifier, 10 processing).
      if (scenario.model.refreshPendingLimitScope === 'total') expect(maxConcurrentPending(r, ['refresh'])).toBeLessThanOrEqual(1);
      // (A wildcard task submits a fresh concrete identifier each time: several may wait at once.)
      for (const t of tasks) if (!t.wildcard) expect(maxConcurrentPending(r, [t.kind], t.id)).toBeLessThanOrEqual(1);
      expect(maxConcurrentPending(r, ['processing', 'healthResearch'])).toBeLessThanOrEqual(10);

      // Every launch ends in exactly one of complete / expire / kill / crash, matching its run record.
      const launchesByRun = new Map<number, number>();
      const endsByRun = new Map<number, string[]>();
      for (const e of r.events) {
        if (e.kind === 'launch') launchesByRun.set(e.run!, (launchesByRun.get(e.run!) ?? 0) + 1);
        if (e.kind === 'complete' || e.kind === 'expire' || e.kind === 'kill' || e.kind === 'crash') endsByRun.set(e.run!, [...(endsByRun.get(e.run!) ?? []), e.kind]);
      }
      expect(launchesByRun.size).toBe(r.runs.length);
      r.runs.forEach((run, i) => {
        expect(launchesByRun.get(i)).toBe(1);
        expect(endsByRun.get(i)).toEqual([run.outcome]);
        expect(run.end).toBeGreaterThanOrEqual(run.start);
      });

      // Nothing launches for identifiers that cannot run, and events are in time order.
      for (const run of r.runs) {
        const t = tasks.find((x) => x.id === run.taskId)!;
        expect(t.permitted && t.registered && t.kind !== 'unknown').toBe(true);
        // A launch the analysis knows crashes always ends as a crash, and only such launches do.
        expect(run.outcome === 'crash').toBe(!!t.launchCrash);
      }
      for (let i = 1; i < r.events.length; i++) expect(r.events[i].t).toBeGreaterThanOrEqual(r.events[i - 1].t);
    });
  }
});

describe('the scheduling shortcuts change nothing', () => {
  // The engine looks again only at requests whose conditions can have changed (segment sensitivity,
  // idle-threshold events, per-request rechecks). Looking at everything at every moment must give the same runs.
  for (let c = 41; c <= 52; c++) {
    it(`case ${c}: same runs and stats as the exhaustive engine`, () => {
      const { tasks, scenario } = generate(c);
      const fast = simulate(tasks, scenario);
      const slow = runSimulation(tasks, scenario, { exhaustive: true });
      expect(JSON.stringify(fast.runs)).toBe(JSON.stringify(slow.runs));
      expect(JSON.stringify(fast.stats)).toBe(JSON.stringify(slow.stats));
    });
  }
  it('on the commuter preset with a mixed 20-task app over 30 days', () => {
    const kinds = ['refresh', 'processing', 'processing'] as const;
    const tasks = Array.from({ length: 20 }, (_, i) =>
      task({ id: `t${i}`, kind: kinds[i % 3], earliestBeginDelaySeconds: 900 * (i % 4), requiresExternalPower: i % 2 === 0, requiresNetworkConnectivity: i % 3 === 0, setsExpirationHandler: i % 5 !== 0, completesOnAllPaths: i % 7 !== 0, resubmits: RESUBMITS[i % 4] }),
    );
    const scenario = presets[0].build();
    scenario.days = 30;
    expect(JSON.stringify(simulate(tasks, scenario).runs)).toBe(JSON.stringify(runSimulation(tasks, scenario, { exhaustive: true }).runs));
  });
});

describe('determinism', () => {
  it('same scenario and seed give identical output; another seed gives another', () => {
    const { tasks, scenario } = generate(7);
    scenario.days = 10;
    const a = JSON.stringify(simulate(tasks, scenario));
    const b = JSON.stringify(simulate(tasks, cloneScenario(scenario)));
    expect(a).toBe(b);
    const other = cloneScenario(scenario);
    other.seed = scenario.seed + 1;
    expect(JSON.stringify(simulate(tasks, other))).not.toBe(a);
  });

  it('does not depend on the order the analysis listed the tasks', () => {
    const { tasks, scenario } = generate(11);
    expect(JSON.stringify(simulate([...tasks].reverse(), scenario))).toBe(JSON.stringify(simulate(tasks, scenario)));
  });

  it('does not mutate its inputs', () => {
    const { tasks, scenario } = generate(3);
    const before = JSON.stringify({ tasks, scenario });
    simulate(tasks, scenario);
    expect(JSON.stringify({ tasks, scenario })).toBe(before);
  });
});
