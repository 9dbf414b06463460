/**
 * Data shapes of the engine: its input tasks and its output. Plain JSON-safe objects only, so a
 * result can cross postMessage or be printed by the CLI as it is.
 */
import type { SourceLocation, TaskKind } from '../protocol/tasks';
import type { Scenario } from './scenario';

export type SimTaskKind = TaskKind;
export type ResubmitPoint = 'start' | 'end' | 'never' | 'unknown';

/** Why every launch of a task crashes, as the analysis found it (facts §4). */
export type LaunchCrashCause = 'typeMismatch' | 'duplicateRegistration' | 'lateRegistration' | 'neverRegistered';

/**
 * Where the app's own code submits the task (outside its launch handler), from the analysis of each
 * submit site. Absent (or `known: false`): the scenario's `model.appSubmits` stands in.
 */
export interface SubmitPolicy {
  known: boolean;
  /** On each trip to the background (scene phase .background, sceneDidEnterBackground, applicationDidEnterBackground). */
  background: boolean;
  /** On every launch of the app process (didFinishLaunching, App.init, the root view's .onAppear/.task). */
  launch: boolean;
  /** On every cold start of the UI (scene connection, the root view's .onAppear/.task): user launches only. */
  launchScene?: boolean;
  /** The launch-time submit checks for a pending request first. */
  launchGuarded: boolean;
  /** From a user action only (a button, a view callback, a toggle). */
  userAction: boolean;
  /** Inside the launch handler (also in `resubmits`). */
  handler: boolean;
  /** Where the app submits, for hints ("AppDelegate.application(_:didFinishLaunchingWithOptions:)"). */
  where?: string[];
}

/** `protectionTypeOfRequiredData` of a health-research request (facts §1); 'unknown' when it could not be read. */
export type DataProtection = 'none' | 'complete' | 'completeUnlessOpen' | 'completeUntilFirstUserAuthentication' | 'unknown';

/** A task as the engine sees it (built from the analysis by `tasksFromSummaries`). */
export interface SimTask {
  id: string;
  kind: SimTaskKind;
  permitted: boolean;
  registered: boolean;
  submitted: boolean;
  /** earliestBeginDate as an offset from submission; 0 when not set (nil means "no start delay"). */
  earliestBeginDelaySeconds: number;
  requiresExternalPower: boolean;
  requiresNetworkConnectivity: boolean;
  /** False when the analysis gave no handler summary; the defaults below are then assumptions. */
  handlerKnown: boolean;
  setsExpirationHandler: boolean;
  completesOnAllPaths: boolean;
  resubmits: ResubmitPoint;
  sites: { permitted?: SourceLocation; register?: SourceLocation; submit?: SourceLocation };
  /** Every launch of this task crashes (the analysis found why); the launch ends as `crash`. */
  launchCrash?: { cause: LaunchCrashCause; text: string };
  /** The handler's `as?` cast to the wrong class fails: it returns without completing on every launch. */
  castNeverCompletes?: boolean;
  /** False when the expirationHandler neither stops the work nor completes the task (it only logs). */
  expirationHandlerCompletes?: boolean;
  /** Where the app submits (absent: unknown, the scenario's model.appSubmits stands in). */
  submitPolicy?: SubmitPolicy;
  /** Health research only. */
  dataProtection?: DataProtection;
  /** Health research only: the com.apple.developer.backgroundtasks.healthresearch entitlement. */
  healthResearchEntitlement?: 'present' | 'missing' | 'unknown';
  /** Continued processing only: the handler updates `task.progress` (undefined: not known). */
  reportsProgress?: boolean;
  /** Continued processing with a wildcard identifier (`com.app.export.*`): each submission uses a fresh concrete identifier. */
  wildcard?: boolean;
}

/** BGTaskSchedulerErrorCode names (facts §2), plus the crash of a permitted-but-unregistered submit (§3). */
export type SubmitError = 'unavailable' | 'tooManyPendingTaskRequests' | 'notPermitted' | 'crashNoLaunchHandler';

export type SimEventKind = 'submit' | 'eligible' | 'deferred' | 'launch' | 'expire' | 'complete' | 'kill' | 'crash' | 'fail' | 'action';

export interface SimEvent {
  /** Seconds since day 0 00:00. */
  t: number;
  kind: SimEventKind;
  taskId: string;
  /** One readable sentence. */
  detail: string;
  /** submit: the error, when it failed. */
  error?: SubmitError;
  /** submit: true when it replaced a pending request with the same identifier. */
  replaced?: boolean;
  /** deferred: the unmet conditions. */
  reasons?: ReasonCode[];
  /** submit: what made the app submit. */
  origin?: 'background' | 'launch' | 'open' | 'action' | 'handler';
  /** Wildcard tasks: the concrete identifier of this submission or launch. */
  concreteId?: string;
  /** launch/expire/complete/kill/fail: which launch (index into `runs`). */
  run?: number;
  /** Which source site explains the event (for "reveal in editor"). */
  site?: 'register' | 'submit' | 'permitted';
}

