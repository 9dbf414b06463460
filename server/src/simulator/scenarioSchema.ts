/**
 * The one description of a `*.bgscenario.json` file, in TypeBox. Three things come from it:
 * - schemas/bgscenario.schema.json, the JSON Schema VS Code uses for completion and hover
 *   (`node scripts/gen-scenario-schema.mjs` writes it; a test fails when the committed file differs);
 * - the checks `parseScenario` runs on untrusted input (TypeBox's `Errors`, turned into readable messages);
 * - the scenario's TypeScript types (scenario.ts derives them with `Static`).
 * Every property of a file is optional: what is missing comes from the preset named by `extends`, or
 * from the defaults. The filled-in form the engine uses is `Scenario` in scenario.ts.
 *
 * Builders are imported by name (not through `Type`) so the webview bundle carries only what it uses.
 */
import {
  Array as TArray,
  Boolean as TBoolean,
  Integer,
  Literal,
  Null,
  Number as TNumber,
  Object as TObject,
  Optional,
  Record as TRecord,
  String as TString,
  Union,
  type TLiteral,
  type TProperties,
  type TSchema,
  type TUnion,
} from '@sinclair/typebox';

/** Upper bound on simulated days: keeps a hand-edited file from freezing the panel. */
export const MAX_DAYS = 120;
/** A handler's work takes at least a second: with zero-length runs a chain could relaunch forever at one instant. */
export const MIN_DURATION_SECONDS = 1;
const MAX_DURATION_SECONDS = 24 * 3600;
const LAST_DAY = MAX_DAYS - 1;

/**
 * Annotations the generator leaves out of the JSON file (symbols are not serialised):
 * DEFINITION names a shared schema that the file writes once under `definitions` and refers to by `$ref`;
 * EXPECTED is the phrase error messages use for a value of this schema ("expected <phrase>, got …");
 * REQUIRED_HINT follows "required" when the property is missing.
 */
export const DEFINITION: unique symbol = Symbol.for('bgtasks.scenario.definition');
export const EXPECTED: unique symbol = Symbol.for('bgtasks.scenario.expected');
export const REQUIRED_HINT: unique symbol = Symbol.for('bgtasks.scenario.requiredHint');

function annotate<T extends TSchema>(schema: T, notes: { [DEFINITION]?: string; [EXPECTED]?: string; [REQUIRED_HINT]?: string }): T {
  return Object.assign(schema, notes);
}

/** The same shared schema, with the description this use shows on hover. */
function describedAs<T extends TSchema>(schema: T, description: string): T {
  return { ...schema, description };
}

function strict<T extends TProperties>(properties: T, options: { description?: string } = {}) {
  return TObject(properties, { additionalProperties: false, ...options });
}

function num(minimum: number, maximum: number, description?: string) {
  return TNumber({ minimum, maximum, ...(description ? { description } : {}) });
}

function int(minimum: number, maximum: number, description?: string) {
  return Integer({ minimum, maximum, ...(description ? { description } : {}) });
}

function text(maxLength: number, description?: string) {
  return TString({ maxLength, ...(description ? { description } : {}) });
}

