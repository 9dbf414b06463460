/**
 * The launch conditions: for one pending request at one moment, which conditions are unmet and
 * when time alone could change that. Each rule names the fact it rests on (facts sheet section),
 * and its numbers come from the scenario's named model parameters.
 *
 * The engine asks this at every state change for every pending request, so the check works on a
 * bit mask and only `describeReasons` builds sentences (when the set of reasons changes).
 */
import { DAY, formatDuration, formatTime } from './clock';
import { thermalAtLeast, type Segment } from './environment';
import type { ModelParameters } from './scenario';
import type { Deferral, Reason, ReasonCode, SimTask } from './types';

/** Where each rule comes from; shown with every reason and in docs/simulator-model.md. */
export const REASON_FACTS: Record<ReasonCode, { category: Reason['category']; fact: string }> = {
  beforeEarliestBeginDate: { category: 'gate', fact: '§1 BGTaskRequest / §5: earliestBeginDate is a floor, not a promise' },
  backgroundAppRefreshOff: { category: 'gate', fact: '§4 Background App Refresh turned off; §5 factor 5' },
  lowPowerMode: { category: 'gate', fact: '§4 Low Power Mode disables Background App Refresh; §5 factor 2 (not among the factors WWDC20 lists for processing)' },
  forceQuit: { category: 'gate', fact: '§5 factor 4, app switcher: Apple forums (2019) — background tasks stop after a force-quit until the next launch' },
  criticalBattery: { category: 'gate', fact: '§5 factor 1: critically low battery (below about 20%)' },
  thermal: { category: 'gate', fact: '§5 WWDC25-227: thermal state (threshold UNCONFIRMED)' },
  appInForeground: { category: 'gate', fact: 'Model assumption: a refresh is a background launch, so not while the app is in use' },
  notIdle: { category: 'gate', fact: '§1 BGProcessingTask: runs only while the device is idle (minutes UNCONFIRMED)' },
  waitingForLongIdle: { category: 'gate', fact: '§1 requiresExternalPower NO: "the system may not run the task on battery"; Apple DTS: processing runs when least likely to disrupt the user (idle minutes: assumption)' },
  dataProtected: { category: 'gate', fact: '§1 BGHealthResearchTaskRequest protectionTypeOfRequiredData; FileProtectionType.complete is unreadable while the device is locked [DOC]' },
  needsExternalPower: { category: 'gate', fact: '§1 requiresExternalPower: runs only on external power' },
  batteryTooLowForProcessing: { category: 'gate', fact: '§1 requiresExternalPower NO: the system may still not run it on battery (level UNCONFIRMED)' },
  needsNetwork: { category: 'gate', fact: '§1 requiresNetworkConnectivity: launched only while the device has network' },
  lowDataMode: { category: 'gate', fact: '§5 WWDC25-227: Low Data Mode (effect UNCONFIRMED)' },
  appNotUsedRecently: { category: 'gate', fact: '§1/§5 [HDR]: processing runs if the app was used within the past week; refresh follows app usage [WWDC20-10063]' },
  alreadyRunning: { category: 'gate', fact: '§5: a launch consumes the request; the next one waits for the running task' },
  waitingForPredictedUse: { category: 'discretion', fact: '§5 Refresh scheduling: runs just before predicted app use' },
  usageFading: { category: 'discretion', fact: '§5 factor 3, app usage [WWDC20-10063]: refreshes follow use (decay parameters are assumptions)' },
  ranThisWindow: { category: 'discretion', fact: 'Apple DTS: processing runs when least likely to disrupt the user, typically at night (one launch per window: assumption)' },
  schedulerSlot: { category: 'discretion', fact: '§5: earliestBeginDate is a floor; the scheduler picks the moment inside an eligible window (spread: assumption)' },
  rateLimited: { category: 'discretion', fact: '§5 factor 7: rate limiting (spacing and penalty UNCONFIRMED)' },
  budgetExhausted: { category: 'discretion', fact: '§5 factor 6: energy and data budget drains over the day (size UNCONFIRMED)' },
  queuedBehindContinuedTask: { category: 'discretion', fact: '§5 Continued processing: .queue strategy (concurrency UNCONFIRMED)' },
};

