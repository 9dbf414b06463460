/**
 * Per-task statistics from a finished simulation: how often tasks launched and succeeded, how late
 * past earliestBeginDate, and how fresh their data was whenever the user opened the app.
 */
import { DAY } from './clock';
import type { Run, SimulationResult, SubmitError, TaskStats } from './types';

export type StatsInput = Omit<SimulationResult, 'stats' | 'hints'>;

export function computeStats(r: StatsInput): TaskStats[] {
  const days = r.durationSeconds / DAY;
  const opens = r.bands.opens;
  const runsByTask = new Map<string, Run[]>();
  for (const run of r.runs) {
    const list = runsByTask.get(run.taskId);
    if (list) list.push(run);
    else runsByTask.set(run.taskId, [run]);
  }
  const submitsByTask = new Map<string, { ok: number; replaced: number; failures: Partial<Record<SubmitError, number>> }>();
  for (const e of r.events) {
    if (e.kind !== 'submit') continue;
    let entry = submitsByTask.get(e.taskId);
    if (!entry) submitsByTask.set(e.taskId, (entry = { ok: 0, replaced: 0, failures: {} }));
    if (e.error) entry.failures[e.error] = (entry.failures[e.error] ?? 0) + 1;
    else entry.ok++;
    if (e.replaced) entry.replaced++;
  }
  return r.tasks.map((task) => {
    const runs = runsByTask.get(task.id) ?? [];
    const submitFailures = submitsByTask.get(task.id)?.failures ?? {};
    const submits = submitsByTask.get(task.id)?.ok ?? 0;
    const completes = runs.filter((x) => x.outcome === 'complete' && x.success).length;
    const successEnds = runs.filter((x) => x.success).map((x) => x.end).sort((a, b) => a - b);
    const freshness: number[] = [];
    let opensWithoutData = 0;
    let j = -1;
    for (const o of opens) {
      while (j + 1 < successEnds.length && successEnds[j + 1] <= o) j++;
      if (j < 0) opensWithoutData++;
      else freshness.push(o - successEnds[j]);
    }
    freshness.sort((a, b) => a - b);
    return {
      taskId: task.id,
      kind: task.kind,
      submits,
      submitFailures,
      launches: runs.length,
      launchesPerDay: round2(runs.length / days),
      completes,
      expires: runs.filter((x) => x.outcome === 'expire').length,
      kills: runs.filter((x) => x.outcome === 'kill').length,
      crashes: runs.filter((x) => x.outcome === 'crash').length,
      replacements: submitsByTask.get(task.id)?.replaced ?? 0,
      successRate: runs.length === 0 ? null : round3(completes / runs.length),
      meanDelaySeconds: runs.length === 0 ? null : Math.round(runs.reduce((s, x) => s + (x.start - x.earliestBegin), 0) / runs.length),
      freshnessP50Seconds: percentile(freshness, 0.5),
      freshnessP95Seconds: percentile(freshness, 0.95),
      opensWithoutData,
      opens: opens.length,
    };
  });
}

/** Nearest-rank percentile of an ascending list, or null when empty. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
