/** Flags task identifiers that the governing Info.plist does not permit (or a plist with no permitted list at all). */
import type { AppScope } from '../analysis/model/workspace';
import { PERMITTED_KEY } from '../analysis/plist/infoPlist';
import type { IdUse } from '../analysis/model/facts';
import type { RuleAnalysis as Analysis } from '../analysis/model/analysis';
import { hasBundleToken, withBundleId, type ResolvedId } from '../analysis/model/resolve';
import { addToPlistFix, expoAppJson, nearest, plistSpelling, rel, scopeLabel } from '../ruleSupport/helpers';
import { addExpoPlugin } from '../analysis/typescript/jsonEdits';
import { defineRule, type Fix, type RuleContext } from './types';

export default defineRule({
  meta: {
    id: 'unpermitted-identifier',
    description: 'A registered or submitted task identifier is missing from BGTaskSchedulerPermittedIdentifiers in the governing Info.plist.',
    defaultSeverity: 'error',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const libraryIds = new Set<string>();
    // A Capacitor runner's label both registers and (with autoStart) submits at the same place: one finding there.
    const checked = new Set<string>();
    for (const site of analysis.registrations()) {
      if (site.reg.reportAtPlist) {
        if (site.id.value !== undefined) libraryIds.add(site.id.value);
        checkLibraryId(ctx, site.id.value, site.scopes, site.reg.library === 'expo' ? 'expo-background-task' : 'react-native-background-fetch', site);
        continue;
      }
      checked.add(`${site.file}:${site.reg.id.span.start}:${site.reg.id.span.end}`);
      checkUse(ctx, site.file, site.reg.id, site.id, site.scopes, site.reg.kind === 'swiftui' ? 'registered with .backgroundTask' : site.reg.kind === 'library' ? 'registered by the library' : 'registered');
    }
    for (const site of analysis.requests()) {
      // The library's own identifiers are reported once, at the plist (above).
      if (site.req.library && site.id.value !== undefined && libraryIds.has(site.id.value)) continue;
      if (checked.has(`${site.file}:${site.req.id.span.start}:${site.req.id.span.end}`)) continue;
      checkUse(ctx, site.file, site.req.id, site.id, site.scopes, 'submitted');
    }
  },
});

const reportedLibrary = new WeakMap<RuleContext, Set<string>>();

/** A library registers and submits its own identifier: if the plist does not permit it, say so at the plist. */
function checkLibraryId(ctx: RuleContext, value: string | undefined, scopes: AppScope[], library: string, site: { file: string; reg: { span: { start: number; end: number } } }): void {
  const { analysis } = ctx;
  if (value === undefined) return;
  let done = reportedLibrary.get(ctx);
  if (!done) reportedLibrary.set(ctx, (done = new Set()));
  for (const scope of scopes) {
    const status = analysis.permitted(scope, value);
    if (status.status !== 'not-permitted' && status.status !== 'no-key') continue;
    const doc = scope.plists[0];
    if (!doc || done.has(`${doc.file}|${value}`)) continue;
    done.add(`${doc.file}|${value}`);
    const at = doc.plist.permitted?.keySpan ?? doc.plist.root?.openTag ?? doc.plist.anchor ?? { start: 0, end: 0 };
    const app = expoAppJson(scope);
    if (app && library === 'expo-background-task') {
      // Managed Expo: the expo-background-task config plugin writes the identifier (and the processing mode) at prebuild.
      const edit = addExpoPlugin(app.text, 'expo-background-task');
      ctx.report({
        file: app.file,
        span: at,
        taskId: value,
        message: `${rel(analysis, app.file)} does not list the expo-background-task config plugin in expo.plugins, so prebuild never adds "${value}" to ${PERMITTED_KEY} (or "processing" to UIBackgroundModes) and the app's background tasks (${rel(analysis, site.file)}) never run. Add "expo-background-task" to expo.plugins.`,
        related: [{ file: site.file, span: site.reg.span, message: `${library} is used here` }],
        fixes: edit ? [{ title: 'Add "expo-background-task" to expo.plugins', edits: [{ file: app.file, ...edit }], safe: true, preferred: true }] : [],
      });
      continue;
    }
    const fix = addToPlistFix(scope, PERMITTED_KEY, value, `Add "${value}" to ${PERMITTED_KEY}`);
    ctx.report({
      file: doc.file,
      span: at,
      taskId: value,
      message: `${scopeLabel(analysis, scope)} does not permit "${value}", which ${library} registers and submits for this app (${rel(analysis, site.file)}): its background task never runs. Add it to ${PERMITTED_KEY}.`,
      related: [{ file: site.file, span: site.reg.span, message: `${library} is used here` }],
      fixes: fix ? [fix] : [],
    });
  }
}