/** Reason codes in the order they are reported. */
export const REASON_CODES = Object.keys(REASON_FACTS) as ReasonCode[];
const BIT = Object.fromEntries(REASON_CODES.map((c, i) => [c, 1 << i])) as Record<ReasonCode, number>;
/** The mask of hard requirements; a request whose unmet mask has none of these is "eligible". */
export const GATE_MASK = REASON_CODES.reduce((mask, c) => (REASON_FACTS[c].category === 'gate' ? mask | BIT[c] : mask), 0);

const codesByMask = new Map<number, ReasonCode[]>();
const summaryByMask = new Map<number, string>();

/** The mask of some codes. */
export function reasonBits(codes: ReasonCode[]): number {
  return codes.reduce((mask, c) => mask | BIT[c], 0);
}

/** The codes in a mask (cached: the same few masks recur thousands of times in a run; treat as read-only). */
export function reasonCodes(mask: number): ReasonCode[] {
  let codes = codesByMask.get(mask);
  if (!codes) codesByMask.set(mask, (codes = REASON_CODES.filter((c) => (mask & BIT[c]) !== 0)));
  return codes;
}

/** Short labels for the event log, e.g. "Waiting: not idle; needs external power." */
export function reasonSummary(mask: number): string {
  let text = summaryByMask.get(mask);
  if (!text) summaryByMask.set(mask, (text = `Waiting: ${reasonCodes(mask).map((c) => REASON_LABELS[c]).join('; ')}.`));
  return text;
}

const REASON_LABELS: Record<ReasonCode, string> = {
  beforeEarliestBeginDate: 'before earliestBeginDate',
  backgroundAppRefreshOff: 'Background App Refresh off',
  lowPowerMode: 'Low Power Mode',
  forceQuit: 'force-quit, waiting for the next launch',
  criticalBattery: 'critically low battery',
  thermal: 'thermal state',
  appInForeground: 'app in the foreground',
  notIdle: 'device not idle',
  waitingForLongIdle: 'on battery: waiting for a long idle stretch',
  dataProtected: 'required data locked (device locked)',
  needsExternalPower: 'needs external power',
  batteryTooLowForProcessing: 'battery too low to run on battery',
  needsNetwork: 'needs network',
  lowDataMode: 'Low Data Mode',
  appNotUsedRecently: 'app not used recently',
  alreadyRunning: 'already running',
  waitingForPredictedUse: 'waiting for predicted app use',
  usageFading: 'app unused: refreshes fading',
  ranThisWindow: 'already ran in this window',
  schedulerSlot: 'scheduler picks a later moment in the window',
  rateLimited: 'rate limited',
  budgetExhausted: 'background budget exhausted',
  queuedBehindContinuedTask: 'queued behind a continued-processing task',
};

/**
 * A deferral whose sentences are written only when someone reads them (the "why not" cursor, the
 * hints, JSON output): a month of simulation records tens of thousands of stretches and most are
 * never looked at. `snapshot` is a copy of the condition input at the stretch's start.
 */
export class DeferralRecord implements Deferral {
  private cached: Reason[] | undefined;

  constructor(
    readonly taskId: string,
    public from: number,
    public to: number,
    private readonly mask: number,
    private readonly snapshot: ConditionInput,
    private readonly model: ModelParameters,
  ) {}

  get reasons(): Reason[] {
    if (!this.cached) this.cached = describeReasons(this.mask, this.snapshot, this.model);
    return this.cached;
  }

  /** The reason codes without their sentences (cheap: for counting). */
  get codes(): ReasonCode[] {
    return reasonCodes(this.mask);
  }

  toJSON(): Deferral {
    return { taskId: this.taskId, from: this.from, to: this.to, reasons: this.reasons };
  }
}

