/** Flags identifiers that are submitted but registered nowhere: the launch for them crashes the app. */
import { isLibraryOwnedId } from '../ruleSupport/helpers';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'submit-without-handler',
    description: 'A task identifier is submitted but no launch handler is registered for it anywhere in the workspace.',
    defaultSeverity: 'error',
    category: 'lifecycle',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    const regs = analysis.registrations();
    for (const site of analysis.requests()) {
      const value = site.id.value;
      // Libraries register what they submit natively (their own rules check what they need).
      if (value === undefined || site.req.library) continue;
      const ids = site.scopes.flatMap((s) => s.bundleIds.map((b) => b.bundleId));
      // Any registration that is, or (being dynamic) could be, this identifier covers it.
      if (regs.some((r) => analysis.couldBe(r.id, value, ids))) continue;
      const shown = analysis.display(value, site.scopes[0]);
      if (isLibraryOwnedId(shown)) continue;
      ctx.report({
        file: site.file,
        span: site.req.id.span,
        taskId: shown,
        message: `"${shown}" is submitted but no launch handler is registered for it: when iOS launches the app for this task it crashes with "No launch handler registered for task with identifier ${shown}". Register it with BGTaskScheduler.shared.register(forTaskWithIdentifier:using:launchHandler:) at launch.`,
      });
    }
  },
});
