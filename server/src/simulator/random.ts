/**
 * Seeded pseudo-random numbers. The engine never calls Math.random: every draw comes from a stream
 * derived from the scenario seed and a label, so adding a task or a usage session does not shift
 * the draws of unrelated streams (a scenario edit changes only what it touches).
 */

/** A stream of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
}

/** FNV-1a over a string, used to derive independent stream seeds from labels. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, and good enough for a simulation whose point is reproducibility. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A stream for one purpose, e.g. `streamFor(seed, 'usage')` or `streamFor(seed, 'duration:' + id)`. */
export function streamFor(seed: number, label: string): Rng {
  return mulberry32(hashString(label, (seed >>> 0) ^ 0x9e3779b9));
}

/** Uniform in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng.next();
}

/** Standard normal by Box–Muller (one draw per call; the second value is discarded for simplicity). */
export function normal(rng: Rng, mean: number, sd: number): number {
  const u = Math.max(rng.next(), 1e-12);
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Exponential with the given mean (used for the gaps between device pickups). */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng.next());
}
