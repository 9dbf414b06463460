/**
 * The frequencies and facts an iOS developer would recognise, pinned with scenarios rather than
 * with today's numbers: processing at night on the charger (one launch per window, at a moment the
 * scheduler picks), refresh that follows use, crashes and submit sites from the code, and per-type
 * semantics (Low Power Mode, force-quit, health research, continued processing).
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario, presetByName, simulate, whyNot } from '../../server/src/simulator/index';
import type { Scenario } from '../../server/src/simulator/scenario';
import type { SimTask, SimulationResult, SubmitPolicy } from '../../server/src/simulator/types';
import { D, HR, MIN, at, dailyOpen, processing, quietScenario, task } from './helpers';

const hourOf = (t: number) => (t % D) / HR;
const runsOf = (r: SimulationResult, id: string) => r.runs.filter((x) => x.taskId === id);
const reasonsSeen = (r: SimulationResult, id: string) => new Set(r.deferrals.filter((d) => d.taskId === id).flatMap((d) => d.reasons.map((x) => x.code)));
const policy = (over: Partial<SubmitPolicy>): SubmitPolicy => ({ known: true, background: false, launch: false, launchGuarded: false, userAction: false, handler: false, ...over });
/** Launches per night: keyed by the date the night starts (a launch before noon belongs to the night before). */
const perNight = (r: SimulationResult, id: string) => {
  const nights = new Map<number, number>();
  for (const run of runsOf(r, id)) {
    const night = Math.floor((run.start - 12 * HR) / D);
    nights.set(night, (nights.get(night) ?? 0) + 1);
  }
  return nights;
};

function defaultFor(days: number, edit: (s: Scenario) => void = () => {}): Scenario {
  const s = defaultScenario();
  s.days = days;
  edit(s);
  return s;
}

describe('processing timing (default scenario: charges 23:30–06:45, handles the phone 07:00–23:15)', () => {
  it('requiresExternalPower: at most one launch per night, none between 08:00 and 22:00', () => {
    for (const seed of [1, 2, 3]) {
      const r = simulate([processing({ requiresExternalPower: true, resubmits: 'start' })], defaultFor(14, (s) => (s.seed = seed)));
      const runs = runsOf(r, 'com.example.processing');
      expect(runs.length).toBeGreaterThanOrEqual(10);
      for (const run of runs) expect(hourOf(run.start) >= 8 && hourOf(run.start) < 22).toBe(false);
      for (const n of perNight(r, 'com.example.processing').values()) expect(n).toBe(1);
    }
  });

  it('a handler that resubmits at the start still runs once per night, not every few hours', () => {
    const r = simulate([processing({ resubmits: 'start' })], defaultFor(14));
    for (const n of perNight(r, 'com.example.processing').values()) expect(n).toBe(1);
    expect(reasonsSeen(r, 'com.example.processing').has('ranThisWindow')).toBe(true);
  });

  it('without requiresExternalPower: no on-battery daytime launches in the default day', () => {
    const r = simulate([processing({ resubmits: 'start' })], defaultFor(14));
    const runs = runsOf(r, 'com.example.processing');
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect(hourOf(run.start) >= 7 && hourOf(run.start) < 23).toBe(false);
      expect(r.bands.charging.some((b) => b.from <= run.start && run.start < b.to)).toBe(true);
    }
    expect(reasonsSeen(r, 'com.example.processing').has('waitingForLongIdle')).toBe(true);
  });

  it('…unless the scenario sets a long idle stretch on battery (here: the phone left untouched 13:00–17:00)', () => {
    const sc = defaultFor(7, (s) => {
      s.device.charging = [];
      s.device.battery = { startPercent: 100, drainPercentPerHour: 0, chargePercentPerHour: 0, autoLowPowerModeBelowPercent: null };
      s.device.use.awake = [
        { from: '07:00', to: '13:00', days: 'daily' },
        { from: '17:00', to: '23:15', days: 'daily' },
      ];
      s.usage.sessions = [dailyOpen('08:05', 4), dailyOpen('21:40', 8)];
    });
    const r = simulate([processing({ resubmits: 'start' })], sc);
    const daytime = runsOf(r, 'com.example.processing').filter((x) => hourOf(x.start) >= 13 && hourOf(x.start) < 17);
    expect(daytime.length).toBeGreaterThan(0);
    // Not before two hours untouched (processingOnBatteryIdleMinutes).
    for (const run of daytime) {
      const lastUse = r.bands.deviceInUse.filter((b) => b.to <= run.start).pop()!;
      expect(run.start - lastUse.to).toBeGreaterThanOrEqual(sc.model.processingOnBatteryIdleMinutes * MIN);
    }
  });

  it('the scheduler picks a moment inside the window: launches spread out and the mean delay is not zero', () => {
    const r = simulate([processing({ requiresExternalPower: true, resubmits: 'start' })], defaultFor(14));
    const runs = runsOf(r, 'com.example.processing');
    const minutes = new Set(runs.map((x) => Math.round((x.start % D) / (10 * MIN))));
    expect(minutes.size).toBeGreaterThan(3);
    expect(r.stats[0].meanDelaySeconds).toBeGreaterThan(10 * MIN);
    const spread0 = simulate([processing({ requiresExternalPower: true, resubmits: 'start' })], defaultFor(14, (s) => (s.model.processingSchedulerSpreadMinutes = 0)));
    expect(spread0.stats[0].meanDelaySeconds!).toBeLessThan(r.stats[0].meanDelaySeconds!);
  });

  it('overnight charger with requiresExternalPower: one launch per night, not two', () => {
    const r = simulate([processing({ requiresExternalPower: true, resubmits: 'start' })], { ...presetByName('overnight-charger')!, days: 14 });
    for (const n of perNight(r, 'com.example.processing').values()) expect(n).toBe(1);
  });
});

