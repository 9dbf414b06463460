/** Flags `requiresExternalPower` in react-native-background-fetch scheduleTask options: the JS option is `requiresCharging`. */
import type { LibraryFacts } from '../analysis/model/facts';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'rn-background-fetch-option',
    description: 'A react-native-background-fetch scheduleTask option uses the native name requiresExternalPower; the JavaScript option is requiresCharging, so the setting is ignored.',
    defaultSeverity: 'warning',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    for (const sf of [...ctx.analysis.ws.parsed.values()]) {
      for (const t of (sf.facts.library as LibraryFacts | undefined)?.rnbfScheduleTasks ?? []) {
        for (const k of t.keys) {
          if (k.name !== 'requiresExternalPower') continue;
          const quoted = /^['"]/.test(sf.text.slice(k.span.start, k.span.end));
          ctx.report({
            file: sf.file,
            span: k.span,
            message: 'react-native-background-fetch ignores requiresExternalPower: the scheduleTask option is requiresCharging (it maps to BGProcessingTaskRequest.requiresExternalPower natively).',
            fixes: [{ title: 'Rename to requiresCharging', edits: [{ file: sf.file, span: k.span, newText: quoted ? "'requiresCharging'" : 'requiresCharging' }], safe: true, preferred: true }],
          });
        }
      }
    }
  },
});
