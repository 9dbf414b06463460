/**
 * fast-check with a fixed seed per property, so `npm test` is deterministic, and a failure that says how to replay it:
 * the seed and the counterexample path, as environment variables for this helper.
 *
 *   BGTASKS_FC_SEED=<seed> BGTASKS_FC_PATH=<path> npx vitest run <file> -t "<test name>"   replays the shrunk case
 *   BGTASKS_FC_RUNS=<n>                                                                     more runs (exploration)
 */
import fc from 'fast-check';

export interface PropertyParams {
  /** Fixed seed of this property (any integer; keep it when editing the property). */
  seed: number;
  numRuns: number;
}

export function checkProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, params: PropertyParams): void {
  const seed = process.env.BGTASKS_FC_SEED !== undefined ? Number(process.env.BGTASKS_FC_SEED) : params.seed;
  const path = process.env.BGTASKS_FC_PATH || undefined;
  const numRuns = process.env.BGTASKS_FC_RUNS !== undefined ? Number(process.env.BGTASKS_FC_RUNS) : params.numRuns;
  const details = fc.check(property, { seed, path, numRuns });
  if (!details.failed) return;
  const report = fc.defaultReportMessage(details) ?? 'property failed';
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${report}\n\nFailure: ${cause}\n\nReplay this case: BGTASKS_FC_SEED=${details.seed} BGTASKS_FC_PATH=${details.counterexamplePath ?? ''} ` +
      `npx vitest run <this file> -t "<this test>"`,
  );
}
