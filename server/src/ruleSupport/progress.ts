/** Whether a continued-processing handler reports progress (iOS expires tasks that look stalled). */
import type { HandlerRef, RegSite, RuleAnalysis as Analysis } from '../analysis/model/analysis';
import type { Stmt } from '../analysis/model/facts';

/**
 * `reports`: the handler (or the function it only hands the task to) mentions `.progress`, `completedUnitCount` or
 * `updateTitle(` as code; `never`: it does not, and the task goes nowhere the linter cannot follow; `unknown`
 * otherwise (no handler found, the task handed to or stored in code not read, a TypeScript handler).
 */
export function progressReporting(analysis: Analysis, reg: RegSite): 'reports' | 'never' | 'unknown' {
  const ref = analysis.handlerOf(reg);
  if (!ref) return 'unknown';
  return handlerProgress(analysis, analysis.primaryHandler(ref));
}

export function handlerProgress(analysis: Analysis, ref: HandlerRef): 'reports' | 'never' | 'unknown' {
  const sf = analysis.sourceFacts(ref.file);
  const h = ref.handler;
  if (!sf || sf.language !== 'swift') return 'unknown';
  const span = h.kind === 'function' && h.fn !== undefined ? sf.functions[h.fn]?.bodySpan : h.closureSpan;
  if (!span) return 'unknown';
  if ((sf.scene?.progressRefs ?? []).some((r) => r.start >= span.start && r.end <= span.end)) return 'reports';
  return h.hasSyntaxErrors || opaque(h.body) ? 'unknown' : 'never';
}

/** The task is handed to a function or escapes somewhere: what happens to its progress there is not seen here. */
function opaque(body: Stmt[]): boolean {
  return body.some((s) => {
    switch (s.k) {
      case 'handoff':
      case 'escape':
        return true;
      case 'if':
        return s.arms.some(opaque);
      case 'do':
        return opaque(s.body) || s.catches.some(opaque);
      case 'loop':
      case 'defer':
      case 'closure':
      case 'expiration':
        return opaque(s.body);
      default:
        return false;
    }
  });
}
