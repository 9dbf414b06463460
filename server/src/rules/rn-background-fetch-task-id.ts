/** Flags react-native-background-fetch scheduleTask ids without the `com.transistorsoft.` prefix (4.2.2+ never registers them). */
import { rnbfRegistersAllPermitted } from '../ruleSupport/helpers';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'rn-background-fetch-task-id',
    description: 'A react-native-background-fetch scheduleTask taskId does not start with "com.transistorsoft.", so the library never registers a handler for it.',
    defaultSeverity: 'error',
    category: 'configuration',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    for (const sf of analysis.libraries()) {
      const lib = sf.lib;
      // Only 4.2.2 and later register just the prefixed ids; an older project's unprefixed ids are registered.
      if (rnbfRegistersAllPermitted(lib.rnbfVersion)) continue;
      for (const t of lib.rnbfScheduleTasks) {
        if (!t.taskId) continue;
        const r = analysis.resolveId(t.taskId, sf.file, -1);
        if (r.value === undefined || r.value.startsWith('com.transistorsoft.')) continue;
        const literal = t.taskId.literalSpan;
        const fixed = `com.transistorsoft.${r.value}`;
        ctx.report({
          file: sf.file,
          span: t.taskId.span,
          taskId: r.value,
          message: `scheduleTask's taskId "${r.value}" does not start with "com.transistorsoft.": since 4.2.2 the library registers launch handlers only for permitted ids with that prefix, so this task is never registered (and iOS crashes the app when it launches it). Use "${fixed}" and permit it in Info.plist.`,
          fixes: literal ? [{ title: `Rename to "${fixed}"`, edits: [{ file: sf.file, span: literal, newText: fixed }], safe: false }] : [],
        });
      }
    }
  },
});
