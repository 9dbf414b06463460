/**
 * CLI output for `bgtasks simulate`: a text table or JSON. Pure string building (no console, no fs).
 */
import { formatDuration } from './clock';
import type { Scenario } from './scenario';
import { STOPPED_HINT_ID, type SimTask, type SimulationResult, type TaskStats } from './types';

/**
 * Where the app submits a task, in a few words, for the tables: from the code ("background",
 * "launch", "user action", "handler"), or the scenario's stand-in ("scenario: everyBackground").
 */
export function submitSummary(task: SimTask, sc: Scenario): string {
  if (task.kind === 'unknown') return '—';
  if (task.kind === 'continuedProcessing') return 'user action';
  const override = sc.tasks[task.id]?.appSubmits;
  if (override) return `scenario: ${override}`;
  const p = task.submitPolicy;
  if (!p?.known) return `scenario: ${sc.model.appSubmits}`;
  const parts: string[] = [];
  if (p.launch || p.launchScene) parts.push(p.launchGuarded ? 'launch (if none pending)' : 'every launch');
  if (p.background) parts.push('background');
  if (p.userAction) parts.push('user action');
  if (p.handler) parts.push('handler');
  return parts.length ? parts.join(' + ') : 'nowhere';
}

/** A crash the analysis found, in a few words. */
export function crashSummary(task: SimTask): string | null {
  const c = task.launchCrash;
  if (!c) return task.castNeverCompletes ? 'as? cast never completes' : null;
  return { typeMismatch: 'as! cast crashes', duplicateRegistration: 'registered twice', lateRegistration: 'registered after launch', neverRegistered: 'never registered' }[c.cause];
}

/** The stats table, hints and the scenario's name, as plain text (no colour codes). */
export function formatSimulationText(result: SimulationResult): string {
  const sc = result.scenario;
  const lines: string[] = [];
  lines.push(`Scenario: ${sc.name} — ${sc.days} day(s), seed ${sc.seed}, ${result.app.opens} app open(s)`);
  if (result.stopped) lines.push(`Warning: ${result.stopped.note}`);
  if (result.tasks.length === 0) {
    lines.push('', 'No background tasks found.');
    return `${lines.join('\n')}\n`;
  }
  const header = ['Task', 'Kind', 'Launch/day', 'Success', 'Mean delay', 'Fresh p50', 'Fresh p95', 'App submits', 'Outcomes'];
  const tasks = new Map(result.tasks.map((t) => [t.id, t]));
  const rows = result.stats.map((s) => {
    const task = tasks.get(s.taskId)!;
    const crash = crashSummary(task);
    return [
      s.taskId,
      s.kind,
      s.launchesPerDay.toFixed(2),
      s.successRate === null ? '—' : `${Math.round(s.successRate * 100)}%`,
      s.meanDelaySeconds === null ? '—' : formatDuration(s.meanDelaySeconds),
      freshness(s, s.freshnessP50Seconds),
      freshness(s, s.freshnessP95Seconds),
      submitSummary(task, sc),
      `${outcomes(s)}${crash ? ` (${crash})` : ''}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  lines.push('', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  lines.push('', `Background time used: ${formatDuration(result.app.backgroundSecondsUsed)}; standing (penalty model): final ${result.app.finalStanding}, lowest ${result.app.minStanding}.`);
  // The stop note is already at the top.
  const hints = result.hints.filter((h) => h.taskId !== STOPPED_HINT_ID);
  if (hints.length > 0) {
    lines.push('', 'Hints:');
    for (const h of hints) lines.push(`  ${h.severity.padEnd(7)} ${h.taskId}: ${h.text}`);
  }
  return `${lines.join('\n')}\n`;
}

function freshness(s: TaskStats, v: number | null): string {
  if (v !== null) return formatDuration(v);
  return s.opens === 0 ? '—' : 'never';
}

function outcomes(s: TaskStats): string {
  const parts = [`${s.completes} ok`];
  if (s.expires) parts.push(`${s.expires} expired`);
  if (s.kills) parts.push(`${s.kills} killed`);
  if (s.crashes) parts.push(`${s.crashes} crashed`);
  const failed = Object.entries(s.submitFailures).map(([k, n]) => `${n}× ${k}`);
  return [...parts, ...failed].join(', ');
}

/** The machine-readable form: the scenario, stats, hints and app figures (not the full event log). */
export function simulationJson(result: SimulationResult, options: { events?: boolean } = {}): unknown {
  return {
    scenario: result.scenario,
    ...(result.stopped ? { stopped: result.stopped } : {}),
    app: result.app,
    stats: result.stats,
    hints: result.hints,
    ...(options.events ? { events: result.events, runs: result.runs } : {}),
  };
}

export function formatSimulationJson(result: SimulationResult, options: { events?: boolean } = {}): string {
  return `${JSON.stringify(simulationJson(result, options), null, 2)}\n`;
}
