/**
 * Plain-language hints that tie what the simulation shows to the code: a launch that crashes, a
 * chain that stops, a submit that keeps pushing the floor, a missing expirationHandler, a
 * configuration that makes a task never run. Static hints come from the task's facts alone; the
 * others read the result.
 */
import { formatDuration, HOUR } from './clock';
import { DeferralRecord, lockedDataClass } from './conditions';
import type { AppSubmitPolicy, Scenario } from './scenario';
import type { StatsInput } from './stats';
import type { Deferral, Hint, ReasonCode, SimTask, TaskStats } from './types';

const SCENARIO_POLICY: Record<AppSubmitPolicy, string> = {
  everyBackground: 'on every trip to the background',
  everyLaunch: 'on every launch of the app',
  everyOpen: 'on every app open',
  firstLaunchOnly: 'once, on the first open',
  userActionOnly: "only at the scenario's user actions",
  handlerOnly: 'never outside the handler',
};

export function buildHints(tasks: readonly SimTask[], sc: Scenario, r: StatsInput & { stats: TaskStats[] }): Hint[] {
  const hints: Hint[] = [];
  const m = sc.model;
  // Grouped once: a month of simulation has tens of thousands of events and deferral stretches.
  const actionSubmits = new Map<string, number>();
  const replacedBy = new Map<string, Map<string, number>>();
  for (const e of r.events) {
    if (e.kind !== 'submit') continue;
    if (e.origin === 'action') actionSubmits.set(e.taskId, (actionSubmits.get(e.taskId) ?? 0) + 1);
    if (e.replaced && e.origin) {
      let m = replacedBy.get(e.taskId);
      if (!m) replacedBy.set(e.taskId, (m = new Map()));
      m.set(e.origin, (m.get(e.origin) ?? 0) + 1);
    }
  }
  const deferralsOf = new Map<string, StatsInput['deferrals']>();
  for (const d of r.deferrals) {
    const list = deferralsOf.get(d.taskId);
    if (list) list.push(d);
    else deferralsOf.set(d.taskId, [d]);
  }
  const actionsFor = (task: SimTask): number => actionSubmits.get(task.id) ?? 0;
  for (const task of tasks) {
    const add = (severity: Hint['severity'], text: string, site?: Hint['site']): void => {
      hints.push({ taskId: task.id, severity, text, site });
    };
    if (task.kind === 'unknown') {
      add('info', 'The analysis could not tell which BGTask type this identifier is used with, so it is not simulated.', 'register');
      continue;
    }
    if (!task.permitted) {
      add('error', 'Not listed in BGTaskSchedulerPermittedIdentifiers: every submit fails with notPermitted (code 3), so it never runs.', 'submit');
      continue;
    }
    if (!task.registered) {
      add('error', `Permitted but no launch handler is registered: submitting crashes the app ("No launch handler registered for task with identifier ${task.id}").`, 'submit');
      continue;
    }
    if (!task.submitted) {
      add('warning', 'Nothing submits a request for this identifier, so the system never launches it.', 'register');
      continue;
    }
    if (task.launchCrash) {
      add('error', `Every launch crashes (0% success). ${task.launchCrash.text} Nothing in the handler runs, so nothing resubmits: the next launch waits for the app to submit again.`, 'register');
    }
    if (task.castNeverCompletes) {
      add('error', "The handler's as? cast to the wrong class fails on every launch: it returns without calling setTaskCompleted, so every launch runs out its time and ends unsuccessfully.", 'register');
    }
    if (task.kind === 'healthResearch') healthHints(task, m.healthResearchEntitlementWhenUnknown, add);
    if (task.kind === 'continuedProcessing') {
      const n = actionsFor(task);
      add(
        'info',
        `Starts only from a user action in the foreground: simulated at the scenario's user actions (${n} in this run)${task.wildcard ? `, each submission with a fresh identifier under ${task.id}` : ''}. It has no fixed budget: it runs while it reports progress.`,
        'submit',
      );
      if (task.reportsProgress === false) add('warning', `The handler never updates task.progress: the system expires continued-processing tasks that report no progress (simulated after ${formatDuration(m.continuedProcessingNoProgressExpirySeconds)}).`, 'register');
      if (!task.setsExpirationHandler) add('warning', 'No expirationHandler: a user cancel or a stall expiry ends the task with NO success.', 'register');
      continue;
    }
    const override = sc.tasks[task.id]?.appSubmits;
    const policyText = submitPolicyHint(task, override, m.appSubmits, actionsFor(task), add);
    // The handler never runs while the launch crashes: what it would do next matters once that is fixed.
    if (task.launchCrash) continue;
    const resubmits = task.resubmits === 'unknown' ? m.assumeUnknownResubmitAs : task.resubmits;
    if (task.resubmits === 'unknown') {
      add('info', `Could not tell where the handler resubmits; simulated as "${m.assumeUnknownResubmitAs}" (model parameter assumeUnknownResubmitAs).`, 'register');
    }
    if (resubmits === 'never') {
      const kind = task.kind === 'refresh' ? 'the refresh' : 'the task';
      const once = (override ?? (task.submitPolicy?.known ? undefined : m.appSubmits)) === 'firstLaunchOnly';
      add(
        'warning',
        once || policyText === NOTHING_OUTSIDE
          ? `This handler never resubmits: after the first launch ${kind} never runs again.`
          : `This handler never resubmits: a launch consumes the request, so after a launch ${kind} does not run again until the app submits ${policyText}.`,
        'register',
      );
    } else if (resubmits === 'end') {
      add('info', "The handler resubmits only after its work: when a launch expires, crashes or is killed, the chain stops until the app submits again. Apple's sample resubmits at the start of the handler.", 'register');
    }
    if (!task.handlerKnown) add('info', 'No handler summary from the analysis: assumed to set an expirationHandler and complete on every path.', 'register');
    if (!task.setsExpirationHandler) {
      add('warning', 'No expirationHandler: when time runs out the system marks the task complete and unsuccessful (Apple: "instead of sending a warning"). It is not killed, but the work is cut off.', 'register');
    } else if (task.expirationHandlerCompletes === false) {
      add('error', 'The expirationHandler neither stops the work nor calls setTaskCompleted: when time runs out the task stays open and the app is killed.', 'register');
    }
    if (!task.completesOnAllPaths && !task.castNeverCompletes) {
      const share = Math.round((sc.tasks[task.id]?.incompletePathProbability ?? m.incompletePathProbability) * 100);
      const then = !task.setsExpirationHandler
        ? 'the system then marks it complete and unsuccessful'
        : (task.expirationHandlerCompletes ?? m.expirationHandlerCompletes)
          ? 'the expirationHandler then ends it unsuccessfully'
          : 'nothing completes it and the app is killed';
      add('error', `Some paths never call setTaskCompleted: on those launches (simulated on ${share}%, parameter incompletePathProbability) the task holds its whole budget; ${then}.`, 'register');
    }
  }

  for (const s of r.stats) {
    const task = tasks.find((t) => t.id === s.taskId);
    if (!task || !task.permitted || !task.registered || task.kind === 'unknown') continue;
    const tooMany = s.submitFailures.tooManyPendingTaskRequests ?? 0;
    if (tooMany > 0) {
      hints.push({
        taskId: s.taskId,
        severity: 'warning',
        site: 'submit',
        text: `${tooMany} submit(s) failed with tooManyPendingTaskRequests: at most ${task.kind === 'refresh' ? '1 refresh' : '10 processing'} request(s) may be pending${task.kind === 'refresh' && m.refreshPendingLimitScope === 'total' ? ' in total, across identifiers' : ''}.`,
      });
    }
    const mine = deferralsOf.get(s.taskId) ?? [];
    if (s.submits > 0 && s.launches === 0) {
      const top = topReason(mine);
      const starved = top?.code === 'beforeEarliestBeginDate' && s.replacements >= 2;
      hints.push({
        taskId: s.taskId,
        severity: 'warning',
        site: starved ? 'submit' : undefined,
        text: starved
          ? `Starved: never launched in ${sc.days} days. Each ${starvedBy(replacedBy.get(s.taskId))} resubmits and pushes the earliestBeginDate floor (${s.replacements} replacements), so the floor is never reached while the task could run. Submit only when no request is pending, or submit once and let the handler resubmit.`
          : `Submitted but never launched in ${sc.days} days${top ? `; it waited mostly because: ${top.text}` : ''}.`,
      });
    }
    if (task.kind === 'refresh' && mine.some((d) => codesOf(d).some((c) => c === 'usageFading' || c === 'appNotUsedRecently'))) {
      hints.push({
        taskId: s.taskId,
        severity: 'info',
        text: `Refreshes follow use: while nobody opened the app, they faded (after ${m.refreshUsageGraceDays} day(s) without an open the spacing starts at ${m.refreshUnusedSpacingHours} h and doubles every ${m.refreshUnusedHalfLifeDays} days; none after ${m.refreshStopAfterUnusedDays} days).`,
      });
    }
    if (task.kind === 'refresh' && s.freshnessP95Seconds !== null && s.freshnessP95Seconds > 24 * HOUR) {
      hints.push({ taskId: s.taskId, severity: 'info', text: `At 5% of app opens the last background refresh was over ${formatDuration(s.freshnessP95Seconds)} old: a widget fed by it would be stale.` });
    }
  }
  return hints;
}