/** What the scheduler knows about the app and the request when it evaluates conditions. */
export interface ConditionInput {
  t: number;
  seg: Segment;
  task: SimTask;
  earliestBegin: number;
  sameIdRunning: boolean;
  forceQuitSuppressed: boolean;
  lastOpen: number | null;
  /** Earliest time the app may launch again (spacing already scaled by the standing), or null. */
  rateLimitedUntil: number | null;
  /** Seconds of budget available now, and the refill rate in seconds per second. */
  budgetAvailable: number;
  budgetRefillPerSecond: number;
  /** Refresh only: the launch window chosen from usage prediction. */
  refreshStart: number;
  predictedOpen: number | null;
  /** Continued processing only: a slot is free. */
  continuedSlotFree: boolean;
  /** Processing: seconds untouched needed now (on the charger, or the longer on-battery wait). */
  idleNeeded: number;
  /** Processing: the idle wait is the on-battery one. */
  longIdle: boolean;
  /** Processing: launches of this identifier so far in the current window (charging window or idle stretch). */
  windowLaunches: number;
  /** Processing: the moment the scheduler picked inside the current window (0: none). */
  slot: number;
  /** Refresh: the app's days without an open, and the earliest next refresh because of it (0: none). */
  unusedDays: number;
  usageSpacingUntil: number;
  /** Health research: seconds the device stays unlocked after use (Settings › Auto-Lock). */
  autoLock: number;
}

export interface Evaluation {
  /** Unmet conditions as bits of REASON_CODES. */
  mask: number;
  /** Earliest future time at which time alone could change the answer (or null). */
  nextCheck: number | null;
}

export function budgetNeeded(task: SimTask, m: ModelParameters): number {
  return task.kind === 'refresh' ? m.refreshBudgetSeconds : m.processingBudgetSeconds;
}

function budgetExempt(x: ConditionInput, m: ModelParameters): boolean {
  const processing = x.task.kind === 'processing' || x.task.kind === 'healthResearch';
  return processing && x.seg.charging && m.externalPowerExemptFromBudget;
}

/** When `needed` seconds of budget will be available (the end of time if never). */
export function budgetReadyAt(x: ConditionInput, needed: number, m: ModelParameters): number {
  if (x.budgetRefillPerSecond <= 0 || needed > m.dailyBudgetSeconds) return Number.POSITIVE_INFINITY;
  return Math.ceil(x.t + (needed - x.budgetAvailable) / x.budgetRefillPerSecond);
}

