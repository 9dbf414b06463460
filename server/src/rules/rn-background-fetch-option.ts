/** Flags `requiresExternalPower` in react-native-background-fetch scheduleTask options: the JS option is `requiresCharging`. */
import type { LibraryFacts } from '../analysis/model/facts';
import { defineRule, type Fix } from './types';

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
        // With requiresCharging already in the object, a rename would give it a duplicate key (a TypeScript error,
        // and in JavaScript the later value silently wins): say so and leave the choice to the author.
        const hasCharging = t.keys.some((k) => k.name === 'requiresCharging');
        for (const k of t.keys) {
          if (k.name !== 'requiresExternalPower') continue;
          const keyText = sf.text.slice(k.span.start, k.span.end);
          const quote = /^['"]/.exec(keyText)?.[0];
          // `{ requiresExternalPower }` (shorthand) names a variable: keep its value under the new key.
          const shorthand = !quote && !/^(?:\s|\/\*[\s\S]*?\*\/)*:/.test(sf.text.slice(k.span.end));
          const newText = quote ? `${quote}requiresCharging${quote}` : shorthand ? `requiresCharging: ${keyText}` : 'requiresCharging';
          const fixes: Fix[] = hasCharging ? [] : [{ title: 'Rename to requiresCharging', edits: [{ file: sf.file, span: k.span, newText }], safe: true, preferred: true }];
          ctx.report({
            file: sf.file,
            span: k.span,
            message:
              'react-native-background-fetch ignores requiresExternalPower: the scheduleTask option is requiresCharging (it maps to BGProcessingTaskRequest.requiresExternalPower natively).' +
              (hasCharging ? ' This object already sets requiresCharging: remove requiresExternalPower, or move its value there.' : ''),
            fixes,
          });
        }
      }
    }
  },
});
