/** Flags handler paths that end without calling setTaskCompleted(success:). */
import type { MissingExit } from '../analysis/flow/handlerFlow';
import type { FileFacts } from '../analysis/model/facts';
import type { RuleAnalysis } from '../analysis/model/analysis';
import type { HandlerFact } from '../analysis/model/facts';
import type { Span } from '../analysis/text/lineIndex';
import { taskNameForFix, withEol } from '../ruleSupport/fixText';
import { handlerSites, idsOf } from '../ruleSupport/handlerSites';
import { defineRule, type Fix } from './types';

export default defineRule({
  meta: {
    id: 'missing-set-task-completed',
    description: 'A path through a task handler ends (return, end of closure, uncaught throw) without calling setTaskCompleted(success:).',
    defaultSeverity: 'error',
    category: 'handler',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const seen = new Set<string>();
    for (const site of handlerSites(analysis)) {
      // A function the task is handed to returns to its caller: its exits are findings only when the caller then
      // ends without completing, which the caller's own analysis reports (in the callee's file).
      if (site.handedOff) continue;
      const result = analysis.analyzeHandler(site.ref);
      for (const m of result.missing) {
        const file = m.file ?? site.ref.file;
        const sf = analysis.sourceFacts(file);
        const key = `${file}:${m.exit.span.start}`;
        if (seen.has(key) || !sf) continue;
        seen.add(key);
        const h = site.ref.handler;
        const what = m.exit.k === 'throws' ? 'An error thrown here ends the task' : m.exit.kind === 'end' ? 'This path reaches the end of the handler' : m.exit.kind === 'throw' ? 'This throw leaves the handler' : 'This return leaves the handler';
        const how = h.completionCall ?? 'setTaskCompleted(success:)';
        ctx.report({
          file,
          span: m.exit.span,
          taskId: site.regs[0]?.id.value !== undefined ? analysis.display(site.regs[0].id.value!, site.regs[0].scopes[0]) : undefined,
          message: h.standalone
            ? `${what} for ${idsOf(analysis, site)} without ${how.startsWith('return') ? how : `calling ${how}`}: the task is never reported finished, so it stays open until iOS ends it.`
            : `${what} for ${idsOf(analysis, site)} without calling ${how}: the task stays open until iOS kills the app for overrunning its time.`,
          fixes: completionFix(analysis, sf, m, h.fixStatement, file === site.ref.file ? h : undefined, site.regs.find((r) => r.file === file)?.reg.span),
        });
      }
    }
  },
});

/**
 * Inserts the completion call before the exit (or a `defer` for a throw), with the handler's own statement when it has
 * a template (`$TASK` for the task's name). `h` is the handler the exit belongs to when it
 * is in the same file (a `{ _ in … }` closure gets its task named by the same fix); `scope` is the registration around it.
 */
function completionFix(analysis: RuleAnalysis, sf: FileFacts, m: MissingExit, template: string | undefined, h: HandlerFact | undefined, scope: Span | undefined): Fix[] {
  if (m.taskName === '$0') return [];
  const eol = analysis.eolOf(sf.file);
  if (template) {
    if (m.exit.k === 'throws') return [];
    const call = template.split('$TASK').join(m.taskName);
    const p = m.exit.insert;
    const edits = [{ file: sf.file, span: { start: p.offset, end: p.offset }, newText: withEol(p.prefix + call + p.suffix, eol) }];
    if (p.wrapEnd !== undefined) edits.push({ file: sf.file, span: { start: p.wrapEnd, end: p.wrapEnd }, newText: ' }' });
    return [{ title: `Call ${call.replace(/;$/, '')} before leaving`, edits, safe: true, preferred: true }];
  }
  // The Swift call below is the only template without one: never write it into another language.
  if (sf.language !== 'swift') return [];
  const named = h ? taskNameForFix(analysis, sf.file, m.taskName, h.span, scope) : m.taskName === '_' ? undefined : { name: m.taskName, edits: [] };
  if (!named) return [];
  const call = `${named.name}.setTaskCompleted(success: false)`;
  if (m.exit.k === 'throws') {
    const p = m.deferAt;
    if (!p) return [];
    return [{ title: 'Complete the task when an error ends it (defer)', edits: [...named.edits, { file: sf.file, span: { start: p.offset, end: p.offset }, newText: withEol(`${p.prefix}defer { ${call} }${p.suffix}`, eol) }], safe: true, preferred: true }];
  }
  const p = m.exit.insert;
  return [{ title: `Call ${call} before leaving`, edits: [...named.edits, { file: sf.file, span: { start: p.offset, end: p.offset }, newText: withEol(p.prefix + call + p.suffix, eol) }], safe: true, preferred: true }];
}
