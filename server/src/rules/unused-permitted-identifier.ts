/** Flags permitted identifiers no code registers (warning), and registered identifiers no code ever submits (info). */
import { hasBundleToken, IdShape, type ResolvedId } from '../analysis/model/resolve';
import path from 'node:path';
import { removeItem } from '../analysis/plist/plistEdits';
import { removeArrayItem } from '../analysis/typescript/jsonEdits';
import { BUNDLE_ID_TOKEN } from '../analysis/xcode/buildSettings';
import { isLibraryOwnedId, rel, rnbfRegistersAllPermitted } from '../ruleSupport/helpers';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'unused-permitted-identifier',
    description: 'A permitted identifier is never registered anywhere in the workspace, or is registered but never submitted.',
    defaultSeverity: 'warning',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const regs = analysis.registrations();
    const reqs = analysis.requests();
    const seen = new Set<string>();
    for (const scope of analysis.scopes()) {
      const ids = scope.bundleIds.map((b) => b.bundleId);
      // An older react-native-background-fetch registers every permitted identifier itself.
      const libraryRegistersAll = [...scope.files].some((f) => {
        const facts = analysis.factsOf(f);
        return !!facts?.registrations.some((r) => r.library === 'rnbf') && rnbfRegistersAllPermitted(facts.library?.rnbfVersion);
      });
      for (const entry of analysis.permittedEntries(scope)) {
        const key = `${entry.plist.file}:${entry.span.start}`;
        if (seen.has(key) || entry.wildcard || entry.unresolved.length) continue;
        seen.add(key);
        const shown = analysis.display(entry.value, scope);
        if (isLibraryOwnedId(shown)) continue;
        // An identifier of another organisation (`org.vendor.sync` in an app `com.acme.app`) in a project that pulls in
        // packages or pods is most likely registered by that SDK, whose code is not here: we cannot tell, so say nothing.
        // A dynamic identifier (unresolved) that could be this entry counts as a use: say nothing. So does one that
        // differs only by the bundle id while the bundle id is unknown (unpermitted-identifier cannot tell either).
        const uses = (id: ResolvedId) => analysis.couldBe(id, entry.value, ids) || (!ids.length && id.value !== undefined && sameUpToBundleId(id.value, entry.value));
        const registered = regs.filter((r) => uses(r.id));
        // An older react-native-background-fetch registers it natively: it counts as registered (at the plist).
        const nativelyRegistered = !registered.length && libraryRegistersAll;
        const submitted = reqs.some((r) => uses(r.id));
        // A library that submits an id it does not register natively (react-native-background-fetch without the
        // com.transistorsoft. prefix) leaves it unregistered: the plist entry is still reported.
        const submittedByApp = reqs.some((r) => !r.req.library && uses(r.id));
        // An identifier of another organisation (`org.vendor.sync` in an app `com.acme.app`) that no code here mentions,
        // in a project that pulls in packages or pods, is most likely registered by that SDK, whose code is not here:
        // we cannot tell, so say nothing.
        if (!registered.length && !submitted && analysis.hasPackageDependencies() && foreignToApp(entry.value, ids)) continue;
        if (!registered.length && !nativelyRegistered) {
          // Submitted but never registered: submit-without-handler reports the submit; the plist entry is reported
          // too (both are where a developer looks), without the removal fix, which would not mend the crash.
          if (submittedByApp) {
            ctx.report({
              file: entry.plist.file,
              span: entry.valueSpan,
              taskId: shown,
              message: `"${shown}" is permitted in ${rel(analysis, entry.plist.file)} and submitted, but no code registers a launch handler for it: when iOS runs the task the app crashes. Register a handler at launch.`,
            });
            continue;
          }
          // Managed Expo apps keep the list in app.json (expo.ios.infoPlist).
          const removal = entry.plist.virtual && path.basename(entry.plist.file) === 'app.json' ? removeArrayItem(entry.plist.text, entry.span) : removeItem(entry.plist, entry.span);
          ctx.report({
            file: entry.plist.file,
            span: entry.valueSpan,
            taskId: shown,
            message: `"${shown}" is permitted in ${rel(analysis, entry.plist.file)} but no code registers a launch handler for it. Every permitted identifier needs a handler; remove the entry or register it at launch.`,
            fixes: removal ? [{ title: `Remove "${shown}" from BGTaskSchedulerPermittedIdentifiers`, edits: [{ file: entry.plist.file, ...removal }], safe: false }] : [],
          });
          continue;
        }
        // A request submitted only from inside its own launch handler continues a chain that nothing starts.
        const own = (f: { file: string; at: number }) => registered.some((r) => r.file === f.file && r.reg.span.start <= f.at && f.at <= r.reg.span.end);
        // So does one submitted only from a function nothing calls (not even by name from elsewhere).
        let atLaunch: boolean | undefined;
        const registeredAtLaunch = () => (atLaunch ??= registered.some((r) => analysis.reach(r.file, r.reg.ctx, r.reg.span.start).launch.length > 0));
        let ownOnly = false;
        let deadOnly = false;
        const startsChain = reqs.some((q) => {
          if (!uses(q.id)) return false;
          if (q.req.library || !q.req.submit) return true;
          const reach = analysis.reach(q.file, q.req.submit.ctx, q.req.submit.span.start);
          // (Only when a registration of it runs at launch: a registration that never runs is register-after-launch's.)
          if (reach.deadClosures.length && !reach.unknown && !reach.launch.length && !reach.postLaunch.length && !reach.background && registeredAtLaunch() && reach.deadClosures.every((n) => !analysis.usedAsValue(n))) {
            deadOnly = true;
            return false;
          }
          if (reach.neverCalled && !reach.launch.length && !reach.postLaunch.length && !reach.background && registeredAtLaunch()) {
            const fn = analysis.functionAt(q.file, q.req.submit.ctx.fn);
            if (fn && !analysis.mentionedOutside(fn.isInit && fn.owner ? fn.owner : fn.name, q.file, fn.bodySpan)) {
              deadOnly = true;
              return false;
            }
          }
          const started = reach.launch.length > 0 || reach.postLaunch.length > 0 || reach.unknown || !reach.background || !reach.backgroundFrom.every(own);
          if (!started) ownOnly = true;
          return started;
        });
        if (submitted && !startsChain && !nativelyRegistered) {
          const r = registered.find((x) => x.id.value !== undefined);
          if (!r || registered.some((x) => x.id.value === undefined)) continue;
          const where = ownOnly && deadOnly ? 'inside its own launch handler or in functions nothing calls' : ownOnly ? 'from inside its own launch handler' : 'in a function nothing calls';
          ctx.report({
            file: r.file,
            span: r.reg.id.span,
            taskId: shown,
            severity: 'info',
            message: `"${shown}" is submitted only ${where}: nothing submits the first request, so the handler never runs. Submit it when the app moves to the background (or at launch behind a pending-request check).`,
          });
          continue;
        }
        if (submitted) continue;
        if (nativelyRegistered) {
          ctx.report({
            file: entry.plist.file,
            span: entry.valueSpan,
            taskId: shown,
            severity: 'info',
            message: `"${shown}" is permitted in ${rel(analysis, entry.plist.file)} (react-native-background-fetch registers a handler for it) but nothing schedules it: iOS only launches a task for a pending request.`,
          });
          continue;
        }
        // SwiftUI-only apps still need a submit; report once, at the first registration.
        const r = registered.find((x) => x.id.value !== undefined);
        if (!r || registered.some((x) => x.id.value === undefined)) continue;
        ctx.report({
          file: r.file,
          span: r.reg.id.span,
          taskId: shown,
          severity: 'info',
          message: `"${shown}" is registered but never submitted: iOS only launches a task for a pending request, so this handler never runs.`,
        });
      }
    }
  },
});

/** The entry's organisation prefix (first two labels) differs from every bundle id of the app. */
function foreignToApp(value: string, bundleIds: string[]): boolean {
  if (hasBundleToken(value) || !bundleIds.length) return false;
  const org = (id: string) => id.split('.').slice(0, 2).join('.').toLowerCase();
  return bundleIds.every((b) => org(b) !== org(value));
}

/** With the bundle id unknown, `$(PRODUCT_BUNDLE_IDENTIFIER).refresh` could be any `<something>.refresh`. */
function sameUpToBundleId(a: string, b: string): boolean {
  if (hasBundleToken(a) === hasBundleToken(b)) return false;
  const [symbolic, concrete] = hasBundleToken(a) ? [a, b] : [b, a];
  // The bundle id stands for any text: matched part by part, never with a backtracking regular expression.
  return new IdShape(symbolic.split(BUNDLE_ID_TOKEN).flatMap((p, i) => (i ? [null, p] : [p]))).test(concrete);
}
