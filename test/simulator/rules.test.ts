/**
 * One test per modelled rule. Each builds a quiet scenario with only the condition under test,
 * and where it can, checks the rule both ways (the behaviour appears with the condition and
 * disappears without it), so a rule that does nothing fails.
 */
import { describe, expect, it } from 'vitest';
import { simulate, whyNot } from '../../server/src/simulator/index';
import type { SimulationResult } from '../../server/src/simulator/types';
import { D, HR, MIN, at, dailyOpen, processing, quietScenario, task } from './helpers';

const launches = (r: SimulationResult, id?: string) => r.runs.filter((x) => id === undefined || x.taskId === id);
const reasonsSeen = (r: SimulationResult, id: string) => new Set(r.deferrals.filter((d) => d.taskId === id).flatMap((d) => d.reasons.map((x) => x.code)));
const alwaysCharging = [{ from: '00:00', to: '00:00' }];

describe('earliestBeginDate is a floor (facts §1, §5)', () => {
  it('launches no earlier than submit + delay, and at the floor when nothing else waits', () => {
    const sc = quietScenario((s) => {
      s.usage.sessions = [dailyOpen('08:00')];
      s.device.charging = alwaysCharging;
    });
    const r = simulate([processing({ earliestBeginDelaySeconds: 3 * HR, resubmits: 'never' })], sc);
    expect(launches(r).length).toBeGreaterThan(0);
    expect(r.runs[0].start).toBe(at(0, '08:02') + 3 * HR);
    for (const run of r.runs) expect(run.start).toBeGreaterThanOrEqual(run.earliestBegin);
    expect(reasonsSeen(r, 'com.example.processing').has('beforeEarliestBeginDate')).toBe(true);
  });
});

describe('refresh budget is about 30 s (facts §5 Time budgets)', () => {
  it('a 45 s refresh handler expires at 30 s; a 20 s one completes', () => {
    const make = (seconds: number) =>
      quietScenario((s) => {
        s.usage.sessions = [dailyOpen('08:00')];
        s.durations.refresh = { kind: 'fixed', seconds };
      });
    const long = simulate([task()], make(45));
    expect(long.runs.length).toBeGreaterThan(0);
    for (const run of long.runs) {
      expect(run.outcome).toBe('expire');
      expect(run.end - run.start).toBe(30);
    }
    const short = simulate([task()], make(20));
    expect(short.runs.every((x) => x.outcome === 'complete' && x.end - x.start === 20)).toBe(true);
  });
});

describe('refresh runs just ahead of predicted app use (facts §5 Refresh scheduling)', () => {
  it('once the usage pattern is learned, every refresh lands in the lead window before an open', () => {
    const sc = quietScenario((s) => {
      s.days = 7;
      s.usage.sessions = [dailyOpen('08:00'), dailyOpen('20:00')];
    });
    const r = simulate([task()], sc);
    const learned = r.runs.filter((x) => x.start >= 2 * D);
    expect(learned.length).toBeGreaterThanOrEqual(8);
    for (const run of learned) {
      const next = r.bands.opens.find((o) => o > run.start);
      expect(next).toBeDefined();
      expect(next! - run.start).toBeLessThanOrEqual(sc.model.refreshLeadMinutes * MIN);
    }
    // Before the pattern is learned, a refresh may still run, but later (the named cold-start parameter).
    const early = r.runs.filter((x) => x.start < 2 * D);
    expect(early.every((x) => x.start - x.earliestBegin >= sc.model.refreshWithoutPredictionAfterHours * HR - 1)).toBe(true);
  });
});