/** A choice of strings; the generator writes it as `enum`. */
function choice<const T extends readonly string[]>(values: T, description?: string): TUnion<TLiteral<T[number]>[]> {
  return Union(
    values.map((v) => Literal(v)),
    description ? { description } : {},
  ) as never;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const THERMAL_STATES = ['nominal', 'fair', 'serious', 'critical'] as const;
export const NETWORK_KINDS = ['wifi', 'cellular', 'none'] as const;
/** When the app's own submit site runs; see `AppSubmitPolicy` in scenario.ts. */
export const APP_SUBMIT_POLICIES = ['everyBackground', 'everyLaunch', 'everyOpen', 'firstLaunchOnly', 'userActionOnly', 'handlerOnly'] as const;
/** Task kinds a user action can apply to, and the keys of `durations`. */
export const ACTION_KINDS = ['refresh', 'processing', 'healthResearch', 'continuedProcessing'] as const;
/** The presets `extends` may name (presets.ts builds them; a test keeps the two lists equal). */
export const PRESET_IDS = ['commuter-weekday', 'overnight-charger', 'rarely-opened', 'low-power-mode'] as const;

export const WeekdaySchema = choice(WEEKDAYS, 'Weekday of simulation day 0.');
export const ThermalSchema = choice(THERMAL_STATES, 'ProcessInfo thermal state.');
export const NetworkSchema = choice(NETWORK_KINDS, 'Network the device is on.');

export const TimeOfDaySchema = annotate(TString({ pattern: '^(?:([01]\\d|2[0-3]):([0-5]\\d)|24:00)$', description: 'Time of day, "HH:MM" (24-hour).' }), {
  [DEFINITION]: 'timeOfDay',
  [EXPECTED]: 'a time of day "HH:MM" (00:00–24:00)',
});

/** Which days a recurring window or session applies to (judged on the day it starts). */
export const DaysSchema = annotate(
  Union([choice(['daily', 'weekdays', 'weekends'] as const), TArray(choice(WEEKDAYS), { minItems: 1, maxItems: 7 })], { description: 'Days a window or session applies to.' }),
  { [DEFINITION]: 'days', [EXPECTED]: `"daily", "weekdays", "weekends" or a list of ${WEEKDAYS.join('/')}` },
);

const dayIndex = (description?: string) => int(0, LAST_DAY, description);

/** A daily window "HH:MM"–"HH:MM"; `to` earlier than `from` crosses midnight. */
const windowProperties = {
  from: describedAs(TimeOfDaySchema, 'Start, "HH:MM".'),
  to: describedAs(TimeOfDaySchema, 'End, "HH:MM"; earlier than `from` crosses midnight.'),
  days: Optional(DaysSchema),
  /** Restrict to simulation days (0-based, inclusive), e.g. a Low Power Mode stretch on days 3–5. */
  fromDay: Optional(dayIndex('First simulation day (0-based) the window applies to.')),
  toDay: Optional(dayIndex('Last simulation day (0-based, inclusive) the window applies to.')),
};
export const WindowSchema = annotate(strict(windowProperties), { [DEFINITION]: 'window' });

/** Device settings that the scenario sets as a baseline and overrides in periods. */
export const SettingsSchema = annotate(
  strict({
    network: Optional(NetworkSchema),
    lowDataMode: Optional(TBoolean({ description: 'Low Data Mode.' })),
    lowPowerMode: Optional(TBoolean({ description: 'Low Power Mode (Background App Refresh is disabled while it is on).' })),
    thermal: Optional(ThermalSchema),
    /** Settings › General › Background App Refresh for this app. */
    backgroundAppRefresh: Optional(TBoolean({ description: 'Settings › Background App Refresh for this app.' })),
  }),
  { [DEFINITION]: 'settings' },
);

export const PeriodSchema = annotate(
  strict({
    ...windowProperties,
    label: Optional(text(200)),
    set: annotate({ ...SettingsSchema }, { [REQUIRED_HINT]: 'the settings this period changes' }),
  }),
  { [DEFINITION]: 'period' },
);

/** One habitual app open, e.g. "08:05 on weekdays, ±10 min, 4 min long". */
export const SessionSchema = annotate(
  strict({
    at: describedAs(TimeOfDaySchema, 'Usual time the user opens the app.'),
    jitterMinutes: Optional(num(0, 720, '± minutes around `at`.')),
    durationMinutes: Optional(num(0.1, 1440, 'How long the app stays open.')),
    days: Optional(DaysSchema),
    /** Chance that the user actually opens the app that day (1 = every matching day). */
    probability: Optional(num(0, 1, 'Chance of this open on a matching day.')),
  }),
  { [DEFINITION]: 'session' },
);

const seconds = () => num(MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);

/** How long a handler's work takes, in seconds. It may exceed the budget; that is the point. */
export const DurationSchema = annotate(
  Union(
    [
      strict({ kind: Literal('fixed'), seconds: seconds() }),
      strict({ kind: Literal('uniform'), min: seconds(), max: seconds() }),
      strict({ kind: Literal('normal'), mean: seconds(), sd: num(0, MAX_DURATION_SECONDS) }),
    ],
    { description: `A handler duration in seconds (at least ${MIN_DURATION_SECONDS} s; a normal distribution's samples are kept at or above that).` },
  ),
  { [DEFINITION]: 'duration' },
);

export const AppSubmitsSchema = annotate(
  choice(
    APP_SUBMIT_POLICIES,
    'When the app submits on its own, where the analysis could not tell (or to override it): every trip to the background, every launch of the process, every open, the first open only, only at user actions (usage.actions), or never outside the handler.',
  ),
  { [DEFINITION]: 'appSubmits' },
);

/**
 * Something the user does in the app that submits work: a button, a toggle, enrolling in a study,
 * starting an export. It happens one minute into the first app session of each matching day (so
 * always in the foreground), with the given probability. It applies to the tasks whose code submits
 * from a user action, and to every continued-processing task (which may start only that way);
 * `kinds` and `tasks` narrow that down (`tasks` takes identifiers or wildcard patterns like `com.app.export.*`).
 */
export const ActionSchema = strict({
  label: Optional(text(200)),
  days: Optional(DaysSchema),
  fromDay: Optional(dayIndex()),
  toDay: Optional(dayIndex()),
  probability: Optional(num(0, 1, 'Chance on a matching day.')),
  kinds: Optional(TArray(choice(ACTION_KINDS), { maxItems: 4, description: 'Only tasks of these kinds.' })),
  tasks: Optional(TArray(text(512), { maxItems: 100, description: 'Only these identifiers (or wildcard patterns such as com.app.export.*).' })),
});

export const TaskOverrideSchema = strict({
  duration: Optional(DurationSchema),
  incompletePathProbability: Optional(num(0, 1, 'Share of launches that take a path that never calls setTaskCompleted (when the analysis found one).')),
  appSubmits: Optional(AppSubmitsSchema),
});

const UNCONFIRMED = 'UNCONFIRMED: Apple documents no value; see docs/simulator-model.md.';

/** UNCONFIRMED (§5 completion-rate penalty): how failures lower the app's standing. */
export const PenaltySchema = strict(
  {
    /** Standing multiplier after a kill (never-completing handler). */
    killFactor: Optional(num(0, 1, 'Standing multiplier after a kill.')),
    /** Standing multiplier after a launch that crashed (a crash the analysis found at launch). */
    crashFactor: Optional(num(0, 1, 'Standing multiplier after a launch that crashed. UNCONFIRMED; 1 = no effect (default).')),
    /** Standing multiplier after a failure the system records (expired without expirationHandler, crash). */
    failFactor: Optional(num(0, 1, 'Standing multiplier after a failure the system records.')),
    /** Standing multiplier after an expiration that the app handled. */
    expireFactor: Optional(num(0, 1, 'Standing multiplier after a handled expiry.')),
    /** Standing added back after each successful completion (capped at 1). */
    recoveryPerSuccess: Optional(num(0, 1, 'Standing added back per success.')),
    /** Lowest standing; the spacing between launches is divided by the standing (so it may not be 0). */
    floor: Optional(num(0.01, 1, 'Lowest standing; launch spacing is divided by the standing.')),
  },
  { description: `Completion-rate penalty. ${UNCONFIRMED}` },
);

/**
 * Named model parameters. Values Apple documents are still parameters (so the table in the docs is
 * complete), but their defaults are the documented numbers (DEFAULT_MODEL in scenario.ts).
 * docs/simulator-model.md gives the fact behind each. The rate-limit spacings have floors above 0:
 * rate limiting is documented (WWDC20 factor 7, "launches spaced out"), and a zero spacing with short
 * handlers relaunches a task every second.
 */
export const ModelSchema = strict(
  {
    /** §5 Time budgets: app refresh gets "up to about 30 s" [DOC][WWDC19-707]. */
    refreshBudgetSeconds: Optional(num(1, 3600, 'Refresh budget; Apple: "up to about 30 s".')),
    /** UNCONFIRMED (§5: "several minutes", no exact number published). */
    processingBudgetSeconds: Optional(num(1, 86400, `Processing budget ("several minutes"). ${UNCONFIRMED}`)),
    /** Continued processing has no fixed budget: it runs while it reports progress [DOC BGContinuedProcessingTask]. */
    continuedProcessingNoProgressExpirySeconds: Optional(
      num(1, 86400, 'Continued processing has no fixed budget: it runs while it reports progress, and the system expires a task that reports none after this many seconds. UNCONFIRMED value.'),
    ),
    continuedProcessingAssumeProgress: Optional(TBoolean({ description: 'Assumption: a continued-processing handler reports progress when the analysis cannot tell.' })),
    expirationGraceSeconds: Optional(num(0, 600, `Time between expiry and the kill of a handler that never completes. ${UNCONFIRMED}`)),
    /** Assumption about app code: the analysis overrides it per task. */
    expirationHandlerCompletes: Optional(TBoolean({ description: 'Assume an expirationHandler ends with setTaskCompleted(success: false).' })),
    incompletePathProbability: Optional(num(0, 1, 'Share of launches that take a never-completing path, when the analysis found one.')),
    assumeUnknownResubmitAs: Optional(choice(['start', 'end', 'never'] as const, 'How to simulate a handler whose resubmission point is unknown.')),
    /** Apple's sample submits on entering the background. */
    appSubmits: Optional(AppSubmitsSchema),
    /** §5: "just before". */
    refreshLeadMinutes: Optional(num(0, 720, `How long before a predicted app open a refresh runs. ${UNCONFIRMED}`)),
    predictionLookbackDays: Optional(int(1, 60, `Days of history the usage predictor learns from. ${UNCONFIRMED}`)),
    predictionMinDays: Optional(int(1, 60, `Distinct days with an open near a time before it counts as predicted. ${UNCONFIRMED}`)),
    predictionWindowMinutes: Optional(num(1, 720, `Opens this close count as the same time of day. ${UNCONFIRMED}`)),
    refreshWithoutPredictionAfterHours: Optional(num(0, 720, `With no usage prediction, a refresh may run this long after submission. ${UNCONFIRMED}`)),
    refreshUsageGraceDays: Optional(num(0, 365, 'Assumption: days without an app open before refreshes start to fade (WWDC20-10063: app usage is a factor for refresh).')),
    refreshUnusedSpacingHours: Optional(num(0, 720, 'Assumption: once fading, the least time between two refreshes at the start of the fade.')),
    refreshUnusedHalfLifeDays: Optional(num(0.1, 365, 'Assumption: the spacing doubles every this many days without an open.')),
    refreshStopAfterUnusedDays: Optional(num(0, 365, 'Assumption: no refresh at all after this many days without an open.')),
    /** §5 factor 7 (rate limiting): documented, so at least a minute; the value is UNCONFIRMED. */
    minLaunchSpacingMinutes: Optional(num(1, 1440, `Minimum minutes between launch batches (rate limiting; at least 1). ${UNCONFIRMED}`)),
    /** §5 factor 7 per identifier (§1: "within the next two days"): at least a quarter of an hour; the value is UNCONFIRMED. */
    processingMinSpacingHours: Optional(num(0.25, 720, `Minimum hours between launches of one processing task (at least 0.25). ${UNCONFIRMED}`)),
    /** §5 factor 6 (system budget). */
    dailyBudgetSeconds: Optional(num(0, 86400, `Background seconds per day, refilled evenly (system budget). ${UNCONFIRMED}`)),
    /** §1: CPU Monitor off on power. */
    externalPowerExemptFromBudget: Optional(TBoolean({ description: `Processing on external power does not drain the budget. ${UNCONFIRMED}` })),
    /** §5 factor 1: below about 20% battery only essential work runs [WWDC20-10063]. */
    criticalBatteryPercent: Optional(num(0, 100, 'Below this level and not charging, nothing runs (Apple: "about 20%").')),
    /** §1 "only while idle". */
    processingIdleMinutes: Optional(num(0, 1440, `Minutes untouched (locked) on the charger before the device counts as idle for processing. ${UNCONFIRMED}`)),
    /**
     * Assumption (§1: "even when NO, the system may not run the task on battery"; Apple DTS: they run when
     * least likely to disrupt the user, typically at night).
     */
    processingOnBatteryIdleMinutes: Optional(
      num(0, 10080, 'Assumption: on battery, a processing task without requiresExternalPower runs only after this many minutes untouched (sleep, a long locked stretch).'),
    ),
    processingOnBatteryMinPercent: Optional(num(0, 101, `Processing without requiresExternalPower runs on battery only above this level (101: never). ${UNCONFIRMED}`)),
    processingLaunchesPerWindow: Optional(int(1, 100, 'Assumption: launches of one processing identifier per charging window and per idle stretch.')),
    processingSchedulerSpreadMinutes: Optional(num(0, 1440, 'Assumption: the scheduler picks a random moment in the first this-many minutes of an eligible window.')),
    lowPowerModeBlocksProcessing: Optional(
      TBoolean({
        description:
          'Low Power Mode also holds processing tasks. UNCONFIRMED; WWDC20-10063 lists app usage, app switcher, the Background App Refresh switch and rate limiting for processing tasks, not Low Power Mode: default false.',
      }),
    ),
    /** §4. */
    lowPowerModeSubmit: Optional(choice(['pending', 'unavailable'] as const, `Whether submit under Low Power Mode throws unavailable or the request waits. ${UNCONFIRMED}`)),
    /** §5 WWDC25 lists Low Data Mode. */
    lowDataModeDefersNetworkTasks: Optional(TBoolean({ description: `Low Data Mode holds tasks that require network. ${UNCONFIRMED}` })),
    /** §5 WWDC25 lists the thermal state. */
    thermalDefersAt: Optional(choice(THERMAL_STATES, `Thermal state at which launches wait. ${UNCONFIRMED}`)),
    /** §1/§5 [HDR]: processing runs "as long as the user has used your app within the past week". */
    appUsedWithinDays: Optional(num(1, 365, 'Processing runs only if the app was used within this many days (Apple: a week).')),
    lowPowerModeOffAbovePercent: Optional(num(0, 100, 'Automatic Low Power Mode switches off once charged to this level.')),
    /** §5: the header says "a total of 1". */
    refreshPendingLimitScope: Optional(choice(['total', 'perIdentifier'] as const, `Whether the 1-refresh limit counts all identifiers or each one. ${UNCONFIRMED}`)),
    healthResearchCountsTowardProcessingLimit: Optional(TBoolean({ description: `Health-research requests count toward the 10 processing requests. ${UNCONFIRMED}` })),
    continuedProcessingMaxConcurrent: Optional(int(1, 100, `Continued-processing tasks that may run at once. ${UNCONFIRMED}`)),
    refreshRunsWhileAppInForeground: Optional(TBoolean({ description: 'Allow refresh launches while the app is in the foreground.' })),
    forceQuitSuppressesUntilNextLaunch: Optional(
      TBoolean({ description: 'After a force-quit from the app switcher, refresh launches wait for the next user launch (Apple forums, 2019).' }),
    ),
    forceQuitSuppressesProcessing: Optional(
      TBoolean({
        description: 'Processing tasks also wait after a force-quit. Apple DTS (forums thread 793189, 2025) describes processing runs after a force-quit as intentional: default false.',
      }),
    ),
    appStaysInMemoryMinutes: Optional(
      num(0, 10080, 'Assumption: a suspended app stays in memory this long after it last ran; a later launch is a cold launch that runs didFinishLaunching again.'),
    ),
    healthResearchEntitlementWhenUnknown: Optional(
      choice(
        ['present', 'missing'] as const,
        "When the app's entitlements could not be read: simulate health research as if com.apple.developer.backgroundtasks.healthresearch were present or missing.",
      ),
    ),
    penalty: Optional(PenaltySchema),
  },
  { description: 'Named model parameters. See docs/simulator-model.md for the fact behind each.' },
);

const windows = (description?: string) => TArray(WindowSchema, { maxItems: 200, ...(description ? { description } : {}) });

export const UsageSchema = strict(
  {
    sessions: Optional(TArray(SessionSchema, { maxItems: 50 })),
    forceQuitAfterSessionProbability: Optional(num(0, 1, 'Chance the user swipes the app away in the app switcher after a session.')),
    forceQuits: Optional(
      TArray(strict({ day: dayIndex('Simulation day (0-based).'), at: TimeOfDaySchema }), { maxItems: 500, description: 'Explicit force-quits.' }),
    ),
    actions: Optional(
      TArray(ActionSchema, {
        maxItems: 50,
        description:
          'User actions that submit work (a button, a toggle, enrolling, starting an export). Each happens one minute into the first app session of each matching day. They apply to the tasks whose code submits from a user action, and to continued-processing tasks.',
      }),
    ),
  },
  { description: 'How the user opens the app.' },
);

export const BatterySchema = strict({
  startPercent: Optional(num(0, 100, 'Battery level at the start.')),
  drainPercentPerHour: Optional(num(0, 100, 'Drain per hour off the charger.')),
  chargePercentPerHour: Optional(num(0, 200, 'Gain per hour on the charger.')),
  /** iOS offers to turn Low Power Mode on at 20%; null = the user never does. */
  autoLowPowerModeBelowPercent: Optional(Union([Null(), num(0, 100)], { description: 'The user turns Low Power Mode on below this level (null: never).' })),
});

/** When the user handles the phone (not this app): processing tasks need idle and are cut by pickups. */
export const DeviceUseSchema = strict(
  {
    awake: Optional(windows()),
    pickupsPerHour: Optional(num(0, 60, 'Average pickups per hour while awake.')),
    pickupMinutes: Optional(num(0, 240, 'Length of a pickup.')),
    autoLockMinutes: Optional(
      num(0, 1440, 'Settings › Display › Auto-Lock: the device locks this long after the user stops handling it (health research with .complete data needs it unlocked).'),
    ),
  },
  { description: 'When the user handles the phone (any app): processing tasks need idle and are cut by pickups.' },
);

export const DeviceSchema = strict(
  {
    baseline: Optional(describedAs(SettingsSchema, 'Settings in force outside any period.')),
    periods: Optional(TArray(PeriodSchema, { maxItems: 200 })),
    charging: Optional(windows('When the phone is on the charger.')),
    battery: Optional(BatterySchema),
    use: Optional(DeviceUseSchema),
  },
  { description: 'Device state over time.' },
);

export const DurationsSchema = strict(
  {
    refresh: Optional(DurationSchema),
    processing: Optional(DurationSchema),
    healthResearch: Optional(DurationSchema),
    continuedProcessing: Optional(DurationSchema),
  },
  { description: 'How long handlers take, per task type (seconds). May exceed the budget.' },
);

export const TasksSchema = annotate(TRecord(TString(), TaskOverrideSchema, { description: 'Per-identifier overrides.' }), {
  [EXPECTED]: 'an object keyed by task identifier',
});

/** A scenario file. */
export const ScenarioFileSchema = strict(
  {
    $schema: Optional(TString()),
    extends: Optional(choice(PRESET_IDS, 'Preset this scenario starts from.')),
    version: Optional(Literal(1, { description: 'Scenario format version.' })),
    name: Optional(text(200)),
    description: Optional(text(2000)),
    days: Optional(int(1, MAX_DAYS, 'Days to simulate.')),
    seed: Optional(int(0, 2 ** 32 - 1, 'Random seed: the same scenario and seed give the same result.')),
    startWeekday: Optional(WeekdaySchema),
    usage: Optional(UsageSchema),
    device: Optional(DeviceSchema),
    durations: Optional(DurationsSchema),
    tasks: Optional(TasksSchema),
    model: Optional(ModelSchema),
  },
  {
    description:
      'A scenario for the bgtasks scheduler simulator (*.bgscenario.json). Every property is optional: missing ones come from the preset named by `extends`, or from the defaults.',
  },
);