function checkUse(ctx: RuleContext, file: string, use: IdUse, id: ResolvedId, scopes: AppScope[], verb: string): void {
  const { analysis } = ctx;
  const value = id.value;
  if (value === undefined) return;
  for (const scope of scopes) {
    const status = analysis.permitted(scope, value);
    // The bundle ids of the configurations that fail: the id is shown, and added, as those configurations see it.
    const failing = status.status === 'not-permitted' && status.configurations ? scope.bundleIds.filter((b) => status.configurations!.includes(`${b.configuration} (${b.bundleId})`)) : scope.bundleIds;
    const shown = failing.length ? withBundleId(value, failing[0].bundleId) : analysis.display(value, scope);
    const spelled = spellingFor(analysis, scope, value, failing.map((b) => b.bundleId));
    if (status.status === 'no-key') {
      const fix = addToPlistFix(scope, PERMITTED_KEY, spelled, `Add "${spelled}" to ${PERMITTED_KEY}`);
      ctx.report({
        file,
        span: use.span,
        taskId: shown,
        message: `"${shown}" is ${verb} here, but ${scopeLabel(analysis, scope)} has no ${PERMITTED_KEY} key: register(…) returns false and submit(_:) fails with BGTaskScheduler.Error.notPermitted.`,
        fixes: fix ? [fix] : [],
      });
      continue;
    }
    if (status.status === 'generated-only') {
      ctx.report({
        file,
        span: use.span,
        taskId: shown,
        message: `"${shown}" is ${verb} here, but target ${scope.name} has only a generated Info.plist (GENERATE_INFOPLIST_FILE = YES, no INFOPLIST_FILE), which cannot hold ${PERMITTED_KEY}: register(…) returns false and submit(_:) fails with BGTaskScheduler.Error.notPermitted. Add an Info.plist file to the target (INFOPLIST_FILE) with the key.`,
      });
      continue;
    }
    if (status.status !== 'not-permitted') continue;
    const entries = analysis.permittedEntries(scope).filter((e) => !e.wildcard && !e.unresolved.length);
    const suggestion = nearest(shown, entries.map((e) => analysis.display(e.value, scope)));
    const fixes: Fix[] = [];
    const add = addToPlistFix(scope, PERMITTED_KEY, spelled, `Add "${spelled}" to ${PERMITTED_KEY}`);
    if (add) fixes.push(add);
    if (suggestion) {
      // Replace the literal in code: at the use itself, or in the single constant it comes from.
      const literal = use.literalSpan ? { file, span: use.literalSpan } : id.via.length === 1 && id.via[0].constant.literalSpan ? { file: id.via[0].file, span: id.via[0].constant.literalSpan } : undefined;
      const literalText = literal ? analysis.textSlice(literal.file, literal.span) : undefined;
      if (literal && literalText === shown) fixes.push({ title: `Change to "${suggestion}"`, edits: [{ file: literal.file, span: literal.span, newText: suggestion }], safe: false });
    }
    const where = status.partial && status.configurations ? ` in configuration ${status.configurations.join(', ')}` : '';
    ctx.report({
      file,
      span: use.span,
      taskId: shown,
      severity: status.partial ? 'warning' : undefined,
      message:
        `"${shown}" is ${verb} here but is not in ${PERMITTED_KEY} of ${scopeLabel(analysis, scope)}${where}: register(…) returns false and submit(_:) fails with BGTaskScheduler.Error.notPermitted.` +
        (suggestion ? ` Did you mean "${suggestion}"?` : ''),
      fixes,
    });
  }
}

/**
 * How to write `value` into the plist so that it is permitted under each of `bundleIds`: for one bundle id as
 * plistSpelling decides; for several different ones only `$(PRODUCT_BUNDLE_IDENTIFIER)` covers them all.
 */
function spellingFor(analysis: Analysis, scope: AppScope, value: string, bundleIds: string[]): string {
  const distinct = [...new Set(bundleIds)];
  if (!hasBundleToken(value) || distinct.length > 1) return value;
  return plistSpelling(analysis, { ...scope, bundleIds: distinct.map((bundleId) => ({ configuration: '', bundleId })) }, value);
}