/** Fills `out` (reused by the caller: this runs for every pending request at every state change). */
export function evaluateConditions(x: ConditionInput, m: ModelParameters, out: Evaluation = { mask: 0, nextCheck: null }): Evaluation {
  let mask = 0;
  // Earliest future moment a time-based condition flips (written out inline: no closure per call).
  let nextCheck = Number.POSITIVE_INFINITY;
  let at: number;
  const { seg, task } = x;
  const kind = task.kind;
  const isProcessing = kind === 'processing' || kind === 'healthResearch';

  if (kind === 'continuedProcessing') {
    // §5: starts from a user action in the foreground; earliestBeginDate is ignored.
    if (x.sameIdRunning) mask |= BIT.alreadyRunning;
    if (!x.continuedSlotFree) mask |= BIT.queuedBehindContinuedTask;
    out.mask = mask;
    out.nextCheck = null;
    return out;
  }

  if (x.t < x.earliestBegin) {
    mask |= BIT.beforeEarliestBeginDate;
    at = x.earliestBegin;
    if (at > x.t && at < nextCheck) nextCheck = at;
  }
  if (!seg.backgroundAppRefresh) mask |= BIT.backgroundAppRefreshOff;
  if (x.forceQuitSuppressed && (kind === 'refresh' || m.forceQuitSuppressesProcessing)) mask |= BIT.forceQuit;
  if (seg.lowPowerMode && (kind === 'refresh' || (isProcessing && m.lowPowerModeBlocksProcessing))) mask |= BIT.lowPowerMode;
  if (!seg.charging && seg.battery < m.criticalBatteryPercent) mask |= BIT.criticalBattery;
  if (thermalAtLeast(seg.thermal, m.thermalDefersAt)) mask |= BIT.thermal;
  if (x.sameIdRunning) mask |= BIT.alreadyRunning;

  if (kind === 'refresh') {
    if (seg.appInUse && !m.refreshRunsWhileAppInForeground) mask |= BIT.appInForeground;
    if (x.unusedDays > m.refreshStopAfterUnusedDays) mask |= BIT.appNotUsedRecently;
  } else if (isProcessing) {
    if (x.lastOpen === null || x.t - x.lastOpen > m.appUsedWithinDays * DAY) mask |= BIT.appNotUsedRecently;
    // On battery a task that needs external power waits for the charger, not for an idle stretch (one
    // reason, not one that flips with every pickup); one that may run on battery waits for a long idle
    // stretch, in use or not.
    if (!(x.longIdle && task.requiresExternalPower)) {
      if (seg.deviceInUse) mask |= x.longIdle ? BIT.waitingForLongIdle : BIT.notIdle;
      // Reaching the idle threshold is an event of its own (the engine queues it when the device goes idle).
      else if (x.t - seg.idleSince < x.idleNeeded) mask |= x.longIdle ? BIT.waitingForLongIdle : BIT.notIdle;
    }
    if (kind === 'healthResearch' && lockedDataClass(task.dataProtection) && (seg.deviceInUse ? false : x.t - seg.idleSince >= x.autoLock)) mask |= BIT.dataProtected;
    if (task.requiresExternalPower && !seg.charging) mask |= BIT.needsExternalPower;
    if (!task.requiresExternalPower && !seg.charging && seg.battery < m.processingOnBatteryMinPercent) mask |= BIT.batteryTooLowForProcessing;
    if (task.requiresNetworkConnectivity && seg.network === 'none') mask |= BIT.needsNetwork;
    if (task.requiresNetworkConnectivity && seg.network !== 'none' && seg.lowDataMode && m.lowDataModeDefersNetworkTasks) mask |= BIT.lowDataMode;
  }

  // Discretionary conditions: the scheduler's own timing, spacing and budget. They are the scheduler's choice
  // once every requirement is met, so they are looked at (and reported) only then: a request held by a gate
  // does not flip its reasons at every launch batch elsewhere.
  if ((mask & GATE_MASK) !== 0) {
    out.mask = mask;
    out.nextCheck = Number.isFinite(nextCheck) ? nextCheck : null;
    return out;
  }
  if (kind === 'refresh' && x.t < x.refreshStart) {
    mask |= BIT.waitingForPredictedUse;
    at = x.refreshStart;
    if (at > x.t && at < nextCheck) nextCheck = at;
  }
  if (kind === 'refresh' && x.t < x.usageSpacingUntil) {
    mask |= BIT.usageFading;
    at = x.usageSpacingUntil;
    if (at > x.t && at < nextCheck) nextCheck = at;
  }
  if (isProcessing) {
    if (x.windowLaunches >= m.processingLaunchesPerWindow) mask |= BIT.ranThisWindow;
    else if (x.t < x.slot) {
      mask |= BIT.schedulerSlot;
      at = x.slot;
      if (at > x.t && at < nextCheck) nextCheck = at;
    }
  }
  // Rate and budget come into play when the scheduler's timing is reached (same reasoning as above).
  if (mask !== 0) {
    out.mask = mask;
    out.nextCheck = Number.isFinite(nextCheck) ? nextCheck : null;
    return out;
  }
  if (x.rateLimitedUntil !== null && x.t < x.rateLimitedUntil) {
    mask |= BIT.rateLimited;
    at = x.rateLimitedUntil;
    if (at > x.t && at < nextCheck) nextCheck = at;
  }
  const needed = budgetNeeded(task, m);
  if (!budgetExempt(x, m) && x.budgetAvailable < needed) {
    mask |= BIT.budgetExhausted;
    at = budgetReadyAt(x, needed, m);
    if (at > x.t && at < nextCheck) nextCheck = at;
  }
  out.mask = mask;
  out.nextCheck = Number.isFinite(nextCheck) ? nextCheck : null;
  return out;
}

/** The sentences for an unmet-condition mask, from the same input it was computed from. */
export function describeReasons(mask: number, x: ConditionInput, m: ModelParameters): Reason[] {
  return reasonCodes(mask).map((code) => ({ code, category: REASON_FACTS[code].category, fact: REASON_FACTS[code].fact, text: describe(code, x, m) }));
}

/** Protection classes whose files cannot be read while the device is locked. */
export function lockedDataClass(p: SimTask['dataProtection']): boolean {
  return p === 'complete' || p === 'completeUnlessOpen';
}

