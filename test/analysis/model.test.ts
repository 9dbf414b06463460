/** Identifier resolution across files and launch reachability, on small projects. */
import { describe, expect, it } from 'vitest';
import { build, lintFiles } from '../helpers/project';

async function analysisOf(files: Record<string, string>, bundleIdentifier?: string) {
  const r = await lintFiles(build(files).files, { bundleIdentifier });
  return r.analysis;
}

describe('identifier resolution', () => {
  it('resolves literals, static lets in extensions and other files, enum raw values, globals, locals and the bundle id', async () => {
    const a = await analysisOf({
      'App/Ids.swift': `enum TaskID: String { case refresh = "com.example.app.refresh", cleanup }
extension AppDelegate { static let syncID = "com.example.app.sync" }
let globalID = "com.example.app.global"
struct Constants { struct Tasks { static let export = Constants.prefix + "export" }; static let prefix = "com.example.app." }
`,
      'App/AppDelegate.swift': `import BackgroundTasks
final class AppDelegate: NSObject {
    func register() {
        let local = "com.example.app.local"
        let s = BGTaskScheduler.shared
        s.register(forTaskWithIdentifier: TaskID.refresh.rawValue, using: nil) { _ in }
        s.register(forTaskWithIdentifier: TaskID.cleanup.rawValue, using: nil) { _ in }
        s.register(forTaskWithIdentifier: Self.syncID, using: nil) { _ in }
        s.register(forTaskWithIdentifier: globalID, using: nil) { _ in }
        s.register(forTaskWithIdentifier: local, using: nil) { _ in }
        s.register(forTaskWithIdentifier: Constants.Tasks.export, using: nil) { _ in }
        s.register(forTaskWithIdentifier: "\\(Bundle.main.bundleIdentifier!).bg", using: nil) { _ in }
        s.register(forTaskWithIdentifier: Bundle.main.bundleIdentifier! + ".bg2", using: nil) { _ in }
        s.register(forTaskWithIdentifier: makeID(), using: nil) { _ in }
    }
}
`,
    });
    expect(a.registrations().map((r) => r.id.value)).toEqual([
      'com.example.app.refresh',
      'cleanup',
      'com.example.app.sync',
      'com.example.app.global',
      'com.example.app.local',
      'com.example.app.export',
      '$(PRODUCT_BUNDLE_IDENTIFIER).bg',
      '$(PRODUCT_BUNDLE_IDENTIFIER).bg2',
      undefined,
    ]);
    const unresolved = a.registrations()[8];
    expect(unresolved.id.pattern?.source).toBe('*');
  });

  it('parses the file that defines a constant on demand, even when it never mentions BackgroundTasks', async () => {
    const a = await analysisOf({
      'App/Constants.swift': 'enum Keys { static let refresh = "com.example.app.refresh" }\n',
      'App/Scheduler.swift': 'import BackgroundTasks\nfunc schedule() { try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: Keys.refresh)) }\n',
    });
    expect(a.requests().map((r) => r.id.value)).toEqual(['com.example.app.refresh']);
    expect(a.ws.parsed.has('/proj/App/Constants.swift')).toBe(true);
  });

  it('expands the bundle id with the configured bundle identifier for display', async () => {
    const a = await analysisOf({ 'App/A.swift': 'import BackgroundTasks\nfunc s() { _ = BGAppRefreshTaskRequest(identifier: Bundle.main.bundleIdentifier! + ".refresh") }\n' }, 'com.example.app');
    const r = a.requests()[0];
    expect(a.display(r.id.value!, r.scopes[0])).toBe('com.example.app.refresh');
  });
});

describe('launch reachability', () => {
  const appDelegate = (body: string, extra = '') => `import BackgroundTasks
import UIKit
${extra}
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${body}
        return true
    }
}
`;
  it('follows calls through managers, singletons and the app delegate adaptor', async () => {
    const a = await analysisOf({
      'App/App.swift': `import SwiftUI
@main struct FilmApp: App {
    @UIApplicationDelegateAdaptor(Delegate.self) var delegate
    var body: some Scene { WindowGroup { Text("x") } }
}
`,
      'App/Delegate.swift': `import UIKit
final class Delegate: NSObject, UIApplicationDelegate {
    override init() { super.init(); Registrar.shared.registerAll() }
}
`,
      'App/Registrar.swift': `import BackgroundTasks
final class Registrar {
    static let shared = Registrar()
    func registerAll() { BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.a", using: nil) { t in t.setTaskCompleted(success: true) } }
}
`,
    });
    const r = a.registrations()[0];
    const reach = a.reach(r.file, r.reg.ctx, r.reg.span.start);
    expect(reach.launch.map((p) => p.root)).toEqual(['Delegate.init()']);
    expect(reach.postLaunch).toEqual([]);
  });

  it('tells view callbacks, scene callbacks and guarded submits apart', async () => {
    const a = await analysisOf({
      'App/AppDelegate.swift': appDelegate('        Scheduler.scheduleGuarded()\n        Scheduler.scheduleAlways()'),
      'App/Scheduler.swift': `import BackgroundTasks
enum Scheduler {
    static func scheduleAlways() { try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.p")) }
    static func scheduleGuarded() {
        BGTaskScheduler.shared.getPendingTaskRequests { requests in
            guard requests.isEmpty else { return }
            try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.r"))
        }
    }
}
`,
      'App/Views.swift': `import SwiftUI
import BackgroundTasks
struct ContentView: View {
    var body: some View { Text("x").onAppear { Late.register() } }
}
enum Late { static func register() { BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.late", using: nil) { t in t.setTaskCompleted(success: true) } } }
`,
    });
    const byId = (id: string) => a.requests().find((q) => q.id.value === id)!;
    const always = byId('com.example.app.p');
    expect(a.reach(always.file, always.req.submit!.ctx, always.req.submit!.span.start).launch.map((p) => p.guarded)).toEqual([false]);
    const guarded = byId('com.example.app.r');
    expect(a.reach(guarded.file, guarded.req.submit!.ctx, guarded.req.submit!.span.start).launch.map((p) => p.guarded)).toEqual([true]);
    const late = a.registrations().find((r) => r.id.value === 'com.example.app.late')!;
    const reach = a.reach(late.file, late.reg.ctx, late.reg.span.start);
    expect(reach.launch).toEqual([]);
    expect(reach.postLaunch.length).toBeGreaterThan(0);
  });
});

describe('comment directives', () => {
  it('silence a rule on the next line, on the same line, and in the whole file', async () => {
    const files = {
      'App/Info.plist': `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
	<key>UIBackgroundModes</key>
	<array>
		<!-- bgtasks-disable-next-line missing-background-mode -->
		<string>background-fetch</string>
		<string>background-processing</string>
	</array>
</dict>
</plist>
`,
    };
    const r = await lintFiles(build(files, { autoPlist: false }).files);
    const modes = r.findings.filter((f) => f.ruleId === 'missing-background-mode').map((f) => f.message);
    expect(modes).toEqual([expect.stringContaining('"background-processing"')]);
  });
});