describe('refresh follows use (§5 factor 3, app usage)', () => {
  it('an app unopened for 7 days gets at most one refresh a day by day 7, and fewer after', () => {
    // The rarely-opened preset (30 days) has long stretches without an open; no force-quits here,
    // so that only app usage holds the refreshes.
    const sc = presetByName('rarely-opened')!;
    sc.usage.forceQuitAfterSessionProbability = 0;
    const r = simulate([task({ resubmits: 'start' })], sc);
    const opens = r.bands.opens;
    const gaps = opens.map((o, i) => ({ from: o, to: opens[i + 1] ?? r.durationSeconds })).filter((g) => g.to - g.from >= 10 * D);
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) {
      const day = (t: number) => Math.floor((t - gap.from) / D);
      const perDay = new Map<number, number>();
      for (const x of r.runs) if (x.start > gap.from && x.start < gap.to) perDay.set(day(x.start), (perDay.get(day(x.start)) ?? 0) + 1);
      for (const [d, n] of perDay) if (d >= 7) expect(n).toBeLessThanOrEqual(1);
      // Falling: fewer refreshes in days 6–9 of the stretch than in days 0–3.
      const sum = (from: number, to: number) => [...perDay].filter(([d]) => d >= from && d <= to).reduce((n, [, c]) => n + c, 0);
      expect(sum(0, 3)).toBeGreaterThan(0);
      expect(sum(6, 9)).toBeLessThan(sum(0, 3));
    }
    expect(reasonsSeen(r, 'com.example.refresh').has('usageFading')).toBe(true);
    expect(r.hints.some((h) => h.text.startsWith('Refreshes follow use'))).toBe(true);
  });

  it('stops after refreshStopAfterUnusedDays without an open', () => {
    const sc = quietScenario((s) => {
      s.days = 14;
      s.startWeekday = 'mon';
      s.usage.sessions = [{ ...dailyOpen('08:00'), days: ['mon'] }];
      s.model.refreshStopAfterUnusedDays = 3;
    });
    const r = simulate([task({ resubmits: 'start' })], sc);
    expect(r.runs.every((x) => x.start < at(0, '08:00') + 3.01 * D || x.start >= at(7, '08:00'))).toBe(true);
    expect(reasonsSeen(r, 'com.example.refresh').has('appNotUsedRecently')).toBe(true);
  });

  it('the rarely-opened preset no longer refreshes four times a day in its unopened stretches', () => {
    const r = simulate([task({ resubmits: 'start' })], presetByName('rarely-opened')!);
    const opens = r.bands.opens;
    // Refreshes more than three days after the last open: at most one per day.
    const late = r.runs.filter((x) => {
      const last = opens.filter((o) => o <= x.start).pop() ?? 0;
      return x.start - last > 3 * D;
    });
    const byDay = new Map<number, number>();
    for (const x of late) byDay.set(Math.floor(x.start / D), (byDay.get(Math.floor(x.start / D)) ?? 0) + 1);
    for (const n of byDay.values()) expect(n).toBeLessThanOrEqual(1);
  });
});

