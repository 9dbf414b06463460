/** Flags handlers that cast the task to a class other than the one its requests create. */
import { EXPECTED_TASK_CLASS, where } from './helpers';
import { defineRule } from './types';

const SUPER: Record<string, string[]> = {
  BGTask: ['BGAppRefreshTask', 'BGProcessingTask', 'BGHealthResearchTask', 'BGContinuedProcessingTask'],
  BGProcessingTask: ['BGHealthResearchTask'],
};

export default defineRule({
  meta: {
    id: 'task-type-mismatch',
    description: 'The handler casts the task to one BGTask class while the identifier is submitted with a request of another class.',
    defaultSeverity: 'error',
    category: 'handler',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const seen = new Set<string>();
    for (const reg of analysis.registrations()) {
      if (reg.id.value === undefined) continue;
      const reqs = analysis.requests().filter((r) => r.id.value === reg.id.value);
      if (!reqs.length) continue;
      const shown = analysis.display(reg.id.value, reg.scopes[0]);
      if (reg.reg.kind === 'swiftui') {
        // `.backgroundTask(.appRefresh(id))` handles refresh tasks only.
        const other = reqs.find((r) => r.req.cls !== 'BGAppRefreshTaskRequest');
        if (reg.reg.swiftuiKind === 'appRefresh' && other) {
          ctx.report({ file: other.file, span: other.req.span, taskId: shown, message: `"${shown}" is handled by .backgroundTask(.appRefresh) (${where(analysis, reg.file, reg.reg.span)}) but submitted as a ${other.req.cls}: SwiftUI's appRefresh handler only runs for BGAppRefreshTaskRequest.` });
        }
        continue;
      }
      const hc = analysis.handlerClass(reg);
      if (!hc || hc.cls === 'BGTask') continue;
      for (const r of reqs) {
        const expected = EXPECTED_TASK_CLASS[r.req.cls];
        if (expected === hc.cls || SUPER[hc.cls]?.includes(expected)) continue;
        const key = `${hc.file}:${hc.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          file: hc.file,
          span: hc.span,
          taskId: shown,
          message: `The handler for "${shown}" expects a ${hc.cls}, but the identifier is submitted as a ${r.req.cls} (${where(analysis, r.file, r.req.span)}), so iOS hands it a ${expected}: an as! cast crashes and an as? cast never completes the task.`,
          related: [{ file: r.file, span: r.req.span, message: `submitted as ${r.req.cls}` }],
          fixes: [{ title: `Change to ${expected}`, edits: [{ file: hc.file, span: hc.span, newText: expected }], safe: true, preferred: true }],
        });
      }
    }
  },
});