describe('processing tasks need an idle device (facts §1 BGProcessingTask)', () => {
  it('never starts while the user handles the phone, nor within the idle threshold after', () => {
    const sc = quietScenario((s) => {
      s.days = 4;
      s.usage.sessions = [dailyOpen('08:00')];
      s.device.charging = alwaysCharging;
      s.device.use = { awake: [{ from: '00:00', to: '00:00' }], pickupsPerHour: 4, pickupMinutes: 2, autoLockMinutes: 1 };
      s.model.processingMinSpacingHours = 1;
    });
    const r = simulate([processing()], sc);
    expect(r.runs.length).toBeGreaterThan(2);
    for (const run of r.runs) {
      expect(r.bands.deviceInUse.some((b) => b.from <= run.start && run.start < b.to)).toBe(false);
      const lastUse = r.bands.deviceInUse.filter((b) => b.to <= run.start).pop();
      if (lastUse) expect(run.start - lastUse.to).toBeGreaterThanOrEqual(sc.model.processingIdleMinutes * MIN);
    }
    expect(reasonsSeen(r, 'com.example.processing').has('notIdle')).toBe(true);
  });

  it('is cut (expired) when the user picks up the device', () => {
    const sc = quietScenario((s) => {
      s.days = 1;
      s.usage.sessions = [dailyOpen('02:00', 1), dailyOpen('02:34', 1)];
      s.device.charging = alwaysCharging;
      s.durations.processing = { kind: 'fixed', seconds: 250 };
    });
    const r = simulate([processing({ resubmits: 'never' })], sc);
    // Idle from 02:01; on the charger it counts as idle after processingIdleMinutes (30).
    expect(r.runs[0].start).toBe(at(0, '02:01') + sc.model.processingIdleMinutes * MIN);
    expect(r.runs[0].outcome).toBe('expire');
    expect(r.runs[0].end).toBe(at(0, '02:34'));
    expect(r.runs[0].detail).toContain('started using the device');
  });
});

describe('processing request options (facts §1 BGProcessingTaskRequest)', () => {
  it('requiresExternalPower: launches only while charging', () => {
    const sc = quietScenario((s) => {
      s.days = 4;
      s.usage.sessions = [dailyOpen('08:00')];
      s.device.charging = [{ from: '01:00', to: '05:00' }];
      s.model.processingMinSpacingHours = 1;
    });
    const r = simulate([processing({ requiresExternalPower: true })], sc);
    expect(r.runs.length).toBeGreaterThan(2);
    for (const run of r.runs) expect(r.bands.charging.some((b) => b.from <= run.start && run.start < b.to)).toBe(true);
    expect(reasonsSeen(r, 'com.example.processing').has('needsExternalPower')).toBe(true);
  });

  it('without requiresExternalPower it may run on battery above the named level, not below', () => {
    const run = (percent: number) =>
      simulate(
        [processing()],
        quietScenario((s) => {
          s.usage.sessions = [dailyOpen('08:00')];
          s.device.battery.startPercent = percent;
        }),
      );
    expect(run(80).runs.length).toBeGreaterThan(0);
    const low = run(40);
    expect(low.runs.length).toBe(0);
    expect(reasonsSeen(low, 'com.example.processing').has('batteryTooLowForProcessing')).toBe(true);
  });

  it('requiresNetworkConnectivity: launches only while there is network', () => {
    const sc = quietScenario((s) => {
      s.days = 3;
      s.usage.sessions = [dailyOpen('08:00')];
      s.device.charging = alwaysCharging;
      s.device.baseline.network = 'none';
      s.device.periods = [{ from: '03:00', to: '04:00', set: { network: 'wifi' } }];
    });
    const r = simulate([processing({ requiresNetworkConnectivity: true })], sc);
    expect(r.runs.length).toBeGreaterThan(0);
    for (const run of r.runs) {
      expect(run.start % D).toBeGreaterThanOrEqual(3 * HR);
      expect(run.start % D).toBeLessThan(4 * HR);
    }
    expect(reasonsSeen(r, 'com.example.processing').has('needsNetwork')).toBe(true);
  });

  it('Low Data Mode holds network tasks (named parameter lowDataModeDefersNetworkTasks)', () => {
    const make = (defers: boolean) =>
      quietScenario((s) => {
        s.usage.sessions = [dailyOpen('08:00')];
        s.device.charging = alwaysCharging;
        s.device.baseline.lowDataMode = true;
        s.model.lowDataModeDefersNetworkTasks = defers;
      });
    const t = processing({ requiresNetworkConnectivity: true });
    expect(simulate([t], make(true)).runs.length).toBe(0);
    expect(simulate([t], make(false)).runs.length).toBeGreaterThan(0);
  });

  it('needs the app to have been used within the past week (named appUsedWithinDays)', () => {
    const sc = quietScenario((s) => {
      s.days = 10;
      s.startWeekday = 'mon';
      s.usage.sessions = [{ ...dailyOpen('08:00'), days: ['mon'] }];
      s.device.charging = alwaysCharging;
      s.model.appUsedWithinDays = 2;
      s.model.processingMinSpacingHours = 1;
    });
    const r = simulate([processing()], sc);
    expect(r.runs.length).toBeGreaterThan(0);
    const gapStart = at(0, '08:00') + 2 * D;
    expect(r.runs.some((x) => x.start > gapStart && x.start < at(7, '08:00'))).toBe(false);
    expect(r.runs.some((x) => x.start > at(7, '08:00'))).toBe(true);
    expect(reasonsSeen(r, 'com.example.processing').has('appNotUsedRecently')).toBe(true);
  });
});

