/** Flags a Capacitor BackgroundRunner without autoStart: true (nothing is ever scheduled). */
import type { LibraryFacts } from '../analysis/model/facts';
import type { Span } from '../analysis/text/lineIndex';
import { defineRule } from './types';

/**
 * Literals the plugin reads as false: it takes `autoStart as? Bool ?? false`, so a string such as 'true' is not true.
 * (Numbers are left alone: a JSON 1 may bridge to true.)
 */
const NOT_TRUE_LITERAL = /^(?:false|null|undefined|'[^'\\\n]*'|"[^"\\\n]*"|`[^`$\\]*`)$/;

/** The value written after a property key (`autoStart: <value>`), when it is a single literal. */
function valueAfterKey(text: string, keyEnd: number): { span: Span; text: string } | undefined {
  const m = /^(\s*:\s*)('[^'\\\n]*'|"[^"\\\n]*"|`[^`$\\]*`|[^,}\n]*?)\s*(?=,|}|\n|\/\/|\/\*|$)/.exec(text.slice(keyEnd, keyEnd + 200));
  if (!m) return undefined;
  const start = keyEnd + m[1].length;
  return { span: { start, end: start + m[2].length }, text: m[2] };
}

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
      const value = c.autoStart ? valueAfterKey(sf.text, c.autoStart.span.end) : undefined;
      // An expression (`!isDev`, `process.env.RUNNER === '1'`) may well be true: only literals are judged.
      if (c.autoStart && (!value || !NOT_TRUE_LITERAL.test(value.text))) continue;
      // The app may schedule the runner's label itself (native code submitting a refresh request for it, e.g. in
      // applicationDidEnterBackground): then autoStart: false is a choice, not a mistake.
      const label = c.label ? ctx.analysis.resolver.resolve(c.label, sf.file, -1).value : undefined;
      if (label !== undefined && ctx.analysis.requests().some((r) => !r.req.library && r.id.value === label)) continue;
      if (label === undefined && c.label && ctx.analysis.requests().some((r) => !r.req.library)) continue;
      const what = !c.autoStart ? 'does not set autoStart (it defaults to false)' : value!.text === 'false' ? 'has autoStart: false' : `has autoStart: ${value!.text}, which is not the boolean true (the plugin reads it as false)`;
      ctx.report({
        file: sf.file,
        span: c.autoStart?.span ?? c.runnerSpan,
        message: `BackgroundRunner ${what}: the plugin then never submits its BGAppRefreshTaskRequest, so the runner only runs when the app dispatches an event itself. Set autoStart: true for background runs.`,
        fixes: value ? [{ title: 'Set autoStart to true', edits: [{ file: sf.file, span: value.span, newText: 'true' }], safe: false }] : [],
      });
    }
  },
});
