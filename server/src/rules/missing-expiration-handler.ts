/** Flags task handlers that never set `expirationHandler`, and expiration handlers that only log. */
import type { HandlerFact, Stmt } from '../analysis/model/facts';
import { isLogCall } from '../analysis/model/logging';
import type { RuleAnalysis } from '../analysis/model/analysis';
import type { Span } from '../analysis/text/lineIndex';
import { taskNameForFix, withEol } from '../ruleSupport/fixText';
import { handlerSites, idsOf } from '../ruleSupport/handlerSites';
import { defineRule, type Fix } from './types';

export default defineRule({
  meta: {
    id: 'missing-expiration-handler',
    description: 'A task handler never sets expirationHandler (or sets one that only logs), so the work is not stopped when time runs out.',
    defaultSeverity: 'warning',
    category: 'handler',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const reported = new Set<string>();
    for (const site of handlerSites(analysis)) {
      if (!site.root || site.ref.handler.expirationApplies === false) continue;
      const result = analysis.analyzeHandler(site.ref);
      const primary = analysis.primaryHandler(site.ref);
      const key = `${primary.file}#${primary.index}`;
      const known = site.ref.handler.expiration;
      const sets = known ? known === 'set' : result.setsExpiration;
      if (known === 'missing' && !reported.has(key)) {
        reported.add(key);
        ctx.report({
          file: primary.file,
          span: primary.handler.span,
          taskId: site.regs[0]?.id.value !== undefined ? analysis.display(site.regs[0].id.value!, site.regs[0].scopes[0]) : undefined,
          message: `BackgroundFetch.configure is called without an onTimeout callback: when iOS ends a background fetch early, nothing calls BackgroundFetch.finish(taskId) for it. Pass a third argument that finishes the task.`,
        });
        continue;
      }
      const facts = analysis.sourceFacts(primary.file);
      // NativeScript spells the completion through its bridge.
      const complete = facts?.language === 'typescript' ? 'task.setTaskCompletedWithSuccess(false)' : facts?.language === 'objc' ? '[task setTaskCompletedWithSuccess:NO]' : 'setTaskCompleted(success: false)';
      // A handler that only logs and completes at once has no work for an expiration handler to stop.
      if (!sets && !reported.has(key) && result.missing.length === 0 && completesAtOnce(primary.handler.body)) continue;
      if (!sets && !reported.has(key)) {
        reported.add(key);
        ctx.report({
          file: primary.file,
          span: primary.handler.span,
          taskId: site.regs[0]?.id.value !== undefined ? analysis.display(site.regs[0].id.value!, site.regs[0].scopes[0]) : undefined,
          message: `The handler for ${idsOf(analysis, site)} never sets expirationHandler: when iOS ends the task early, the work keeps running and the task is marked failed. Cancel the work and call ${complete} in an expiration handler.`,
          fixes: facts ? skeletonFix(analysis, primary.file, primary.handler, site.regs.find((r) => r.file === primary.file)?.reg.span) : [],
        });
      }
      for (const exp of result.lateExpirations) {
        const k = `${site.ref.file}:${exp.span.start}`;
        if (reported.has(k)) continue;
        reported.add(k);
        ctx.report({
          file: site.ref.file,
          span: exp.span,
          message: `The expiration handler for ${idsOf(analysis, site)} is set only after the task was completed: it protects nothing. Set it first, before the work starts.`,
        });
      }
      for (const exp of result.loggingOnlyExpirations) {
        const file = exp.file ?? site.ref.file;
        const k = `${file}:${exp.span.start}`;
        if (reported.has(k)) continue;
        reported.add(k);
        ctx.report({
          file,
          span: exp.span,
          severity: 'info',
          message: exp.onlyLogs
            ? `The expiration handler for ${idsOf(analysis, site)} only logs: it should stop the work (cancel its Task or operations) and call ${complete}.`
            : `The expiration handler for ${idsOf(analysis, site)} neither stops the work nor completes the task (what it cancels or sets is used nowhere else): it is as good as none. Cancel the work the handler started and call ${complete}.`,
        });
      }
    }
  },
});

/** The body does nothing but log, branch and complete: no work starts, nothing is awaited, handed on or stored. */
function completesAtOnce(body: Stmt[]): boolean {
  return body.length > 0 && body.some((s) => s.k === 'complete' || s.k === 'if') && body.every((s) => {
    if (s.k === 'complete' || s.k === 'exit') return true;
    if (s.k === 'call') return isLogCall(s.name);
    if (s.k === 'if') return s.arms.every((arm) => arm.every((x) => x.k === 'complete' || x.k === 'exit' || (x.k === 'call' && isLogCall(x.name))));
    return false;
  });
}

