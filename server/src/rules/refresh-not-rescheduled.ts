/** Flags app-refresh handlers that never submit their next request, or submit it only after the work. */
import { where } from '../ruleSupport/helpers';
import { handlerSites, idsOf } from '../ruleSupport/handlerSites';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'refresh-not-rescheduled',
    description: 'An app-refresh handler never submits the next refresh request, or submits it only after its work, so one failed run ends the chain.',
    defaultSeverity: 'info',
    category: 'scheduling',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const site of handlerSites(analysis)) {
      if (!site.root || site.ref.handler.resubmitApplies === false || site.ref.handler.standalone) continue;
      // The requests decide the task class; the handler's cast only when no request is known.
      const isRefresh = site.regs.some((r) => {
        if (r.id.value === undefined) return analysis.handlerClass(r)?.cls === 'BGAppRefreshTask';
        // The same identifier, also when one side spells the bundle id (`Bundle.main.bundleIdentifier! + ".x"`).
        const bundleIds = r.scopes.flatMap((s) => s.bundleIds.map((b) => b.bundleId));
        const reqs = analysis.requests().filter((q) => q.id.value !== undefined && analysis.couldBe(q.id, r.id.value!, bundleIds));
        return reqs.length ? reqs.every((q) => q.req.cls === 'BGAppRefreshTaskRequest') : analysis.handlerClass(r)?.cls === 'BGAppRefreshTask';
      });
      if (!isRefresh) continue;
      const result = analysis.analyzeHandler(site.ref);
      const primary = analysis.primaryHandler(site.ref);
      if (result.resubmits === 'never') {
        ctx.report({
          file: primary.file,
          span: primary.handler.span,
          message: `The refresh handler for ${idsOf(analysis, site)} never submits the next BGAppRefreshTaskRequest, on any path: each launch consumes the request, so no refresh is scheduled again until the app submits one itself. Submit the next request at the start of the handler.`,
        });
      } else if (result.resubmits === 'end') {
        ctx.report({
          file: primary.file,
          span: primary.handler.span,
          message: `The refresh handler for ${idsOf(analysis, site)} submits its next request only after its work${result.lateSubmit && primary.file === site.ref.file ? ` (${where(analysis, site.ref.file, result.lateSubmit)})` : ''}: if the work fails or the task expires first, no next refresh is scheduled. Submit at the start of the handler.`,
        });
      }
    }
  },
});