describe("the code's real facts drive the run", () => {
  const nightly = (t: SimTask, days = 5) => simulate([t], defaultFor(days));

  it('an as! type mismatch: every launch is a crash, 0% success, no resubmission, and a hint that says why', () => {
    const r = nightly(processing({ resubmits: 'start', launchCrash: { cause: 'typeMismatch', text: 'It casts the task with as! BGAppRefreshTask, but it is submitted as a BGProcessingTaskRequest.' } }));
    const runs = runsOf(r, 'com.example.processing');
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((x) => x.outcome === 'crash' && !x.success)).toBe(true);
    expect(r.stats[0].successRate).toBe(0);
    expect(r.stats[0].crashes).toBe(runs.length);
    // The handler never ran: nothing it would have submitted was submitted.
    expect(r.events.some((e) => e.kind === 'submit' && e.origin === 'handler')).toBe(false);
    const hint = r.hints.find((h) => h.severity === 'error' && h.text.includes('Every launch crashes'));
    expect(hint?.text).toContain('as! BGAppRefreshTask');
    expect(whyNot(r, 'com.example.processing', runs[0].end + 60).summary).toContain('crashed');
  });

  it('duplicate and late registration crash the launch the same way', () => {
    for (const cause of ['duplicateRegistration', 'lateRegistration', 'neverRegistered'] as const) {
      const r = nightly(task({ resubmits: 'start', launchCrash: { cause, text: 'x' } }));
      expect(r.runs.length).toBeGreaterThan(0);
      expect(r.runs.every((x) => x.outcome === 'crash')).toBe(true);
    }
  });

  it('an as? mismatch never completes: every launch runs out its time', () => {
    const r = nightly(processing({ castNeverCompletes: true, resubmits: 'start' }));
    expect(r.runs.length).toBeGreaterThan(0);
    expect(r.runs.every((x) => x.outcome === 'expire')).toBe(true);
  });

  it('submit on every launch: background launches for other tasks push the floor, and the hint says it starved', () => {
    // An 8-hour floor, submitted on every launch of the app (didFinishLaunching).
    const starved = processing({ id: 'com.example.cleanup', requiresExternalPower: true, earliestBeginDelaySeconds: 8 * HR, resubmits: 'never', submitPolicy: policy({ launch: true, where: ['application(_:didFinishLaunchingWithOptions:)'] }) });
    // Another task launches the app every night, soon after the phone goes on the charger.
    const other = processing({ id: 'com.example.other', resubmits: 'start', submitPolicy: policy({ background: true }) });
    const sc = defaultFor(10, (s) => (s.model.processingSchedulerSpreadMinutes = 30));
    const r = simulate([starved, other], sc);
    const s = r.stats.find((x) => x.taskId === 'com.example.cleanup')!;
    expect(s.launches).toBe(0);
    expect(s.replacements).toBeGreaterThan(5);
    expect(r.events.some((e) => e.kind === 'submit' && e.taskId === 'com.example.cleanup' && e.detail.includes('a background launch for com.example.other'))).toBe(true);
    expect(r.hints.some((h) => h.taskId === 'com.example.cleanup' && h.text.includes('Submitted on every launch'))).toBe(true);
    expect(r.hints.find((h) => h.taskId === 'com.example.cleanup' && h.text.startsWith('Starved'))?.text).toContain('launch of the app resubmits and pushes the earliestBeginDate floor');
    // Submitted on the way to the background instead, it runs at night.
    const fixed = simulate([{ ...starved, submitPolicy: policy({ background: true }) }, other], sc);
    expect(fixed.stats.find((x) => x.taskId === 'com.example.cleanup')!.launches).toBeGreaterThan(5);
  });

  it('a task submitted only on a user action runs only after one (here: enrolment on day 0)', () => {
    const t = processing({ id: 'com.example.study', kind: 'healthResearch', resubmits: 'never', healthResearchEntitlement: 'present', submitPolicy: policy({ userAction: true }) });
    const sc = defaultFor(6, (s) => (s.usage.actions = [{ label: 'Enrols', days: 'daily', fromDay: 2, toDay: 2, probability: 1 }]));
    const r = simulate([t], sc);
    expect(r.events.filter((e) => e.kind === 'submit' && e.taskId === 'com.example.study').every((e) => e.origin === 'action' && e.t >= 2 * D)).toBe(true);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0].start).toBeGreaterThan(2 * D);
    expect(r.hints.some((h) => h.text.includes('only on a user action'))).toBe(true);
  });

  it('submits the analysis could not place fall back to the scenario policy, and a hint says so', () => {
    const r = simulate([task({ submitPolicy: { ...policy({}), known: false } })], defaultFor(2));
    expect(r.events.some((e) => e.kind === 'submit' && e.origin === 'background')).toBe(true);
    expect(r.hints.some((h) => h.text.includes('Could not tell from the code when the app submits'))).toBe(true);
  });
});

