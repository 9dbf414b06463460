/** Flags `requiresExternalPower` in react-native-background-fetch scheduleTask options: the JS option is `requiresCharging`. */
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
    for (const sf of ctx.analysis.libraries()) {
      for (const t of sf.lib.rnbfScheduleTasks) {
        // With requiresCharging already in the object, a rename would give it a duplicate key (a TypeScript error,
        // and in JavaScript the later value silently wins): say so and leave the choice to the author.
        const hasCharging = t.keys.some((k) => k.name === 'requiresCharging');
        for (const k of t.keys) {
          if (k.name !== 'requiresExternalPower') continue;
          // `{ requiresExternalPower }` (shorthand) names a variable: keep its value under the new key.
          const newText = k.quote ? `${k.quote}requiresCharging${k.quote}` : k.shorthand ? `requiresCharging: ${k.name}` : 'requiresCharging';
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
