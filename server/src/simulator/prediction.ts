/**
 * The usage predictor behind refresh timing (facts §5 "Refresh scheduling": on-device learning of
 * when the user opens the app, so the refresh runs just before). Apple publishes no algorithm;
 * this one is deliberately simple and every knob is a named model parameter:
 * a time of day is "predicted use" once past opens fell within `predictionWindowMinutes` of it on
 * at least `predictionMinDays` distinct days of the last `predictionLookbackDays` days.
 */
import { DAY, MINUTE } from './clock';
import type { ModelParameters } from './scenario';

export class UsagePredictor {
  private readonly opens: number[] = [];
  private readonly byDay = new Map<number, number[]>();

  constructor(private readonly model: ModelParameters) {}

  /** Called at every app open, in time order. */
  recordOpen(t: number): void {
    this.opens.push(t);
  }

  /**
   * The first predicted open strictly after `after`, looking at most `horizon` seconds ahead, as
   * the predictor knows it at time `now` (today's pattern, learned overnight, applies to later days too).
   */
  nextPredictedOpen(now: number, after: number, horizon: number): number | null {
    const pattern = this.predictedTimesForDay(Math.floor(now / DAY));
    if (pattern.length === 0) return null;
    const firstDay = Math.floor(after / DAY);
    const lastDay = Math.floor((after + horizon) / DAY);
    for (let d = firstDay; d <= lastDay; d++) {
      for (const tod of pattern) {
        const p = d * DAY + tod;
        if (p > after && p <= after + horizon) return p;
      }
    }
    return null;
  }

  /**
   * Predicted times of day for day `d`, learned from the opens of the days before it. Cached per day:
   * the learning happens "overnight", so an open today does not change today's prediction.
   * Only asked for the current day, so every open before it has been recorded.
   */
  predictedTimesForDay(d: number): number[] {
    const cached = this.byDay.get(d);
    if (cached) return cached;
    const from = (d - this.model.predictionLookbackDays) * DAY;
    const to = d * DAY;
    const samples: { tod: number; day: number }[] = [];
    for (const t of this.opens) if (t >= from && t < to) samples.push({ tod: t % DAY, day: Math.floor(t / DAY) });
    samples.sort((a, b) => a.tod - b.tod);
    const window = this.model.predictionWindowMinutes * MINUTE;
    const out: number[] = [];
    let i = 0;
    while (i < samples.length) {
      // Greedy clusters: everything within `window` of the cluster's earliest open.
      const start = samples[i].tod;
      const days = new Set<number>();
      let j = i;
      while (j < samples.length && samples[j].tod - start <= window) days.add(samples[j++].day);
      // The earliest member stands for the cluster, so the refresh lands before most of the opens.
      if (days.size >= this.model.predictionMinDays) out.push(start);
      i = j;
    }
    this.byDay.set(d, out);
    return out;
  }
}
