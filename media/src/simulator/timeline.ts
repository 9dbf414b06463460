/**
 * The timeline: one row per environment band (app in use, charging, network, Low Power Mode, …)
 * and one lane per task with its pending stretches and launch markers, plus the cursor.
 * Pure SVG built from the result; interaction is wired in main.ts through data attributes.
 */
import { DAY, HOUR, formatDuration, formatTime } from '../../../server/src/simulator/index';
import type { Band, SimulationResult } from '../../../server/src/simulator/index';
import { s } from './dom';

export const LABEL_WIDTH = 200;
const ROW = 18;
const LANE = 24;
const AXIS = 22;

export interface TimelineGeometry {
  width: number;
  from: number;
  to: number;
  x(t: number): number;
  t(x: number): number;
}

/** Maps simulated time in [from, to) onto the drawing area right of the labels; times outside are clamped. */
export function geometry(width: number, from: number, to: number): TimelineGeometry {
  const inner = Math.max(100, width - LABEL_WIDTH - 12);
  const span = Math.max(1, to - from);
  return {
    width,
    from,
    to,
    x: (t) => LABEL_WIDTH + ((Math.min(Math.max(t, from), to) - from) / span) * inner,
    t: (x) => from + ((x - LABEL_WIDTH) / inner) * span,
  };
}

interface BandRow {
  label: string;
  cls: string;
  bands: Band[];
}

