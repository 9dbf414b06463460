/**
 * Which Swift files are parsed up front: those that use the BackgroundTasks vocabulary or a launch entry point in code.
 * Look-alike APIs of other frameworks do not count: UIKit's `beginBackgroundTask(expirationHandler:)` (an argument
 * label) and WatchKit's `setTaskCompletedWithSnapshot(_:)`. Real podcast, audio and watch apps use both in large files.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { swiftNeedsParse } from '../../server/src/analysis/project/discover';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { lint } from '../../server/src/lint/engine';
import { mergeConfigs } from '../../server/src/lint/config';
import { infoPlist, ROOT } from '../helpers/project';

const cases: { name: string; text: string; parsed: boolean }[] = [
  { name: 'UIKit background task, expirationHandler as an argument label', text: 'func go() {\n  id = UIApplication.shared.beginBackgroundTask(expirationHandler: { end() })\n}\n', parsed: false },
  { name: 'the label with spaces before its colon', text: 'let id = app.beginBackgroundTask(withName: "x", expirationHandler : nil)\n', parsed: false },
  { name: 'WatchKit snapshot completion', text: 'func handle(_ t: WKSnapshotRefreshBackgroundTask) {\n  t.setTaskCompletedWithSnapshot(true)\n}\n', parsed: false },
  { name: 'BGTask expiration handler assigned', text: 'func handle(_ task: Work) {\n  task.expirationHandler = { stop() }\n}\n', parsed: true },
  { name: 'BGTask completion', text: 'func finish(_ task: Work) {\n  task.setTaskCompleted(success: true)\n}\n', parsed: true },
  { name: 'completion with a space before the parenthesis', text: 'func finish(_ task: Work) { task.setTaskCompleted (success: true) }\n', parsed: true },
  { name: 'the vocabulary only in a comment', text: '// task.expirationHandler = { }\nfunc f() {}\n', parsed: false },
];

describe('Swift prefilter', () => {
  for (const c of cases) {
    it(`${c.parsed ? 'parses' : 'does not parse'} up front: ${c.name}`, async () => {
      const ws = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem({ [`${ROOT}/App/File.swift`]: c.text }) });
      expect(ws.parsed.has(`${ROOT}/App/File.swift`)).toBe(c.parsed);
      // The editor's test for open documents agrees, except that it does not tell comments apart (it parses more).
      if (c.parsed) expect(swiftNeedsParse(c.text)).toBe(true);
      else if (!c.text.startsWith('//')) expect(swiftNeedsParse(c.text)).toBe(false);
    });
  }

  it('still finds a missing completion in a handler whose file also starts a UIKit background task', async () => {
    const files = {
      [`${ROOT}/App/Info.plist`]: infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }),
      [`${ROOT}/App/AppDelegate.swift`]: `import UIKit
@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    Refresher.shared.register()
    return true
  }
}
`,
      [`${ROOT}/App/Refresher.swift`]: `import BackgroundTasks
import UIKit
final class Refresher {
  static let shared = Refresher()
  func register() {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
      self.handle(task as! BGAppRefreshTask)
    }
  }
  func handle(_ task: BGAppRefreshTask) {
    let id = UIApplication.shared.beginBackgroundTask(expirationHandler: nil)
    task.expirationHandler = { UIApplication.shared.endBackgroundTask(id) }
    if Bool.random() { return }
    task.setTaskCompleted(success: true)
  }
}
`,
    };
    const ws = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem(files) });
    const ids = lint(ws, mergeConfigs()).findings.map((f) => f.ruleId);
    expect(ids).toContain('missing-set-task-completed');
  });

  describe('launch entry points in an app that does not use the API', () => {
    const delegate = `import UIKit
@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    return true
  }
  func applicationDidBecomeActive(_ application: UIApplication) { Refresher.shared.register() }
}
`;
    const refresher = `import BackgroundTasks
final class Refresher {
  static let shared = Refresher()
  func register() {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
      task.expirationHandler = {}
      task.setTaskCompleted(success: true)
    }
  }
}
`;
    const plist = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });
    const findings = (ws: Workspace) => lint(ws, mergeConfigs()).findings.map((f) => `${f.ruleId} ${f.file}:${f.range.start.line}`).sort();

    it('are not parsed while no code uses the API', async () => {
      const ws = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem({ [`${ROOT}/App/AppDelegate.swift`]: delegate, [`${ROOT}/App/Other.swift`]: 'struct Other {}\n', [`${ROOT}/App/Info.plist`]: plist }) });
      expect(ws.parsed.has(`${ROOT}/App/AppDelegate.swift`)).toBe(false);
    });

    it('are parsed once an edit brings the API in, with the findings of a fresh read', async () => {
      const before = { [`${ROOT}/App/AppDelegate.swift`]: delegate, [`${ROOT}/App/Refresher.swift`]: 'final class Refresher {}\n', [`${ROOT}/App/Info.plist`]: plist };
      const ws = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem(before) });
      expect(ws.parsed.has(`${ROOT}/App/AppDelegate.swift`)).toBe(false);
      // Linted once before the edit, so that whatever the analysis keeps between lints exists and must follow. Nothing
      // registers the permitted id yet.
      expect(findings(ws).map((f) => f.split(' ')[0])).toEqual(['unused-permitted-identifier']);
      ws.updateSwift(`${ROOT}/App/Refresher.swift`, refresher);
      expect(ws.parsed.has(`${ROOT}/App/AppDelegate.swift`)).toBe(true);
      const fresh = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem({ ...before, [`${ROOT}/App/Refresher.swift`]: refresher }) });
      expect(findings(ws)).toEqual(findings(fresh));
      // The registration runs from a tap, which only the parsed delegate tells.
      console.log(findings(fresh));
      expect(findings(fresh).some((f) => f.startsWith('register-after-launch'))).toBe(true);
    });
  });
});

