/** Flags BGTaskScheduler registration that happens after launch (views, scene callbacks, UI events) or never. */
import { where } from '../ruleSupport/helpers';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'register-after-launch',
    description: 'A launch handler is registered after the app finished launching (from a view, scene callback or UI event), or in code that launch never calls.',
    defaultSeverity: 'error',
    category: 'lifecycle',
    fixable: false,
  },
  check(ctx) {
    const { analysis } = ctx;
    const continued = new Set(analysis.requests().filter((r) => r.req.cls === 'BGContinuedProcessingTaskRequest' && r.id.value).map((r) => r.id.value!));
    for (const site of analysis.registrations()) {
      if (site.reg.kind !== 'scheduler') continue;
      // Continued-processing handlers may be registered just before submit (iOS 26).
      if (site.id.value === undefined || continued.has(site.id.value) || analysis.handlerClass(site)?.cls === 'BGContinuedProcessingTask') continue;
      const reach = analysis.reach(site.file, site.reg.ctx, site.reg.span.start);
      if (reach.launch.some((p) => !p.deferred)) continue;
      const shown = analysis.display(site.id.value, site.scopes[0]);
      if (reach.launch.length && !reach.unknown && !reach.background) {
        // Every launch path goes through `Task { }` / `DispatchQueue…async { }`: the registration runs
        // only after the launch method has returned, racing the end of launch (and losing after an await).
        const p = reach.launch[0];
        ctx.report({
          file: site.file,
          span: site.reg.id.span,
          taskId: shown,
          severity: 'warning',
          message:
            `"${shown}" is registered in a Task or async block started from ${p.root} (${where(analysis, p.rootFile, p.rootSpan)}), so it runs only after that method has returned and can miss the end of launch (iOS raises "All launch handlers must be registered before application finishes launching"). ` +
            `Register synchronously in ${launchPlace(analysis, site.file)}.`,
          related: p.via.map((v) => ({ file: v.file, span: v.span, message: 'called on launch here' })),
          data: { kind: 'registered-in-async-block' },
        });
        continue;
      }
      if (reach.postLaunch.length && !reach.unknown && !reach.launch.length && !reach.background) {
        const from = [...new Set(reach.postLaunch.map((p) => `${p.label} (${where(analysis, p.file, p.span)})`))].join(' and ');
        ctx.report({
          file: site.file,
          span: site.reg.id.span,
          taskId: shown,
          message:
            `"${shown}" is registered after launch, from ${from}. ` +
            `Launch handlers must be registered before the app finishes launching (iOS raises "All launch handlers must be registered before application finishes launching"); register in ${launchPlace(analysis, site.file)}.`,
          related: reach.postLaunch.map((p) => ({ file: p.file, span: p.span, message: 'reached from here' })),
          data: { kind: 'registered-after-launch', from },
        });
      } else if (reach.neverCalled && !reach.launch.length && !reach.postLaunch.length && analysis.launchKnown()) {
        const fn = analysis.functionAt(site.file, site.reg.ctx.fn);
        // Referenced some other way (`#selector(name)`, passed as a value, called from Objective-C): not "never called".
        if (fn && analysis.mentionedOutside(fn.isInit && fn.owner ? fn.owner : fn.name, site.file, fn.bodySpan)) continue;
        ctx.report({
          file: site.file,
          span: site.reg.id.span,
          taskId: shown,
          severity: 'warning',
          message: `"${shown}" is registered in ${fn ? `${fn.owner ? fn.owner + '.' : ''}${fn.name}()` : 'a function'}, which nothing in the workspace calls: the handler is never registered, and iOS crashes the app when it launches it for this task.`,
          data: { kind: 'registered-never-called' },
        });
      }
    }
  },
});

/** Where to register, spelled in the file's language. */
function launchPlace(analysis: { sourceFacts(file: string): { language: string } | undefined }, file: string): string {
  return analysis.sourceFacts(file)?.language === 'objc' ? 'application:didFinishLaunchingWithOptions:' : "application(_:didFinishLaunchingWithOptions:) or the App's init";
}
