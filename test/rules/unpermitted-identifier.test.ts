import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncedProject as pbxproj } from '../helpers/pbxproj';
import { build, infoPlist, lintFiles, ROOT } from '../helpers/project';
import { ruleTester } from './ruleTester';

/**
 * An app delegate that registers `regId` at launch and submits `reqId` when the app goes to the
 * background; the handler resubmits, completes and has an expiration handler, so the only finding
 * a case produces is about identifiers.
 */
const delegate = (regId: string, reqId = regId, cls = 'BGAppRefreshTaskRequest') => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${regId}, using: nil) { task in
            self.handle(task)
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        schedule()
    }

    func schedule() {
        let request = ${cls}(identifier: ${reqId})
        try? BGTaskScheduler.shared.submit(request)
    }

    func handle(_ task: BGTask) {
        schedule()
        let work = Task {
            await Library.shared.sync()
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = {
            work.cancel()
            task.setTaskCompleted(success: false)
        }
    }
}
`;

/**
 * Registers a literal identifier at launch; submission goes through a generic helper that takes the
 * identifier as a parameter (which the linter cannot resolve), so exactly one site is checked.
 */
const registersOnly = (id: string) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in
            Scheduler.schedule("com.example.app.refresh")
            let work = Task {
                await Library.shared.sync()
                task.setTaskCompleted(success: true)
            }
            task.expirationHandler = {
                work.cancel()
                task.setTaskCompleted(success: false)
            }
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        Scheduler.schedule("com.example.app.refresh")
    }
}

enum Scheduler {
    static func schedule(_ identifier: String) {
        let request = BGAppRefreshTaskRequest(identifier: identifier)
        try? BGTaskScheduler.shared.submit(request)
    }
}
`;

const appTarget = (debug: Record<string, string>, release: Record<string, string> = debug, xcconfig?: string) =>
  pbxproj([{ name: 'App', folder: 'App', configs: [{ name: 'Debug', settings: debug, xcconfig }, { name: 'Release', settings: release, xcconfig }] }]);

/** The builder's plist with every tab replaced by four spaces. */
const fourSpaces = (o: Parameters<typeof infoPlist>[0]) => infoPlist(o).replace(/\t/g, '    ');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

const tuistProject = (infoPlistArg: string) => `import ProjectDescription

let project = Project(
    name: "Planner",
    targets: [
        .target(name: "Planner", destinations: .iOS, product: .app, bundleId: "com.example.planner",
                infoPlist: ${infoPlistArg}, sources: ["Planner/Sources/**"]),
    ]
)
`;

