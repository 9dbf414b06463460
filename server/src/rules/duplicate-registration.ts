/** Flags one identifier registered twice on the launch path: the second registration crashes the app. */
import type { RegSite, RuleAnalysis } from '../analysis/model/analysis';
import type { BranchStep } from '../analysis/model/facts';
import { where } from '../ruleSupport/helpers';
import { defineRule, type Fix, type RegistrationHow } from './types';

export default defineRule({
  meta: {
    id: 'duplicate-registration',
    description: 'The same task identifier is registered twice during launch (two register calls, or BGTaskScheduler plus SwiftUI .backgroundTask).',
    defaultSeverity: 'error',
    category: 'lifecycle',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const groups = new Map<string, RegSite[]>();
    for (const site of analysis.registrations()) {
      if (site.id.value === undefined) continue;
      const scopeKey = site.scopes.map((s) => s.name).sort().join('|');
      const key = `${scopeKey}#${analysis.display(site.id.value, site.scopes[0])}`;
      const g = groups.get(key) ?? [];
      g.push(site);
      groups.set(key, g);
    }
    for (const sites of groups.values()) {
      if (sites.length < 2) continue;
      const onLaunch = sites.filter((s) => s.reg.kind === 'swiftui' || analysis.reach(s.file, s.reg.ctx, s.reg.span.start).launch.length > 0);
      // Sites in the same function count even when launch is not known: that function registers twice.
      for (let i = 0; i < sites.length; i++) {
        for (let j = 0; j < i; j++) {
          const a = sites[j];
          const b = sites[i];
          const both = (onLaunch.includes(a) && onLaunch.includes(b)) || (a.file === b.file && a.reg.ctx.fn === b.reg.ctx.fn && a.reg.ctx.fn >= 0);
          if (!both || exclusive(analysis, a, b)) continue;
          // Report the SwiftUI one when mixed (it is the easier one to drop), else the later one.
          const [first, dup] = a.reg.kind === 'swiftui' && b.reg.kind !== 'swiftui' ? [b, a] : [a, b];
          const shown = analysis.display(dup.id.value!, dup.scopes[0]);
          const how = (s: RegSite): RegistrationHow => (s.reg.kind === 'swiftui' ? 'SwiftUI .backgroundTask' : 'BGTaskScheduler.register');
          const fixes: Fix[] = [];
          const st = dup.reg.statementSpan;
          // Remove the statement with its line (or the modifier with the whitespace before it).
          const removal = st ? analysis.removalSpan(dup.file, st, dup.reg.kind === 'swiftui' ? 'modifier' : 'statement') : undefined;
          if (removal) fixes.push({ title: `Remove this duplicate registration of "${shown}"`, edits: [{ file: dup.file, span: removal, newText: '' }], safe: false });
          ctx.report({
            file: dup.file,
            span: dup.reg.id.span,
            taskId: shown,
            message: `"${shown}" is registered twice during launch (${how(dup)} here, ${how(first)} at ${where(analysis, first.file, first.reg.id.span)}): iOS raises "Launch handler for task with identifier ${shown} has already been registered" and the app crashes.`,
            related: [{ file: first.file, span: first.reg.id.span, message: 'first registration' }],
            fixes,
            data: { kind: 'duplicate-registration', here: how(dup), first: how(first) },
          });
        }
      }
    }
  },
});

/**
 * Two sites in different arms of the same if/switch/#if never both run. Nor does a site in a
 * `guard … else { … }` block (which must leave the scope) with one that follows the guard.
 */
function exclusive(analysis: RuleAnalysis, a: RegSite, b: RegSite): boolean {
  if (a.file !== b.file) return false;
  const x = a.reg.ctx.branch;
  const y = b.reg.ctx.branch;
  if (x.some((s) => y.some((t) => t.at === s.at && t.arm !== s.arm))) return true;
  const elseThenAfter = (p: RegSite, q: RegSite) =>
    p.reg.ctx.fn === q.reg.ctx.fn &&
    q.reg.span.start > p.reg.span.start &&
    p.reg.ctx.branch.some((s: BranchStep) => s.arm === 1 && analysis.isGuardAt(p.file, s.at) && !q.reg.ctx.branch.some((t) => t.at === s.at));
  return elseThenAfter(a, b) || elseThenAfter(b, a);
}