export function renderTimeline(r: SimulationResult, width: number, view: { from: number; to: number }, cursor: number, focusTaskId: string | null): SVGSVGElement {
  const g = geometry(width, view.from, view.to);
  const visible = (from: number, to: number): boolean => to > view.from && from < view.to;
  const rows: BandRow[] = [
    { label: 'App in use', cls: 'band-app', bands: r.bands.appInUse },
    { label: 'Charging', cls: 'band-charging', bands: r.bands.charging },
    { label: 'Network', cls: 'band-network', bands: r.bands.network },
    { label: 'Low Power Mode', cls: 'band-lpm', bands: r.bands.lowPowerMode },
    { label: 'Low Data Mode', cls: 'band-lowdata', bands: r.bands.lowDataMode },
    { label: 'Background App Refresh off', cls: 'band-baroff', bands: r.bands.backgroundAppRefreshOff },
    { label: 'Force-quit (waiting for launch)', cls: 'band-forcequit', bands: r.bands.forceQuitSuppressed },
  ].filter((row) => row.bands.length > 0 || row.cls === 'band-app' || row.cls === 'band-charging');
  const height = AXIS + rows.length * ROW + 6 + r.tasks.length * LANE + 4;
  const svg = s('svg', { class: 'timeline', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' });

  // Day grid and labels.
  const firstDay = Math.floor(view.from / DAY);
  const lastDay = Math.ceil(view.to / DAY);
  const days = lastDay - firstDay;
  const labelEvery = Math.max(1, Math.ceil(days / Math.max(1, Math.floor((width - LABEL_WIDTH) / 60))));
  for (let d = firstDay; d <= lastDay; d++) {
    const x = g.x(d * DAY);
    svg.append(s('line', { class: 'grid-day', x1: x, x2: x, y1: AXIS - 4, y2: height }));
    if (d < lastDay && (d - firstDay) % labelEvery === 0) svg.append(s('text', { class: 'axis-label', x: x + 3, y: 14 }, `Day ${d}`));
  }
  if (days <= 7) {
    const step = days <= 1 ? HOUR : 6 * HOUR;
    for (let t = view.from + step; t < view.to; t += step) {
      if (t % DAY === 0) continue;
      const x = g.x(t);
      svg.append(s('line', { class: 'grid-hour', x1: x, x2: x, y1: AXIS, y2: height }));
      if (days <= 1 && (t % DAY) % (3 * HOUR) === 0) svg.append(s('text', { class: 'axis-hour', x: x + 2, y: 14 }, `${String((t % DAY) / HOUR).padStart(2, '0')}:00`));
    }
  }

  let y = AXIS;
  for (const row of rows) {
    svg.append(s('text', { class: 'row-label', x: 6, y: y + ROW - 5 }, row.label));
    if (row.cls === 'band-app') {
      // User actions (a button, enrolment, an export): they submit the user-action tasks.
      for (const a of r.bands.actions ?? []) {
        if (!visible(a.t, a.t + 1)) continue;
        const x = g.x(a.t);
        svg.append(s('path', { class: 'action-mark', d: `M${x - 4} ${y + ROW - 2} L${x + 4} ${y + ROW - 2} L${x} ${y + 2} Z` }, s('title', {}, `User action at ${formatTime(a.t)}: ${a.label}`)));
      }
    }
    for (const b of row.bands) {
      if (!visible(b.from, b.to)) continue;
      if (row.cls === 'band-network' && b.value === 'wifi') continue; // Wi-Fi is the unmarked normal case.
      const cls = row.cls === 'band-network' ? `band band-network-${b.value}` : `band ${row.cls}`;
      svg.append(
        s('rect', { class: cls, x: g.x(b.from), y: y + 3, width: Math.max(1, g.x(b.to) - g.x(b.from)), height: ROW - 6 },
          s('title', {}, `${row.label}${b.value ? `: ${b.value}` : ''} ${formatTime(b.from)} – ${formatTime(b.to)}`)),
      );
    }
    y += ROW;
  }
  y += 6;

  const runsByTask = new Map<string, number[]>();
  r.runs.forEach((run, i) => runsByTask.set(run.taskId, [...(runsByTask.get(run.taskId) ?? []), i]));
  for (const task of r.tasks) {
    const focused = task.id === focusTaskId;
    const lane = s('g', { class: `lane${focused ? ' lane-focused' : ''}`, 'data-task-id': task.id });
    lane.append(s('rect', { class: 'lane-bg', x: 0, y, width, height: LANE }));
    lane.append(s('text', { class: 'lane-label', x: 6, y: y + LANE / 2 + 4 }, truncate(task.id, 30)));
    for (const p of r.pending) {
      if (p.taskId !== task.id || p.to <= p.from || !visible(p.from, p.to)) continue;
      lane.append(
        s('rect', { class: 'pending', x: g.x(p.from), y: y + LANE / 2 - 3, width: Math.max(1, g.x(p.to) - g.x(p.from)), height: 6 },
          s('title', {}, `Pending (deferred) ${formatTime(p.from)} – ${formatTime(p.to)}; ended: ${p.end}`)),
      );
    }
    const runIndexes = runsByTask.get(task.id) ?? [];
    if (runIndexes.length === 0) {
      // Say it in the lane itself: an empty lane is the most common surprise.
      const failures = Object.keys(r.stats.find((x) => x.taskId === task.id)?.submitFailures ?? {});
      const why = task.kind === 'unknown' ? 'task type unknown, not simulated' : failures.length > 0 ? `submit fails: ${failures.join(', ')}` : 'never launched';
      lane.append(s('text', { class: 'lane-note', x: LABEL_WIDTH + 8, y: y + LANE / 2 + 4 }, `No launches — ${why}`));
    }
    for (const i of runIndexes) {
      const run = r.runs[i];
      if (!visible(run.start, run.end + 1)) continue;
      const x = g.x(run.start);
      const w = Math.max(4, g.x(run.end) - x);
      lane.append(
        s('rect', {
          class: `marker marker-${run.outcome}`,
          x: x - 2,
          y: y + 4,
          width: w,
          height: LANE - 8,
          rx: 1,
          'data-run': i,
          'data-reveal-task': task.id,
          'data-reveal-site': 'register',
        }, s('title', {}, `${task.id}: launched ${formatTime(run.start)}, ${run.outcome} after ${formatDuration(run.end - run.start)}. ${run.detail}`)),
      );
    }
    svg.append(lane);
    y += LANE;
  }

  const cx = g.x(cursor);
  svg.append(s('line', { class: 'cursor', x1: cx, x2: cx, y1: AXIS - 6, y2: height }));
  return svg;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