describe('per-type semantics', () => {
  it('Low Power Mode does not hold processing tasks by default; the named parameter does', () => {
    const lpm = (blocks: boolean) =>
      simulate(
        [processing({ requiresExternalPower: true, resubmits: 'start' })],
        defaultFor(5, (s) => {
          s.device.baseline.lowPowerMode = true;
          s.model.lowPowerModeBlocksProcessing = blocks;
        }),
      );
    expect(lpm(false).runs.length).toBeGreaterThan(0);
    expect(lpm(true).runs).toHaveLength(0);
  });

  it('a force-quit stops refresh until the next launch, but not processing', () => {
    const sc = defaultFor(4, (s) => (s.usage.forceQuitAfterSessionProbability = 1));
    const r = simulate([task({ resubmits: 'start' }), processing({ requiresExternalPower: true, resubmits: 'start' })], sc);
    expect(runsOf(r, 'com.example.refresh')).toHaveLength(0);
    expect(runsOf(r, 'com.example.processing').length).toBeGreaterThan(0);
    expect(reasonsSeen(r, 'com.example.refresh').has('forceQuit')).toBe(true);
    const both = simulate([processing({ requiresExternalPower: true, resubmits: 'start' })], defaultFor(4, (s) => ((s.usage.forceQuitAfterSessionProbability = 1), (s.model.forceQuitSuppressesProcessing = true))));
    expect(both.runs).toHaveLength(0);
  });

  it('health research with .complete data never launches while the device is locked (idle), and a hint says why', () => {
    const study = (dataProtection: SimTask['dataProtection']) => processing({ id: 'com.example.study', kind: 'healthResearch', requiresExternalPower: true, resubmits: 'start', dataProtection, healthResearchEntitlement: 'present' });
    const locked = simulate([study('complete')], defaultFor(5));
    expect(locked.runs).toHaveLength(0);
    expect(reasonsSeen(locked, 'com.example.study').has('dataProtected')).toBe(true);
    expect(locked.hints.some((h) => h.text.includes('protectionTypeOfRequiredData is .complete'))).toBe(true);
    expect(simulate([study('completeUntilFirstUserAuthentication')], defaultFor(5)).runs.length).toBeGreaterThan(0);
  });

  it('health research without the entitlement cannot be submitted; an unknown entitlement follows the named parameter', () => {
    const study = (e: SimTask['healthResearchEntitlement']) => processing({ id: 'com.example.study', kind: 'healthResearch', requiresExternalPower: true, resubmits: 'start', healthResearchEntitlement: e });
    const missing = simulate([study('missing')], defaultFor(3));
    expect(missing.runs).toHaveLength(0);
    expect(missing.events.filter((e) => e.kind === 'submit').every((e) => e.error === 'notPermitted')).toBe(true);
    expect(missing.hints.some((h) => h.text.includes('com.apple.developer.backgroundtasks.healthresearch'))).toBe(true);
    expect(simulate([study('unknown')], defaultFor(3)).runs.length).toBeGreaterThan(0);
    expect(simulate([study('unknown')], defaultFor(3, (s) => (s.model.healthResearchEntitlementWhenUnknown = 'missing'))).runs).toHaveLength(0);
  });

  it('continued processing starts only at user actions, runs while it reports progress, and expires without progress', () => {
    const cp = (over: Partial<SimTask> = {}) => task({ id: 'com.example.export.*', kind: 'continuedProcessing', wildcard: true, ...over });
    const sc = defaultFor(7, (s) => {
      s.usage.actions = [{ label: 'Exports', days: 'daily', probability: 1, kinds: ['continuedProcessing'] }];
      s.durations.continuedProcessing = { kind: 'fixed', seconds: 2400 };
    });
    const r = simulate([cp()], sc);
    expect(r.runs).toHaveLength(7);
    // Longer than any fixed budget: 40 minutes, all completed.
    expect(r.runs.every((x) => x.outcome === 'complete' && x.end - x.start === 2400)).toBe(true);
    // Each submission is a concrete identifier under the wildcard.
    const ids = new Set(r.runs.map((x) => x.concreteId));
    expect(ids.size).toBe(7);
    for (const id of ids) expect(id).toMatch(/^com\.example\.export\.\d+$/);
    // Each launch starts at the action, in the foreground.
    for (const run of r.runs) expect(r.bands.appInUse.some((b) => b.from <= run.start && run.start < b.to)).toBe(true);
    const stalled = simulate([cp({ reportsProgress: false })], sc);
    expect(stalled.runs.every((x) => x.outcome === 'expire' && x.end - x.start === sc.model.continuedProcessingNoProgressExpirySeconds)).toBe(true);
    const noActions = simulate([cp()], defaultFor(7, (s) => (s.usage.actions = [])));
    expect(noActions.runs).toHaveLength(0);
  });
});
