/** Flags handler paths that end without calling setTaskCompleted(success:). */
import type { MissingExit } from '../analysis/flow/handlerFlow';
import type { SourceFile } from '../analysis/model/workspace';
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
        const sf = analysis.ws.source(file);
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
          fixes: completionFix(sf, m, h.fixStatement),
        });
      }
    }
  },
});

function completionFix(sf: SourceFile, m: MissingExit, template?: string): Fix[] {
  if (m.taskName === '$0') return [];
  if (template) {
    if (m.exit.k === 'throws') return [];
    const call = template.split('$TASK').join(m.taskName);
    const p = m.exit.insert;
    const edits = [{ file: sf.file, span: { start: p.offset, end: p.offset }, newText: p.prefix + call + p.suffix }];
    if (p.wrapEnd !== undefined) edits.push({ file: sf.file, span: { start: p.wrapEnd, end: p.wrapEnd }, newText: ' }' });
    return [{ title: `Call ${call.replace(/;$/, '')} before leaving`, edits, safe: true, preferred: true }];
  }
  // The Swift call below is the only template without one: never write it into another language.
  if (sf.facts.language !== 'swift') return [];
  const call = `${m.taskName}.setTaskCompleted(success: false)`;
  if (m.exit.k === 'throws') {
    const p = m.deferAt;
    if (!p) return [];
    return [{ title: 'Complete the task when an error ends it (defer)', edits: [{ file: sf.file, span: { start: p.offset, end: p.offset }, newText: `${p.prefix}defer { ${call} }${p.suffix}` }], safe: true, preferred: true }];
  }
  const p = m.exit.insert;
  return [{ title: `Call ${call} before leaving`, edits: [{ file: sf.file, span: { start: p.offset, end: p.offset }, newText: p.prefix + call + p.suffix }], safe: true, preferred: true }];
}
