/**
 * The event-driven scheduler simulation. It walks simulated time from event to event (device state
 * changes, app opens and closes, user actions, task ends, and the moments a waiting condition can
 * flip), and at each moment asks the pending requests which conditions are unmet (conditions.ts).
 * Requests with none launch together as one batch.
 *
 * Rules and the facts they rest on (facts sheet sections; docs/simulator-model.md has the table):
 * - Submit errors (§2, §3, §4): notPermitted, crash for permitted-but-unregistered, unavailable
 *   with Background App Refresh off, tooManyPendingTaskRequests past 1 refresh / 10 processing.
 * - Resubmitting an identifier replaces its pending request (§5).
 * - A launch consumes the request (§5 "one-shot"); only the handler's own resubmission continues the
 *   chain, or the app's own submit sites, which the analysis locates (background transition, every
 *   launch, a user action).
 * - Budgets (§5): ~30 s refresh, processing "minutes" (named parameter); processing is cut when the
 *   user starts using the device (§1 BGProcessingTask); continued processing runs while it reports progress.
 * - Expiry (§4): the expirationHandler runs; without one the system completes with NO success; a
 *   handler whose expiration path never calls setTaskCompleted gets the app killed.
 * - Crashes the analysis found at launch (§4: type mismatch with `as!`, duplicate or late
 *   registration) end every launch of that task as a crash, with no resubmission.
 *
 * Speed: the environment (segments, windows, bands) is built once; at a segment boundary only the
 * requests whose conditions read something that changed are evaluated again.
 */
import { DAY, HOUR, MINUTE, formatDuration, formatTime } from './clock';
import { GATE_MASK, DeferralRecord, evaluateConditions, reasonBits, reasonCodes, reasonSummary, type ConditionInput } from './conditions';
import { buildEnvironment, type Environment, type PlacedAction, type Segment } from './environment';
import { EventQueue } from './eventQueue';
import { UsagePredictor } from './prediction';
import { normal, streamFor, uniform, type Rng } from './random';
import type { AppSubmitPolicy, DurationDistribution, Scenario, UserAction } from './scenario';
import { buildHints } from './hints';
import { MIN_DURATION_SECONDS } from './scenarioSchema';
import { computeStats } from './stats';
import { STOPPED_HINT_ID, type Band, type Deferral, type PendingInterval, type ResubmitPoint, type Run, type SimEvent, type SimTask, type SimulationResult, type SubmitError } from './types';

type QueueKind = 'runEnd' | 'kill' | 'close' | 'open' | 'action' | 'forceQuit' | 'idle' | 'recheck';

/** Order of work at the same second: finish tasks, then apply the new device state, then user actions. */
const PRIO: Record<QueueKind | 'segment', number> = { runEnd: 0, kill: 1, segment: 2, idle: 3, close: 4, open: 5, action: 6, forceQuit: 7, recheck: 8 };

/**
 * Events one run may log before it stops. Valid but extreme scenarios (one-second handlers, short
 * spacings, many tasks, 120 days) can ask for millions of launches; this keeps a run within about
 * two seconds and 200 MB, and the result says where it stopped (`SimulationResult.stopped`).
 * Realistic runs stay far below: 20 tasks over 30 days log about 6,500 events (120 days: about 26,000).
 */
export const MAX_EVENTS_PER_RUN = 100_000;

/**
 * What changed at a segment boundary (bits), and what each kind of request reads (its sensitivity).
 * `idle` is the moment an untouched stretch reaches an idle threshold (processingIdleMinutes on the
 * charger, processingOnBatteryIdleMinutes on battery).
 */
const CHG = { charging: 1, network: 2, lowData: 4, lpm: 8, thermal: 16, bar: 32, appInUse: 64, deviceUse: 128, battery: 256, idle: 512 } as const;
const PROCESSING_READS = CHG.bar | CHG.lpm | CHG.thermal | CHG.battery | CHG.charging | CHG.network | CHG.lowData | CHG.deviceUse | CHG.idle;
const SENSITIVE: Record<SimTask['kind'], number> = {
  refresh: CHG.bar | CHG.lpm | CHG.thermal | CHG.appInUse | CHG.battery | CHG.charging,
  processing: PROCESSING_READS,
  healthResearch: PROCESSING_READS,
  continuedProcessing: 0,
  unknown: 0,
};
/** A request held by the idle requirement keeps that answer through pickups; only reaching a threshold can change it. */
const IDLE_HELD = reasonBits(['notIdle', 'waitingForLongIdle']);

/** The app's own submit sites, as flags (from the analysis, or a scenario policy standing in). */
interface Policy {
  background: boolean;
  /** didFinishLaunching / App.init: every launch of the process, background launches included. */
  launch: boolean;
  /** Scene connection / root view: every cold start of the UI (user launches only). */
  launchScene: boolean;
  launchGuarded: boolean;
  open: boolean;
  firstOpen: boolean;
  userAction: boolean;
  /** From the code (true) or the scenario (false). */
  fromCode: boolean;
}

interface PendingRequest {
  task: SimTask;
  /** The identifier as submitted (wildcard tasks: the concrete one). */
  key: string;
  state: TaskState;
  submittedAt: number;
  earliestBegin: number;
  interval: PendingInterval;
  deferral: Deferral | null;
  reasonMask: number | null;
  gatesMet: boolean | null;
  sensitivity: number;
  /** When time alone can change this request's answer next (a recheck looks at it then). */
  due: number;
}

interface ActiveRun {
  index: number;
  task: SimTask;
  key: string;
  start: number;
  /** The time the budget runs out (or the run was cut). */
  deadline: number;
  hang: boolean;
  /** Seconds of budget held while running; 0 when exempt. */
  reserved: number;
  /** Bumped when the run is cut early, so its stale end event is ignored. */
  generation: number;
  endKind: 'complete' | 'deadline' | 'crash';
  state: 'running' | 'killing';
  /** Why the deadline ends it (continued processing without progress). */
  deadlineCause?: string;
}

interface TaskState {
  lastLaunch: number | null;
  /** The predicted open the last refresh was launched for (so the next one targets a later open). */
  servedPrediction: number;
  durationRng: Rng;
  pathRng: Rng;
  /** Processing: the charging window and the idle stretch of the last launches, and how many launched in each. */
  chargeKey: number;
  chargeLaunches: number;
  idleKey: number;
  idleLaunches: number;
  /** Processing: the scheduler's draw for a window (cached per window). */
  slotKey: number;
  slotU: number;
  /** Wildcard tasks: concrete submissions so far. */
  concrete: number;
  policy: Policy;
}

