/**
 * Turns the scenario's habits into concrete time: app sessions, device pickups, and a list of
 * segments during which every device condition (charging, network, battery, Low Power Mode, …) is
 * constant. The engine only has to react at segment boundaries.
 */
import { DAY, HOUR, MINUTE, expandWindow, mergeIntervals, parseTimeOfDay, weekdayOf, dayMatches, type Interval } from './clock';
import { exponential, streamFor, uniform } from './random';
import { type NetworkKind, type Scenario, type ThermalState, type UserAction } from './scenario';
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
  /** Battery level at the start of the segment (it changes linearly inside; a segment ends where it crosses a level a condition reads). */
  battery: number;
  /** Index into `Environment.chargingWindows` while charging, else -1. */
  chargeWindow: number;
  /** Index into `Environment.idleStretches` while the device is untouched, else -1. */
  idleStretch: number;
}

/** A user action placed in time: one minute into the first session of its day. */
export interface PlacedAction {
  t: number;
  index: number;
  action: UserAction;
}

export interface Environment {
  end: number;
  sessions: Session[];
  /** Explicit force-quits that happen outside a session (inside one they move to its end). */
  forceQuits: number[];
  segments: Segment[];
  /** Merged charging intervals (a processing "night"). */
  chargingWindows: Interval[];
  /** Stretches during which nobody touches the device (the first may start before day 0). */
  idleStretches: Interval[];
  actions: PlacedAction[];
  /** The panel's bands, built in the same pass as the segments. */
  bands: Omit<EnvironmentBands, 'forceQuitSuppressed'>;
}


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
  const charging_ = mergeIntervals(sc.device.charging.flatMap((w) => expandWindow(w, sc.days, sc.startWeekday)));
  // Untouched stretches: the gaps between uses (the first one started before the simulation).
  const idleStretches: Interval[] = [];
  let gapFrom = -DAY;
  for (const u of deviceUse) {
    if (u.from > gapFrom) idleStretches.push({ from: gapFrom, to: u.from });
    gapFrom = Math.max(gapFrom, u.to);
  }
  if (gapFrom < end) idleStretches.push({ from: gapFrom, to: end });
  const periods = sc.device.periods.map((p) => ({ set: p.set, intervals: mergeIntervals(expandWindow(p, sc.days, sc.startWeekday)) }));

  // Every moment a condition can change, sorted and without repeats (a typed array sorts numerically, fast).
  const lists = [sessionIntervals, deviceUse, charging_, ...periods.map((p) => p.intervals)];
  const raw = new Float64Array(2 + 2 * lists.reduce((n, l) => n + l.length, 0));
  let n = 0;
  raw[n++] = 0;
  raw[n++] = end;
  for (const list of lists) {
    for (const iv of list) {
      raw[n++] = clamp(iv.from, 0, end);
      raw[n++] = clamp(iv.to, 0, end);
    }
  }
  const sorted = raw.subarray(0, n).sort();
  const times: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) times.push(sorted[i]);

  const inSession = cursor(sessionIntervals);
  const inUse = cursor(deviceUse);
  const onCharger = cursor(charging_);
  const periodCursors = periods.map((p) => ({ set: p.set, at: cursor(p.intervals) }));
  const bat = sc.device.battery;
  const autoLpmBelow = bat.autoLowPowerModeBelowPercent;

  let battery = bat.startPercent;
  let autoLpm = false;
  let idleSince = -DAY; // untouched since before the simulation started
  let wasInUse = false;
  let chargeIndex = -1;
  let idleIndex = 0;
  const segments: Segment[] = [];
  const bands = new BandBuilder(sc.model.thermalDefersAt);
  // Battery levels where a condition flips: a segment also ends where the (linear) battery level crosses one.
  const levels = [sc.model.criticalBatteryPercent, sc.model.processingOnBatteryMinPercent, sc.model.lowPowerModeOffAbovePercent, 0, 100];
  if (autoLpmBelow !== null) levels.push(autoLpmBelow);
  let i = 0;
  let from = times[0];
  while (i + 1 < times.length) {
    let to = times[i + 1];
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
    while (chargeIndex + 1 < charging_.length && charging_[chargeIndex + 1].from <= from) chargeIndex++;
    while (idleIndex + 1 < idleStretches.length && idleStretches[idleIndex + 1].from <= from) idleIndex++;
    if (autoLpmBelow !== null) {
      if (!autoLpm && !charging && battery < autoLpmBelow) autoLpm = true;
      else if (autoLpm && battery >= sc.model.lowPowerModeOffAbovePercent) autoLpm = false;
    }
    // The first second past a level the battery crosses before `to` (linear drain or charge).
    const rate = charging ? bat.chargePercentPerHour : -bat.drainPercentPerHour;
    if (rate !== 0) {
      for (const level of levels) {
        let past: number;
        if (rate > 0 && battery < level - 1e-9) past = Math.floor(from + ((level - battery) / rate) * HOUR) + 1;
        else if (rate < 0 && battery > level + 1e-9) past = Math.floor(from + ((battery - level) / -rate) * HOUR) + 1;
        else continue;
        if (past > from && past < to) to = past;
      }
    }
    const seg: Segment = {
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
      battery,
      chargeWindow: charging ? chargeIndex : -1,
      idleStretch: deviceInUse ? -1 : idleIndex,
    };
    segments.push(seg);
    bands.add(seg, segments.length === 1 ? undefined : segments[segments.length - 2]);
    battery = Math.min(100, Math.max(0, battery + (rate * (to - from)) / HOUR));
    if (to === times[i + 1]) i++;
    from = to;
  }
  const actions = placeActions(sc, sessions);
  return {
    end,
    sessions,
    forceQuits,
    segments,
    chargingWindows: charging_,
    idleStretches,
    actions,
    bands: { ...bands.result(), appInUse: sessions.map((s) => ({ from: s.start, to: s.end })), opens: sessions.map((s) => s.start), actions: actions.map((a) => ({ t: a.t, label: a.action.label })) },
  };
}