/**
 * Why a pending request is not running. `gate` conditions are hard requirements (a floor, a
 * setting, a resource); `discretion` ones are the scheduler's own choices (timing, rate, budget).
 */
export type ReasonCode =
  | 'beforeEarliestBeginDate'
  | 'backgroundAppRefreshOff'
  | 'lowPowerMode'
  | 'forceQuit'
  | 'criticalBattery'
  | 'thermal'
  | 'appInForeground'
  | 'notIdle'
  | 'waitingForLongIdle'
  | 'dataProtected'
  | 'needsExternalPower'
  | 'batteryTooLowForProcessing'
  | 'needsNetwork'
  | 'lowDataMode'
  | 'appNotUsedRecently'
  | 'alreadyRunning'
  | 'waitingForPredictedUse'
  | 'usageFading'
  | 'ranThisWindow'
  | 'schedulerSlot'
  | 'rateLimited'
  | 'budgetExhausted'
  | 'queuedBehindContinuedTask';

export interface Reason {
  code: ReasonCode;
  category: 'gate' | 'discretion';
  text: string;
  /** Section of docs/backgroundtasks facts the rule rests on, e.g. "§5 Refresh scheduling". */
  fact: string;
}

/** A stretch during which a pending request waited for the same set of reasons. */
export interface Deferral {
  taskId: string;
  from: number;
  to: number;
  reasons: Reason[];
}

/** A request from its submission until it was launched, replaced, cancelled or the simulation ended. */
export interface PendingInterval {
  taskId: string;
  submittedAt: number;
  earliestBegin: number;
  from: number;
  to: number;
  end: 'launched' | 'replaced' | 'cancelled' | 'simulationEnd';
}

export type RunOutcome = 'complete' | 'expire' | 'kill' | 'crash';

export interface Run {
  taskId: string;
  start: number;
  end: number;
  outcome: RunOutcome;
  /** True only for `complete` with setTaskCompleted(success: true). */
  success: boolean;
  /** earliestBeginDate of the consumed request. */
  earliestBegin: number;
  /** Why it ended, one sentence. */
  detail: string;
  /** Wildcard tasks: the concrete identifier that ran. */
  concreteId?: string;
}

export interface Band {
  from: number;
  to: number;
  /** For multi-valued bands (network): the value during the stretch. */
  value?: string;
}

/** Device and usage state over time, for the panel's bands and for freshness. */
export interface EnvironmentBands {
  appInUse: Band[];
  charging: Band[];
  network: Band[];
  lowPowerMode: Band[];
  lowDataMode: Band[];
  backgroundAppRefreshOff: Band[];
  thermalHigh: Band[];
  deviceInUse: Band[];
  forceQuitSuppressed: Band[];
  /** Battery level sampled at every state change. */
  battery: { t: number; percent: number }[];
  /** App open times (session starts). */
  opens: number[];
  /** User actions that happened (time and label). */
  actions: { t: number; label: string }[];
}

export interface TaskStats {
  taskId: string;
  kind: SimTaskKind;
  submits: number;
  submitFailures: Partial<Record<SubmitError, number>>;
  launches: number;
  launchesPerDay: number;
  completes: number;
  expires: number;
  kills: number;
  crashes: number;
  /** Submits that replaced a pending request of the same identifier. */
  replacements: number;
  /** completes ÷ launches, or null with no launch. */
  successRate: number | null;
  /** Mean seconds from earliestBeginDate to launch, or null with no launch. */
  meanDelaySeconds: number | null;
  /** Time since the last successful completion at each app open (seconds). */
  freshnessP50Seconds: number | null;
  freshnessP95Seconds: number | null;
  /** App opens with no successful completion yet (data never refreshed in the background). */
  opensWithoutData: number;
  opens: number;
}

export interface AppStats {
  opens: number;
  backgroundSecondsUsed: number;
  /** The penalty standing at the end (1 = no penalty; see model.penalty). */
  finalStanding: number;
  minStanding: number;
}

export interface Hint {
  taskId: string;
  severity: 'error' | 'warning' | 'info';
  text: string;
  site?: 'register' | 'submit' | 'permitted';
}

export interface SimulationResult {
  scenario: Scenario;
  tasks: SimTask[];
  durationSeconds: number;
  events: SimEvent[];
  runs: Run[];
  pending: PendingInterval[];
  deferrals: Deferral[];
  bands: EnvironmentBands;
  stats: TaskStats[];
  app: AppStats;
  hints: Hint[];
  /** The app's penalty standing over time (changes only). */
  standing: { t: number; value: number }[];
  /**
   * Set when the run logged MAX_EVENTS_PER_RUN events and stopped early (at `t`, on `day`, 0-based):
   * launches already running still ended; nothing started after. `note` says so in words (it is also the first hint).
   */
  stopped?: { t: number; day: number; events: number; note: string };
}

/** The `taskId` of the hint that says a run stopped early (it is about the whole run, not one task). */
export const STOPPED_HINT_ID = '(simulation)';
