/** Flags a submit that runs on every launch without first checking for a pending request. */
import type { LaunchPath } from '../analysis/model/callGraph';
import { where } from './helpers';
import { defineRule, type Fix } from './types';
import type { Analysis } from '../analysis/model/analysis';

export default defineRule({
  meta: {
    id: 'submit-on-every-launch',
    description: 'A task request is submitted on every app launch without a pending-request check, which keeps replacing it and pushing its start later.',
    defaultSeverity: 'warning',
    category: 'scheduling',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const site of analysis.requests()) {
      const submit = site.req.submit;
      if (!submit) continue;
      const reach = analysis.reach(site.file, submit.ctx, submit.span.start);
      const path = reach.launch.find((p) => !p.guarded);
      if (!path) continue;
      const shown = site.id.value !== undefined ? analysis.display(site.id.value, site.scopes[0]) : undefined;
      const chain = path.via.map((v) => where(analysis, v.file, v.span));
      ctx.report({
        file: site.file,
        span: site.req.id.span,
        taskId: shown,
        message:
          `${shown ? `"${shown}"` : 'This request'} is submitted on every launch (from ${path.root}${chain.length ? ` via ${chain.join(' → ')}` : ''}${path.deferred ? ', in a Task started there' : ''}) without a pending-request check: ` +
          `each submit replaces the pending request and restarts its wait. Check ${analysis.ws.source(site.file)?.facts.language === 'typescript' ? 'getPendingTaskRequestsWithCompletionHandler' : 'pendingTaskRequests()'} first, or submit when the app moves to the background.`,
        related: path.via.map((v) => ({ file: v.file, span: v.span, message: 'called on launch here' })),
        fixes: wrapFix(analysis, path, shown, site.file, submit.statementSpan, submit.ctx.fn),
      });
    }
  },
});

/** Wraps the launch-time statement in `getPendingTaskRequests { … }` when that is a safe, local edit. */
function wrapFix(analysis: Analysis, path: LaunchPath, id: string | undefined, submitFile: string, submitStatement: { start: number; end: number } | undefined, submitFn: number): Fix[] {
  if (!id || id.includes('$(')) return [];
  const first = path.via[0];
  if (first) {
    // A submit in an initializer is reached by creating the object (`X.shared.start()`): wrapping that
    // call would skip creating it whenever a request is pending, not just the submit.
    if (analysis.graph.functionAt(submitFile, submitFn)?.isInit) return [];
    // The wrapped call must not also lead to a registration: inside the callback it would run after
    // launch (or not at all while a request is pending), and iOS crashes the app either way.
    const same = (v: { file: string; span: { start: number; end: number } } | undefined) => !!v && v.file === first.file && v.span.start === first.span.start && v.span.end === first.span.end;
    const registers = analysis.registrations().some((r) => r.reg.kind === 'scheduler' && analysis.reach(r.file, r.reg.ctx, r.reg.span.start).launch.some((p) => same(p.via[0])));
    if (registers) return [];
  }
  const file = first ? first.file : submitFile;
  const sf = analysis.ws.source(file);
  if (!sf) return [];
  const stmt = first ? findStatement(analysis, file, first.span) : submitStatement;
  if (!stmt) return [];
  const text = sf.text.slice(stmt.start, stmt.end);
  const indent = sf.lines.indentationAt(stmt.start);
  const unit = sf.facts.indentUnit;
  const eol = sf.lines.eol;
  if (sf.facts.language === 'typescript') {
    // NativeScript: the same check through the bridged completion-handler API; `await` would not compile in the callback.
    if (/\bawait\b/.test(text) || text.includes('\n')) return [];
    const newText =
      `BGTaskScheduler.sharedScheduler.getPendingTaskRequestsWithCompletionHandler((requests) => {${eol}` +
      `${indent}${unit}for (let i = 0; i < requests.count; i++) {${eol}` +
      `${indent}${unit}${unit}if (requests.objectAtIndex(i).identifier === ${JSON.stringify(id)}) return;${eol}` +
      `${indent}${unit}}${eol}` +
      `${indent}${unit}${text}${eol}` +
      `${indent}});`;
    return [{ title: 'Submit only when no request is pending (wrap in getPendingTaskRequestsWithCompletionHandler)', edits: [{ file, span: stmt, newText }], safe: false }];
  }
  // Inside a non-throwing, non-async closure `try`/`await` would not compile; an implicit-self call would need `self.`.
  if (/\b(try|await)\b/.test(text) || /^[a-z_][A-Za-z0-9_]*\s*\(/.test(text) || text.includes('\n')) return [];
  const newText =
    `BGTaskScheduler.shared.getPendingTaskRequests { requests in${eol}` +
    `${indent}${unit}guard !requests.contains(where: { $0.identifier == ${JSON.stringify(id)} }) else { return }${eol}` +
    `${indent}${unit}${text}${eol}` +
    `${indent}}`;
  return [{ title: 'Submit only when no request is pending (wrap in getPendingTaskRequests)', edits: [{ file, span: stmt, newText }], safe: false }];
}

function findStatement(analysis: Analysis, file: string, callSpan: { start: number; end: number }): { start: number; end: number } | undefined {
  const sf = analysis.ws.source(file);
  for (const fn of sf?.facts.functions ?? []) for (const c of fn.calls) if (c.span.start === callSpan.start && c.span.end === callSpan.end) return c.statementSpan;
  return undefined;
}
