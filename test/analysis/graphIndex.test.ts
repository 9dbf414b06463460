/**
 * The call index is updated file by file and "which functions lead to a refresh submit" is reused while the call
 * shape stays the same. Either shortcut must give exactly what a fresh model of the same files gives, in the same
 * order, whatever the editing history.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { lint } from '../../server/src/lint/engine';
import { build, ROOT } from '../helpers/project';

const HEADER = 'import BackgroundTasks\nimport UIKit\n';

const BASE: Record<string, string> = {
  'App/AppDelegate.swift': `${HEADER}
@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.refresh", using: nil) { task in
      Refresher.shared.handle(task as! BGAppRefreshTask)
    }
    Scheduler.shared.plan()
    return true
  }
}
`,
  'App/Refresher.swift': `${HEADER}
final class Refresher {
  static let shared = Refresher()
  func handle(_ task: BGAppRefreshTask) {
    task.expirationHandler = { task.setTaskCompleted(success: false) }
    Scheduler.shared.plan()
    task.setTaskCompleted(success: true)
  }
}
`,
  'App/Scheduler.swift': `${HEADER}
final class Scheduler {
  static let shared = Scheduler()
  func plan() {
    submitNext()
  }
  func submitNext() {
    let request = BGAppRefreshTaskRequest(identifier: "com.example.refresh")
    try? BGTaskScheduler.shared.submit(request)
  }
}
`,
};

/** Edits a user might make, each a text change of one file. */
const EDITS: { file: string; apply: (t: string) => string }[] = [
  { file: 'App/Refresher.swift', apply: (t) => t.replace('Scheduler.shared.plan()', '// Scheduler.shared.plan()') },
  { file: 'App/Refresher.swift', apply: (t) => t.replace('// Scheduler.shared.plan()', 'Scheduler.shared.plan()') },
  { file: 'App/Scheduler.swift', apply: (t) => t.replace('submitNext()\n  }\n  func', 'print("x")\n  }\n  func') },
  { file: 'App/Scheduler.swift', apply: (t) => t.replace('print("x")\n  }\n  func', 'submitNext()\n  }\n  func') },
  { file: 'App/Scheduler.swift', apply: (t) => t.replace('func plan()', 'func planLater()') },
  { file: 'App/Scheduler.swift', apply: (t) => t.replace('func planLater()', 'func plan()') },
  { file: 'App/AppDelegate.swift', apply: (t) => t.replace('    return true', '    // a comment typed here\n    return true') },
  { file: 'App/Refresher.swift', apply: (t) => `// header comment\n${t}` },
];

const lines = (r: ReturnType<typeof lint>) => r.findings.map((f) => `${f.ruleId} ${f.file.slice(ROOT.length + 1)}:${f.range.start.line}:${f.range.start.character} ${f.message}`);

describe('incremental call index', () => {
  it('after any sequence of edits, findings equal a fresh model of the same files', async () => {
    const { files } = build(BASE);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: EDITS.length - 1 }), { minLength: 1, maxLength: 8 }), async (steps) => {
        const fs = new MemoryFileSystem(files);
        const ws = await Workspace.load({ roots: [ROOT], fs });
        const texts = { ...files };
        lint(ws, { rules: {} });
        for (const i of steps) {
          const file = `${ROOT}/${EDITS[i].file}`;
          texts[file] = EDITS[i].apply(texts[file]);
          ws.updateSwift(file, texts[file]);
          lint(ws, { rules: {} });
        }
        const incremental = lines(lint(ws, { rules: {} }));
        const fresh = lines(lint(await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem(texts) }), { rules: {} }));
        expect(incremental).toEqual(fresh);
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