ruleTester('unpermitted-identifier', {
  valid: [
    {
      name: 'Tuist: a stale Info.plist no manifest names does not govern (the target extends the default plist)',
      files: {
        'Project.swift': tuistProject('.extendingDefault(with: ["BGTaskSchedulerPermittedIdentifiers": ["com.example.planner.sync"], "UIBackgroundModes": ["fetch"]])'),
        'Planner/Info.plist': infoPlist({ ids: [], bundleId: 'com.example.planner' }),
        'Planner/Sources/AppDelegate.swift': delegate('"com.example.planner.sync"'),
      },
    },
    {
      name: 'literal identifier listed exactly',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
    },
    {
      name: 'Bundle.main.bundleIdentifier! + ".refresh" matches $(PRODUCT_BUNDLE_IDENTIFIER).refresh',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget({ INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films' }),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': delegate('Bundle.main.bundleIdentifier! + ".refresh"'),
      },
    },
    {
      name: 'Debug and Release bundle ids both match the $(PRODUCT_BUNDLE_IDENTIFIER) entry',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget(
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films.debug' },
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films' },
        ),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': delegate('"\\(Bundle.main.bundleIdentifier!).refresh"'),
      },
    },
    {
      name: 'bundle id from an xcconfig expands the code side to a concrete listed id',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget({ INFOPLIST_FILE: 'App/Info.plist' }, { INFOPLIST_FILE: 'App/Info.plist' }, 'Config/App.xcconfig'),
        'Config/App.xcconfig': 'PRODUCT_BUNDLE_IDENTIFIER = com.acme.films\n',
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': delegate('(Bundle.main.bundleIdentifier ?? "") + ".refresh"'),
      },
    },
    {
      name: 'static constants declared in another file',
      files: {
        'App/AppDelegate.swift': delegate('TaskIDs.refresh'),
        'App/Support/TaskIDs.swift': `import Foundation

enum TaskIDs {
    static let refresh = "com.example.app.refresh"
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
    },
    {
      name: 'String enum raw values in another file',
      files: {
        'App/AppDelegate.swift': delegate('BackgroundTask.refresh.rawValue', 'BackgroundTask.cleanup.rawValue', 'BGProcessingTaskRequest'),
        'App/BackgroundTask.swift': `enum BackgroundTask: String {
    case refresh = "com.example.app.refresh"
    case cleanup = "com.example.app.cleanup"
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.cleanup'] }),
      },
    },
    {
      name: 'an identifier that cannot be resolved is never reported',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        for identifier in RemoteConfig.shared.backgroundTaskIdentifiers {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
                task.setTaskCompleted(success: true)
            }
        }
        let request = BGAppRefreshTaskRequest(identifier: RemoteConfig.shared.refreshIdentifier())
        try? BGTaskScheduler.shared.submit(request)
        return true
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
    },
    {
      name: 'wildcard entry permits concrete and dynamic continued-processing identifiers',
      files: {
        'App/ExportSession.swift': `import BackgroundTasks

final class ExportSession {
    func start(jobID: String) throws {
        let identifier = "com.example.app.export.\\(jobID)"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            task.setTaskCompleted(success: true)
        }
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export.\\(UUID().uuidString)", title: "Exporting", subtitle: "Library")
        try BGTaskScheduler.shared.submit(request)
    }

    func resumeKnownJob() throws {
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export.HD830D", title: "Exporting", subtitle: "Library")
        try BGTaskScheduler.shared.submit(request)
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.export.*'] }),
      },
    },
    {
      name: 'WatchKit refresh and UIApplication.beginBackgroundTask names are not task identifiers',
      files: {
        'Watch/ExtensionDelegate.swift': `import WatchKit

final class ExtensionDelegate: NSObject, WKApplicationDelegate {
    func applicationDidEnterBackground() {
        WKApplication.shared().scheduleBackgroundRefresh(withPreferredDate: Date(timeIntervalSinceNow: 900), userInfo: "com.example.watch.refresh" as NSString) { _ in }
    }
}
`,
        'App/Uploader.swift': `import UIKit

final class Uploader {
    func flush() {
        var id = UIBackgroundTaskIdentifier.invalid
        id = UIApplication.shared.beginBackgroundTask(withName: "com.example.app.flush") {
            UIApplication.shared.endBackgroundTask(id)
        }
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
    },
    {
      name: 'app extension code is not checked against the host app plist',
      files: {
        'App.xcodeproj/project.pbxproj': pbxproj([
          { name: 'App', folder: 'App', configs: [{ name: 'Release', settings: { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.app' } }] },
          {
            name: 'Widget',
            folder: 'Widget',
            productType: 'com.apple.product-type.app-extension',
            configs: [{ name: 'Release', settings: { INFOPLIST_FILE: 'Widget/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.app.widget' } }],
          },
        ]),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
        'Widget/Info.plist': infoPlist({ ids: null, modes: null, bundleId: 'com.example.app.widget', extra: '\t<key>NSExtension</key>\n\t<dict>\n\t\t<key>NSExtensionPointIdentifier</key>\n\t\t<string>com.apple.widgetkit-extension</string>\n\t</dict>\n' }),
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'Widget/WidgetRefresh.swift': `import BackgroundTasks

enum WidgetRefresh {
    static func requestAppRefresh() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.widget-refresh"))
    }
}
`,
      },
    },
    {
      name: 'XcodeGen info.properties lists the identifier',
      autoPlist: false,
      files: {
        'project.yml': `name: App
targets:
  App:
    type: application
    platform: iOS
    sources: [App]
    info:
      path: App/Info.plist
      properties:
        UIBackgroundModes: [fetch]
        BGTaskSchedulerPermittedIdentifiers:
          - com.example.app.refresh
`,
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
      },
    },
    {
      name: 'a plist entry built from an unknown build variable is not judged',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['$(TASK_PREFIX).refresh'] }),
      },
    },
    {
      name: 'silenced with a disable-next-line directive',
      files: {
        'App/AppDelegate.swift': registersOnly('"com.example.app.refresh"').replace(
          '        BGTaskScheduler.shared.register',
          '        // bgtasks-disable-next-line unpermitted-identifier\n        BGTaskScheduler.shared.register',
        ),
        'App/Info.plist': infoPlist({ ids: [] }),
      },
    },
  ],
  invalid: [
    {
      name: 'Tuist: the plist the manifest names governs',
      files: {
        'Project.swift': tuistProject('.file(path: "Planner/Info.plist")'),
        'Planner/Info.plist': infoPlist({ ids: [], bundleId: 'com.example.planner' }),
        'Planner/Sources/AppDelegate.swift': delegate('«"com.example.planner.sync"»', '«"com.example.planner.sync"»'),
      },
    },
    {
      name: 'submit uses a misspelt copy of the registered identifier (replace the literal)',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"', '«"com.example.app.refersh"»'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
      expect: [{ message: 'is submitted here but is not in BGTaskSchedulerPermittedIdentifiers of App/Info.plist (nearest Info.plist)', severity: 'error' }],
      fixTitle: 'Change to "com.example.app.refresh"',
      output: { 'App/AppDelegate.swift': delegate('"com.example.app.refresh"') },
    },
    {
      name: 'identifiers differ only in case',
      files: {
        'App/AppDelegate.swift': delegate('«"com.example.app.Refresh"»', '«"com.example.app.Refresh"»'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
      expect: [{ message: 'Did you mean "com.example.app.refresh"?' }, { message: 'BGTaskScheduler.Error.notPermitted' }],
    },
    {
      name: 'plist has no BGTaskSchedulerPermittedIdentifiers key (fix creates key and array)',
      files: {
        'App/AppDelegate.swift': registersOnly('«"com.example.app.refresh"»'),
        'App/Info.plist': infoPlist({ ids: null, modes: ['fetch'] }),
      },
      expect: [{ message: 'App/Info.plist (nearest Info.plist) has no BGTaskSchedulerPermittedIdentifiers key: register(…) returns false' }],
      output: {
        'App/Info.plist': infoPlist({
          ids: null,
          modes: ['fetch'],
          extra: '\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array>\n\t\t<string>com.example.app.refresh</string>\n\t</array>\n',
        }),
      },
    },
    {
      name: 'fix appends to a CRLF plist with CRLF',
      files: {
        'App/AppDelegate.swift': registersOnly('«"com.example.app.refresh"»'),
        'App/Info.plist': crlf(infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch'] })),
      },
      output: { 'App/Info.plist': crlf(infoPlist({ ids: ['com.example.app.cleanup', 'com.example.app.refresh'], modes: ['fetch'] })) },
    },
    {
      name: 'fix appends to a four-space-indented plist with its indentation',
      files: {
        'App/AppDelegate.swift': registersOnly('«"com.example.app.refresh"»'),
        'App/Info.plist': fourSpaces({ ids: ['com.example.app.cleanup'], modes: ['fetch'] }),
      },
      output: { 'App/Info.plist': fourSpaces({ ids: ['com.example.app.cleanup', 'com.example.app.refresh'], modes: ['fetch'] }) },
    },
    {
      name: 'fix fills an empty <array/>',
      files: {
        'App/AppDelegate.swift': registersOnly('«"com.example.app.refresh"»'),
        'App/Info.plist': infoPlist({ ids: null, modes: ['fetch'] }).replace('<dict>\n', '<dict>\n\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array/>\n'),
      },
      output: { 'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }) },
    },
    {
      name: 'enum raw value in another file uses a prefix the plist does not',
      files: {
        'App/AppDelegate.swift': delegate('«TaskID.sync.rawValue»', '«TaskID.sync.rawValue»'),
        'App/TaskID.swift': `enum TaskID: String {
    case sync = "psyche.sync"
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.cup11.sync'] }),
      },
      expect: [{ message: '"psyche.sync" is registered here' }, { message: '"psyche.sync" is submitted here' }],
    },
    {
      name: 'SwiftUI .backgroundTask(.appRefresh) with an unlisted identifier',
      files: {
        'App/FilmsApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FilmsApp: App {
    var body: some Scene {
        WindowGroup { ContentView() }
            .backgroundTask(.appRefresh(«"com.example.app.refresh"»)) {
                await Library.shared.sync()
            }
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'] }),
      },
      expect: [{ message: 'is registered with .backgroundTask here but is not in BGTaskSchedulerPermittedIdentifiers' }],
    },
    {
      name: 'concrete Release entry does not cover the Debug bundle id (warning)',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget(
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films.debug' },
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films' },
        ),
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': delegate('«Bundle.main.bundleIdentifier! + ".refresh"»', '«Bundle.main.bundleIdentifier! + ".refresh"»'),
      },
      expect: [
        { message: 'of App/Info.plist (target App) in configuration Debug (com.acme.films.debug)', severity: 'warning' },
        { message: 'in configuration Debug (com.acme.films.debug)', severity: 'warning' },
      ],
    },
    {
      name: 'only Release misses it: shown and added with the Release bundle id',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget(
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films.debug' },
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films' },
        ),
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.debug.refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': registersOnly('«Bundle.main.bundleIdentifier! + ".refresh"»'),
      },
      expect: [{ message: '"com.acme.films.refresh" is registered here but is not in BGTaskSchedulerPermittedIdentifiers of App/Info.plist (target App) in configuration Release (com.acme.films)', severity: 'warning' }],
      output: { 'App/Info.plist': infoPlist({ ids: ['com.acme.films.debug.refresh', 'com.acme.films.refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }) },
    },
    {
      name: 'no configuration has it: the fix adds the $(PRODUCT_BUNDLE_IDENTIFIER) form that covers both',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget(
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films.debug' },
          { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films' },
        ),
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.sync'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': registersOnly('«Bundle.main.bundleIdentifier! + ".refresh"»'),
      },
      expect: [{ message: 'is registered here but is not in BGTaskSchedulerPermittedIdentifiers of App/Info.plist (target App):', severity: 'error' }],
      output: { 'App/Info.plist': infoPlist({ ids: ['com.acme.films.sync', '$(PRODUCT_BUNDLE_IDENTIFIER).refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }) },
    },
    {
      name: 'one bundle id: the fix writes the concrete identifier',
      files: {
        'App.xcodeproj/project.pbxproj': appTarget({ INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.acme.films' }),
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.sync'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'App/AppDelegate.swift': registersOnly('«Bundle.main.bundleIdentifier! + ".refresh"»'),
      },
      expect: [{ message: '"com.acme.films.refresh" is registered here' }],
      output: { 'App/Info.plist': infoPlist({ ids: ['com.acme.films.sync', 'com.acme.films.refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }) },
    },
    {
      name: 'processing request with an identifier only the code knows',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"').replace(
          '    func handle(_ task: BGTask) {',
          `    func scheduleCleanup() {
        let request = BGProcessingTaskRequest(identifier: «"com.example.app.db-cleanup"»)
        request.requiresExternalPower = true
        try? BGTaskScheduler.shared.submit(request)
    }

    func handle(_ task: BGTask) {`,
        ),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
      expect: [{ message: '"com.example.app.db-cleanup" is submitted here' }],
    },
    {
      name: 'a wildcard entry does not permit its own base',
      files: {
        'App/ExportSession.swift': `import BackgroundTasks

final class ExportSession {
    func start() throws {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.export"», using: nil) { task in
            task.setTaskCompleted(success: true)
        }
        try BGTaskScheduler.shared.submit(BGContinuedProcessingTaskRequest(identifier: «"com.example.app.export"», title: "Exporting", subtitle: "Library"))
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.export.*'] }),
      },
    },
    {
      name: 'XcodeGen info.properties lacks the identifier',
      autoPlist: false,
      files: {
        'project.yml': `name: App
targets:
  App:
    type: application
    platform: iOS
    sources: [App]
    info:
      path: App/Info.plist
      properties:
        UIBackgroundModes: [fetch]
        BGTaskSchedulerPermittedIdentifiers:
          - com.example.app.refresh
`,
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"', '«"com.example.app.refresh2"»'),
      },
      expect: [{ message: 'is not in BGTaskSchedulerPermittedIdentifiers of project.yml' }],
    },
  ],
});

describe('unpermitted-identifier fixes', () => {
  it('offers no plist edit when the permitted list lives in XcodeGen project.yml', async () => {
    const b = build(
      {
        'project.yml': `targets:
  App:
    type: application
    info:
      path: App/Info.plist
      properties:
        BGTaskSchedulerPermittedIdentifiers: [com.example.app.cleanup]
`,
        'App/AppDelegate.swift': registersOnly('"com.example.app.refresh"'),
      },
      { autoPlist: false },
    );
    const r = await lintFiles(b.files);
    const mine = r.findings.filter((f) => f.ruleId === 'unpermitted-identifier');
    expect(mine.map((f) => path.relative(ROOT, f.file))).toEqual(['App/AppDelegate.swift']);
    expect(mine[0].fixes).toEqual([]);
  });

  it('the literal fix is offered only next to the add fix, which stays preferred', async () => {
    const b = build({ 'App/AppDelegate.swift': registersOnly('"com.example.app.refrsh"'), 'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }) });
    const r = await lintFiles(b.files);
    const [f] = r.findings.filter((x) => x.ruleId === 'unpermitted-identifier');
    expect(f.fixes.map((x) => [x.title, !!x.preferred, x.safe])).toEqual([
      ['Add "com.example.app.refrsh" to BGTaskSchedulerPermittedIdentifiers', true, true],
      ['Change to "com.example.app.refresh"', false, false],
    ]);
  });
});
