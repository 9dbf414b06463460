/**
 * Data shapes of the engine: its input tasks and its output. Plain JSON-safe objects only, so a
 * result can cross postMessage or be printed by the CLI as it is.
 */
import type { SourceLocation, TaskKind } from '../protocol/tasks';
import type { Scenario } from './scenario';

export type SimTaskKind = TaskKind;
export type ResubmitPoint = 'start' | 'end' | 'never' | 'unknown';

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
}

/** BGTaskSchedulerErrorCode names (facts §2), plus the crash of a permitted-but-unregistered submit (§3). */
export type SubmitError = 'unavailable' | 'tooManyPendingTaskRequests' | 'notPermitted' | 'crashNoLaunchHandler';

export type SimEventKind = 'submit' | 'eligible' | 'deferred' | 'launch' | 'expire' | 'complete' | 'kill' | 'fail';

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
  | 'needsExternalPower'
  | 'batteryTooLowForProcessing'
  | 'needsNetwork'
  | 'lowDataMode'
  | 'appNotUsedRecently'
  | 'alreadyRunning'
  | 'waitingForPredictedUse'
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

export type RunOutcome = 'complete' | 'expire' | 'kill';

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
}