function healthHints(task: SimTask, whenUnknown: 'present' | 'missing', add: (severity: Hint['severity'], text: string, site?: Hint['site']) => void): void {
  const e = task.healthResearchEntitlement ?? 'unknown';
  if (e === 'missing') add('error', 'The app lacks the com.apple.developer.backgroundtasks.healthresearch entitlement: health-research requests are not allowed (simulated as notPermitted).', 'submit');
  else if (e === 'unknown') add('info', `Could not read the app's entitlements: simulated as if com.apple.developer.backgroundtasks.healthresearch were ${whenUnknown} (model parameter healthResearchEntitlementWhenUnknown).`, 'submit');
  if (lockedDataClass(task.dataProtection)) {
    add(
      'warning',
      `protectionTypeOfRequiredData is .${task.dataProtection}: that data cannot be read while the device is locked, and processing tasks run while the device is idle, which means locked. The task waits for a moment that never comes in this scenario.`,
      'submit',
    );
  } else if (task.dataProtection === 'unknown') {
    add('info', 'Could not read protectionTypeOfRequiredData: simulated with the default, .completeUntilFirstUserAuthentication (readable once the device has been unlocked after boot).', 'submit');
  }
}

const NOTHING_OUTSIDE = 'again (nothing outside the handler does)';