/**
 * `exhaustive` (tests only) looks at every pending request at every moment instead of only at those whose
 * conditions can have changed: the results must be identical, which is what makes the shortcuts safe.
 * `maxEvents` (tests only) lowers MAX_EVENTS_PER_RUN so the stop can be tested on a small run.
 */
export function runSimulation(inputTasks: readonly SimTask[], scenario: Scenario, options: { exhaustive?: boolean; maxEvents?: number } = {}): SimulationResult {
  return new Simulation(inputTasks, scenario, options.exhaustive === true, options.maxEvents ?? MAX_EVENTS_PER_RUN).run();
}

class Simulation {
  private readonly m;
  private readonly env: Environment;
  private readonly tasks: SimTask[];
  private readonly queue = new EventQueue<QueueKind>();
  private readonly predictor;
  private readonly events: SimEvent[] = [];
  private readonly runs: Run[] = [];
  private readonly pendingIntervals: PendingInterval[] = [];
  private readonly deferrals: Deferral[] = [];
  private readonly pending = new Map<string, PendingRequest>();
  private pendingOrder: PendingRequest[] = [];
  private pendingDirty = false;
  private readonly active = new Map<number, ActiveRun>();
  private readonly taskState = new Map<string, TaskState>();
  private readonly scheduledRechecks = new Set<number>();
  private readonly input: ConditionInput;
  private readonly evaluation = { mask: 0, nextCheck: null as number | null };
  /** Running launches per submitted identifier, and running continued-processing tasks. */
  private readonly runningByKey = new Map<string, number>();
  private continuedRunning = 0;

  private segIndex = 0;
  private opens = 0;
  private lastOpen: number | null = null;
  private forceQuitSuppressed = false;
  private forceQuitBands: Band[] = [];
  private lastBatch: number | null = null;
  private standing = 1;
  private minStanding = 1;
  private readonly standingHistory: { t: number; value: number }[] = [{ t: 0, value: 1 }];
  private budgetLevel: number;
  private budgetUpdated = 0;
  private budgetReserved = 0;
  private backgroundSecondsUsed = 0;
  /** The app process: in the foreground, or running a task, or suspended in memory until `aliveUntil`. */
  private appInForeground = false;
  private aliveUntil = Number.NEGATIVE_INFINITY;
  /** Which pass to run at the current second: everything, or only requests reading what the segment changed. */
  private fullPass = true;
  private segmentChanges = 0;
  private recheckDue = false;
  /** Untouched stretches (by start, and charger or battery) whose idle-threshold event is queued. */
  private readonly idleEventsFor = new Set<number>();
  /** When the event log reached MAX_EVENTS_PER_RUN: nothing new starts after this moment. */
  private stoppedAt: number | null = null;

