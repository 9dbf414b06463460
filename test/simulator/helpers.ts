/** Small builders for engine tests: a quiet scenario (nothing happens unless a test asks) and tasks. */
import { defaultScenario, type Scenario } from '../../server/src/simulator/scenario';
import type { SimTask } from '../../server/src/simulator/types';

export const MIN = 60;
export const HR = 3600;
export const D = 86400;

/** Time of day on a simulation day, in engine seconds. */
export function at(day: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return day * D + h * HR + m * MIN;
}

/**
 * No pickups, no usage, always on Wi-Fi and charger unless changed, full battery, no drain.
 * Tests add exactly the conditions they are about.
 */
export function quietScenario(edit: (s: Scenario) => void = () => {}): Scenario {
  const s = defaultScenario();
  s.days = 3;
  s.usage.sessions = [];
  s.device.use = { awake: [], pickupsPerHour: 0, pickupMinutes: 0, autoLockMinutes: 1 };
  s.device.charging = [];
  s.device.battery = { startPercent: 100, drainPercentPerHour: 0, chargePercentPerHour: 0, autoLowPowerModeBelowPercent: null };
  // Processing windows and the scheduler's random pick are tested on their own; elsewhere a
  // processing task launches as soon as its conditions allow, as often as they allow.
  s.model.processingSchedulerSpreadMinutes = 0;
  s.model.processingLaunchesPerWindow = 100;
  s.usage.actions = [];
  s.durations = {
    refresh: { kind: 'fixed', seconds: 5 },
    processing: { kind: 'fixed', seconds: 60 },
    healthResearch: { kind: 'fixed', seconds: 60 },
    continuedProcessing: { kind: 'fixed', seconds: 120 },
  };
  edit(s);
  return s;
}

/** One app open per day at `hhmm`, `minutes` long, no jitter. */
export function dailyOpen(hhmm: string, minutes = 2) {
  return { at: hhmm, jitterMinutes: 0, durationMinutes: minutes, days: 'daily' as const, probability: 1 };
}

export function task(over: Partial<SimTask> = {}): SimTask {
  return {
    id: 'com.example.refresh',
    kind: 'refresh',
    permitted: true,
    registered: true,
    submitted: true,
    earliestBeginDelaySeconds: 0,
    requiresExternalPower: false,
    requiresNetworkConnectivity: false,
    handlerKnown: true,
    setsExpirationHandler: true,
    completesOnAllPaths: true,
    resubmits: 'start',
    sites: {},
    ...over,
  };
}

export function processing(over: Partial<SimTask> = {}): SimTask {
  return task({ id: 'com.example.processing', kind: 'processing', ...over });
}
