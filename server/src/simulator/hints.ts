/**
 * Plain-language hints that tie what the simulation shows to the code: a chain that stops, a
 * missing expirationHandler, a configuration that makes a task never run. Static hints come from the
 * task summary alone; the others read the result.
 */
import { formatDuration, HOUR } from './clock';
import type { Scenario } from './scenario';
import type { StatsInput } from './stats';
import type { Hint, ReasonCode, SimTask, TaskStats } from './types';

export function buildHints(tasks: readonly SimTask[], sc: Scenario, r: StatsInput & { stats: TaskStats[] }): Hint[] {
  const hints: Hint[] = [];
  const m = sc.model;
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
    if (task.kind === 'continuedProcessing') {
      if (!task.setsExpirationHandler) add('warning', 'No expirationHandler: a user cancel or a stall expiry ends the task with NO success.', 'register');
      continue;
    }
    const policy = sc.tasks[task.id]?.appSubmits ?? m.appSubmits;
    const resubmits = task.resubmits === 'unknown' ? m.assumeUnknownResubmitAs : task.resubmits;
    if (task.resubmits === 'unknown') {
      add('info', `Could not tell where the handler resubmits; simulated as "${m.assumeUnknownResubmitAs}" (model parameter assumeUnknownResubmitAs).`, 'register');
    }
    if (resubmits === 'never') {
      const kind = task.kind === 'refresh' ? 'the refresh' : 'the task';
      add(
        'warning',
        policy === 'firstLaunchOnly'
          ? `This handler never resubmits: after the first launch ${kind} never runs again.`
          : `This handler never resubmits: a launch consumes the request, so after a launch ${kind} does not run again until the app submits on its next ${policy === 'everyOpen' ? 'open' : 'trip to the background'}.`,
        'register',
      );
    } else if (resubmits === 'end') {
      add('info', 'The handler resubmits only after its work: when a launch expires or is killed, the chain stops until the app submits again. Apple\'s sample resubmits at the start of the handler.', 'register');
    }
    if (!task.handlerKnown) add('info', 'No handler summary from the analysis: assumed to set an expirationHandler and complete on every path.', 'register');
    if (!task.setsExpirationHandler) add('warning', 'No expirationHandler: when time runs out the system completes the task with NO success.', 'register');
    if (!task.completesOnAllPaths) {
      add('error', `Some paths never call setTaskCompleted: on those launches the app is killed at the end of its budget (simulated on ${Math.round((sc.tasks[task.id]?.incompletePathProbability ?? m.incompletePathProbability) * 100)}% of launches, parameter incompletePathProbability).`, 'register');
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
    if (s.submits > 0 && s.launches === 0) {
      const top = topReason(r.deferrals.filter((d) => d.taskId === s.taskId));
      hints.push({ taskId: s.taskId, severity: 'warning', text: `Submitted but never launched in ${sc.days} days${top ? `; it waited mostly because: ${top}` : ''}.` });
    }
    if (task.kind === 'refresh' && s.freshnessP95Seconds !== null && s.freshnessP95Seconds > 24 * HOUR) {
      hints.push({ taskId: s.taskId, severity: 'info', text: `At 5% of app opens the last background refresh was over ${formatDuration(s.freshnessP95Seconds)} old: a widget fed by it would be stale.` });
    }
  }
  return hints;
}

/** The reason a request spent most time waiting on, as its text at the first occurrence. */
function topReason(deferrals: { from: number; to: number; reasons: { code: ReasonCode; text: string }[] }[]): string | null {
  const total = new Map<ReasonCode, { seconds: number; text: string }>();
  for (const d of deferrals) {
    for (const reason of d.reasons) {
      const cur = total.get(reason.code) ?? { seconds: 0, text: reason.text };
      cur.seconds += d.to - d.from;
      total.set(reason.code, cur);
    }
  }
  let best: { seconds: number; text: string } | null = null;
  for (const v of total.values()) if (!best || v.seconds > best.seconds) best = v;
  return best ? best.text.replace(/\.$/, '') : null;
}
