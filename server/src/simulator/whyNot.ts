/**
 * "Why hasn't it run?": for a task at a moment, what state its request is in and, when it is
 * pending, every unmet condition, each with the fact it rests on.
 */
import { formatTime } from './clock';
import type { Reason, SimulationResult } from './types';

export interface WhyNotAnswer {
  taskId: string;
  t: number;
  status: 'pending' | 'running' | 'notPending' | 'notSimulated';
  /** One sentence. */
  summary: string;
  /** Unmet conditions (pending requests only; empty when it is launching at this moment). */
  reasons: Reason[];
}

function submitWhen(task: SimulationResult['tasks'][number]): string {
  const p = task.submitPolicy;
  if (task.kind === 'continuedProcessing') return 'continued processing starts only from a user action in the foreground';
  if (!p?.known) return 'it submits when the user uses the app';
  const parts = [p.background && 'on the way to the background', (p.launch || p.launchScene) && 'when the app launches', p.userAction && 'on a user action', p.handler && 'in its launch handler'].filter(Boolean);
  return parts.length ? `the code submits ${parts.join(', ')}` : 'nothing outside the handler submits it';
}

export function whyNot(result: SimulationResult, taskId: string, t: number): WhyNotAnswer {
  const task = result.tasks.find((x) => x.id === taskId);
  const answer = (status: WhyNotAnswer['status'], summary: string, reasons: Reason[] = []): WhyNotAnswer => ({ taskId, t, status, summary, reasons });
  if (!task) return answer('notSimulated', `No task with identifier ${taskId} was simulated.`);
  if (task.kind === 'unknown') return answer('notSimulated', 'The analysis could not tell which BGTask type this identifier uses, so it is not simulated.');

  const run = result.runs.find((r) => r.taskId === taskId && r.start <= t && t < r.end);
  if (run) return answer('running', `Running since ${formatTime(run.start)}.`);

  const pending = result.pending.find((p) => p.taskId === taskId && p.from <= t && t < p.to);
  if (pending) {
    const deferral = result.deferrals.find((d) => d.taskId === taskId && d.from <= t && t < d.to);
    if (!deferral) return answer('pending', `Pending since ${formatTime(pending.submittedAt)}; all conditions are met, it launches now.`);
    return answer('pending', `Pending since ${formatTime(pending.submittedAt)}; waiting on ${deferral.reasons.length} condition(s).`, deferral.reasons);
  }

  if (!task.permitted) return answer('notPending', 'Not pending: every submit fails with notPermitted because the identifier is not in BGTaskSchedulerPermittedIdentifiers.');
  if (!task.registered) return answer('notPending', 'Not pending: no launch handler is registered, so submitting crashes the app.');
  if (!task.submitted) return answer('notPending', 'Not pending: nothing in the code submits a request for this identifier.');

  let lastSubmit = null;
  let lastEnd = null;
  for (const e of result.events) {
    if (e.t > t) break;
    if (e.taskId !== taskId) continue;
    if (e.kind === 'submit') lastSubmit = e;
    if (e.kind === 'complete' || e.kind === 'expire' || e.kind === 'kill' || e.kind === 'crash') lastEnd = e;
  }
  if (lastSubmit?.error && (!lastEnd || lastSubmit.t >= lastEnd.t)) {
    return answer('notPending', `Not pending: the last submit, at ${formatTime(lastSubmit.t)}, failed. ${lastSubmit.detail}`);
  }
  const lastPending = [...result.pending].reverse().find((p) => p.taskId === taskId && p.to <= t);
  if (lastPending?.end === 'cancelled') return answer('notPending', `Not pending: the request was cancelled at ${formatTime(lastPending.to)} when the app was removed from the app switcher.`);
  if (lastEnd?.kind === 'crash') {
    return answer('notPending', `Not pending: the launch at ${formatTime(result.runs[lastEnd.run ?? 0]?.start ?? lastEnd.t)} crashed before the handler ran, so nothing resubmitted. ${task.launchCrash?.text ?? ''}`.trimEnd());
  }
  if (lastEnd) {
    return answer('notPending', `Not pending: the launch at ${formatTime(result.runs[lastEnd.run ?? 0]?.start ?? lastEnd.t)} consumed the request and nothing has resubmitted it since (${lastEnd.kind} at ${formatTime(lastEnd.t)}).`);
  }
  return answer('notPending', `Not pending yet: the app has not submitted a request (${submitWhen(task)}).`);
}
