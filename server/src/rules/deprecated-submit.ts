/**
 * Flags `submit(_:)` in apps whose deployment target is iOS 27 or later, where it is deprecated in favour of
 * `submitTaskRequest(_:completionHandler:)` / `try await submitTaskRequest(_:)`. Offers the async form where the call
 * sits directly in an async function that does not run on the main actor (Apple's header says not to call the new
 * method from the main thread).
 */
import type { Fix } from '../analysis/model/edits';
import { deploymentTarget } from '../ruleSupport/deployment';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'deprecated-submit',
    description: 'BGTaskScheduler.submit(_:) is used in a target whose deployment target is iOS 27 or later, where it is deprecated in favour of submitTaskRequest.',
    defaultSeverity: 'info',
    category: 'scheduling',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const site of analysis.requests()) {
      const submit = site.req.submit;
      if (!submit || submit.form !== 'submit' || site.req.library) continue;
      const facts = analysis.sourceFacts(site.file);
      if (facts?.language !== 'swift') continue;
      const targets = site.scopes.map((s) => ({ scope: s, version: deploymentTarget(s) }));
      if (!targets.length || targets.some((t) => !t.version || t.version[0] < 27)) continue;
      const t = targets[0];
      const fn = submit.ctx.fn >= 0 ? analysis.functionAt(site.file, submit.ctx.fn) : undefined;
      const fixes: Fix[] = [];
      // `try await` is right only directly in an async function off the main actor (not in a closure inside it).
      if (fn?.isAsync && !fn.mainActor && submit.ctx.closures.length === 0 && submit.nameSpan && submit.trySpan) {
        const tryText = analysis.textSlice(site.file, submit.trySpan);
        const call = analysis.textSlice(site.file, submit.span);
        const keyword = tryText ? /^try\s*[?!]?/.exec(tryText)?.[0] : undefined;
        if (tryText && call && keyword && tryText.endsWith(call) && !/\bawait\b/.test(tryText.slice(keyword.length, tryText.length - call.length))) {
          const at = submit.nameSpan.start - submit.span.start;
          const renamed = call.slice(0, at) + 'submitTaskRequest' + call.slice(at + 'submit'.length);
          fixes.push({
            title: `Use ${keyword.replace(/\s+/g, '')} await submitTaskRequest(_:) (iOS 27)`,
            edits: [{ file: site.file, span: submit.trySpan, newText: `${keyword.replace(/\s+/g, '')} await ${renamed}` }],
            safe: false,
            preferred: true,
          });
        }
      }
      ctx.report({
        file: site.file,
        span: submit.span,
        message: `submit(_:) is deprecated from iOS 27, and target ${t.scope.name} supports iOS ${t.version![0]}.${t.version![1]} and later: use try await submitTaskRequest(_:) or submitTaskRequest(_:completionHandler:). The new call returns before the request is accepted, its handler may run later on any queue, and Apple's header says not to call it from the main thread, so call it from an async function or a background queue.`,
        fixes,
      });
    }
  },
});
