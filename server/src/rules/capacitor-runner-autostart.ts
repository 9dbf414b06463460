/** Flags a Capacitor BackgroundRunner without autoStart: true (nothing is ever scheduled). */
import type { LibraryFacts } from '../analysis/model/facts';
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
    for (const sf of [...ctx.analysis.ws.parsed.values()]) {
      const c = (sf.facts.library as LibraryFacts | undefined)?.capacitor;
      if (!c || c.autoStart?.value) continue;
      const valueAt = c.autoStart ? sf.text.indexOf('false', c.autoStart.span.end) : -1;
      ctx.report({
        file: sf.file,
        span: c.autoStart?.span ?? c.runnerSpan,
        message: `BackgroundRunner ${c.autoStart ? 'has autoStart: false' : 'does not set autoStart (it defaults to false)'}: the plugin then never submits its BGAppRefreshTaskRequest, so the runner only runs when the app dispatches an event itself. Set autoStart: true for background runs.`,
        fixes: c.autoStart && valueAt >= 0 && valueAt - c.autoStart.span.end < 6 ? [{ title: 'Set autoStart to true', edits: [{ file: sf.file, span: { start: valueAt, end: valueAt + 5 }, newText: 'true' }], safe: false }] : [],
      });
    }
  },
});