describe('Low Power Mode and Background App Refresh (facts §4, §5 factors 2 and 5)', () => {
  const opens = [dailyOpen('08:00'), dailyOpen('20:00')];

  it('Low Power Mode stops refresh, and "why not" says so', () => {
    const on = simulate([task()], quietScenario((s) => ((s.usage.sessions = opens), (s.device.baseline.lowPowerMode = true))));
    const off = simulate([task()], quietScenario((s) => (s.usage.sessions = opens)));
    expect(off.runs.length).toBeGreaterThan(0);
    expect(on.runs.length).toBe(0);
    const answer = whyNot(on, 'com.example.refresh', at(1, '12:00'));
    expect(answer.status).toBe('pending');
    expect(answer.reasons.map((x) => x.code)).toContain('lowPowerMode');
  });

  it('automatic Low Power Mode below a battery level holds refresh until charged to the named level', () => {
    const sc = quietScenario((s) => {
      s.days = 2;
      s.usage.sessions = opens;
      s.device.battery = { startPercent: 60, drainPercentPerHour: 5, chargePercentPerHour: 40, autoLowPowerModeBelowPercent: 40 };
      s.device.charging = [{ from: '22:00', to: '06:00' }];
    });
    const r = simulate([task()], sc);
    expect(r.bands.lowPowerMode.length).toBeGreaterThan(0);
    for (const run of r.runs) expect(r.bands.lowPowerMode.some((b) => b.from <= run.start && run.start < b.to)).toBe(false);
  });

  it('Background App Refresh off: submit fails with unavailable and nothing runs', () => {
    const r = simulate([task(), processing()], quietScenario((s) => ((s.usage.sessions = opens), (s.device.baseline.backgroundAppRefresh = false))));
    const submits = r.events.filter((e) => e.kind === 'submit');
    expect(submits.length).toBeGreaterThan(0);
    expect(submits.every((e) => e.error === 'unavailable')).toBe(true);
    expect(r.runs.length).toBe(0);
  });

  it('lowPowerModeSubmit = "unavailable" makes submit fail under Low Power Mode (UNCONFIRMED, named)', () => {
    const sc = quietScenario((s) => ((s.usage.sessions = opens), (s.device.baseline.lowPowerMode = true), (s.model.lowPowerModeSubmit = 'unavailable')));
    const r = simulate([task()], sc);
    expect(r.events.filter((e) => e.kind === 'submit').every((e) => e.error === 'unavailable')).toBe(true);
  });
});

describe('battery, thermal (facts §5 factor 1, WWDC25 conditions)', () => {
  it('below the critical level and not charging, nothing runs; on the charger it does', () => {
    const low = (charging: boolean) =>
      quietScenario((s) => {
        s.usage.sessions = [dailyOpen('08:00'), dailyOpen('20:00')];
        s.device.battery.startPercent = 15;
        if (charging) {
          s.device.charging = alwaysCharging;
          s.device.battery.chargePercentPerHour = 0;
        }
      });
    const r = simulate([task()], low(false));
    expect(r.runs.length).toBe(0);
    expect(reasonsSeen(r, 'com.example.refresh').has('criticalBattery')).toBe(true);
    expect(simulate([task()], low(true)).runs.length).toBeGreaterThan(0);
  });

  it('a thermal state at or above the named threshold holds launches', () => {
    const make = (thermal: 'fair' | 'serious') => quietScenario((s) => ((s.usage.sessions = [dailyOpen('08:00'), dailyOpen('20:00')]), (s.device.baseline.thermal = thermal)));
    expect(simulate([task()], make('serious')).runs.length).toBe(0);
    expect(simulate([task()], make('fair')).runs.length).toBeGreaterThan(0);
  });
});

