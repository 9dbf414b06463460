/**
 * CLI output for `bgtasks simulate`: a text table or JSON. Pure string building (no console, no fs).
 */
import { formatDuration } from './clock';
import type { SimulationResult, TaskStats } from './types';

/** The stats table, hints and the scenario's name, as plain text (no colour codes). */
export function formatSimulationText(result: SimulationResult): string {
  const sc = result.scenario;
  const lines: string[] = [];
  lines.push(`Scenario: ${sc.name} — ${sc.days} day(s), seed ${sc.seed}, ${result.app.opens} app open(s)`);
  if (result.tasks.length === 0) {
    lines.push('', 'No background tasks found.');
    return `${lines.join('\n')}\n`;
  }
  const header = ['Task', 'Kind', 'Launch/day', 'Success', 'Mean delay', 'Fresh p50', 'Fresh p95', 'Outcomes'];
  const rows = result.stats.map((s) => [
    s.taskId,
    s.kind,
    s.launchesPerDay.toFixed(2),
    s.successRate === null ? '—' : `${Math.round(s.successRate * 100)}%`,
    s.meanDelaySeconds === null ? '—' : formatDuration(s.meanDelaySeconds),
    freshness(s, s.freshnessP50Seconds),
    freshness(s, s.freshnessP95Seconds),
    outcomes(s),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  lines.push('', fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  lines.push('', `Background time used: ${formatDuration(result.app.backgroundSecondsUsed)}; standing (penalty model): final ${result.app.finalStanding}, lowest ${result.app.minStanding}.`);
  if (result.hints.length > 0) {
    lines.push('', 'Hints:');
    for (const h of result.hints) lines.push(`  ${h.severity.padEnd(7)} ${h.taskId}: ${h.text}`);
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
  const failed = Object.entries(s.submitFailures).map(([k, n]) => `${n}× ${k}`);
  return [...parts, ...failed].join(', ');
}

/** The machine-readable form: the scenario, stats, hints and app figures (not the full event log). */
export function simulationJson(result: SimulationResult, options: { events?: boolean } = {}): unknown {
  return {
    scenario: result.scenario,
    app: result.app,
    stats: result.stats,
    hints: result.hints,
    ...(options.events ? { events: result.events, runs: result.runs } : {}),
  };
}

export function formatSimulationJson(result: SimulationResult, options: { events?: boolean } = {}): string {
  return `${JSON.stringify(simulationJson(result, options), null, 2)}\n`;
}
