/** Flags a submit that runs on every launch without first checking for a pending request. */
import type { LaunchPath } from '../analysis/model/callGraph';
import { where } from '../ruleSupport/helpers';
import { defineRule, type Fix } from './types';
import type { RuleAnalysis as Analysis } from '../analysis/model/analysis';

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
      const launchPath = reach.launch.find((p) => !p.guarded);
      // Code that runs after launch but on every cold start (scene connection, the root view appearing) replaces the
      // pending request just the same; it gets the message, not the launch-time fixes.
      const path = launchPath ?? reach.coldStart.find((p) => !p.guarded);
      if (!path) continue;
      const coldOnly = !launchPath;
      const shown = site.id.value !== undefined ? analysis.display(site.id.value, site.scopes[0]) : undefined;
      const chain = path.via.map((v) => where(analysis, v.file, v.span));
      ctx.report({
        file: site.file,
        span: site.req.id.span,
        taskId: shown,
        message:
          `${shown ? `"${shown}"` : 'This request'} is submitted on every launch (from ${path.root}${coldOnly ? ', which runs on every cold start' : ''}${chain.length ? ` via ${chain.join(' → ')}` : ''}${path.deferred ? ', in a Task started there' : ''}) without a pending-request check: ` +
          `each submit replaces the pending request and restarts its wait. Check ${analysis.sourceFacts(site.file)?.language === 'typescript' ? 'getPendingTaskRequestsWithCompletionHandler' : 'pendingTaskRequests()'} first, or submit when the app moves to the background.`,
        related: path.via.map((v) => ({ file: v.file, span: v.span, message: 'called on launch here' })),
        fixes: coldOnly ? [] : [...moveFix(analysis, path, site.file, submit.ctx.fn), ...wrapFix(analysis, path, shown, site.file, submit.statementSpan, submit.ctx.fn)],
      });
    }
  },
});

/** Whether moving or wrapping the launch-time call `path.via[0]` is safe: it must not create an object or lead to a registration. */
function launchCallMovable(analysis: Analysis, path: LaunchPath, submitFile: string, submitFn: number): boolean {
  const first = path.via[0];
  if (!first) return true;
  // A submit in an initializer is reached by creating the object (`X.shared.start()`): wrapping that
  // call would skip creating it whenever a request is pending, not just the submit.
  if (analysis.functionAt(submitFile, submitFn)?.isInit) return false;
  // The wrapped call must not also lead to a registration: inside the callback it would run after
  // launch (or not at all while a request is pending), and iOS crashes the app either way.
  const same = (v: { file: string; span: { start: number; end: number } } | undefined) => !!v && v.file === first.file && v.span.start === first.span.start && v.span.end === first.span.end;
  return !analysis.registrations().some((r) => r.reg.kind === 'scheduler' && analysis.reach(r.file, r.reg.ctx, r.reg.span.start).launch.some((p) => same(p.via[0])));
}

/**
 * Moves a launch-time call that schedules (`DatabaseMaintenance.shared.scheduleCleanup()`) to where the app moves to
 * the background: the `.background` arm of the app's `.onChange(of: scenePhase)`, else `sceneDidEnterBackground(_:)`,
 * else `applicationDidEnterBackground(_:)` — Apple's recommended place to submit. Only calls that compile there move:
 * a call through a type (`Type.shared.method()`), or an implicit-self call when the target is in the same type.
 */
