/**
 * The event-driven scheduler simulation. It walks simulated time from event to event (device state
 * changes, app opens and closes, task ends, and the moments a waiting condition can flip), and at
 * each moment asks every pending request which conditions are unmet (conditions.ts). Requests with
 * none launch together as one batch.
 *
 * Rules and the facts they rest on (facts sheet sections; docs/simulator-model.md has the table):
 * - Submit errors (§2, §3, §4): notPermitted, crash for permitted-but-unregistered, unavailable
 *   with Background App Refresh off, tooManyPendingTaskRequests past 1 refresh / 10 processing.
 * - Resubmitting an identifier replaces its pending request (§5).
 * - A launch consumes the request (§5 "one-shot"); only the handler's own resubmission continues the chain.
 * - Budgets (§5): ~30 s refresh, processing "minutes" (named parameter); processing is cut when the
 *   user starts using the device (§1 BGProcessingTask).
 * - Expiry (§4): the expirationHandler runs; without one the system completes with NO success; a
 *   handler that never calls setTaskCompleted gets the app killed.
 */
import { DAY, HOUR, MINUTE, formatDuration } from './clock';
import { GATE_MASK, DeferralRecord, evaluateConditions, reasonCodes, reasonSummary, type ConditionInput } from './conditions';
import { buildEnvironment, environmentBands, type Environment, type Segment } from './environment';
import { EventQueue } from './eventQueue';
import { UsagePredictor } from './prediction';
import { normal, streamFor, uniform, type Rng } from './random';
import type { AppSubmitPolicy, DurationDistribution, Scenario } from './scenario';
import { buildHints } from './hints';
import { computeStats } from './stats';
import type {
  Band,
  Deferral,
  PendingInterval,
  ResubmitPoint,
  Run,
  SimEvent,
  SimTask,
  SimulationResult,
  SubmitError,
} from './types';

/** 'segment' is not queued (segments are a sorted stream of their own) but keeps its place in the order. */
type QueueKind = 'runEnd' | 'kill' | 'close' | 'open' | 'forceQuit' | 'recheck';

/** Order of work at the same second: finish tasks, then apply the new device state, then user actions. */
const PRIO: Record<QueueKind | 'segment', number> = { runEnd: 0, kill: 1, segment: 2, close: 3, open: 4, forceQuit: 5, recheck: 6 };

interface PendingRequest {
  task: SimTask;
  state: TaskState;
  submittedAt: number;
  earliestBegin: number;
  interval: PendingInterval;
  deferral: Deferral | null;
  reasonMask: number | null;
  gatesMet: boolean | null;
}

interface ActiveRun {
  index: number;
  task: SimTask;
  start: number;
  /** The time the budget runs out (or the run was cut). */
  deadline: number;
  hang: boolean;
  /** Seconds of budget held while running; 0 when exempt. */
  reserved: number;
  /** Bumped when the run is cut early, so its stale end event is ignored. */
  generation: number;
  endKind: 'complete' | 'deadline';
  state: 'running' | 'killing';
}

interface TaskState {
  lastLaunch: number | null;
  /** The predicted open the last refresh was launched for (so the next one targets a later open). */
  servedPrediction: number;
  durationRng: Rng;
  pathRng: Rng;
}

