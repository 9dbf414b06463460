/**
 * The scenario: everything about the simulated user, device and system that is not in the code.
 * Every number here that Apple does not document lives in `ModelParameters`, by name, with its
 * default and the fact it rests on (docs/simulator-model.md has the full table). Nothing of the
 * sort is a hidden constant in the engine.
 */

import type { Static } from '@sinclair/typebox';
import type {
  ActionSchema,
  AppSubmitsSchema,
  DaysSchema,
  DurationSchema,
  ModelSchema,
  PenaltySchema,
  PeriodSchema,
  ScenarioFileSchema,
  SessionSchema,
  SettingsSchema,
  TaskOverrideSchema,
  ThermalSchema,
  NetworkSchema,
  WeekdaySchema,
  WindowSchema,
} from './scenarioSchema';

// The names, ranges and descriptions of every field live in scenarioSchema.ts (TypeBox); the types here
// are derived from it, with the fields a file may leave out made required where the engine always has
// a value (parseScenario fills them from the defaults or the preset).
export { WEEKDAYS, THERMAL_STATES, APP_SUBMIT_POLICIES, ACTION_KINDS } from './scenarioSchema';

type WithRequired<T, K extends keyof T> = Omit<T, K> & Required<Pick<T, K>>;

export type Weekday = Static<typeof WeekdaySchema>;
/** Which days a recurring window or session applies to (judged on the day it starts). */
export type DaySelector = Static<typeof DaysSchema>;
/** A daily window "HH:MM"–"HH:MM"; `to` earlier than `from` crosses midnight; `fromDay`/`toDay` restrict it to simulation days. */
export type RecurringWindow = Static<typeof WindowSchema>;
/** One habitual app open, e.g. "08:05 on weekdays, ±10 min, 4 min long". */
export type UsageSession = Required<Static<typeof SessionSchema>>;
export type NetworkKind = Static<typeof NetworkSchema>;
export type ThermalState = Static<typeof ThermalSchema>;
/** Device settings that the scenario sets as a baseline and overrides in periods. */
export type DeviceSettings = Required<Static<typeof SettingsSchema>>;
export type DevicePeriod = Static<typeof PeriodSchema>;
/** How long a handler's work takes, in seconds. It may exceed the budget; that is the point. */
export type DurationDistribution = Static<typeof DurationSchema>;

/**
 * When the app's own submit site (outside the launch handler) runs. The analysis reads this from the
 * code (where each submit site is reached from); the scenario's value is used only where it could
 * not, or for an explicit per-task override.
 * - everyBackground: on each trip to the background (scene phase .background, …DidEnterBackground);
 * - everyLaunch: on every launch of the app process (user launches and background launches alike);
 * - everyOpen: on every app open; firstLaunchOnly: once, on the first open;
 * - userActionOnly: only when the user acts (a button, a settings toggle): the scenario's `usage.actions`;
 * - handlerOnly: never outside the launch handler.
 */
export type AppSubmitPolicy = Static<typeof AppSubmitsSchema>;
/** Task kinds a user action can apply to (see `UserAction.kinds`). */
export type ActionKind = (typeof import('./scenarioSchema').ACTION_KINDS)[number];
/** Something the user does in the app that submits work (see ActionSchema). */
export type UserAction = WithRequired<Static<typeof ActionSchema>, 'label' | 'days' | 'probability'>;
export type TaskBehaviour = Static<typeof TaskOverrideSchema>;
/** UNCONFIRMED (§5 completion-rate penalty): how failures lower the app's standing. */
export type PenaltyParameters = Required<Static<typeof PenaltySchema>>;
/** Named model parameters (ModelSchema has each one's source and range). */
export type ModelParameters = Required<Omit<Static<typeof ModelSchema>, 'penalty'>> & { penalty: PenaltyParameters };

/** What a scenario file may hold: every property optional. */
export type ScenarioFile = Static<typeof ScenarioFileSchema>;

/** A scenario with every value filled in: what the engine runs. */
export interface Scenario {
  version: 1;
  name: string;
  description: string;
  days: number;
  seed: number;
  /** Weekday of simulation day 0. */
  startWeekday: Weekday;
  usage: {
    sessions: UsageSession[];
    /** Chance that the user swipes the app away in the app switcher after a session. */
    forceQuitAfterSessionProbability: number;
    /** Explicit force-quits: day index and time (applied when the app is not in use). */
    forceQuits: { day: number; at: string }[];
    /** User actions that submit work (see UserAction). */
    actions: UserAction[];
  };
  device: {
    baseline: DeviceSettings;
    periods: DevicePeriod[];
    charging: RecurringWindow[];
    battery: Required<NonNullable<NonNullable<ScenarioFile['device']>['battery']>>;
    /** When the user handles the phone (not this app): processing tasks need idle and are cut by pickups. */
    use: Required<NonNullable<NonNullable<ScenarioFile['device']>['use']>>;
  };
  durations: Record<ActionKind, DurationDistribution>;
  /** Per-identifier overrides. */
  tasks: Record<string, TaskBehaviour>;
  model: ModelParameters;
}