describe('force-quit from the app switcher (facts §5 Other gates; UNCONFIRMED, named)', () => {
  it('stops background launches until the next user launch', () => {
    const sc = quietScenario((s) => {
      s.days = 4;
      s.usage.sessions = [dailyOpen('08:00')];
      s.usage.forceQuits = [{ day: 1, at: '12:00' }];
      s.model.refreshWithoutPredictionAfterHours = 1;
    });
    const r = simulate([task()], sc);
    expect(r.runs.some((x) => x.start >= at(1, '12:00') && x.start < at(2, '08:00'))).toBe(false);
    expect(r.runs.some((x) => x.start < at(1, '12:00'))).toBe(true);
    expect(r.runs.some((x) => x.start > at(2, '08:00'))).toBe(true);
    expect(whyNot(r, 'com.example.refresh', at(1, '18:00')).reasons.map((x) => x.code)).toContain('forceQuit');
    expect(r.bands.forceQuitSuppressed).toEqual([{ from: at(1, '12:00'), to: at(2, '08:00') }]);
  });

  it('a user who always swipes the app away gets no background launches', () => {
    const make = (p: number) => quietScenario((s) => ((s.days = 4), (s.usage.sessions = [dailyOpen('08:00'), dailyOpen('20:00')]), (s.usage.forceQuitAfterSessionProbability = p)));
    expect(simulate([task()], make(1)).runs.length).toBe(0);
    expect(simulate([task()], make(0)).runs.length).toBeGreaterThan(0);
  });
});

describe('pending limits and replacement (facts §2 code 2, §5)', () => {
  it('a second refresh identifier fails with tooManyPendingTaskRequests while one is pending', () => {
    const sc = quietScenario((s) => (s.usage.sessions = [dailyOpen('08:00')]));
    const r = simulate([task({ id: 'a.refresh' }), task({ id: 'b.refresh' })], sc);
    const b = r.events.filter((e) => e.kind === 'submit' && e.taskId === 'b.refresh');
    expect(b.some((e) => e.error === 'tooManyPendingTaskRequests')).toBe(true);
    const perId = simulate([task({ id: 'a.refresh' }), task({ id: 'b.refresh' })], quietScenario((s) => ((s.usage.sessions = [dailyOpen('08:00')]), (s.model.refreshPendingLimitScope = 'perIdentifier'))));
    expect(perId.events.some((e) => e.kind === 'submit' && e.error === 'tooManyPendingTaskRequests')).toBe(false);
  });

  it('the eleventh processing request fails', () => {
    const tasks = Array.from({ length: 11 }, (_, i) => processing({ id: `p${String(i).padStart(2, '0')}`, earliestBeginDelaySeconds: 2 * D }));
    const r = simulate(tasks, quietScenario((s) => ((s.days = 1), (s.usage.sessions = [dailyOpen('08:00')]))));
    const submits = r.events.filter((e) => e.kind === 'submit');
    expect(submits.filter((e) => !e.error).length).toBe(10);
    expect(submits.find((e) => e.taskId === 'p10')?.error).toBe('tooManyPendingTaskRequests');
  });

  it('resubmitting an identifier replaces its pending request (and its earliestBeginDate)', () => {
    const sc = quietScenario((s) => {
      s.days = 1;
      s.usage.sessions = [dailyOpen('08:00'), dailyOpen('09:00')];
      s.device.charging = alwaysCharging;
    });
    const r = simulate([processing({ earliestBeginDelaySeconds: 6 * HR, resubmits: 'never' })], sc);
    expect(r.pending.map((p) => p.end)).toEqual(['replaced', 'launched']);
    expect(r.events.filter((e) => e.kind === 'submit')[1].replaced).toBe(true);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0].start).toBe(at(0, '09:02') + 6 * HR);
  });
});

