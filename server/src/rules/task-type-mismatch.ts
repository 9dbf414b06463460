/** Flags handlers that cast the task to a class other than the one its requests create. */
import type { RuleAnalysis as Analysis, HandlerRef, RegSite } from '../analysis/model/analysis';
import { EXPECTED_TASK_CLASS, where } from '../ruleSupport/helpers';
import { defineRule, type Fix, type TextEdit } from './types';

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
      // The same identifier, also when one side spells the bundle id (`Bundle.main.bundleIdentifier! + ".x"`).
      const bundleIds = reg.scopes.flatMap((s) => s.bundleIds.map((b) => b.bundleId));
      const reqs = analysis.requests().filter((r) => r.id.value !== undefined && analysis.couldBe(r.id, reg.id.value!, bundleIds));
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
          fixes: retypeFix(analysis, reg, hc, expected),
          data: { kind: 'type-mismatch', cast: analysis.castForm(hc.file, hc.span), castClass: hc.cls, submittedAs: r.req.cls },
        });
      }
    }
  },
});

/**
 * Changes the cast to the expected class, and with it every function further along the handoff chain
 * whose task parameter names the same class (`{ self.handle(task: $0 as! X) }` + `func handle(task: X)`):
 * changing only the cast would not compile. Not offered when one of those functions also handles
 * another registration, whose class would change with it.
 */
function retypeFix(analysis: Analysis, reg: RegSite, hc: { cls: string; file: string; span: { start: number; end: number } }, expected: string): Fix[] {
  const chain = handlerChain(analysis, reg);
  const at = chain.findIndex((r) => r.handler.cast && r.file === hc.file && r.handler.cast.span.start === hc.span.start);
  if (at < 0) return [];
  const edits: TextEdit[] = [];
  for (const ref of chain.slice(at)) {
    const c = ref.handler.cast;
    if (!c || c.cls !== hc.cls) continue;
    if (edits.length && analysis.registrations().some((o) => o !== reg && o.id.value !== reg.id.value && handlerChain(analysis, o).some((r) => r.file === ref.file && r.index === ref.index))) return [];
    edits.push({ file: ref.file, span: c.span, newText: expected });
  }
  return [{ title: `Change to ${expected}`, edits, safe: true, preferred: true }];
}

/** The handler a registration names and the functions it hands the task to, in order (as in Analysis.handlerClass). */
function handlerChain(analysis: Analysis, reg: RegSite): HandlerRef[] {
  const out: HandlerRef[] = [];
  for (let cur = analysis.handlerOf(reg), i = 0; cur && i < 4; i++) {
    out.push(cur);
    const h = cur.handler.body.find((s) => s.k === 'handoff');
    if (!h || h.k !== 'handoff') break;
    cur = analysis.handoffTarget(h.name, h.labels, h.argIndex);
  }
  return out;
}
