/** Flags expo-background-task minimumInterval values that look like seconds (the option is in minutes). */
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'expo-minimum-interval-units',
    description: 'BackgroundTask.registerTaskAsync minimumInterval looks like seconds; expo-background-task takes minutes (expo-background-fetch took seconds).',
    defaultSeverity: 'warning',
    category: 'scheduling',
    fixable: true,
  },
  check(ctx) {
    for (const sf of ctx.analysis.libraries()) {
      for (const r of sf.lib.expoRegisters) {
        const m = r.minimumInterval;
        // 900 = 15 minutes in seconds, the usual value carried over; anything over a day in minutes is a stronger hint.
        if (!m || !((m.value >= 900 && m.value % 60 === 0) || m.value > 1440)) continue;
        // Whole days in minutes (1440 daily, 10080 weekly) are deliberate, unless they are also whole hours in
        // seconds (7200 = 2 h, 86400 = 1 day), the values people write for expo-background-fetch.
        if (m.value % 1440 === 0 && m.value % 3600 !== 0) continue;
        const minutes = Math.round(m.value / 60);
        const hours = (m.value / 60).toFixed(m.value % 60 === 0 ? 0 : 1);
        ctx.report({
          file: sf.file,
          span: m.span,
          message: `minimumInterval ${m.value} looks like seconds, but expo-background-task takes minutes: this asks for at least ${hours} hours between runs. For ${minutes} minutes, write ${minutes}.`,
          fixes: m.value % 60 === 0 ? [{ title: `Change to ${minutes} (minutes)`, edits: [{ file: sf.file, span: m.span, newText: String(minutes) }], safe: false }] : [],
        });
      }
    }
  },
});
