/**
 * From the language server's `TaskSummary` (server/src/protocol/tasks.ts) to the engine's input.
 * Missing facts get explicit defaults, and `handlerKnown` records that they are assumptions.
 */
import type { TaskSummary } from '../protocol/tasks';
import type { SimTask } from './types';

/** The summary's simulator facts, copied field by field (so nothing else rides along). */
function simulationFacts(s: TaskSummary): Partial<SimTask> {
  const f = s.simulation;
  if (!f) return {};
  const out: Partial<SimTask> = {};
  if (f.launchCrash) out.launchCrash = { cause: f.launchCrash.cause, text: f.launchCrash.text };
  if (f.castNeverCompletes !== undefined) out.castNeverCompletes = f.castNeverCompletes;
  if (f.expirationHandlerCompletes !== undefined) out.expirationHandlerCompletes = f.expirationHandlerCompletes;
  if (f.submitPolicy) out.submitPolicy = { ...f.submitPolicy, where: [...f.submitPolicy.where] };
  if (f.dataProtection !== undefined) out.dataProtection = f.dataProtection;
  if (f.healthResearchEntitlement !== undefined) out.healthResearchEntitlement = f.healthResearchEntitlement;
  if (f.reportsProgress !== undefined) out.reportsProgress = f.reportsProgress;
  if (f.wildcard) out.wildcard = true;
  return out;
}

export function tasksFromSummaries(summaries: readonly TaskSummary[]): SimTask[] {
  const byId = new Map<string, SimTask>();
  for (const s of summaries) {
    // The same identifier can show up once per scope; the simulator models one app, so the first wins.
    if (byId.has(s.id)) continue;
    const delay = s.request?.earliestBeginDelaySeconds;
    byId.set(s.id, {
      id: s.id,
      kind: s.kind,
      permitted: s.permitted,
      registered: s.registered,
      submitted: s.submitted,
      earliestBeginDelaySeconds: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay : 0,
      requiresExternalPower: s.request?.requiresExternalPower === true,
      requiresNetworkConnectivity: s.request?.requiresNetworkConnectivity === true,
      handlerKnown: s.handler !== undefined,
      setsExpirationHandler: s.handler?.setsExpirationHandler ?? true,
      completesOnAllPaths: s.handler?.completesOnAllPaths ?? true,
      resubmits: s.handler?.resubmits ?? 'unknown',
      sites: { ...s.sites },
      ...simulationFacts(s),
    });
  }
  return [...byId.values()];
}