function describe(code: ReasonCode, x: ConditionInput, m: ModelParameters): string {
  const seg = x.seg;
  switch (code) {
    case 'beforeEarliestBeginDate':
      return `earliestBeginDate is ${formatTime(x.earliestBegin)} (${formatDuration(x.earliestBegin - x.t)} from now).`;
    case 'backgroundAppRefreshOff':
      return 'Background App Refresh is off for the app.';
    case 'forceQuit':
      return 'The user removed the app from the app switcher; it waits for the next user launch.';
    case 'lowPowerMode':
      return x.task.kind === 'refresh'
        ? 'Low Power Mode is on: Background App Refresh is disabled.'
        : 'Low Power Mode is on, and the scenario holds processing tasks in it (model parameter lowPowerModeBlocksProcessing).';
    case 'criticalBattery':
      return `Battery ${Math.round(seg.battery)}% is below ${m.criticalBatteryPercent}% and not charging: essential work only.`;
    case 'thermal':
      return `Thermal state is ${seg.thermal}.`;
    case 'alreadyRunning':
      return 'A task with this identifier is still running.';
    case 'appInForeground':
      return 'The app is in the foreground.';
    case 'appNotUsedRecently':
      return x.task.kind === 'refresh'
        ? `The app has not been opened for ${x.unusedDays.toFixed(1)} days: refreshes have stopped (after ${m.refreshStopAfterUnusedDays} days, model parameter refreshStopAfterUnusedDays).`
        : `The app has not been used in the past ${m.appUsedWithinDays} days.`;
    case 'notIdle':
      if (seg.deviceInUse) return 'The user is using the device.';
      return `The device was used ${formatDuration(x.t - seg.idleSince)} ago; on the charger it counts as idle from ${formatTime(seg.idleSince + x.idleNeeded)}.`;
    case 'waitingForLongIdle':
      return seg.deviceInUse
        ? `The user is using the device; on battery, processing runs only in a long idle stretch (sleep, the phone locked and untouched for ${formatDuration(x.idleNeeded)}, model parameter processingOnBatteryIdleMinutes).`
        : `On battery, processing runs only in a long idle stretch (sleep, the phone locked and untouched): ${formatDuration(x.idleNeeded)} untouched, from ${formatTime(seg.idleSince + x.idleNeeded)} if nobody picks it up (model parameter processingOnBatteryIdleMinutes).`;
    case 'dataProtected':
      return `protectionTypeOfRequiredData is .${x.task.dataProtection}: that data cannot be read while the device is locked, and an idle device is locked.`;
    case 'needsExternalPower':
      return 'requiresExternalPower is set and the device is not charging.';
    case 'batteryTooLowForProcessing':
      return `On battery at ${Math.round(seg.battery)}% (processing runs on battery above ${m.processingOnBatteryMinPercent}%).`;
    case 'needsNetwork':
      return 'requiresNetworkConnectivity is set and there is no network.';
    case 'lowDataMode':
      return 'Low Data Mode is on and the task needs the network.';
    case 'usageFading':
      return `The app has not been opened for ${x.unusedDays.toFixed(1)} days: refreshes fade, the next from ${formatTime(x.usageSpacingUntil)}.`;
    case 'ranThisWindow':
      return `Already launched ${x.windowLaunches} time(s) in this ${x.seg.charging ? 'charging window' : 'idle stretch'}; the next launch waits for the next one (model parameter processingLaunchesPerWindow).`;
    case 'schedulerSlot':
      return `Eligible; the scheduler picks a moment inside the window: ${formatTime(x.slot)}.`;
    case 'waitingForPredictedUse':
      return x.predictedOpen !== null
        ? `Waiting to run just before the predicted app open at ${formatTime(x.predictedOpen)} (from ${formatTime(x.refreshStart)}).`
        : `No app use predicted yet; an unpredicted refresh may run from ${formatTime(x.refreshStart)}.`;
    case 'rateLimited':
      return `Launches are spaced out; the next launch may start at ${formatTime(x.rateLimitedUntil ?? x.t)}.`;
    case 'budgetExhausted': {
      const needed = budgetNeeded(x.task, m);
      const ready = budgetReadyAt(x, needed, m);
      return `The app's background budget has ${Math.max(0, Math.floor(x.budgetAvailable))} s left; ${needed} s are needed${Number.isFinite(ready) ? ` (at ${formatTime(ready)})` : ''}.`;
    }
    case 'queuedBehindContinuedTask':
      return `Queued: ${m.continuedProcessingMaxConcurrent} continued-processing task(s) already running.`;
  }
}