/** Each action happens one minute into the first session of each matching day (so always in the foreground). */
function placeActions(sc: Scenario, sessions: Session[]): PlacedAction[] {
  const out: PlacedAction[] = [];
  sc.usage.actions.forEach((action, index) => {
    const rng = streamFor(sc.seed, `action:${index}`);
    let s = 0;
    for (let d = 0; d < sc.days; d++) {
      const roll = rng.next();
      if (action.fromDay !== undefined && d < action.fromDay) continue;
      if (action.toDay !== undefined && d > action.toDay) continue;
      if (!dayMatches(action.days, weekdayOf(d, sc.startWeekday)) || roll >= action.probability) continue;
      while (s < sessions.length && sessions[s].start < d * DAY) s++;
      const first = sessions[s];
      if (!first || first.start >= (d + 1) * DAY) continue;
      out.push({ t: first.start + Math.min(MINUTE, Math.floor((first.end - first.start) / 2)), index, action });
    }
  });
  return out.sort((a, b) => a.t - b.t || a.index - b.index);
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

/** Bands for the panel, built while the segments are made: consecutive segments that share a condition are joined. */
class BandBuilder {
  private readonly charging: Band[] = [];
  private readonly network: Band[] = [];
  private readonly lowPowerMode: Band[] = [];
  private readonly lowDataMode: Band[] = [];
  private readonly barOff: Band[] = [];
  private readonly thermalHigh: Band[] = [];
  private readonly deviceInUse: Band[] = [];
  private readonly battery: { t: number; percent: number }[] = [];

  constructor(private readonly thermalThreshold: ThermalState) {}

  add(s: Segment, prev: Segment | undefined): void {
    flag(this.charging, s, s.charging);
    flag(this.lowPowerMode, s, s.lowPowerMode);
    flag(this.lowDataMode, s, s.lowDataMode);
    flag(this.barOff, s, !s.backgroundAppRefresh);
    flag(this.thermalHigh, s, thermalAtLeast(s.thermal, this.thermalThreshold));
    flag(this.deviceInUse, s, s.deviceInUse);
    const last = this.network[this.network.length - 1];
    if (last && last.value === s.network && last.to === s.from) last.to = s.to;
    else this.network.push({ from: s.from, to: s.to, value: s.network });
    // Samples where charging starts or stops, and about every six hours between.
    const sample = this.battery[this.battery.length - 1];
    if (!prev || s.charging !== prev.charging || s.from - sample.t >= 6 * HOUR) this.battery.push({ t: s.from, percent: Math.round(s.battery * 10) / 10 });
  }

  result(): Omit<EnvironmentBands, 'forceQuitSuppressed' | 'appInUse' | 'opens' | 'actions'> {
    return {
      charging: this.charging,
      network: this.network,
      lowPowerMode: this.lowPowerMode,
      lowDataMode: this.lowDataMode,
      backgroundAppRefreshOff: this.barOff,
      thermalHigh: this.thermalHigh,
      deviceInUse: this.deviceInUse,
      battery: this.battery,
    };
  }
}

function flag(out: Band[], s: Segment, on: boolean): void {
  if (!on) return;
  const last = out[out.length - 1];
  if (last && last.to === s.from) last.to = s.to;
  else out.push({ from: s.from, to: s.to });
}
