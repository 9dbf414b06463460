/**
 * The scenario: everything about the simulated user, device and system that is not in the code.
 * Every number here that Apple does not document lives in `ModelParameters`, by name, with its
 * default and the fact it rests on (docs/simulator-model.md has the full table). Nothing of the
 * sort is a hidden constant in the engine.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Which days a recurring window or session applies to (judged on the day it starts). */
export type DaySelector = 'daily' | 'weekdays' | 'weekends' | Weekday[];

/** A daily window "HH:MM"–"HH:MM"; `to` earlier than `from` crosses midnight. */
export interface RecurringWindow {
  from: string;
  to: string;
  days?: DaySelector;
  /** Restrict to simulation days (0-based, inclusive), e.g. a Low Power Mode stretch on days 3–5. */
  fromDay?: number;
  toDay?: number;
}

/** One habitual app open, e.g. "08:05 on weekdays, ±10 min, 4 min long". */
export interface UsageSession {
  at: string;
  jitterMinutes: number;
  durationMinutes: number;
  days: DaySelector;
  /** Chance that the user actually opens the app that day (1 = every matching day). */
  probability: number;
}

export type NetworkKind = 'wifi' | 'cellular' | 'none';
export type ThermalState = 'nominal' | 'fair' | 'serious' | 'critical';
export const THERMAL_STATES: readonly ThermalState[] = ['nominal', 'fair', 'serious', 'critical'];

/** Device settings that the scenario sets as a baseline and overrides in periods. */
export interface DeviceSettings {
  network: NetworkKind;
  lowDataMode: boolean;
  lowPowerMode: boolean;
  thermal: ThermalState;
  /** Settings › General › Background App Refresh for this app. */
  backgroundAppRefresh: boolean;
}

export interface DevicePeriod extends RecurringWindow {
  label?: string;
  set: Partial<DeviceSettings>;
}

/** How long a handler's work takes, in seconds. It may exceed the budget; that is the point. */
export type DurationDistribution =
  | { kind: 'fixed'; seconds: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'normal'; mean: number; sd: number };

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
export type AppSubmitPolicy = 'everyBackground' | 'everyLaunch' | 'everyOpen' | 'firstLaunchOnly' | 'userActionOnly' | 'handlerOnly';
export const APP_SUBMIT_POLICIES: readonly AppSubmitPolicy[] = ['everyBackground', 'everyLaunch', 'everyOpen', 'firstLaunchOnly', 'userActionOnly', 'handlerOnly'];

/** Task kinds a user action can apply to (see `UserAction.kinds`). */
export type ActionKind = 'refresh' | 'processing' | 'healthResearch' | 'continuedProcessing';
export const ACTION_KINDS: readonly ActionKind[] = ['refresh', 'processing', 'healthResearch', 'continuedProcessing'];

/**
 * Something the user does in the app that submits work: a button, a toggle, enrolling in a study,
 * starting an export. It happens one minute into the first app session of each matching day (so
 * always in the foreground), with the given probability. It applies to the tasks whose code submits
 * from a user action, and to every continued-processing task (which may start only that way);
 * `kinds` and `tasks` narrow that down (`tasks` takes identifiers or wildcard patterns like `com.app.export.*`).
 */
export interface UserAction {
  label: string;
  days: DaySelector;
  fromDay?: number;
  toDay?: number;
  probability: number;
  kinds?: ActionKind[];
  tasks?: string[];
}

export interface TaskBehaviour {
  duration?: DurationDistribution;
  incompletePathProbability?: number;
  appSubmits?: AppSubmitPolicy;
}

export interface PenaltyParameters {
  /** Standing multiplier after a kill (never-completing handler). */
  killFactor: number;
  /** Standing multiplier after a launch that crashed (a crash the analysis found at launch). */
  crashFactor: number;
  /** Standing multiplier after a failure the system records (expired without expirationHandler, crash). */
  failFactor: number;
  /** Standing multiplier after an expiration that the app handled. */
  expireFactor: number;
  /** Standing added back after each successful completion (capped at 1). */
  recoveryPerSuccess: number;
  /** Lowest standing; the spacing between launches is divided by the standing. */
  floor: number;
}