describe('a launch consumes the request (facts §5 one-shot requests)', () => {
  it('a handler that never resubmits, in an app that submits once, runs exactly once', () => {
    const make = (resubmits: 'never' | 'start') =>
      simulate([task({ resubmits })], quietScenario((s) => ((s.days = 4), (s.usage.sessions = [dailyOpen('08:00'), dailyOpen('20:00')]), (s.model.appSubmits = 'firstLaunchOnly'))));
    const never = make('never');
    expect(never.runs).toHaveLength(1);
    expect(never.hints.some((h) => h.text.includes('never runs again'))).toBe(true);
    expect(whyNot(never, 'com.example.refresh', at(3, '12:00')).summary).toContain('consumed the request');
    expect(make('start').runs.length).toBeGreaterThan(1);
  });

  it('a handler that resubmits only at the end loses the chain when it expires', () => {
    const sc = quietScenario((s) => ((s.days = 4), (s.usage.sessions = [dailyOpen('08:00')]), (s.model.appSubmits = 'firstLaunchOnly'), (s.durations.refresh = { kind: 'fixed', seconds: 60 })));
    const r = simulate([task({ resubmits: 'end' })], sc);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0].outcome).toBe('expire');
    expect(r.runs[0].detail).toContain('no next request');
  });
});

describe('expiration and completion (facts §4)', () => {
  const long = (over: Parameters<typeof processing>[0]) =>
    simulate(
      [processing({ resubmits: 'never', ...over })],
      quietScenario((s) => ((s.days = 1), (s.usage.sessions = [dailyOpen('08:00')]), (s.device.charging = alwaysCharging), (s.durations.processing = { kind: 'fixed', seconds: 400 }))),
    );

  it('past the budget the expirationHandler runs and the task ends unsuccessfully', () => {
    const r = long({ setsExpirationHandler: true });
    expect(r.runs[0].outcome).toBe('expire');
    expect(r.runs[0].end - r.runs[0].start).toBe(r.scenario.model.processingBudgetSeconds);
    expect(r.events.some((e) => e.kind === 'fail')).toBe(false);
  });

  it('with no expirationHandler the system marks the task failed', () => {
    const r = long({ setsExpirationHandler: false });
    expect(r.runs[0].outcome).toBe('expire');
    const fail = r.events.find((e) => e.kind === 'fail');
    expect(fail?.detail).toContain("didn't provide an expiration handler");
  });

  it('a handler that never completes and has no expirationHandler is completed unsuccessfully by the system, not killed', () => {
    const sc = quietScenario((s) => ((s.days = 1), (s.usage.sessions = [dailyOpen('08:00')]), (s.model.incompletePathProbability = 1)));
    const r = simulate([task({ completesOnAllPaths: false, setsExpirationHandler: false, resubmits: 'never' })], sc);
    expect(r.runs[0].outcome).toBe('expire');
    expect(r.runs[0].end - r.runs[0].start).toBe(sc.model.refreshBudgetSeconds);
    expect(r.stats[0].kills).toBe(0);
    expect(r.events.find((e) => e.kind === 'fail')?.t).toBe(r.runs[0].start + sc.model.refreshBudgetSeconds);
    expect(r.hints.find((h) => h.text.startsWith('No expirationHandler'))?.text).toContain('complete and unsuccessful');
  });

  it('an expirationHandler that does not complete the task gets the app killed at the budget (plus grace), which lowers the standing', () => {
    const sc = quietScenario((s) => ((s.days = 1), (s.usage.sessions = [dailyOpen('08:00')])));
    const r = simulate([task({ expirationHandlerCompletes: false, resubmits: 'never' })], quietScenario((s) => ((s.days = 1), (s.usage.sessions = [dailyOpen('08:00')]), (s.durations.refresh = { kind: 'fixed', seconds: 45 }))));
    expect(r.runs[0].outcome).toBe('kill');
    expect(r.runs[0].end - r.runs[0].start).toBe(sc.model.refreshBudgetSeconds + sc.model.expirationGraceSeconds);
    expect(r.app.finalStanding).toBeLessThan(1);
    expect(r.stats[0].kills).toBe(1);
    expect(r.hints.some((h) => h.text.includes('neither stops the work nor calls setTaskCompleted'))).toBe(true);
  });

  it('an expirationHandler that completes the task turns the would-be kill into an expiry (named expirationHandlerCompletes)', () => {
    const make = (completes: boolean) =>
      simulate([task({ completesOnAllPaths: false, resubmits: 'never' })], quietScenario((s) => ((s.days = 1), (s.usage.sessions = [dailyOpen('08:00')]), (s.model.incompletePathProbability = 1), (s.model.expirationHandlerCompletes = completes))));
    expect(make(true).runs[0].outcome).toBe('expire');
    expect(make(false).runs[0].outcome).toBe('kill');
  });
});

