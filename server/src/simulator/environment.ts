/**
 * Turns the scenario's habits into concrete time: app sessions, device pickups, and a list of
 * segments during which every device condition (charging, network, battery, Low Power Mode, …) is
 * constant. The engine only has to react at segment boundaries.
 */
import { DAY, HOUR, MINUTE, expandWindow, mergeIntervals, parseTimeOfDay, weekdayOf, dayMatches, type Interval } from './clock';
import { exponential, streamFor, uniform } from './random';
import { type NetworkKind, type Scenario, type ThermalState } from './scenario';
import type { Band, EnvironmentBands } from './types';

export interface Session {
  start: number;
  end: number;
  /** The user swipes the app away in the app switcher when this session ends. */
  forceQuitAfter: boolean;
}

export interface Segment {
  from: number;
  to: number;
  charging: boolean;
  network: NetworkKind;
  lowDataMode: boolean;
  /** Effective Low Power Mode: the setting, a period override, or automatic below a battery level. */
  lowPowerMode: boolean;
  thermal: ThermalState;
  backgroundAppRefresh: boolean;
  appInUse: boolean;
  /** The user is handling the phone (this app or any other). */
  deviceInUse: boolean;
  /** When the device last became idle (meaningful only when !deviceInUse). */
  idleSince: number;
  /** Battery level at the start of the segment. */
  battery: number;
}

export interface Environment {
  end: number;
  sessions: Session[];
  /** Explicit force-quits that happen outside a session (inside one they move to its end). */
  forceQuits: number[];
  segments: Segment[];
}

/** Battery is re-sampled at least this often so battery thresholds are crossed close to when they happen. */
const BATTERY_SAMPLE = HOUR;

export function buildEnvironment(sc: Scenario): Environment {
  const end = sc.days * DAY;
  const sessions = buildSessions(sc, end);
  const forceQuits: number[] = [];
  for (const fq of sc.usage.forceQuits) {
    const t = fq.day * DAY + parseTimeOfDay(fq.at);
    if (t < 0 || t >= end) continue;
    const inside = sessions.find((s) => s.start <= t && t < s.end);
    if (inside) inside.forceQuitAfter = true;
    else forceQuits.push(t);
  }
  forceQuits.sort((a, b) => a - b);

  const sessionIntervals: Interval[] = sessions.map((s) => ({ from: s.start, to: s.end }));
  const pickups = buildPickups(sc, end);
  const deviceUse = mergeIntervals([...sessionIntervals, ...pickups]);
  const charging = mergeIntervals(sc.device.charging.flatMap((w) => expandWindow(w, sc.days, sc.startWeekday)));
  const periods = sc.device.periods.map((p) => ({ set: p.set, intervals: mergeIntervals(expandWindow(p, sc.days, sc.startWeekday)) }));

  const edges = new Set<number>([0, end]);
  for (let t = 0; t < end; t += BATTERY_SAMPLE) edges.add(t);
  for (const list of [sessionIntervals, deviceUse, charging, ...periods.map((p) => p.intervals)]) {
    for (const iv of list) {
      edges.add(clamp(iv.from, 0, end));
      edges.add(clamp(iv.to, 0, end));
    }
  }
  const times = [...edges].sort((a, b) => a - b);

  const inSession = cursor(sessionIntervals);
  const inUse = cursor(deviceUse);
  const onCharger = cursor(charging);
  const periodCursors = periods.map((p) => ({ set: p.set, at: cursor(p.intervals) }));
  const bat = sc.device.battery;
  const autoLpmBelow = bat.autoLowPowerModeBelowPercent;

  let battery = bat.startPercent;
  let autoLpm = false;
  let idleSince = -DAY; // untouched since before the simulation started
  let wasInUse = false;
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const from = times[i];
    const to = times[i + 1];
    const base = sc.device.baseline;
    let network = base.network;
    let lowDataMode = base.lowDataMode;
    let lowPowerMode = base.lowPowerMode;
    let thermal = base.thermal;
    let backgroundAppRefresh = base.backgroundAppRefresh;
    // Periods apply in the order they are listed; a later one wins where they overlap.
    for (const p of periodCursors) {
      if (!p.at(from)) continue;
      const set = p.set;
      if (set.network !== undefined) network = set.network;
      if (set.lowDataMode !== undefined) lowDataMode = set.lowDataMode;
      if (set.lowPowerMode !== undefined) lowPowerMode = set.lowPowerMode;
      if (set.thermal !== undefined) thermal = set.thermal;
      if (set.backgroundAppRefresh !== undefined) backgroundAppRefresh = set.backgroundAppRefresh;
    }
    const charging = onCharger(from);
    const deviceInUse = inUse(from);
    if (wasInUse && !deviceInUse) idleSince = from;
    wasInUse = deviceInUse;
    if (autoLpmBelow !== null) {
      if (!autoLpm && !charging && battery < autoLpmBelow) autoLpm = true;
      else if (autoLpm && battery >= sc.model.lowPowerModeOffAbovePercent) autoLpm = false;
    }
    segments.push({
      from,
      to,
      charging,
      network,
      lowDataMode,
      lowPowerMode: lowPowerMode || autoLpm,
      thermal,
      backgroundAppRefresh,
      appInUse: inSession(from),
      deviceInUse,
      idleSince,
      battery: Math.round(battery * 10) / 10,
    });
    const hours = (to - from) / HOUR;
    battery = charging ? Math.min(100, battery + bat.chargePercentPerHour * hours) : Math.max(0, battery - bat.drainPercentPerHour * hours);
  }
  return { end, sessions, forceQuits, segments };
}