export function runSimulation(inputTasks: readonly SimTask[], scenario: Scenario): SimulationResult {
  return new Simulation(inputTasks, scenario).run();
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
  /** Running launches per identifier, and running continued-processing tasks. */
  private readonly runningById = new Map<string, number>();
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

  constructor(
    inputTasks: readonly SimTask[],
    private readonly sc: Scenario,
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
    };
    for (const task of this.tasks) {
      this.taskState.set(task.id, {
        lastLaunch: null,
        servedPrediction: -1,
        durationRng: streamFor(sc.seed, `duration:${task.id}`),
        pathRng: streamFor(sc.seed, `path:${task.id}`),
      });
    }
  }

  run(): SimulationResult {
    const env = this.env;
    env.sessions.forEach((s, i) => {
      this.queue.push(s.start, PRIO.open, 'open', i);
      this.queue.push(s.end, PRIO.close, 'close', i);
    });
    for (const t of env.forceQuits) this.queue.push(t, PRIO.forceQuit, 'forceQuit', 0);

    // Segments are already sorted, so they are read as a second stream beside the queue
    // (thousands of them; keeping them out of the heap is most of the queue work saved).
    const segments = env.segments;
    let nextSegment = 0;
    const queue = this.queue;
    for (;;) {
      const segT = nextSegment < segments.length ? segments[nextSegment].from : Number.POSITIVE_INFINITY;
      const queueT = queue.size > 0 ? queue.peek()!.t : Number.POSITIVE_INFINITY;
      const t = Math.min(segT, queueT);
      if (t === Number.POSITIVE_INFINITY) break;
      while (queue.size > 0 && queue.peek()!.t === t && queue.peek()!.prio < PRIO.segment) this.handle(queue.pop()!);
      if (segT === t) this.onSegment(t, nextSegment++);
      while (queue.size > 0 && queue.peek()!.t === t) this.handle(queue.pop()!);
      // Nothing launches at or after the end; running tasks still finish so every launch has an outcome.
      if (t < env.end) this.schedulerPass(t);
    }
    this.finish();

    const bands = { ...environmentBands(env, this.m.thermalDefersAt), forceQuitSuppressed: this.forceQuitBands };
    const partial = {
      scenario: this.sc,
      tasks: this.tasks,
      durationSeconds: env.end,
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
    return { ...partial, stats, hints: buildHints(this.tasks, this.sc, { ...partial, stats }) };
  }

  private get seg(): Segment {
    return this.env.segments[this.segIndex];
  }

  private handle(e: { t: number; kind: QueueKind; ref: number }): void {
    switch (e.kind) {
      case 'open':
        this.onOpen(e.t);
        break;
      case 'close':
        this.onClose(e.t, e.ref);
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
      case 'recheck':
        this.scheduledRechecks.delete(e.t);
        break;
      default: {
        const never: never = e.kind;
        throw new Error(`unknown queue event ${String(never)}`);
      }
    }
  }

  // ---- environment and user ----------------------------------------------------------------

  private onSegment(t: number, index: number): void {
    const before = this.segIndex === index ? undefined : this.seg;
    this.segIndex = index;
    const now = this.seg;
    // §1 BGProcessingTask: "terminated when the user starts using the device" — the expiration path.
    if (now.deviceInUse && (!before || !before.deviceInUse) && this.active.size > 0) {
      for (const run of [...this.active.values()]) {
        if (run.state !== 'running') continue;
        if (run.task.kind === 'processing' || run.task.kind === 'healthResearch') this.expire(run, t, 'the user started using the device');
      }
    }
  }

  private onOpen(t: number): void {
    this.lastOpen = t;
    this.opens++;
    this.predictor.recordOpen(t);
    if (this.forceQuitSuppressed) {
      this.forceQuitSuppressed = false;
      this.forceQuitBands[this.forceQuitBands.length - 1].to = t;
    }
    for (const task of this.tasks) {
      if (!task.submitted) continue;
      if (task.kind === 'continuedProcessing') {
        // §5: continued processing starts from a user action in the foreground; we take each open as one.
        this.submit(task, t, 'app');
        continue;
      }
      const policy = this.appSubmitPolicy(task);
      if (policy === 'everyOpen' || (policy === 'firstLaunchOnly' && this.opens === 1)) this.submit(task, t, 'app');
    }
  }

  private onClose(t: number, sessionIndex: number): void {
    for (const task of this.tasks) {
      if (!task.submitted || task.kind === 'continuedProcessing') continue;
      if (this.appSubmitPolicy(task) === 'everyBackground') this.submit(task, t, 'app');
    }
    if (this.env.sessions[sessionIndex].forceQuitAfter) this.onForceQuit(t);
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
    if (this.m.forceQuitSuppressesUntilNextLaunch && !this.forceQuitSuppressed) {
      this.forceQuitSuppressed = true;
      this.forceQuitBands.push({ from: t, to: this.env.end });
    }
  }

  private appSubmitPolicy(task: SimTask): AppSubmitPolicy {
    return this.sc.tasks[task.id]?.appSubmits ?? this.m.appSubmits;
  }

  private resubmitPoint(task: SimTask): Exclude<ResubmitPoint, 'unknown'> {
    return task.resubmits === 'unknown' ? this.m.assumeUnknownResubmitAs : task.resubmits;
  }

  // ---- submit ------------------------------------------------------------------------------

  private submit(task: SimTask, t: number, origin: 'app' | 'handler'): void {
    if (task.kind === 'unknown') return; // Not simulated: the hints and "why not" say so.
    const from = origin === 'app' ? 'The app submits' : 'The launch handler resubmits';
    const fail = (error: SubmitError, why: string): void => {
      this.emit({ t, kind: 'submit', taskId: task.id, error, detail: `${from}; submit fails: ${why}`, site: 'submit' });
    };
    if (!task.permitted) return fail('notPermitted', 'the identifier is not in BGTaskSchedulerPermittedIdentifiers (notPermitted, code 3).');
    if (!task.registered) return fail('crashNoLaunchHandler', 'no launch handler is registered for a permitted identifier: NSInternalInconsistencyException crashes the app.');
    const seg = this.segmentAt(t);
    if (!seg.backgroundAppRefresh) return fail('unavailable', 'Background App Refresh is off (unavailable, code 1).');
    if (seg.lowPowerMode && this.m.lowPowerModeSubmit === 'unavailable' && task.kind === 'refresh') {
      return fail('unavailable', 'Low Power Mode is on and the model parameter lowPowerModeSubmit is "unavailable" (code 1).');
    }
    const existing = this.pending.get(task.id);
    if (existing) {
      this.removePending(existing, t, 'replaced');
    } else if (this.pendingCountFor(task) >= this.limitFor(task)) {
      return fail('tooManyPendingTaskRequests', `${this.limitFor(task)} request(s) of this type are already pending (tooManyPendingTaskRequests, code 2).`);
    }
    // continued processing ignores earliestBeginDate (§1: the scheduler uses "now").
    const delay = task.kind === 'continuedProcessing' ? 0 : task.earliestBeginDelaySeconds;
    const interval: PendingInterval = { taskId: task.id, submittedAt: t, earliestBegin: t + delay, from: t, to: this.env.end, end: 'simulationEnd' };
    this.pendingIntervals.push(interval);
    this.pending.set(task.id, { task, state: this.taskState.get(task.id)!, submittedAt: t, earliestBegin: t + delay, interval, deferral: null, reasonMask: null, gatesMet: null });
    this.pendingDirty = true;
    this.emit({
      t,
      kind: 'submit',
      taskId: task.id,
      ...(existing ? { replaced: true } : {}),
      detail: `${from}${existing ? ', replacing the pending request' : ''}; earliestBeginDate ${delay > 0 ? `+${formatDuration(delay)}` : 'not set'}.`,
      site: 'submit',
    });
    this.scheduleRecheck(t);
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
    this.pending.delete(req.task.id);
    this.pendingDirty = true;
  }

  // ---- scheduling --------------------------------------------------------------------------

  private schedulerPass(t: number): void {
    if (this.pendingDirty) {
      this.pendingOrder = [...this.pending.values()].sort((a, b) => (a.task.id < b.task.id ? -1 : 1));
      this.pendingDirty = false;
    }
    let next: number | null = null;
    this.refillBudget(t);
    for (const req of this.pendingOrder) {
      if (this.pending.get(req.task.id) !== req) continue; // launched or replaced earlier in this pass
      const input = this.conditionInput(req, t);
      const evaluation = evaluateConditions(input, this.m, this.evaluation);
      this.record(req, t, evaluation.mask, input);
      if (evaluation.mask === 0) this.launch(req, t);
      else if (evaluation.nextCheck !== null && (next === null || evaluation.nextCheck < next)) next = evaluation.nextCheck;
    }
    if (next !== null) this.scheduleRecheck(next);
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
    const x = this.input;
    x.t = t;
    x.seg = this.seg;
    x.task = task;
    x.earliestBegin = req.earliestBegin;
    x.sameIdRunning = (this.runningById.get(task.id) ?? 0) > 0;
    x.forceQuitSuppressed = this.forceQuitSuppressed;
    x.lastOpen = this.lastOpen;
    // §5 factor 7, rate limiting: launches are spaced out; the spacing grows as the standing drops.
    let until: number | null = this.lastBatch === null || this.lastBatch === t ? null : this.lastBatch + (this.m.minLaunchSpacingMinutes * MINUTE) / this.standing;
    if ((task.kind === 'processing' || task.kind === 'healthResearch') && state.lastLaunch !== null) {
      const own = state.lastLaunch + (this.m.processingMinSpacingHours * HOUR) / this.standing;
      if (own > t && (until === null || own > until)) until = own;
    }
    x.rateLimitedUntil = until;
    x.budgetAvailable = this.budgetLevel - this.budgetReserved;
    x.budgetRefillPerSecond = this.m.dailyBudgetSeconds / DAY;
    x.continuedSlotFree = this.continuedRunning < this.m.continuedProcessingMaxConcurrent;
    x.predictedOpen = null;
    x.refreshStart = 0;
    if (task.kind === 'refresh') {
      // §5 Refresh scheduling: run just before the next predicted open not already served.
      const predicted = this.predictor.nextPredictedOpen(t, Math.max(t, state.servedPrediction), DAY);
      if (predicted !== null) {
        x.predictedOpen = predicted;
        x.refreshStart = predicted - this.m.refreshLeadMinutes * MINUTE;
      } else {
        const since = Math.max(req.submittedAt, state.lastLaunch ?? Number.NEGATIVE_INFINITY);
        x.refreshStart = Math.ceil(since + this.m.refreshWithoutPredictionAfterHours * HOUR);
      }
    }
    return x;
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
    const state = this.taskState.get(task.id)!;
    this.removePending(req, t, 'launched');
    const index = this.runs.length;
    this.runs.push({ taskId: task.id, start: t, end: t, outcome: 'complete', success: false, earliestBegin: req.earliestBegin, detail: '' });
    const delay = t - req.earliestBegin;
    this.emit({
      t,
      kind: 'launch',
      taskId: task.id,
      run: index,
      site: 'register',
      detail: task.kind === 'continuedProcessing' ? 'Continued-processing task starts.' : `Launched ${formatDuration(delay)} after its earliestBeginDate; the request is consumed.`,
    });
    if (task.kind !== 'continuedProcessing') {
      this.lastBatch = t;
      if (task.kind === 'refresh') {
        const predicted = this.predictor.nextPredictedOpen(t, Math.max(t, state.servedPrediction), DAY);
        const lead = this.m.refreshLeadMinutes * MINUTE;
        if (predicted !== null && t >= predicted - lead) state.servedPrediction = predicted;
      }
    }
    state.lastLaunch = t;

    const budget = this.budgetFor(task);
    const exempt = task.kind === 'continuedProcessing' || ((task.kind === 'processing' || task.kind === 'healthResearch') && this.seg.charging && this.m.externalPowerExemptFromBudget);
    const reserved = exempt ? 0 : budget;
    this.budgetReserved += reserved;

    const duration = Math.max(0, Math.round(sampleDuration(state.durationRng, this.sc.tasks[task.id]?.duration ?? this.durationFor(task))));
    const incompleteP = this.sc.tasks[task.id]?.incompletePathProbability ?? this.m.incompletePathProbability;
    // Draw on every launch so the stream stays aligned whatever the handler summary says.
    const pathRoll = state.pathRng.next();
    const hang = !task.completesOnAllPaths && pathRoll < incompleteP;
    const run: ActiveRun = { index, task, start: t, deadline: t + budget, hang, reserved, generation: 0, endKind: 'deadline', state: 'running' };
    this.active.set(index, run);
    this.runningById.set(task.id, (this.runningById.get(task.id) ?? 0) + 1);
    if (task.kind === 'continuedProcessing') this.continuedRunning++;

    if (this.resubmitPoint(task) === 'start' && task.kind !== 'continuedProcessing') this.submit(task, t, 'handler');

    if (!hang && duration < budget) {
      run.endKind = 'complete';
      this.queue.push(t + duration, PRIO.runEnd, 'runEnd', encodeRunRef(index, 0));
    } else {
      this.queue.push(t + budget, PRIO.runEnd, 'runEnd', encodeRunRef(index, 0));
    }
  }

  private budgetFor(task: SimTask): number {
    if (task.kind === 'refresh') return this.m.refreshBudgetSeconds;
    if (task.kind === 'continuedProcessing') return this.m.continuedProcessingBudgetSeconds;
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
    if (run.endKind === 'complete') {
      this.terminate(run, t, 'complete', true, `setTaskCompleted(success: true) after ${formatDuration(t - run.start)}.`);
      if (this.resubmitPoint(run.task) === 'end') this.submit(run.task, t, 'handler');
    } else {
      this.expire(run, t, `its ${formatDuration(t - run.start)} of background time ran out`);
    }
  }

  /** §4 Expiration: the expirationHandler runs; without one the system completes the task with NO success. */
  private expire(run: ActiveRun, t: number, cause: string): void {
    run.generation++;
    run.deadline = t;
    const task = run.task;
    const chainNote = this.resubmitPoint(task) === 'end' && task.kind !== 'continuedProcessing' ? ' The handler resubmits only after its work, which it never reached: no next request.' : '';
    if (run.hang) {
      if (task.setsExpirationHandler && this.m.expirationHandlerCompletes) {
        this.adjustStanding(t, this.m.penalty.expireFactor);
        this.terminate(run, t, 'expire', false, `Expired because ${cause}; the expirationHandler completed the task unsuccessfully.${chainNote}`);
        return;
      }
      if (!task.setsExpirationHandler) {
        this.emit({ t, kind: 'fail', taskId: task.id, run: run.index, site: 'register', detail: "Client didn't provide an expiration handler; the system completes the task with NO success." });
      }
      run.state = 'killing';
      this.queue.push(t + this.m.expirationGraceSeconds, PRIO.kill, 'kill', run.index);
      return;
    }
    if (task.setsExpirationHandler) {
      this.adjustStanding(t, this.m.penalty.expireFactor);
      this.terminate(run, t, 'expire', false, `Expired because ${cause}; the expirationHandler ran and the task completed unsuccessfully.${chainNote}`);
    } else {
      this.emit({ t, kind: 'fail', taskId: task.id, run: run.index, site: 'register', detail: "Client didn't provide an expiration handler; the system completes the task with NO success." });
      this.adjustStanding(t, this.m.penalty.failFactor);
      this.terminate(run, t, 'expire', false, `Expired because ${cause}; with no expirationHandler the task is marked failed.${chainNote}`);
    }
  }

  /** §4 "setTaskCompleted never called": the app may be killed when time expires. */
  private onKill(t: number, index: number): void {
    const run = this.active.get(index);
    if (!run || run.state !== 'killing') return;
    this.adjustStanding(t, this.m.penalty.killFactor);
    const handlerNote = run.task.setsExpirationHandler ? 'its expirationHandler ran but nothing called setTaskCompleted' : 'there is no expirationHandler';
    this.terminate(run, t, 'kill', false, `Killed: the handler took a path that never calls setTaskCompleted and ${handlerNote}. This counts against the app.`);
  }

  private terminate(run: ActiveRun, t: number, outcome: Run['outcome'], success: boolean, detail: string): void {
    this.active.delete(run.index);
    this.runningById.set(run.task.id, (this.runningById.get(run.task.id) ?? 1) - 1);
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
    this.emit({ t, kind: outcome, taskId: run.task.id, run: run.index, detail, site: 'register' });
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
    // Every launch has ended (the queue drained); close what is still pending at the end.
    for (const req of this.pending.values()) {
      req.interval.to = this.env.end;
      if (req.deferral) req.deferral.to = this.env.end;
    }
  }

  private emit(e: SimEvent): void {
    this.events.push(e);
  }
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