describe('repeated failures reduce scheduling (UNCONFIRMED penalty, model.penalty)', () => {
  it('a task that keeps getting killed launches less often than one that completes', () => {
    const make = (completes: boolean) =>
      simulate(
        [processing({ completesOnAllPaths: completes })],
        quietScenario((s) => {
          s.days = 7;
          s.usage.sessions = [dailyOpen('08:00')];
          s.device.charging = alwaysCharging;
          s.model.incompletePathProbability = 1;
          s.model.expirationHandlerCompletes = false;
        }),
      );
    const good = make(true);
    const bad = make(false);
    expect(bad.runs.every((x) => x.outcome === 'kill')).toBe(true);
    expect(bad.runs.length).toBeLessThan(good.runs.length);
    expect(bad.app.minStanding).toBeLessThanOrEqual(0.25);
    expect(good.app.minStanding).toBe(1);
  });
});

describe('system budget across the day (facts §5 factor 6; size UNCONFIRMED, named)', () => {
  it('a small daily budget holds launches until it refills', () => {
    const make = (dailyBudgetSeconds: number) =>
      simulate(
        [processing()],
        quietScenario((s) => {
          s.days = 3;
          s.usage.sessions = [dailyOpen('08:00')];
          s.durations.processing = { kind: 'fixed', seconds: 250 };
          s.model.dailyBudgetSeconds = dailyBudgetSeconds;
          s.model.processingMinSpacingHours = 0;
        }),
      );
    const tight = make(400);
    const loose = make(86400);
    expect(reasonsSeen(tight, 'com.example.processing').has('budgetExhausted')).toBe(true);
    expect(tight.runs.length).toBeLessThan(loose.runs.length);
    expect(tight.runs.length).toBeGreaterThan(0);
  });
});

describe('configuration mistakes (facts §2, §3)', () => {
  it('not permitted: submit fails with notPermitted; permitted but unregistered: submit crashes', () => {
    const sc = quietScenario((s) => (s.usage.sessions = [dailyOpen('08:00')]));
    const r = simulate([task({ id: 'np', permitted: false }), task({ id: 'nr', registered: false, kind: 'processing' })], sc);
    expect(r.events.filter((e) => e.taskId === 'np' && e.kind === 'submit').every((e) => e.error === 'notPermitted')).toBe(true);
    expect(r.events.filter((e) => e.taskId === 'nr' && e.kind === 'submit').every((e) => e.error === 'crashNoLaunchHandler')).toBe(true);
    expect(r.runs).toHaveLength(0);
    expect(whyNot(r, 'np', at(1, '12:00')).summary).toContain('notPermitted');
    expect(r.hints.find((h) => h.taskId === 'nr')?.text).toContain('No launch handler registered');
  });

  it('an unknown task type is listed but not simulated', () => {
    const r = simulate([task({ id: 'u', kind: 'unknown' })], quietScenario((s) => (s.usage.sessions = [dailyOpen('08:00')])));
    expect(r.events.filter((e) => e.taskId === 'u')).toHaveLength(0);
    expect(whyNot(r, 'u', 1000).status).toBe('notSimulated');
    expect(r.stats[0].launches).toBe(0);
  });
});

describe('continued processing (facts §5 Continued processing)', () => {
  it('starts at the user action, ignores earliestBeginDate, and a force-quit cancels it with no callback', () => {
    const make = (forceQuit: number) =>
      simulate(
        [task({ id: 'cp', kind: 'continuedProcessing', earliestBeginDelaySeconds: 3 * HR })],
        quietScenario((s) => {
          s.days = 1;
          s.usage.sessions = [dailyOpen('08:00', 1)];
          s.usage.actions = [{ label: 'Starts an export', days: 'daily', probability: 1 }];
          s.usage.forceQuitAfterSessionProbability = forceQuit;
          s.durations.continuedProcessing = { kind: 'fixed', seconds: 300 };
        }),
      );
    const ok = make(0);
    // The action happens in the first session (half a minute into this one-minute session).
    expect(ok.runs[0].start).toBe(at(0, '08:00') + 30);
    expect(ok.runs[0].outcome).toBe('complete');
    const quit = make(1);
    expect(quit.runs[0].outcome).toBe('kill');
    expect(quit.runs[0].end).toBe(at(0, '08:01'));
    expect(quit.runs[0].detail).toContain('without any callback');
  });
});