function buildSessions(sc: Scenario, end: number): Session[] {
  const raw: Session[] = [];
  const quitRng = streamFor(sc.seed, 'forceQuit');
  sc.usage.sessions.forEach((u, index) => {
    // One stream per habitual session so that editing one session leaves the others' draws alone.
    const rng = streamFor(sc.seed, `usage:${index}`);
    const at = parseTimeOfDay(u.at);
    for (let d = 0; d < sc.days; d++) {
      const roll = rng.next();
      const jitter = uniform(rng, -u.jitterMinutes, u.jitterMinutes) * MINUTE;
      if (!dayMatches(u.days, weekdayOf(d, sc.startWeekday)) || roll >= u.probability) continue;
      const start = Math.round(d * DAY + at + jitter);
      const stop = start + Math.max(1, Math.round(u.durationMinutes * MINUTE));
      if (stop <= 0 || start >= end) continue;
      raw.push({ start: Math.max(0, start), end: Math.min(end, stop), forceQuitAfter: false });
    }
  });
  raw.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Session[] = [];
  for (const s of raw) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push(s);
  }
  for (const s of merged) s.forceQuitAfter = quitRng.next() < sc.usage.forceQuitAfterSessionProbability;
  return merged;
}

function buildPickups(sc: Scenario, end: number): Interval[] {
  const { awake, pickupsPerHour, pickupMinutes } = sc.device.use;
  if (pickupsPerHour <= 0 || pickupMinutes <= 0) return [];
  const rng = streamFor(sc.seed, 'pickups');
  const meanGap = HOUR / pickupsPerHour;
  const out: Interval[] = [];
  for (const w of mergeIntervals(awake.flatMap((a) => expandWindow(a, sc.days, sc.startWeekday)))) {
    let t = w.from + exponential(rng, meanGap);
    while (t < w.to && t < end) {
      const from = Math.round(t);
      out.push({ from, to: Math.min(end, from + Math.round(pickupMinutes * MINUTE)) });
      t += pickupMinutes * MINUTE + exponential(rng, meanGap);
    }
  }
  return out;
}

/** Membership test for sorted, merged intervals, queried with non-decreasing times. */
function cursor(list: Interval[]): (t: number) => boolean {
  let i = 0;
  return (t) => {
    while (i < list.length && list[i].to <= t) i++;
    return i < list.length && list[i].from <= t;
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

const THERMAL_RANK: Record<ThermalState, number> = { nominal: 0, fair: 1, serious: 2, critical: 3 };

export function thermalAtLeast(state: ThermalState, threshold: ThermalState): boolean {
  return THERMAL_RANK[state] >= THERMAL_RANK[threshold];
}

/** Bands for the panel, built by joining consecutive segments that share a condition. */
export function environmentBands(env: Environment, thermalThreshold: ThermalState): Omit<EnvironmentBands, 'forceQuitSuppressed'> {
  const flag = (pick: (s: Segment) => boolean): Band[] => {
    const out: Band[] = [];
    for (const s of env.segments) {
      if (!pick(s)) continue;
      const last = out[out.length - 1];
      if (last && last.to === s.from) last.to = s.to;
      else out.push({ from: s.from, to: s.to });
    }
    return out;
  };
  const network: Band[] = [];
  for (const s of env.segments) {
    const last = network[network.length - 1];
    if (last && last.value === s.network && last.to === s.from) last.to = s.to;
    else network.push({ from: s.from, to: s.to, value: s.network });
  }
  return {
    appInUse: env.sessions.map((s) => ({ from: s.start, to: s.end })),
    charging: flag((s) => s.charging),
    network,
    lowPowerMode: flag((s) => s.lowPowerMode),
    lowDataMode: flag((s) => s.lowDataMode),
    backgroundAppRefreshOff: flag((s) => !s.backgroundAppRefresh),
    thermalHigh: flag((s) => thermalAtLeast(s.thermal, thermalThreshold)),
    deviceInUse: flag((s) => s.deviceInUse),
    battery: env.segments.filter((s, i) => i === 0 || s.battery !== env.segments[i - 1].battery || s.from % (6 * HOUR) === 0).map((s) => ({ t: s.from, percent: s.battery })),
    opens: env.sessions.map((s) => s.start),
  };
}
