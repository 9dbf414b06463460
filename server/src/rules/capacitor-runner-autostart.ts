/** Flags a Capacitor BackgroundRunner without autoStart: true (nothing is ever scheduled). */
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'capacitor-runner-autostart',
    description: 'The @capacitor/background-runner config has autoStart false or unset, so the plugin never submits the task and the runner never runs in the background.',
    defaultSeverity: 'warning',
    category: 'scheduling',
    fixable: true,
  },
  check(ctx) {
    for (const sf of ctx.analysis.libraries()) {
      const c = sf.lib.capacitor;
      if (!c || c.autoStart?.value) continue;
      // The plugin reads only a literal other than true as false (the config reader says which, with its span). An
      // expression (`!isDev`, `process.env.RUNNER === '1'`) may well be true: only literals are judged.
      const value = c.autoStart?.asFalse;
      if (c.autoStart && !value) continue;
      // The app may schedule the runner's label itself (native code submitting a refresh request for it, e.g. in
      // applicationDidEnterBackground): then autoStart: false is a choice, not a mistake.
      const label = c.label ? ctx.analysis.resolveId(c.label, sf.file, -1).value : undefined;
      if (label !== undefined && ctx.analysis.requests().some((r) => !r.req.library && r.id.value === label)) continue;
      if (label === undefined && c.label && ctx.analysis.requests().some((r) => !r.req.library)) continue;
      const what = !value ? 'does not set autoStart (it defaults to false)' : value.text === 'false' ? 'has autoStart: false' : `has autoStart: ${value.text}, which is not the boolean true (the plugin reads it as false)`;
      ctx.report({
        file: sf.file,
        span: c.autoStart?.span ?? c.runnerSpan,
        message: `BackgroundRunner ${what}: the plugin then never submits its BGAppRefreshTaskRequest, so the runner only runs when the app dispatches an event itself. Set autoStart: true for background runs.`,
        fixes: value ? [{ title: 'Set autoStart to true', edits: [{ file: sf.file, span: value.span, newText: 'true' }], safe: false }] : [],
      });
    }
  },
});