/** Compile-time checks that the filled form and the file form name the same fields (no drift between them). */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Assert<T extends true> = T;
export type ScenarioShapeChecks = [
  Assert<SameKeys<Scenario, Omit<ScenarioFile, '$schema' | 'extends'>>>,
  Assert<SameKeys<Scenario['usage'], NonNullable<ScenarioFile['usage']>>>,
  Assert<SameKeys<Scenario['device'], NonNullable<ScenarioFile['device']>>>,
  Assert<SameKeys<Scenario['durations'], NonNullable<ScenarioFile['durations']>>>,
  // A filled scenario is always a valid file (what the panel saves is what it can load).
  Assert<Scenario extends ScenarioFile ? true : false>,
];

export const DEFAULT_MODEL: ModelParameters = {
  refreshBudgetSeconds: 30,
  processingBudgetSeconds: 300,
  continuedProcessingNoProgressExpirySeconds: 60,
  continuedProcessingAssumeProgress: true,
  expirationGraceSeconds: 5,
  expirationHandlerCompletes: true,
  incompletePathProbability: 0.25,
  assumeUnknownResubmitAs: 'end',
  appSubmits: 'everyBackground',
  refreshLeadMinutes: 15,
  predictionLookbackDays: 7,
  predictionMinDays: 2,
  predictionWindowMinutes: 30,
  refreshWithoutPredictionAfterHours: 6,
  refreshUsageGraceDays: 1,
  refreshUnusedSpacingHours: 8,
  refreshUnusedHalfLifeDays: 2,
  refreshStopAfterUnusedDays: 14,
  minLaunchSpacingMinutes: 30,
  processingMinSpacingHours: 6,
  dailyBudgetSeconds: 900,
  externalPowerExemptFromBudget: true,
  criticalBatteryPercent: 20,
  processingIdleMinutes: 30,
  processingOnBatteryIdleMinutes: 120,
  processingOnBatteryMinPercent: 50,
  processingLaunchesPerWindow: 1,
  processingSchedulerSpreadMinutes: 240,
  lowPowerModeBlocksProcessing: false,
  lowPowerModeSubmit: 'pending',
  lowDataModeDefersNetworkTasks: true,
  thermalDefersAt: 'serious',
  appUsedWithinDays: 7,
  lowPowerModeOffAbovePercent: 80,
  refreshPendingLimitScope: 'total',
  healthResearchCountsTowardProcessingLimit: true,
  continuedProcessingMaxConcurrent: 1,
  refreshRunsWhileAppInForeground: false,
  forceQuitSuppressesUntilNextLaunch: true,
  forceQuitSuppressesProcessing: false,
  appStaysInMemoryMinutes: 30,
  healthResearchEntitlementWhenUnknown: 'present',
  penalty: { killFactor: 0.5, crashFactor: 1, failFactor: 0.8, expireFactor: 0.95, recoveryPerSuccess: 0.05, floor: 0.1 },
};

/** The base every preset and every partial scenario file is filled from. */
export function defaultScenario(): Scenario {
  return {
    version: 1,
    name: 'Default',
    description: 'Weekday commuter habits, overnight charging, Wi-Fi at home and work.',
    days: 14,
    seed: 1,
    startWeekday: 'mon',
    usage: {
      sessions: [
        { at: '08:05', jitterMinutes: 10, durationMinutes: 4, days: 'weekdays', probability: 1 },
        { at: '12:30', jitterMinutes: 15, durationMinutes: 6, days: 'weekdays', probability: 0.9 },
        { at: '21:40', jitterMinutes: 20, durationMinutes: 8, days: 'daily', probability: 0.9 },
        { at: '10:00', jitterMinutes: 45, durationMinutes: 10, days: 'weekends', probability: 0.8 },
      ],
      forceQuitAfterSessionProbability: 0,
      forceQuits: [],
      actions: defaultActions(),
    },
    device: {
      baseline: { network: 'wifi', lowDataMode: false, lowPowerMode: false, thermal: 'nominal', backgroundAppRefresh: true },
      periods: [],
      charging: [{ from: '23:30', to: '06:45', days: 'daily' }],
      battery: { startPercent: 90, drainPercentPerHour: 4, chargePercentPerHour: 35, autoLowPowerModeBelowPercent: null },
      use: { awake: [{ from: '07:00', to: '23:15', days: 'daily' }], pickupsPerHour: 4, pickupMinutes: 2, autoLockMinutes: 1 },
    },
    durations: {
      refresh: { kind: 'uniform', min: 2, max: 12 },
      processing: { kind: 'uniform', min: 60, max: 240 },
      healthResearch: { kind: 'uniform', min: 60, max: 240 },
      continuedProcessing: { kind: 'uniform', min: 120, max: 600 },
    },
    tasks: {},
    model: structuredCloneModel(DEFAULT_MODEL),
  };
}

/**
 * The user sets the app up in the first session (enrols, turns features on), and on some evenings
 * does something that submits work (rates films, starts an export). Enrolment-style health-research
 * submits are left out of the repeated action: a study is joined once.
 */
export function defaultActions(): UserAction[] {
  return [
    { label: 'Sets the app up in the first session', days: 'daily', fromDay: 0, toDay: 0, probability: 1 },
    { label: 'Acts in the app (rates, exports, starts a job)', days: 'daily', probability: 0.3, kinds: ['refresh', 'processing', 'continuedProcessing'] },
  ];
}

function structuredCloneModel(m: ModelParameters): ModelParameters {
  return { ...m, penalty: { ...m.penalty } };
}

/** Deep copy through JSON: scenarios are plain data by construction. */
export function cloneScenario(s: Scenario): Scenario {
  return JSON.parse(JSON.stringify(s)) as Scenario;
}
