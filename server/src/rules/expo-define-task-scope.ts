/** Flags TaskManager.defineTask calls that are not at module top level (the task is undefined when iOS launches the app in the background). */
import { defineRule } from './types';

export default defineRule({
  meta: {
    id: 'expo-define-task-scope',
    description: 'TaskManager.defineTask is called inside a component, hook or function instead of at module top level, so the task is not defined when iOS launches the app in the background.',
    defaultSeverity: 'error',
    category: 'lifecycle',
    fixable: false,
  },
  check(ctx) {
    const files = ctx.analysis.libraries();
    // Helpers called while a module loads (`registerTasks()` at the top of the entry file) run at startup too.
    const calledAtLoad = new Set(files.flatMap((sf) => sf.lib.moduleCalls));
    for (const sf of files) {
      for (const d of sf.lib.expoDefines) {
        if (d.topLevel || (d.inFunction && calledAtLoad.has(d.inFunction))) continue;
        ctx.report({
          file: sf.file,
          span: d.span,
          message: 'TaskManager.defineTask must run at module top level (in a file the app imports at startup): when iOS launches the app in the background no component mounts and no hook runs, so a task defined there does not exist and its work never runs. Move the call out of the component or function.',
        });
      }
    }
  },
});
