/** Flags UIBackgroundModes that lack `fetch`/`processing` for the tasks in use, and unknown mode strings. */
import type { AppScope } from '../analysis/model/workspace';
import { KNOWN_MODES } from '../analysis/model/backgroundModes';
import { MODES_KEY } from '../analysis/plist/infoPlist';
import { replaceString } from '../analysis/plist/plistEdits';
import type { Span } from '../analysis/text/lineIndex';
import { addToPlistFix, nearest, rel, where } from '../ruleSupport/helpers';
import { defineRule, type Fix, type RuleContext } from './types';

/** Kept here too: the language server imports the list from this file. */

interface Need {
  mode: 'fetch' | 'processing';
  why: string;
  file: string;
  span: Span;
}

export default defineRule({
  meta: {
    id: 'missing-background-mode',
    description: 'UIBackgroundModes lacks `fetch` for app-refresh tasks or `processing` for processing tasks, or holds a value iOS does not know.',
    defaultSeverity: 'error',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const reported = new Set<string>();
    for (const scope of analysis.scopes()) {
      if (scope.how === 'union') continue;
      for (const need of needs(ctx, scope)) {
        if (scope.generatedOnly) {
          // No Info.plist file: report once per mode at the first use, since there is no plist to point at.
          const key = `generated|${scope.name}|${need.mode}`;
          if (reported.has(key)) continue;
          reported.add(key);
          ctx.report({
            file: need.file,
            span: need.span,
            message: `${need.why}, but target ${scope.name} has only a generated Info.plist (GENERATE_INFOPLIST_FILE = YES, no INFOPLIST_FILE), which cannot hold ${MODES_KEY} "${need.mode}": submitting fails with BGTaskScheduler.Error.notPermitted. Add an Info.plist file to the target with ${MODES_KEY}.`,
          });
          continue;
        }
        const has = scope.plists.some((p) => p.plist.modes?.entries.some((e) => e.raw === need.mode));
        // A plist read with errors may hold the mode past the error (the read problem is reported on its own).
        const unreadable = scope.plists.some((p) => p.plist.problems.length > 0);
        if (has || unreadable || !scope.plists.length) continue;
        const doc = scope.plists[0];
        const key = `${doc.file}|${need.mode}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const at = doc.plist.modes?.keySpan ?? doc.plist.permitted?.keySpan ?? doc.plist.root?.openTag ?? doc.plist.anchor ?? { start: 0, end: 0 };
        // A misspelt entry that means this mode ("background-processing") is corrected rather than joined by a
        // second entry: the same edit as the unknown-value finding's fix, so fix-all applies it once.
        const fix = misspeltFix(scope, need.mode) ?? addToPlistFix(scope, MODES_KEY, need.mode, `Add "${need.mode}" to ${MODES_KEY}`);
        ctx.report({
          file: doc.file,
          span: at,
          message: `${MODES_KEY} in ${rel(analysis, doc.file)} lacks "${need.mode}", but ${need.why} (${where(analysis, need.file, need.span)}): submitting fails with BGTaskScheduler.Error.notPermitted.`,
          related: [{ file: need.file, span: need.span, message: need.why }],
          fixes: fix ? [fix] : [],
        });
      }
    }
    // Unknown values, once per plist entry.
    for (const doc of analysis.plists()) {
      for (const e of doc.plist.modes?.entries ?? []) {
        if (KNOWN_MODES.includes(e.raw) || e.raw.includes('$(')) continue;
        const suggestion = suggestMode(e.raw);
        const edit = suggestion ? replaceString(doc, e.span, suggestion) : undefined;
        ctx.report({
          file: doc.file,
          span: e.valueSpan,
          message: `"${e.raw}" is not a ${MODES_KEY} value iOS knows${suggestion ? `; did you mean "${suggestion}"?` : '.'}`,
          fixes: edit && suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ file: doc.file, ...edit }], safe: true, preferred: true }] : [],
        });
      }
    }
  },
});

/** The known mode an unknown UIBackgroundModes value most likely means. */
function suggestMode(raw: string): string | undefined {
  return /process/i.test(raw) ? 'processing' : /fetch|refresh/i.test(raw) ? 'fetch' : nearest(raw, KNOWN_MODES);
}

/** "Change … to <mode>" for an unknown entry of the scope's plists that stands for `mode`. */
function misspeltFix(scope: AppScope, mode: string): Fix | undefined {
  for (const doc of scope.plists) {
    for (const e of doc.plist.modes?.entries ?? []) {
      if (KNOWN_MODES.includes(e.raw) || e.raw.includes('$(') || suggestMode(e.raw) !== mode) continue;
      const edit = replaceString(doc, e.span, mode);
      if (edit) return { title: `Change "${e.raw}" to "${mode}"`, edits: [{ file: doc.file, ...edit }], safe: true, preferred: true };
    }
  }
  return undefined;
}

function needs(ctx: RuleContext, scope: AppScope): Need[] {
  const { analysis } = ctx;
  const out: Need[] = [];
  for (const site of analysis.requests()) {
    if (!site.scopes.includes(scope)) continue;
    const cls = site.req.cls;
    if (cls === 'BGAppRefreshTaskRequest') out.push({ mode: 'fetch', why: `${cls} is submitted`, file: site.file, span: site.req.span });
    else if (cls === 'BGProcessingTaskRequest' || cls === 'BGHealthResearchTaskRequest') out.push({ mode: 'processing', why: `${cls} is submitted`, file: site.file, span: site.req.span });
  }
  for (const site of analysis.registrations()) {
    if (!site.scopes.includes(scope)) continue;
    if (site.reg.kind === 'swiftui' && site.reg.swiftuiKind === 'appRefresh') out.push({ mode: 'fetch', why: '.backgroundTask(.appRefresh) is used', file: site.file, span: site.reg.span });
    if (site.reg.kind === 'swiftui' && site.reg.swiftuiKind === 'processingTask') out.push({ mode: 'processing', why: '.backgroundTask(.processingTask) is used', file: site.file, span: site.reg.span });
    const hc = analysis.handlerClass(site);
    if (hc?.cls === 'BGAppRefreshTask') out.push({ mode: 'fetch', why: 'a BGAppRefreshTask handler is registered', file: hc.file, span: hc.span });
    if (hc?.cls === 'BGProcessingTask' || hc?.cls === 'BGHealthResearchTask') out.push({ mode: 'processing', why: `a ${hc.cls} handler is registered`, file: hc.file, span: hc.span });
  }
  return out;
}
