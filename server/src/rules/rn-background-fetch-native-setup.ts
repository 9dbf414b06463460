/**
 * Flags a React Native app that uses react-native-background-fetch's JavaScript API while its iOS app delegate never
 * calls `[[TSBackgroundFetch sharedInstance] didFinishLaunching]` (Swift: `TSBackgroundFetch.sharedInstance()
 * .didFinishLaunching()`): that call is where the library registers its BGTaskScheduler launch handlers.
 */
import type { RuleAnalysis } from '../analysis/model/analysis';
import type { CallFact, FileFacts, FunctionFact } from '../analysis/model/facts';
import type { AppScope } from '../analysis/model/workspace';
import { expoAppJson, rel } from '../ruleSupport/helpers';
import { withEol } from '../ruleSupport/fixText';
import { defineRule, type Fix } from './types';

const OBJC_CALL = '[[TSBackgroundFetch sharedInstance] didFinishLaunching];';
const OBJC_IMPORT = '#import <TSBackgroundFetch/TSBackgroundFetch.h>';

export default defineRule({
  meta: {
    id: 'rn-background-fetch-native-setup',
    description: "The app uses react-native-background-fetch, but its AppDelegate never calls TSBackgroundFetch's didFinishLaunching, so the library registers no launch handlers.",
    defaultSeverity: 'error',
    category: 'lifecycle',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const reported = new Set<string>();
    // `configure` (which registers and submits the fetch) and `scheduleTask` (which submits a task) both need the setup.
    const uses = [
      ...analysis.registrations().filter((r) => r.reg.library === 'rnbf').map((r) => ({ file: r.file, scopes: r.scopes, span: r.reg.span })),
      ...analysis.requests().filter((r) => r.req.library === 'rnbf').map((r) => ({ file: r.file, scopes: r.scopes, span: r.req.span })),
    ];
    for (const use of uses) {
      const lib = analysis.factsOf(use.file)?.library;
      // Expo's config plugin writes the call into the AppDelegate at prebuild; 2.x predates BGTaskScheduler (no such call).
      if (lib?.rnbfExpoPlugin || (lib?.rnbfVersion && lib.rnbfVersion[0] < 3)) continue;
      // A managed Expo app (its Info.plist is app.json) has no AppDelegate of its own to check.
      if (!use.scopes.length || use.scopes.some((s) => expoAppJson(s))) continue;
      const scopes = new Set<AppScope>(use.scopes);
      const native = analysis.files().filter((f) => (f.language === 'objc' || f.language === 'swift') && analysis.scopesOf(f.file).some((s) => scopes.has(s)));
      const delegates = native.flatMap((f) => f.functions.filter(isDidFinishLaunching).map((fn) => ({ facts: f, fn })));
      if (!delegates.length) continue;
      // The call anywhere in the app's native code (a setup helper the delegate calls), or in code no target claims.
      const unscoped = analysis.files().filter((f) => (f.language === 'objc' || f.language === 'swift') && !analysis.scopesOf(f.file).length);
      if ([...native, ...unscoped].some((f) => f.functions.some((fn) => fn.calls.some(isSetupCall)))) continue;
      for (const d of delegates) {
        const key = `${d.facts.file}:${d.fn.nameSpan.start}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const swift = d.facts.language === 'swift';
        const call = swift ? 'TSBackgroundFetch.sharedInstance().didFinishLaunching()' : OBJC_CALL.replace(/;$/, '');
        ctx.report({
          file: d.facts.file,
          span: d.fn.nameSpan,
          message:
            `react-native-background-fetch is used (${rel(analysis, use.file)}), but ${d.fn.roleLabel ?? 'the app delegate'} never calls ${call}: that call is where the library registers its BGTaskScheduler launch handlers (com.transistorsoft.fetch and the permitted scheduleTask ids), so no background fetch or scheduled task is ever delivered to the app. ` +
            `Call it in ${d.fn.roleLabel ?? 'application:didFinishLaunchingWithOptions:'} before launch finishes${swift ? ' (and import TSBackgroundFetch)' : ''}.`,
          related: [{ file: use.file, span: use.span, message: 'react-native-background-fetch is used here' }],
          fixes: swift ? [] : objcFix(analysis, d.facts, d.fn),
        });
      }
    }
  },
});

function isDidFinishLaunching(fn: FunctionFact): boolean {
  return fn.role === 'launch' && fn.name === 'application' && fn.labels.includes('didFinishLaunchingWithOptions');
}

/**
 * `didFinishLaunching` (3.0.1 and later) or 3.0.0's `registerAppRefreshTask`, sent to TSBackgroundFetch's singleton
 * (`[TSBackgroundFetch sharedInstance]`, `TSBackgroundFetch.sharedInstance()`) or to a variable holding it.
 */
function isSetupCall(c: CallFact): boolean {
  if (c.labels.length !== 0 || (c.name !== 'didFinishLaunching' && c.name !== 'registerAppRefreshTask')) return false;
  const r = c.receiver ?? '';
  return /TSBackgroundFetch/.test(r) || /^[a-z_]\w*$/.test(r);
}

/** Inserts the call first in the method's body, and the header import after the file's last unconditional import. */
function objcFix(analysis: RuleAnalysis, facts: FileFacts, fn: FunctionFact): Fix[] {
  const file = facts.file;
  const eol = analysis.eolOf(file);
  const open = analysis.textSlice(file, { start: fn.bodySpan.start, end: fn.bodySpan.start + 1 });
  if (open !== '{') return [];
  const indent = analysis.indentationAt(file, fn.bodySpan.start) + facts.indentUnit;
  const edits = [{ file, span: { start: fn.bodySpan.start + 1, end: fn.bodySpan.start + 1 }, newText: withEol(`\n${indent}${OBJC_CALL}`, eol) }];
  const imports = facts.imports ?? [];
  if (!imports.some((i) => /(^|\/)TSBackgroundFetch(\.h)?$|^TSBackgroundFetch\//.test(i.path))) {
    // Outside any #if block: an import under `#if DEBUG` breaks archiving (the library's own setup notes).
    const after = [...imports].reverse().find((i) => !i.conditional);
    if (!after) edits.push({ file, span: { start: 0, end: 0 }, newText: withEol(`${OBJC_IMPORT}\n`, eol) });
    else {
      const endsLine = analysis.textSlice(file, { start: after.span.end - 1, end: after.span.end }) === '\n';
      edits.push({ file, span: { start: after.span.end, end: after.span.end }, newText: withEol(endsLine ? `${OBJC_IMPORT}\n` : `\n${OBJC_IMPORT}`, eol) });
    }
  }
  return [{ title: 'Call [[TSBackgroundFetch sharedInstance] didFinishLaunching] at launch', edits, safe: false, preferred: true }];
}