/**
 * Inserts an expiration handler that cancels the work cooperatively and completes:
 * - with `let work = Task { … }` in the handler: `work.cancel()`;
 * - with a bare `Task { … }` statement: names it `work` first;
 * - with an OperationQueue: `cancelAllOperations()`;
 * - otherwise a commented skeleton that still completes the task.
 */
export function skeletonFix(analysis: RuleAnalysis, file: string, h: HandlerFact, scope?: Span): Fix[] {
  const facts = analysis.sourceFacts(file);
  if (!facts) return [];
  if (facts.language === 'typescript') return tsSkeletonFix(analysis, file, h);
  if (facts.language === 'objc') return objcSkeletonFix(analysis, file, h);
  const unit = facts.indentUnit;
  const eol = analysis.eolOf(file);
  const named = h.expirationTaskName === '$0' ? undefined : taskNameForFix(analysis, file, h.expirationTaskName, h.span, scope);
  if (!named) return [];
  const t = named.name;
  const rename = named.edits;
  const block = (indent: string, cancel: string) =>
    [`${t}.expirationHandler = {`, `${indent}${unit}${cancel}`, `${indent}${unit}${t}.setTaskCompleted(success: false)`, `${indent}}`].join(eol);
  if (h.cancellable) {
    const c = h.cancellable;
    const cancel = c.kind === 'task' ? `${c.name}.cancel()` : `${c.name}.cancelAllOperations()`;
    return [{ title: `Add an expirationHandler that cancels ${c.name} and completes the task`, edits: [...rename, { file, span: { start: c.end, end: c.end }, newText: eol + c.indent + block(c.indent, cancel) }], safe: true, preferred: true }];
  }
  if (h.unnamedTask) {
    const u = h.unnamedTask;
    return [
      {
        title: 'Name the Task and add an expirationHandler that cancels it and completes the task',
        edits: [
          ...rename,
          { file, span: { start: u.offset, end: u.offset }, newText: 'let work = ' },
          { file, span: { start: u.end, end: u.end }, newText: eol + u.indent + block(u.indent, 'work.cancel()') },
        ],
        safe: true,
        preferred: true,
      },
    ];
  }
  const p = h.expirationInsert;
  const text = block(p.indent, '// Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.');
  return [{ title: 'Add an expirationHandler that completes the task', edits: [...rename, { file, span: { start: p.offset, end: p.offset }, newText: withEol(p.prefix, eol) + text + withEol(p.suffix, eol) }], safe: true, preferred: true }];
}

/** Objective-C: `task.expirationHandler = ^{ …; [task setTaskCompletedWithSuccess:NO]; };` */
function objcSkeletonFix(analysis: RuleAnalysis, file: string, h: HandlerFact): Fix[] {
  const t = h.expirationTaskName;
  if (!h.fixStatement?.includes('setTaskCompletedWithSuccess:') || !/^[A-Za-z_]\w*$/.test(t)) return [];
  const unit = analysis.sourceFacts(file)?.indentUnit ?? '    ';
  const eol = analysis.eolOf(file);
  const p = h.expirationInsert;
  const text = [`${t}.expirationHandler = ^{`, `${p.indent}${unit}// Stop the work in progress here so it ends cooperatively.`, `${p.indent}${unit}[${t} setTaskCompletedWithSuccess:NO];`, `${p.indent}};`].join(eol);
  return [{ title: 'Add an expirationHandler that completes the task', edits: [{ file, span: { start: p.offset, end: p.offset }, newText: withEol(p.prefix + text + p.suffix, eol) }], safe: true, preferred: true }];
}

/** NativeScript: `task.expirationHandler = () => { …; task.setTaskCompletedWithSuccess(false); };` */
function tsSkeletonFix(analysis: RuleAnalysis, file: string, h: HandlerFact): Fix[] {
  const t = h.expirationTaskName;
  if (!h.fixStatement?.includes('setTaskCompletedWithSuccess') || !/^[A-Za-z_$][\w$]*$/.test(t)) return [];
  const unit = analysis.sourceFacts(file)?.indentUnit ?? '    ';
  const eol = analysis.eolOf(file);
  const p = h.expirationInsert;
  const text = [`${t}.expirationHandler = () => {`, `${p.indent}${unit}// Stop the work in progress here so it ends cooperatively.`, `${p.indent}${unit}${t}.setTaskCompletedWithSuccess(false);`, `${p.indent}};`].join(eol);
  return [{ title: 'Add an expirationHandler that completes the task', edits: [{ file, span: { start: p.offset, end: p.offset }, newText: withEol(p.prefix + text + p.suffix, eol) }], safe: true, preferred: true }];
}
