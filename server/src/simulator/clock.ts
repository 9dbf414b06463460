/**
 * Simulated time: whole seconds since 00:00 local on simulation day 0. No Date objects, no
 * time zones, no daylight saving: the engine must give the same answer on every machine.
 */
import { WEEKDAYS, type DaySelector, type RecurringWindow, type Weekday } from './scenario';

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;

const TIME_OF_DAY = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

export function isTimeOfDay(s: unknown): s is string {
  return typeof s === 'string' && TIME_OF_DAY.test(s);
}

/** "08:05" → 29100. Callers validate first; an invalid string maps to 0. */
export function parseTimeOfDay(s: string): number {
  if (s === '24:00') return DAY;
  const m = TIME_OF_DAY.exec(s);
  return m ? Number(m[1]) * HOUR + Number(m[2]) * MINUTE : 0;
}

/** Index 0 = Monday. */
export function weekdayOf(day: number, startWeekday: Weekday): number {
  return (WEEKDAYS.indexOf(startWeekday) + day) % 7;
}

export function dayMatches(selector: DaySelector | undefined, weekday: number): boolean {
  if (selector === undefined || selector === 'daily') return true;
  if (selector === 'weekdays') return weekday < 5;
  if (selector === 'weekends') return weekday >= 5;
  return selector.includes(WEEKDAYS[weekday]);
}

export interface Interval {
  from: number;
  to: number;
}

/** Expands a recurring window into concrete intervals over [0, days·DAY), clipped. */
export function expandWindow(w: RecurringWindow, days: number, startWeekday: Weekday): Interval[] {
  const out: Interval[] = [];
  const from = parseTimeOfDay(w.from);
  let to = parseTimeOfDay(w.to);
  if (to <= from) to += DAY; // crosses midnight (or spans a whole day when equal)
  const end = days * DAY;
  for (let d = 0; d < days; d++) {
    if (w.fromDay !== undefined && d < w.fromDay) continue;
    if (w.toDay !== undefined && d > w.toDay) continue;
    if (!dayMatches(w.days, weekdayOf(d, startWeekday))) continue;
    const a = d * DAY + from;
    const b = Math.min(d * DAY + to, end);
    if (b > a) out.push({ from: a, to: b });
  }
  // A window that crossed midnight on the day before day 0 would also cover day 0's early hours:
  // the device was charging overnight before the simulation started.
  if (parseTimeOfDay(w.to) <= from && (w.fromDay === undefined || w.fromDay <= 0)) {
    const carried = parseTimeOfDay(w.to);
    if (carried > 0 && dayMatches(w.days, (weekdayOf(0, startWeekday) + 6) % 7)) out.unshift({ from: 0, to: carried });
  }
  return out;
}

/** Sorts and merges overlapping intervals. */
export function mergeIntervals(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.from - b.from || a.to - b.to);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.from <= last.to) last.to = Math.max(last.to, iv.to);
    else out.push({ from: iv.from, to: iv.to });
  }
  return out;
}

/** "day 3 08:05" — the form used in event details and the text report. */
export function formatTime(t: number): string {
  const day = Math.floor(t / DAY);
  return `day ${day} ${formatTimeOfDay(t - day * DAY)}`;
}

export function formatTimeOfDay(secondsIntoDay: number): string {
  const m = Math.floor(secondsIntoDay / MINUTE);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** "4 h 05 min", "12 min", "35 s" */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  // Round to whole minutes first, so 59.5 min is "1 h", not "60 min", and 9 h 59 min 59 s is "10 h", not "9 h 60 min".
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  if (s < 2 * DAY) {
    const h = Math.floor(minutes / 60);
    const m = minutes - h * 60;
    return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
  }
  return `${(s / DAY).toFixed(1)} d`;
}