/**
 * Named model parameters. Values Apple documents are still parameters (so the table in the docs is
 * complete), but their defaults are the documented numbers. UNCONFIRMED ones are marked.
 */
export interface ModelParameters {
  /** §5 Time budgets: app refresh gets "up to about 30 s" [DOC][WWDC19-707]. */
  refreshBudgetSeconds: number;
  /** UNCONFIRMED (§5: "several minutes", no exact number published). */
  processingBudgetSeconds: number;
  /**
   * Continued processing has no fixed budget: it runs while it reports progress, and the system expires
   * tasks that report none [DOC BGContinuedProcessingTask]. UNCONFIRMED: how long without progress.
   */
  continuedProcessingNoProgressExpirySeconds: number;
  /** Assumption: a continued-processing handler reports progress when the analysis cannot tell. */
  continuedProcessingAssumeProgress: boolean;
  /** UNCONFIRMED: time between the expiration handler and the kill of a handler that never completes. */
  expirationGraceSeconds: number;
  /** Assumption about app code: an expirationHandler, when set, ends with setTaskCompleted(success: false). */
  expirationHandlerCompletes: boolean;
  /** Assumption: when the analysis says some path never completes, the share of launches that take it. */
  incompletePathProbability: number;
  /** How to treat a handler whose resubmission point the analysis could not tell. */
  assumeUnknownResubmitAs: 'start' | 'end' | 'never';
  /** When the app's own submit site runs (Apple's sample submits on entering the background). */
  appSubmits: AppSubmitPolicy;
  /** UNCONFIRMED: how long before a predicted app open a refresh runs (§5: "just before"). */
  refreshLeadMinutes: number;
  /** UNCONFIRMED: how many past days the usage predictor learns from. */
  predictionLookbackDays: number;
  /** UNCONFIRMED: a time of day counts as predicted use once opens fell near it on this many distinct days. */
  predictionMinDays: number;
  /** UNCONFIRMED: opens within this many minutes of each other count as "the same time of day". */
  predictionWindowMinutes: number;
  /** UNCONFIRMED: with no usage prediction yet, a refresh may still run this long after submission. */
  refreshWithoutPredictionAfterHours: number;
  /** Assumption (WWDC20-10063 names app usage as a factor for refresh): days without an open before refreshes start to fade. */
  refreshUsageGraceDays: number;
  /** Assumption: once fading, the least time between two refreshes, at the start of the fade. */
  refreshUnusedSpacingHours: number;
  /** Assumption: the spacing doubles every this many days without an open. */
  refreshUnusedHalfLifeDays: number;
  /** Assumption: no refresh at all after this many days without an open. */
  refreshStopAfterUnusedDays: number;
  /** UNCONFIRMED value for §5 factor 7 (rate limiting): minimum minutes between launch batches. */
  minLaunchSpacingMinutes: number;
  /** UNCONFIRMED value for §5 factor 7 applied per identifier: minimum hours between launches of one processing task (§1: "within the next two days"). */
  processingMinSpacingHours: number;
  /** UNCONFIRMED value for §5 factor 6 (system budget): background seconds per day, refilled evenly. */
  dailyBudgetSeconds: number;
  /** UNCONFIRMED: time spent on external power does not drain the budget (§1: CPU Monitor off on power). */
  externalPowerExemptFromBudget: boolean;
  /** §5 factor 1: below about 20% battery only essential work runs [WWDC20-10063]. */
  criticalBatteryPercent: number;
  /** UNCONFIRMED: minutes untouched (locked) on the charger before the device counts as idle for processing (§1 "only while idle"). */
  processingIdleMinutes: number;
  /**
   * Assumption: a processing task without requiresExternalPower runs on battery only after this long
   * untouched — sleep or a long locked stretch (§1: "even when NO, the system may not run the task on
   * battery"; Apple DTS: they run when least likely to disrupt the user, typically at night).
   */
  processingOnBatteryIdleMinutes: number;
  /** UNCONFIRMED: a processing task without requiresExternalPower runs on battery only above this level (§1: "may not run on battery"). */
  processingOnBatteryMinPercent: number;
  /** Assumption: launches of one processing identifier per charging window (or per on-battery idle stretch). */
  processingLaunchesPerWindow: number;
  /** Assumption: the scheduler picks a random moment in the first this-many minutes of an eligible window. */
  processingSchedulerSpreadMinutes: number;
  /** UNCONFIRMED: Low Power Mode also holds processing tasks. WWDC20-10063 lists app usage, app switcher, the BAR switch and rate limiting for processing, not Low Power Mode: default false. */
  lowPowerModeBlocksProcessing: boolean;
  /** UNCONFIRMED (§4): whether submit under Low Power Mode throws `unavailable` or the request just waits. */
  lowPowerModeSubmit: 'pending' | 'unavailable';
  /** UNCONFIRMED effect of Low Data Mode (§5 WWDC25 lists it): network-requiring tasks wait. */
  lowDataModeDefersNetworkTasks: boolean;
  /** UNCONFIRMED threshold for the thermal state (§5 WWDC25 lists it). */
  thermalDefersAt: ThermalState;
  /** §1/§5 [HDR]: processing runs "as long as the user has used your app within the past week". */
  appUsedWithinDays: number;
  /** Assumption: automatic Low Power Mode (if enabled) switches off once charged to this level. */
  lowPowerModeOffAbovePercent: number;
  /** UNCONFIRMED (§5): whether the 1-refresh limit counts all identifiers ('total', header wording) or each one. */
  refreshPendingLimitScope: 'total' | 'perIdentifier';
  /** UNCONFIRMED (§5): whether health-research requests count toward the 10 processing requests. */
  healthResearchCountsTowardProcessingLimit: boolean;
  /** UNCONFIRMED (§5): continued-processing tasks that may run at once; more are queued. */
  continuedProcessingMaxConcurrent: number;
  /** Assumption: the system does not launch a refresh while the app is in the foreground. */
  refreshRunsWhileAppInForeground: boolean;
  /** After a force-quit, refresh launches wait for the next user launch (Apple forums, 2019: background tasks of a force-quit app are no longer executed). */
  forceQuitSuppressesUntilNextLaunch: boolean;
  /** Processing after a force-quit: Apple DTS (forums thread 793189, 2025) calls runs after a force-quit intentional. Default false. */
  forceQuitSuppressesProcessing: boolean;
  /** Assumption: a suspended app stays in memory this long after it was last running; a launch after that is a cold launch (didFinishLaunching runs again). */
  appStaysInMemoryMinutes: number;
  /** The analysis could not read the app's entitlements: simulate health research as if the entitlement were present or missing. */
  healthResearchEntitlementWhenUnknown: 'present' | 'missing';
  /** UNCONFIRMED (§5 completion-rate penalty): how failures lower the app's standing. */
  penalty: PenaltyParameters;
}

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
    battery: {
      startPercent: number;
      drainPercentPerHour: number;
      chargePercentPerHour: number;
      /** iOS offers to turn Low Power Mode on at 20%; null = the user never does. */
      autoLowPowerModeBelowPercent: number | null;
    };
    /** When the user handles the phone (not this app): processing tasks need idle and are cut by pickups. */
    use: {
      awake: RecurringWindow[];
      pickupsPerHour: number;
      pickupMinutes: number;
      /** Settings › Display › Auto-Lock: the device locks this long after the user stops handling it. */
      autoLockMinutes: number;
    };
  };
  durations: Record<'refresh' | 'processing' | 'healthResearch' | 'continuedProcessing', DurationDistribution>;
  /** Per-identifier overrides. */
  tasks: Record<string, TaskBehaviour>;
  model: ModelParameters;
}

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
