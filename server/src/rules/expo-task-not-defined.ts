/** Flags BackgroundTask.registerTaskAsync names that no TaskManager.defineTask defines. */
import { nearest } from '../ruleSupport/helpers';
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'expo-task-not-defined',
    description: 'BackgroundTask.registerTaskAsync registers a task name that no TaskManager.defineTask in the workspace defines.',
    defaultSeverity: 'error',
    category: 'lifecycle',
    fixable: true,
  },
  check(ctx) {
    const { analysis } = ctx;
    const files = analysis.libraries();
    const defined: string[] = [];
    let dynamic = false;
    for (const sf of files) {
      for (const d of sf.lib.expoDefines) {
        const v = analysis.resolveId(d.name, sf.file, -1).value;
        if (v === undefined) dynamic = true;
        else defined.push(v);
      }
    }
    if (dynamic) return; // A task defined under a computed name could be any of them.
    for (const sf of files) {
      for (const r of sf.lib.expoRegisters) {
        const v = analysis.resolveId(r.name, sf.file, -1).value;
        if (v === undefined || defined.includes(v)) continue;
        const suggestion = nearest(v, defined);
        const literal = r.name.literalSpan;
        ctx.report({
          file: sf.file,
          span: r.name.span,
          message: `No TaskManager.defineTask defines the task "${v}": registerTaskAsync schedules it, but when it runs there is nothing to execute.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          fixes: suggestion && literal ? [{ title: `Change to "${suggestion}"`, edits: [{ file: sf.file, span: literal, newText: suggestion }], safe: false }] : [],
        });
      }
    }
  },
});
