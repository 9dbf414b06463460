/** Flags continued-processing handlers that never report progress: iOS expires tasks that look stalled. */
import { progressReporting } from '../ruleSupport/progress';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'continued-processing-progress',
    description: 'A continued-processing handler never updates the task\'s progress, so iOS sees a stalled task, may expire it, and the user sees no progress.',
    defaultSeverity: 'warning',
    category: 'handler',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    const continued = new Set(analysis.requests().filter((q) => q.req.cls === 'BGContinuedProcessingTaskRequest' && q.id.value !== undefined).map((q) => q.id.value!));
    const seen = new Set<string>();
    for (const reg of analysis.registrations()) {
      if (reg.reg.kind !== 'scheduler') continue;
      const cls = analysis.handlerClass(reg)?.cls;
      const isContinued = cls === 'BGContinuedProcessingTask' || (cls === undefined && reg.id.value !== undefined && continued.has(reg.id.value));
      if (!isContinued || progressReporting(analysis, reg) !== 'never') continue;
      const ref = analysis.handlerOf(reg)!;
      const primary = analysis.primaryHandler(ref);
      const key = `${primary.file}:${primary.handler.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const id = reg.id.value !== undefined ? `"${analysis.display(reg.id.value, reg.scopes[0])}"` : 'this continued-processing task';
      ctx.report({
        file: primary.file,
        span: primary.handler.span,
        taskId: reg.id.value !== undefined ? analysis.display(reg.id.value, reg.scopes[0]) : undefined,
        message: `The handler for ${id} never updates task.progress: iOS expires continued-processing tasks that report no progress, and the Live Activity shows none. Set progress.totalUnitCount and advance completedUnitCount as the work goes (or hand task.progress to the code that does the work).`,
      });
    }
  },
});
