/**
 * Flags continued-processing requests submitted only from background contexts (a task handler, the move to the
 * background): continued processing starts in the foreground, from an explicit user action.
 */
import { DID_ENTER_BACKGROUND, inBackgroundArm } from '../ruleSupport/phases';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'continued-processing-background-submit',
    description: 'A continued-processing request is submitted only from the background (a task handler, sceneDidEnterBackground, the .background scene phase), while it must start in the foreground from a user action.',
    defaultSeverity: 'warning',
    category: 'lifecycle',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const site of analysis.requests()) {
      const submit = site.req.submit;
      if (site.req.cls !== 'BGContinuedProcessingTaskRequest' || !submit) continue;
      const reach = analysis.reach(site.file, submit.ctx, submit.span.start);
      // Any path that may be in the foreground, or that cannot be placed, keeps the rule silent.
      if (reach.unknown || reach.neverCalled || reach.launch.length || reach.coldStart.length) continue;
      const where: string[] = [];
      if (reach.background) where.push('a background task handler');
      let foreground = false;
      for (const pl of reach.postLaunch) {
        if (DID_ENTER_BACKGROUND.has(pl.label)) where.push(`${pl.label}(_:)`);
        else if (inBackgroundArm(analysis, pl.file, pl.span.start)) where.push('the .background scene phase');
        else foreground = true;
      }
      if (foreground || !where.length) continue;
      const id = site.id.value !== undefined ? `"${analysis.display(site.id.value, site.scopes[0])}"` : 'A continued-processing request';
      ctx.report({
        file: site.file,
        span: submit.span,
        taskId: site.id.value !== undefined ? analysis.display(site.id.value, site.scopes[0]) : undefined,
        message: `${id === 'A continued-processing request' ? id : `Continued-processing request ${id}`} is submitted only from ${[...new Set(where)].join(' and ')}, when the app is in the background: Apple requires continued processing to start in the foreground from an explicit user action, and says automatic work may get the task cancelled. Submit where the user starts it (a button's action); for work nobody is waiting for, use a BGProcessingTaskRequest.`,
      });
    }
  },
});