  constructor(
    inputTasks: readonly SimTask[],
    private readonly sc: Scenario,
    private readonly exhaustive = false,
    private readonly maxEvents = MAX_EVENTS_PER_RUN,
  ) {
    this.m = sc.model;
    // Sorted by identifier: iteration order must not depend on the order the analysis found them.
    this.tasks = [...inputTasks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.env = buildEnvironment(sc);
    this.predictor = new UsagePredictor(this.m);
    this.budgetLevel = this.m.dailyBudgetSeconds;
    this.input = {
      t: 0,
      seg: this.env.segments[0],
      task: this.tasks[0],
      earliestBegin: 0,
      sameIdRunning: false,
      forceQuitSuppressed: false,
      lastOpen: null,
      rateLimitedUntil: null,
      budgetAvailable: 0,
      budgetRefillPerSecond: 0,
      refreshStart: 0,
      predictedOpen: null,
      continuedSlotFree: true,
      idleNeeded: 0,
      longIdle: false,
      windowLaunches: 0,
      slot: 0,
      unusedDays: 0,
      usageSpacingUntil: 0,
      autoLock: sc.device.use.autoLockMinutes * MINUTE,
    };
    for (const task of this.tasks) {
      this.taskState.set(task.id, {
        lastLaunch: null,
        servedPrediction: -1,
        durationRng: streamFor(sc.seed, `duration:${task.id}`),
        pathRng: streamFor(sc.seed, `path:${task.id}`),
        chargeKey: -1,
        chargeLaunches: 0,
        idleKey: -1,
        idleLaunches: 0,
        slotKey: -1,
        slotU: 0,
        concrete: 0,
        policy: this.policyOf(task),
      });
    }
  }

  run(): SimulationResult {
    const env = this.env;
    env.sessions.forEach((s, i) => {
      this.queue.push(s.start, PRIO.open, 'open', i);
      this.queue.push(s.end, PRIO.close, 'close', i);
    });
    env.actions.forEach((a, i) => this.queue.push(a.t, PRIO.action, 'action', i));
    for (const t of env.forceQuits) this.queue.push(t, PRIO.forceQuit, 'forceQuit', 0);

    // Segments are already sorted, so they are read as a second stream beside the queue
    // (thousands of them; keeping them out of the heap is most of the queue work saved).
    const segments = env.segments;
    let nextSegment = 0;
    const queue = this.queue;
    // `stoppedAt` is checked inside each loop: a scenario that relaunches within one second must not spin there.
    while (this.stoppedAt === null) {
      const segT = nextSegment < segments.length ? segments[nextSegment].from : Number.POSITIVE_INFINITY;
      const queueT = queue.size > 0 ? queue.peekTime() : Number.POSITIVE_INFINITY;
      const t = Math.min(segT, queueT);
      if (t === Number.POSITIVE_INFINITY) break;
      this.fullPass = false;
      this.segmentChanges = 0;
      this.recheckDue = false;
      while (this.stoppedAt === null && queue.size > 0 && queue.peekTime() === t && queue.peekPrio() < PRIO.segment) this.handle(queue.pop()!);
      if (segT === t) this.onSegment(t, nextSegment++);
      while (this.stoppedAt === null && queue.size > 0 && queue.peekTime() === t) this.handle(queue.pop()!);
      // Nothing launches at or after the end; running tasks still finish so every launch has an outcome.
      if (this.exhaustive) this.fullPass = true;
      if (this.stoppedAt === null && t < env.end && (this.fullPass || this.segmentChanges !== 0 || this.recheckDue)) this.schedulerPass(t);
    }
    if (this.stoppedAt !== null) this.drainRuns();
    this.finish();

    const bands = { ...env.bands, forceQuitSuppressed: this.forceQuitBands };
    const partial = {
      scenario: this.sc,
      tasks: this.tasks,
      // A stopped run covers only the time it simulated (the per-day figures are over that time).
      durationSeconds: this.stoppedAt === null ? env.end : Math.max(1, this.stoppedAt),
      events: this.events,
      runs: this.runs,
      pending: this.pendingIntervals,
      deferrals: this.deferrals,
      bands,
      standing: this.standingHistory,
      app: {
        opens: this.opens,
        backgroundSecondsUsed: Math.round(this.backgroundSecondsUsed),
        finalStanding: round3(this.standing),
        minStanding: round3(this.minStanding),
      },
    };
    const stats = computeStats(partial);
    const hints = buildHints(this.tasks, this.sc, { ...partial, stats });
    if (this.stoppedAt === null) return { ...partial, stats, hints };
    const stopped = this.stoppedNote(this.stoppedAt);
    // Also the first hint, so that every view that lists hints (the panel, the CLI) shows it.
    return { ...partial, stats, hints: [{ taskId: STOPPED_HINT_ID, severity: 'warning', text: stopped.note }, ...hints], stopped };
  }

  private stoppedNote(t: number): NonNullable<SimulationResult['stopped']> {
    const day = Math.floor(t / DAY);
    return {
      t,
      day,
      events: this.events.length,
      note:
        `Simulation stopped after ${this.maxEvents.toLocaleString('en-US')} events on day ${day} of ${this.sc.days} (${formatTime(t)}): ` +
        'the scenario makes tasks launch far more often than iOS would (look at short durations, spacings and launches per window). ' +
        'The results cover only the time before that.',
    };
  }

  /** After a stop, the launches already running still end (each has an outcome); nothing else happens. */
  private drainRuns(): void {
    const queue = this.queue;
    while (queue.size > 0) {
      const e = queue.pop()!;
      if (e.kind === 'runEnd' || e.kind === 'kill') this.handle(e);
    }
  }

  private get seg(): Segment {
    return this.env.segments[this.segIndex];
  }

  private handle(e: { t: number; kind: QueueKind; ref: number }): void {
    if (e.kind === 'idle') {
      // Still the same untouched stretch: the requests waiting for idle look again.
      const seg = this.seg;
      if (!seg.deviceInUse && seg.idleSince === e.ref) this.segmentChanges |= CHG.idle;
      return;
    }
    if (e.kind === 'recheck') {
      // Only the requests that asked to look again at this second (their `due`).
      this.scheduledRechecks.delete(e.t);
      this.recheckDue = true;
      return;
    }
    this.fullPass = true;
    switch (e.kind) {
      case 'open':
        this.onOpen(e.t);
        break;
      case 'close':
        this.onClose(e.t, e.ref);
        break;
      case 'action':
        this.onAction(e.t, this.env.actions[e.ref]);
        break;
      case 'forceQuit':
        this.onForceQuit(e.t);
        break;
      case 'runEnd':
        this.onRunEnd(e.t, e.ref);
        break;
      case 'kill':
        this.onKill(e.t, e.ref);
        break;
      default: {
        const never: never = e.kind as never;
        throw new Error(`unknown queue event ${String(never)}`);
      }
    }
  }

  // ---- environment and user ----------------------------------------------------------------

  private onSegment(t: number, index: number): void {
    const before = this.segIndex === index ? undefined : this.seg;
    this.segIndex = index;
    const now = this.seg;
    this.segmentChanges = before ? changes(before, now, this.m.criticalBatteryPercent, this.m.processingOnBatteryMinPercent) : -1;
    // The device became idle: if a request waits for idle, it looks again when a threshold is reached.
    if (!now.deviceInUse && (!before || before.deviceInUse) && this.pendingOrder.some((r) => r.reasonMask !== null && (r.reasonMask & IDLE_HELD) !== 0)) this.scheduleIdleEvents(t, now);
    // §1 BGProcessingTask: "terminated when the user starts using the device" — the expiration path.
    if (now.deviceInUse && (!before || !before.deviceInUse) && this.active.size > 0) {
      for (const run of [...this.active.values()]) {
        if (run.state !== 'running') continue;
        if (run.task.kind === 'processing' || run.task.kind === 'healthResearch') this.expire(run, t, 'the user started using the device');
      }
    }
  }

  private onOpen(t: number): void {
    const cold = this.isColdLaunch(t);
    this.appInForeground = true;
    this.lastOpen = t;
    this.opens++;
    this.predictor.recordOpen(t);
    if (this.forceQuitSuppressed) {
      this.forceQuitSuppressed = false;
      this.forceQuitBands[this.forceQuitBands.length - 1].to = t;
    }
    for (const task of this.tasks) {
      if (!task.submitted || task.kind === 'continuedProcessing') continue;
      const p = this.taskState.get(task.id)!.policy;
      if (cold && (p.launch || p.launchScene)) {
        if (!p.launchGuarded || !this.hasPending(task)) this.submit(task, t, 'launch');
      } else if (p.open || (p.firstOpen && this.opens === 1)) this.submit(task, t, 'open');
    }
  }

  private onClose(t: number, sessionIndex: number): void {
    this.appInForeground = false;
    this.aliveUntil = Math.max(this.aliveUntil, t + this.m.appStaysInMemoryMinutes * MINUTE);
    for (const task of this.tasks) {
      if (!task.submitted || task.kind === 'continuedProcessing') continue;
      if (this.taskState.get(task.id)!.policy.background) this.submit(task, t, 'background');
    }
    if (this.env.sessions[sessionIndex].forceQuitAfter) this.onForceQuit(t);
  }

  /** A user action in the foreground: the tasks that submit from one, and continued processing (§5: only from a user action). */
  private onAction(t: number, placed: PlacedAction): void {
    const action = placed.action;
    let any = false;
    for (const task of this.tasks) {
      if (!task.submitted || task.kind === 'unknown' || !actionApplies(action, task)) continue;
      if (task.kind !== 'continuedProcessing' && !this.taskState.get(task.id)!.policy.userAction) continue;
      if (!any) this.emit({ t, kind: 'action', taskId: task.id, detail: `User action: ${action.label}.` });
      any = true;
      this.submit(task, t, 'action');
    }
  }

  private onForceQuit(t: number): void {
    // §5 Continued processing: closing from the switcher cancels running tasks with no callback and
    // drops queued requests.
    for (const run of [...this.active.values()]) {
      if (run.task.kind !== 'continuedProcessing') continue;
      this.terminate(run, t, 'kill', false, 'Cancelled without any callback: the app was removed from the app switcher.');
    }
    for (const req of [...this.pending.values()]) {
      if (req.task.kind === 'continuedProcessing') this.removePending(req, t, 'cancelled');
    }
    // The process is gone: the next launch is a cold one.
    this.aliveUntil = Number.NEGATIVE_INFINITY;
    if (this.m.forceQuitSuppressesUntilNextLaunch && !this.forceQuitSuppressed) {
      this.forceQuitSuppressed = true;
      this.forceQuitBands.push({ from: t, to: this.env.end });
    }
  }

  /**
   * Queues the moment this untouched stretch reaches the idle threshold that applies now (on the charger or on
   * battery), once per stretch and threshold, and only if the stretch lasts that long: the environment is known
   * in advance, so a threshold the next pickup cuts short is never queued.
   */
  private scheduleIdleEvents(t: number, seg: Segment): void {
    if (seg.idleStretch < 0) return;
    const minutes = seg.charging ? this.m.processingIdleMinutes : this.m.processingOnBatteryIdleMinutes;
    const at = seg.idleSince + minutes * MINUTE;
    const key = seg.idleSince * 2 + (seg.charging ? 1 : 0);
    if (this.idleEventsFor.has(key)) return;
    this.idleEventsFor.add(key);
    if (at > t && at < this.env.end && at < this.env.idleStretches[seg.idleStretch].to) this.queue.push(at, PRIO.idle, 'idle', seg.idleSince);
  }

  /** The app process is not running and not suspended in memory: launching it runs didFinishLaunching again. */
  private isColdLaunch(t: number): boolean {
    return !this.appInForeground && this.active.size === 0 && t > this.aliveUntil;
  }

  /** A background launch that starts the process: the code that runs on every launch submits again (before the handler). */
  private onBackgroundColdLaunch(t: number, launching: SimTask): void {
    for (const task of this.tasks) {
      if (!task.submitted || task.kind === 'continuedProcessing') continue;
      const p = this.taskState.get(task.id)!.policy;
      if (!p.launch) continue;
      if (p.launchGuarded && this.hasPending(task)) continue;
      this.submit(task, t, 'launch', task === launching ? undefined : launching.id);
    }
  }

  private policyOf(task: SimTask): Policy {
    const override = this.sc.tasks[task.id]?.appSubmits;
    if (!override && task.submitPolicy?.known) {
      const p = task.submitPolicy;
      return { background: p.background, launch: p.launch, launchScene: p.launchScene ?? false, launchGuarded: p.launchGuarded, open: false, firstOpen: false, userAction: p.userAction, fromCode: true };
    }
    return { ...policyFromScenario(override ?? this.m.appSubmits), fromCode: false };
  }

  private resubmitPoint(task: SimTask): Exclude<ResubmitPoint, 'unknown'> {
    return task.resubmits === 'unknown' ? this.m.assumeUnknownResubmitAs : task.resubmits;
  }

  private hasPending(task: SimTask): boolean {
    return this.pending.has(task.id);
  }

  // ---- submit ------------------------------------------------------------------------------

  private submit(task: SimTask, t: number, origin: NonNullable<SimEvent['origin']>, launchedFor?: string): void {
    if (task.kind === 'unknown') return; // Not simulated: the hints and "why not" say so.
    const from =
      origin === 'handler'
        ? 'The launch handler resubmits'
        : origin === 'background'
          ? 'The app submits on its way to the background'
          : origin === 'launch'
            ? launchedFor
              ? `The app submits as it launches (a background launch for ${launchedFor})`
              : 'The app submits as it launches'
            : origin === 'action'
              ? 'The app submits on a user action'
              : 'The app submits';
    const fail = (error: SubmitError, why: string): void => {
      this.emit({ t, kind: 'submit', taskId: task.id, error, origin, detail: `${from}; submit fails: ${why}`, site: 'submit' });
    };
    if (!task.permitted) return fail('notPermitted', 'the identifier is not in BGTaskSchedulerPermittedIdentifiers (notPermitted, code 3).');
    if (!task.registered) return fail('crashNoLaunchHandler', 'no launch handler is registered for a permitted identifier: NSInternalInconsistencyException crashes the app.');
    if (task.kind === 'healthResearch' && this.entitlementMissing(task)) {
      return fail('notPermitted', 'the app lacks the com.apple.developer.backgroundtasks.healthresearch entitlement (modelled as notPermitted; Apple documents only that the entitlement is required).');
    }
    const seg = this.segmentAt(t);
    if (!seg.backgroundAppRefresh) return fail('unavailable', 'Background App Refresh is off (unavailable, code 1).');
    if (seg.lowPowerMode && this.m.lowPowerModeSubmit === 'unavailable' && task.kind === 'refresh') {
      return fail('unavailable', 'Low Power Mode is on and the model parameter lowPowerModeSubmit is "unavailable" (code 1).');
    }
    const state = this.taskState.get(task.id)!;
    // A wildcard task submits a fresh concrete identifier each time (each one registered once).
    const key = task.wildcard ? `${task.id.replace(/\*$/, '')}${++state.concrete}` : task.id;
    const existing = this.pending.get(key);
    if (existing) {
      this.removePending(existing, t, 'replaced');
    } else if (this.pendingCountFor(task) >= this.limitFor(task)) {
      return fail('tooManyPendingTaskRequests', `${this.limitFor(task)} request(s) of this type are already pending (tooManyPendingTaskRequests, code 2).`);
    }
    // continued processing ignores earliestBeginDate (§1: the scheduler uses "now").
    const delay = task.kind === 'continuedProcessing' ? 0 : task.earliestBeginDelaySeconds;
    const interval: PendingInterval = { taskId: task.id, submittedAt: t, earliestBegin: t + delay, from: t, to: this.env.end, end: 'simulationEnd' };
    this.pendingIntervals.push(interval);
    this.pending.set(key, { task, key, state, submittedAt: t, earliestBegin: t + delay, interval, deferral: null, reasonMask: null, gatesMet: null, sensitivity: SENSITIVE[task.kind], due: t });
    this.pendingDirty = true;
    const pushed = existing && existing.earliestBegin > t && t + delay > existing.earliestBegin ? ` (its floor moves from ${formatDuration(existing.earliestBegin - t)} to ${formatDuration(delay)} from now)` : '';
    this.emit({
      t,
      kind: 'submit',
      taskId: task.id,
      origin,
      ...(existing ? { replaced: true } : {}),
      ...(task.wildcard ? { concreteId: key } : {}),
      detail: `${from}${task.wildcard ? ` (${key})` : ''}${existing ? `, replacing the pending request${pushed}` : ''}; earliestBeginDate ${delay > 0 ? `+${formatDuration(delay)}` : 'not set'}.`,
      site: 'submit',
    });
    this.scheduleRecheck(t);
  }

  private entitlementMissing(task: SimTask): boolean {
    const e = task.healthResearchEntitlement ?? 'unknown';
    return (e === 'unknown' ? this.m.healthResearchEntitlementWhenUnknown : e) === 'missing';
  }

  /** §2/§5: 1 refresh and 10 processing requests pending at any time. */
  private limitFor(task: SimTask): number {
    return task.kind === 'refresh' ? 1 : task.kind === 'continuedProcessing' ? Number.POSITIVE_INFINITY : 10;
  }

  private pendingCountFor(task: SimTask): number {
    let n = 0;
    const countsTogether = (a: SimTask['kind'], b: SimTask['kind']): boolean => {
      if (a === b) return true;
      const pair = (a === 'processing' && b === 'healthResearch') || (a === 'healthResearch' && b === 'processing');
      return pair && this.m.healthResearchCountsTowardProcessingLimit;
    };
    for (const req of this.pending.values()) {
      if (!countsTogether(req.task.kind, task.kind)) continue;
      if (task.kind === 'refresh' && this.m.refreshPendingLimitScope === 'perIdentifier' && req.task.id !== task.id) continue;
      n++;
    }
    return n;
  }

  private removePending(req: PendingRequest, t: number, end: PendingInterval['end']): void {
    req.interval.to = t;
    req.interval.end = end;
    if (req.deferral) req.deferral.to = t;
    this.pending.delete(req.key);
    this.pendingDirty = true;
  }

  // ---- scheduling --------------------------------------------------------------------------

  private schedulerPass(t: number): void {
    if (this.pendingDirty) {
      this.pendingOrder = [...this.pending.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
      this.pendingDirty = false;
    }
    const full = this.fullPass;
    const changed = this.segmentChanges;
    this.refillBudget(t);
    for (const req of this.pendingOrder) {
      if (this.pending.get(req.key) !== req) continue; // launched or replaced earlier in this pass
      // Without an event at this second, a request is looked at again only if the segment boundary changed
      // something it reads, or time alone can change its answer now.
      if (!full && (req.sensitivity & changed) === 0 && req.due > t) continue;
      const input = this.conditionInput(req, t);
      const evaluation = evaluateConditions(input, this.m, this.evaluation);
      this.record(req, t, evaluation.mask, input);
      // Pickups cannot change the answer of a request held by the idle requirement (only reaching an idle
      // threshold can), nor of one that needs external power while off the charger.
      req.sensitivity = SENSITIVE[req.task.kind] & (req.task.requiresExternalPower && !input.seg.charging ? ~(CHG.deviceUse | CHG.idle) : (evaluation.mask & IDLE_HELD) !== 0 ? ~CHG.deviceUse : ~0);
      if ((evaluation.mask & IDLE_HELD) !== 0 && !input.seg.deviceInUse) this.scheduleIdleEvents(t, input.seg);
      if (evaluation.mask === 0) this.launch(req, t);
      else {
        // Each request's own moment: a recheck then looks at the requests due (not at everything).
        req.due = evaluation.nextCheck ?? Number.POSITIVE_INFINITY;
        if (evaluation.nextCheck !== null) this.scheduleRecheck(evaluation.nextCheck);
      }
    }
  }

  private scheduleRecheck(at: number): void {
    if (at >= this.env.end || this.scheduledRechecks.has(at)) return;
    this.scheduledRechecks.add(at);
    this.queue.push(at, PRIO.recheck, 'recheck');
  }

  /** Fills the one reused input object (the pass runs often; allocation is what costs). */
  private conditionInput(req: PendingRequest, t: number): ConditionInput {
    const task = req.task;
    const state = req.state;
    const m = this.m;
    const x = this.input;
    const seg = this.seg;
    x.t = t;
    x.seg = seg;
    x.task = task;
    x.earliestBegin = req.earliestBegin;
    x.sameIdRunning = (this.runningByKey.get(req.key) ?? 0) > 0;
    x.forceQuitSuppressed = this.forceQuitSuppressed;
    x.lastOpen = this.lastOpen;
    const isProcessing = task.kind === 'processing' || task.kind === 'healthResearch';
    // §5 factor 7, rate limiting: launches are spaced out; the spacing grows as the standing drops.
    let until: number | null = this.lastBatch === null || this.lastBatch === t ? null : this.lastBatch + (m.minLaunchSpacingMinutes * MINUTE) / this.standing;
    if (isProcessing && state.lastLaunch !== null) {
      const own = state.lastLaunch + (m.processingMinSpacingHours * HOUR) / this.standing;
      if (own > t && (until === null || own > until)) until = own;
    }
    x.rateLimitedUntil = until;
    x.budgetAvailable = this.budgetLevel - this.budgetReserved;
    x.budgetRefillPerSecond = m.dailyBudgetSeconds / DAY;
    x.continuedSlotFree = this.continuedRunning < m.continuedProcessingMaxConcurrent;
    x.predictedOpen = null;
    x.refreshStart = 0;
    x.unusedDays = 0;
    x.usageSpacingUntil = 0;
    x.idleNeeded = 0;
    x.longIdle = false;
    x.windowLaunches = 0;
    x.slot = 0;
    if (task.kind === 'refresh') {
      // §5 Refresh scheduling: run just before the next predicted open not already served.
      const predicted = this.predictor.nextPredictedOpen(t, Math.max(t, state.servedPrediction), DAY);
      if (predicted !== null) {
        x.predictedOpen = predicted;
        x.refreshStart = predicted - m.refreshLeadMinutes * MINUTE;
      } else {
        const since = Math.max(req.submittedAt, state.lastLaunch ?? Number.NEGATIVE_INFINITY);
        x.refreshStart = Math.ceil(since + m.refreshWithoutPredictionAfterHours * HOUR);
      }
      // §5 factor 3, app usage: an app nobody opens is refreshed less and less, then not at all.
      const lastUse = this.lastOpen ?? 0;
      x.unusedDays = (t - lastUse) / DAY;
      if (state.lastLaunch !== null && state.lastLaunch > lastUse) {
        const unusedThen = (state.lastLaunch - lastUse) / DAY - m.refreshUsageGraceDays;
        if (unusedThen > 0) x.usageSpacingUntil = Math.ceil(state.lastLaunch + m.refreshUnusedSpacingHours * HOUR * 2 ** (unusedThen / m.refreshUnusedHalfLifeDays));
      }
    } else if (isProcessing) {
      this.processingWindow(req, seg, x);
    }
    return x;
  }

  /**
   * Processing runs in windows: an idle stretch (the night's sleep, or a long untouched stretch) on the
   * charger after processingIdleMinutes, or on battery after processingOnBatteryIdleMinutes. One
   * identifier launches at most processingLaunchesPerWindow times per charging window and per idle
   * stretch, at a moment the scheduler picks at random inside the window.
   */
  private processingWindow(req: PendingRequest, seg: Segment, x: ConditionInput): void {
    const m = this.m;
    const state = req.state;
    x.longIdle = !seg.charging;
    x.idleNeeded = (seg.charging ? m.processingIdleMinutes : m.processingOnBatteryIdleMinutes) * MINUTE;
    if (seg.idleStretch < 0) return; // in use: not idle anyway
    const stretch = this.env.idleStretches[seg.idleStretch];
    const inCharge = seg.charging && state.chargeKey === seg.chargeWindow ? state.chargeLaunches : 0;
    const inStretch = state.idleKey === seg.idleStretch ? state.idleLaunches : 0;
    x.windowLaunches = Math.max(inCharge, inStretch);
    let windowStart = stretch.from;
    let windowEnd = stretch.to;
    let key = 1_000_000 + seg.idleStretch;
    if (seg.charging) {
      const w = this.env.chargingWindows[seg.chargeWindow];
      windowStart = Math.max(windowStart, w.from);
      windowEnd = Math.min(windowEnd, w.to);
      key = seg.chargeWindow;
    }
    // The pick matters only once the device is idle enough and the power is right (drawn lazily: windows are many).
    if (seg.deviceInUse || this.input.t - seg.idleSince < x.idleNeeded || (!seg.charging && req.task.requiresExternalPower)) return;
    if (state.slotKey !== key) {
      state.slotKey = key;
      state.slotU = streamFor(this.sc.seed, `slot:${req.task.id}:${key}`).next();
    }
    const from = Math.max(windowStart, seg.idleSince + x.idleNeeded, req.earliestBegin);
    const spread = Math.max(0, Math.min(m.processingSchedulerSpreadMinutes * MINUTE, windowEnd - from - m.processingBudgetSeconds));
    x.slot = Math.floor(from + state.slotU * spread);
  }

  /** Keeps the deferral stretches and emits `deferred` / `eligible` when the set of reasons changes. */
  private record(req: PendingRequest, t: number, mask: number, input: ConditionInput): void {
    if (mask !== req.reasonMask) {
      if (req.deferral) req.deferral.to = t;
      req.deferral = null;
      if (mask !== 0) {
        req.deferral = new DeferralRecord(req.task.id, t, this.env.end, mask, { ...input }, this.m);
        this.deferrals.push(req.deferral);
        this.emit({ t, kind: 'deferred', taskId: req.task.id, reasons: reasonCodes(mask), detail: reasonSummary(mask) });
      }
      req.reasonMask = mask;
    }
    const gatesMet = (mask & GATE_MASK) === 0;
    if (gatesMet && req.gatesMet !== true) {
      this.emit({
        t,
        kind: 'eligible',
        taskId: req.task.id,
        detail: mask === 0 ? 'All conditions are met.' : 'All requirements are met; the scheduler is choosing when.',
      });
    }
    req.gatesMet = gatesMet;
  }

  private launch(req: PendingRequest, t: number): void {
    const task = req.task;
    const state = req.state;
    const cold = task.kind !== 'continuedProcessing' && this.isColdLaunch(t);
    this.removePending(req, t, 'launched');
    const index = this.runs.length;
    this.runs.push({ taskId: task.id, start: t, end: t, outcome: 'complete', success: false, earliestBegin: req.earliestBegin, detail: '', ...(task.wildcard ? { concreteId: req.key } : {}) });
    const delay = t - req.earliestBegin;
    this.emit({
      t,
      kind: 'launch',
      taskId: task.id,
      run: index,
      site: 'register',
      ...(task.wildcard ? { concreteId: req.key } : {}),
      detail:
        task.kind === 'continuedProcessing'
          ? `Continued-processing task ${task.wildcard ? `${req.key} ` : ''}starts.`
          : `Launched ${formatDuration(delay)} after its earliestBeginDate; the request is consumed.${cold ? ' The app process starts (a cold launch).' : ''}`,
    });
    if (task.kind !== 'continuedProcessing') {
      this.lastBatch = t;
      if (task.kind === 'refresh') {
        const predicted = this.predictor.nextPredictedOpen(t, Math.max(t, state.servedPrediction), DAY);
        const lead = this.m.refreshLeadMinutes * MINUTE;
        if (predicted !== null && t >= predicted - lead) state.servedPrediction = predicted;
      } else {
        const seg = this.seg;
        if (seg.charging) {
          state.chargeLaunches = state.chargeKey === seg.chargeWindow ? state.chargeLaunches + 1 : 1;
          state.chargeKey = seg.chargeWindow;
        }
        if (seg.idleStretch >= 0) {
          state.idleLaunches = state.idleKey === seg.idleStretch ? state.idleLaunches + 1 : 1;
          state.idleKey = seg.idleStretch;
        }
      }
    }
    state.lastLaunch = t;
    // Launching the process runs its launch code first: submits there happen before the handler.
    if (cold) this.onBackgroundColdLaunch(t, task);

    const budget = this.budgetFor(task);
    const exempt = task.kind === 'continuedProcessing' || ((task.kind === 'processing' || task.kind === 'healthResearch') && this.seg.charging && this.m.externalPowerExemptFromBudget);
    // At least a second (as the schema requires): a zero-length run could end and relaunch at the same instant forever.
    const duration = Math.max(MIN_DURATION_SECONDS, Math.round(sampleDuration(state.durationRng, this.sc.tasks[task.id]?.duration ?? this.durationFor(task))));
    const incompleteP = task.castNeverCompletes ? 1 : (this.sc.tasks[task.id]?.incompletePathProbability ?? this.m.incompletePathProbability);
    // Draw on every launch so the stream stays aligned whatever the handler summary says.
    const pathRoll = state.pathRng.next();
    const hang = task.castNeverCompletes === true || (!task.completesOnAllPaths && pathRoll < incompleteP);

    if (task.launchCrash) {
      // §4: the crash comes before the handler's own code (the cast, or the registration at launch):
      // nothing in the handler runs, so nothing resubmits.
      const run: ActiveRun = { index, task, key: req.key, start: t, deadline: t + 1, hang: false, reserved: 0, generation: 0, endKind: 'crash', state: 'running' };
      this.addActive(run);
      this.queue.push(t + 1, PRIO.runEnd, 'runEnd', encodeRunRef(index, 0));
      return;
    }

    const reserved = exempt ? 0 : Math.min(budget, this.m.dailyBudgetSeconds);
    this.budgetReserved += reserved;
    const run: ActiveRun = { index, task, key: req.key, start: t, deadline: t + budget, hang, reserved, generation: 0, endKind: 'deadline', state: 'running' };
    this.addActive(run);

    if (this.resubmitPoint(task) === 'start' && task.kind !== 'continuedProcessing') this.submit(task, t, 'handler');

    if (task.kind === 'continuedProcessing') {
      // No fixed budget: it runs while it reports progress; without progress the system expires it.
      const progress = task.reportsProgress ?? this.m.continuedProcessingAssumeProgress;
      const stall = this.m.continuedProcessingNoProgressExpirySeconds;
      if (!progress) {
        run.deadline = t + stall;
        run.deadlineCause = `it reported no progress for ${formatDuration(stall)}`;
      } else if (hang) {
        run.deadline = t + duration + stall;
        run.deadlineCause = `its progress stopped for ${formatDuration(stall)} (a path that never completes)`;
      } else {
        run.deadline = t + duration;
        run.endKind = 'complete';
      }
      this.queue.push(run.deadline, PRIO.runEnd, 'runEnd', encodeRunRef(index, 0));
      return;
    }
    if (!hang && duration < budget) {
      run.endKind = 'complete';
      this.queue.push(t + duration, PRIO.runEnd, 'runEnd', encodeRunRef(index, 0));
    } else {
      this.queue.push(t + budget, PRIO.runEnd, 'runEnd', encodeRunRef(index, 0));
    }
  }

  private addActive(run: ActiveRun): void {
    this.active.set(run.index, run);
    this.runningByKey.set(run.key, (this.runningByKey.get(run.key) ?? 0) + 1);
    if (run.task.kind === 'continuedProcessing') this.continuedRunning++;
  }

  private budgetFor(task: SimTask): number {
    if (task.kind === 'refresh') return this.m.refreshBudgetSeconds;
    if (task.kind === 'continuedProcessing') return Number.POSITIVE_INFINITY;
    return this.m.processingBudgetSeconds;
  }

  private durationFor(task: SimTask): DurationDistribution {
    const kind = task.kind === 'unknown' ? 'refresh' : task.kind;
    return this.sc.durations[kind];
  }

  // ---- ends of runs ------------------------------------------------------------------------

  private onRunEnd(t: number, ref: number): void {
    const { index, generation } = decodeRunRef(ref);
    const run = this.active.get(index);
    if (!run || run.generation !== generation || run.state !== 'running') return;
    if (run.endKind === 'crash') {
      this.adjustStanding(t, this.m.penalty.crashFactor);
      this.terminate(run, t, 'crash', false, `Crashed at launch: ${run.task.launchCrash!.text} Nothing in the handler ran, so nothing resubmits.`);
      // The crash ends the process.
      if (this.active.size === 0) this.aliveUntil = Number.NEGATIVE_INFINITY;
    } else if (run.endKind === 'complete') {
      this.terminate(run, t, 'complete', true, `setTaskCompleted(success: true) after ${formatDuration(t - run.start)}.`);
      if (this.resubmitPoint(run.task) === 'end' && run.task.kind !== 'continuedProcessing') this.submit(run.task, t, 'handler');
    } else {
      this.expire(run, t, run.deadlineCause ?? `its ${formatDuration(t - run.start)} of background time ran out`);
    }
  }

  /**
   * §4 Expiration: the expirationHandler runs. Without one, the system marks the task complete and
   * unsuccessful (Apple: "instead of sending a warning") — not a kill. A handler whose expiration path
   * never calls setTaskCompleted leaves the task open: the app is killed after the grace period.
   */
  private expire(run: ActiveRun, t: number, cause: string): void {
    run.generation++;
    run.deadline = t;
    const task = run.task;
    const chainNote = this.resubmitPoint(task) === 'end' && task.kind !== 'continuedProcessing' ? ' The handler resubmits only after its work, which it never reached: no next request.' : '';
    if (!task.setsExpirationHandler) {
      this.emit({ t, kind: 'fail', taskId: task.id, run: run.index, site: 'register', detail: "Client didn't provide an expiration handler; the system completes the task with NO success." });
      this.adjustStanding(t, this.m.penalty.failFactor);
      this.terminate(run, t, 'expire', false, `Expired because ${cause}; with no expirationHandler the system marks the task complete and unsuccessful.${chainNote}`);
      return;
    }
    if (task.expirationHandlerCompletes ?? this.m.expirationHandlerCompletes) {
      this.adjustStanding(t, this.m.penalty.expireFactor);
      this.terminate(run, t, 'expire', false, `Expired because ${cause}; the expirationHandler ${run.hang ? 'completed the task unsuccessfully' : 'ran and the task completed unsuccessfully'}.${chainNote}`);
      return;
    }
    run.state = 'killing';
    this.queue.push(t + this.m.expirationGraceSeconds, PRIO.kill, 'kill', run.index);
  }

  /** §4 "setTaskCompleted never called": the app may be killed when time expires. */
  private onKill(t: number, index: number): void {
    const run = this.active.get(index);
    if (!run || run.state !== 'killing') return;
    this.adjustStanding(t, this.m.penalty.killFactor);
    this.terminate(run, t, 'kill', false, `Killed: the expirationHandler ran but nothing called setTaskCompleted${run.hang ? ' (the handler took a path that never completes)' : ''}. This counts against the app.`);
    if (this.active.size === 0) this.aliveUntil = Number.NEGATIVE_INFINITY;
  }

  private terminate(run: ActiveRun, t: number, outcome: Run['outcome'], success: boolean, detail: string): void {
    this.active.delete(run.index);
    this.runningByKey.set(run.key, (this.runningByKey.get(run.key) ?? 1) - 1);
    if (run.task.kind === 'continuedProcessing') this.continuedRunning--;
    const r = this.runs[run.index];
    r.end = t;
    r.outcome = outcome;
    r.success = success;
    r.detail = detail;
    this.refillBudget(t);
    this.budgetReserved -= run.reserved;
    if (run.reserved > 0) {
      this.budgetLevel -= t - run.start;
      this.backgroundSecondsUsed += t - run.start;
    }
    if (success) this.adjustStanding(t, 1, this.m.penalty.recoveryPerSuccess);
    this.aliveUntil = Math.max(this.aliveUntil, t + this.m.appStaysInMemoryMinutes * MINUTE);
    this.emit({ t, kind: outcome, taskId: run.task.id, run: run.index, detail, site: 'register', ...(run.task.wildcard ? { concreteId: run.key } : {}) });
    this.scheduleRecheck(t);
  }

  /** UNCONFIRMED (§5 completion-rate penalty): see model.penalty and docs/simulator-model.md. */
  private adjustStanding(t: number, factor: number, add = 0): void {
    const p = this.m.penalty;
    const value = Math.min(1, Math.max(p.floor, this.standing * factor + add));
    if (value === this.standing) return;
    this.standing = value;
    this.minStanding = Math.min(this.minStanding, value);
    this.standingHistory.push({ t, value: round3(value) });
  }

  private refillBudget(t: number): void {
    if (t <= this.budgetUpdated) return;
    const rate = this.m.dailyBudgetSeconds / DAY;
    this.budgetLevel = Math.min(this.m.dailyBudgetSeconds, this.budgetLevel + (t - this.budgetUpdated) * rate);
    this.budgetUpdated = t;
  }

  private segmentAt(t: number): Segment {
    const segs = this.env.segments;
    let i = this.segIndex;
    while (i + 1 < segs.length && segs[i + 1].from <= t) i++;
    return segs[i];
  }

  private finish(): void {
    // Every launch has ended (the queue drained); close what is still pending at the end (or at the stop).
    const end = this.stoppedAt ?? this.env.end;
    for (const req of this.pending.values()) {
      req.interval.to = Math.max(req.interval.from, end);
      if (req.deferral) req.deferral.to = Math.max(req.deferral.from, end);
    }
  }

  private emit(e: SimEvent): void {
    this.events.push(e);
    if (this.stoppedAt === null && this.events.length >= this.maxEvents) this.stoppedAt = e.t;
  }
}

/** The flags a scenario policy stands for (when the analysis could not tell, or the scenario overrides it). */
function policyFromScenario(p: AppSubmitPolicy): Omit<Policy, 'fromCode'> {
  const none = { background: false, launch: false, launchScene: false, launchGuarded: false, open: false, firstOpen: false, userAction: false };
  switch (p) {
    case 'everyBackground':
      return { ...none, background: true };
    case 'everyLaunch':
      return { ...none, launch: true };
    case 'everyOpen':
      return { ...none, open: true };
    case 'firstLaunchOnly':
      return { ...none, firstOpen: true };
    case 'userActionOnly':
      return { ...none, userAction: true };
    case 'handlerOnly':
      return none;
  }
}

/** Does a user action apply to this task (its `kinds` and `tasks` filters)? */
function actionApplies(action: UserAction, task: SimTask): boolean {
  if (action.kinds && !action.kinds.includes(task.kind as never)) return false;
  if (action.tasks && !action.tasks.some((p) => p === task.id || (p.endsWith('*') && task.id.startsWith(p.slice(0, -1))))) return false;
  return true;
}

/** Which conditions a segment boundary changed, as CHG bits (battery only when it crosses a threshold). */
function changes(a: Segment, b: Segment, critical: number, processingMin: number): number {
  let c = 0;
  if (a.charging !== b.charging || a.chargeWindow !== b.chargeWindow) c |= CHG.charging;
  if (a.network !== b.network) c |= CHG.network;
  if (a.lowDataMode !== b.lowDataMode) c |= CHG.lowData;
  if (a.lowPowerMode !== b.lowPowerMode) c |= CHG.lpm;
  if (a.thermal !== b.thermal) c |= CHG.thermal;
  if (a.backgroundAppRefresh !== b.backgroundAppRefresh) c |= CHG.bar;
  if (a.appInUse !== b.appInUse) c |= CHG.appInUse;
  if (a.deviceInUse !== b.deviceInUse || a.idleSince !== b.idleSince || a.idleStretch !== b.idleStretch) c |= CHG.deviceUse;
  if (a.battery < critical !== b.battery < critical || a.battery < processingMin !== b.battery < processingMin) c |= CHG.battery;
  return c;
}

/** Run index and generation packed into the queue's numeric reference. */
function encodeRunRef(index: number, generation: number): number {
  return index * 1024 + generation;
}
function decodeRunRef(ref: number): { index: number; generation: number } {
  return { index: Math.floor(ref / 1024), generation: ref % 1024 };
}

function sampleDuration(rng: Rng, d: DurationDistribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.seconds;
    case 'uniform':
      return uniform(rng, d.min, d.max);
    case 'normal':
      return Math.max(0, normal(rng, d.mean, d.sd));
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