/** The submit-policy hint, and how the app's own submission reads in other hints ("on its next trip to the background"). */
function submitPolicyHint(task: SimTask, override: AppSubmitPolicy | undefined, fallback: AppSubmitPolicy, actions: number, add: (severity: Hint['severity'], text: string, site?: Hint['site']) => void): string {
  if (override) {
    add('info', `The scenario overrides where the app submits: ${SCENARIO_POLICY[override]} (tasks["${task.id}"].appSubmits).`, 'submit');
    return SCENARIO_POLICY[override];
  }
  const p = task.submitPolicy;
  if (!p?.known) {
    add('info', `Could not tell from the code when the app submits; simulated ${SCENARIO_POLICY[fallback]} (model parameter appSubmits).`, 'submit');
    return SCENARIO_POLICY[fallback];
  }
  const where = p.where?.length ? ` (${p.where.join('; ')})` : '';
  const delay = task.earliestBeginDelaySeconds;
  const pushes = delay > 0 ? ` and restarts its ${formatDuration(delay)} earliestBeginDate wait` : '';
  const parts: string[] = [];
  if ((p.launch || p.launchScene) && !p.launchGuarded) {
    add(
      delay > 0 ? 'warning' : 'info',
      `Submitted on every launch of the app${where}: each launch${p.launch ? ' — the user’s, and background launches for other tasks —' : ''} replaces the pending request${pushes}.`,
      'submit',
    );
    parts.push('on its next launch');
  } else if (p.launch || p.launchScene) {
    parts.push('on its next launch with nothing pending');
  }
  if (p.background) {
    add('info', `Submitted on each trip to the background${where}${delay > 0 ? `: each one replaces the pending request${pushes}` : ''}.`, 'submit');
    parts.push('on its next trip to the background');
  }
  if (p.userAction) {
    add('info', `Submitted ${parts.length ? 'also ' : 'only '}on a user action${where}: simulated at the scenario's user actions (${actions} in this run).`, 'submit');
    parts.push('on the next user action');
  }
  if (!parts.length) {
    add('warning', `Only the launch handler submits this identifier${where}: nothing outside it starts the chain, so the task never runs unless something else submits it.`, 'submit');
    return NOTHING_OUTSIDE;
  }
  return parts.join(' or ');
}

/** What kept resubmitting a starved task, from its submit events. */
function starvedBy(counts: Map<string, number> | undefined): string {
  const top = [...(counts ?? [])].sort((a, b) => b[1] - a[1])[0]?.[0];
  return top === 'background' ? 'trip to the background' : top === 'launch' ? 'launch of the app' : top === 'action' ? 'user action' : top === 'handler' ? 'launch of the handler' : 'app open';
}

/** A stretch's reason codes; a DeferralRecord gives them without writing its sentences. */
function codesOf(d: Deferral): ReasonCode[] {
  return d instanceof DeferralRecord ? d.codes : d.reasons.map((x) => x.code);
}

/** The reason a request spent most time waiting on, as its text at the first occurrence (only that one is written). */
function topReason(deferrals: Deferral[]): { code: ReasonCode; text: string } | null {
  const total = new Map<ReasonCode, { seconds: number; first: Deferral }>();
  for (const d of deferrals) {
    for (const code of codesOf(d)) {
      const cur = total.get(code);
      if (cur) cur.seconds += d.to - d.from;
      else total.set(code, { seconds: d.to - d.from, first: d });
    }
  }
  let best: { code: ReasonCode; seconds: number; first: Deferral } | null = null;
  for (const [code, v] of total) if (!best || v.seconds > best.seconds) best = { code, ...v };
  if (!best) return null;
  const text = best.first.reasons.find((x) => x.code === best!.code)?.text ?? '';
  return { code: best.code, text: text.replace(/\.$/, '') };
}