function moveFix(analysis: Analysis, path: LaunchPath, submitFile: string, submitFn: number): Fix[] {
  const first = path.via[0];
  if (!first || path.deferred || !launchCallMovable(analysis, path, submitFile, submitFn)) return [];
  const facts = analysis.sourceFacts(first.file);
  const stmtSpan = findStatement(analysis, first.file, first.span);
  const stmt = stmtSpan && analysis.statement(first.file, stmtSpan);
  if (!facts || facts.language !== 'swift' || !stmt) return [];
  const text = stmt.trimmed;
  const throughType = stmt.typeCall;
  if (!throughType && !stmt.selfCall) return [];
  const launchOwner = facts.functions.find((f) => f.bodySpan.start <= first.span.start && first.span.end <= f.bodySpan.end)?.owner;
  const spots = analysis.backgroundSpots(first.file);
  const usable = spots.filter((s) => throughType || (s.owner !== undefined && s.owner === launchOwner));
  const kind = (['scene-phase', 'scene-delegate', 'app-delegate'] as const).find((k) => usable.some((s) => s.kind === k));
  const candidates = usable.filter((s) => s.kind === kind);
  // Two places of the preferred kind (two scenes, two App types): no way to tell which one is meant.
  if (candidates.length !== 1) return [];
  const spot = candidates[0];
  // Remove the call's whole line when it stands alone on it.
  const removal = analysis.removalSpan(first.file, stmt.span, 'line-if-alone') ?? stmt.span;
  const edits = [{ file: first.file, span: removal, newText: '' }];
  // The background spot may already make the call: then only the launch-time one goes.
  if (!spot.body.split('\n').some((l) => l.trim() === text)) edits.push({ file: spot.file, span: { start: spot.offset, end: spot.offset }, newText: `${analysis.eolOf(spot.file)}${spot.indent}${text}` });
  return [{ title: `Move ${text} to ${spot.label} (submit when the app moves to the background)`, edits, safe: false }];
}

/** Wraps the launch-time statement in `getPendingTaskRequests { … }` when that is a safe, local edit. */
function wrapFix(analysis: Analysis, path: LaunchPath, id: string | undefined, submitFile: string, submitStatement: { start: number; end: number } | undefined, submitFn: number): Fix[] {
  if (!id || id.includes('$(')) return [];
  const first = path.via[0];
  if (!launchCallMovable(analysis, path, submitFile, submitFn)) return [];
  const file = first ? first.file : submitFile;
  const facts = analysis.sourceFacts(file);
  // Objective-C: a statement moved into a completion block may not compile there (`&error` on a captured local), so
  // no wrap is offered rather than a Swift one or a broken one.
  if (!facts || facts.language === 'objc') return [];
  const stmtSpan = first ? findStatement(analysis, file, first.span) : submitStatement;
  const stmt = stmtSpan && analysis.statement(file, stmtSpan);
  if (!stmtSpan || !stmt) return [];
  const text = stmt.text;
  const indent = analysis.indentationAt(file, stmtSpan.start);
  const unit = facts.indentUnit;
  const eol = analysis.eolOf(file);
  if (facts.language === 'typescript') {
    // NativeScript: the same check through the bridged completion-handler API; `await` would not compile in the callback.
    if (stmt.hasAwait || stmt.multiline) return [];
    const newText =
      `BGTaskScheduler.sharedScheduler.getPendingTaskRequestsWithCompletionHandler((requests) => {${eol}` +
      `${indent}${unit}for (let i = 0; i < requests.count; i++) {${eol}` +
      `${indent}${unit}${unit}if (requests.objectAtIndex(i).identifier === ${JSON.stringify(id)}) return;${eol}` +
      `${indent}${unit}}${eol}` +
      `${indent}${unit}${text}${eol}` +
      `${indent}});`;
    return [{ title: 'Submit only when no request is pending (wrap in getPendingTaskRequestsWithCompletionHandler)', edits: [{ file, span: stmtSpan, newText }], safe: false }];
  }
  // Inside a non-throwing, non-async closure `try`/`await` would not compile; an implicit-self call would need `self.`.
  if (stmt.hasTry || stmt.hasAwait || stmt.startsWithBareCall || stmt.multiline) return [];
  const newText =
    `BGTaskScheduler.shared.getPendingTaskRequests { requests in${eol}` +
    `${indent}${unit}guard !requests.contains(where: { $0.identifier == ${JSON.stringify(id)} }) else { return }${eol}` +
    `${indent}${unit}${text}${eol}` +
    `${indent}}`;
  return [{ title: 'Submit only when no request is pending (wrap in getPendingTaskRequests)', edits: [{ file, span: stmtSpan, newText }], safe: false }];
}

function findStatement(analysis: Analysis, file: string, callSpan: { start: number; end: number }): { start: number; end: number } | undefined {
  return analysis.callAt(file, callSpan)?.statementSpan;
}
