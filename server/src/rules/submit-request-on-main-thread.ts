/**
 * Flags iOS 27's `submitTaskRequest` called directly from code that runs on the main actor: Apple's header says not to
 * call it from the main thread.
 */
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'submit-request-on-main-thread',
    description: "iOS 27's submitTaskRequest is called directly from main-actor code (an app or scene delegate, a view controller, a SwiftUI view, a @MainActor type), which Apple's header says not to do.",
    defaultSeverity: 'warning',
    category: 'scheduling',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const site of analysis.requests()) {
      const submit = site.req.submit;
      if (!submit || submit.form !== 'submitTaskRequest' || site.req.library) continue;
      if (analysis.sourceFacts(site.file)?.language !== 'swift') continue;
      // Directly in the function: a closure may run elsewhere (DispatchQueue.global().async) or not (Task {}); silence.
      if (submit.ctx.fn < 0 || submit.ctx.closures.length) continue;
      const fn = analysis.functionAt(site.file, submit.ctx.fn);
      if (!fn?.mainActor) continue;
      const where = fn.owner ? `${fn.owner}.${fn.name}` : fn.name;
      ctx.report({
        file: site.file,
        span: submit.span,
        message: `submitTaskRequest is called from ${where}, which runs on the main actor: Apple's header for the iOS 27 method says not to call it from the main thread (its work may block, and its completion handler may run later on any queue). Call it from a nonisolated async function, or from a background queue.`,
      });
    }
  },
});
