import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** Registers `regId` at launch and submits `reqId` from the background transition; otherwise clean. */
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

/** Registers at launch but never submits anything. */
const registersOnly = (id: string) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            Store.shared.compact()
            task.setTaskCompleted(success: true)
        }
        return true
    }
}
`;

const appProject = (bundleId: string) => `// !$*UTF8*$!
{
	archiveVersion = 1;
	objectVersion = 77;
	objects = {
		A1 = {isa = PBXFileSystemSynchronizedRootGroup; path = App; sourceTree = "<group>"; };
		A2 = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = App/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = ${bundleId}; }; name = Release; };
		A3 = {isa = XCConfigurationList; buildConfigurations = (A2); };
		A4 = {isa = PBXNativeTarget; buildConfigurationList = A3; buildPhases = (); fileSystemSynchronizedGroups = (A1); name = App; productType = "com.apple.product-type.application"; };
		A5 = {isa = XCBuildConfiguration; buildSettings = { }; name = Release; };
		A6 = {isa = XCConfigurationList; buildConfigurations = (A5); };
		A7 = {isa = PBXProject; buildConfigurationList = A6; targets = (A4); };
	};
	rootObject = A7;
}
`;

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('unused-permitted-identifier', {
  valid: [
    {
      name: 'a dependency client whose scheduleRefresh closure the app invokes on the way to the background',
      files: {
        'App/RefreshClient.swift': `import BackgroundTasks

struct RefreshClient {
    var scheduleRefresh: () throws -> Void
    var registerHandler: (@escaping () async -> Bool) -> Void

    static let live = RefreshClient(
        scheduleRefresh: {
            let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
            try BGTaskScheduler.shared.submit(request)
        },
        registerHandler: { work in
            BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
                try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
                let job = Task { task.setTaskCompleted(success: await work()) }
                task.expirationHandler = { job.cancel() }
            }
        }
    )
}
`,
        'App/NewsApp.swift': `import SwiftUI

@main
struct NewsApp: App {
    @Environment(\\.scenePhase) private var phase
    let refresh = RefreshClient.live

    init() {
        refresh.registerHandler { await Feed.shared.reload() }
    }

    var body: some Scene {
        WindowGroup { Text("News") }
            .onChange(of: phase) { _, newPhase in
                if newPhase == .background { try? refresh.scheduleRefresh() }
            }
    }
}
`,
      },
    },
    {
      name: 'react-native-background-fetch before 4.2.2 registers every permitted identifier natively',
      files: {
        'src/background.ts': `import BackgroundFetch from 'react-native-background-fetch';

export async function initBackgroundFetch(categories: string[]) {
  await BackgroundFetch.configure({ minimumFetchInterval: 15 }, async (taskId) => {
    BackgroundFetch.finish(taskId);
  }, (taskId) => {
    BackgroundFetch.finish(taskId);
  });
  for (const id of categories) await BackgroundFetch.scheduleTask({ taskId: id, delay: 900000, periodic: true });
}
`,
        'package.json': '{ "name": "wallet", "private": true, "dependencies": { "react-native-background-fetch": "^4.1.1" } }\n',
        'yarn.lock': 'react-native-background-fetch@^4.1.1:\n  version "4.1.2"\n',
        'ios/App/Info.plist': infoPlist({ ids: ['com.transistorsoft.fetch', 'org.wallet.claim-reminder'] }),
      },
    },
    {
      name: "another organisation's identifier in a project with pods is left alone (an SDK may register it)",
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'org.tracingsdk.exposure'] }),
        'Podfile': "platform :ios, '15.0'\ntarget 'App' do\n  pod 'TracingSDK'\nend\n",
      },
    },
    {
      name: 'registered at launch and submitted',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
    },
    {
      name: 'used through constants and enum raw values in other files',
      files: {
        'App/AppDelegate.swift': delegate('Identifiers.refresh', 'Identifiers.refresh').replace(
          '    func handle(_ task: BGTask) {',
          `    func registerCleanup() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskKind.cleanup.rawValue, using: nil) { task in
            self.handle(task)
        }
        try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: TaskKind.cleanup.rawValue))
    }

    func handle(_ task: BGTask) {`,
        ),
        'App/Model/Identifiers.swift': `enum Identifiers {
    static let refresh = "com.example.app.refresh"
}

enum TaskKind: String {
    case cleanup = "com.example.app.cleanup"
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.cleanup'] }),
      },
    },
    {
      name: 'identifiers registered in a loop over a dynamic list count as used',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        for job in JobRegistry.all {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: job.identifier, using: nil) { task in
                job.run(task)
            }
        }
        return true
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.cleanup'] }),
      },
    },
    {
      name: 'an interpolated identifier whose known shape fits the entries',
      files: {
        'App/Sync.swift': `import BackgroundTasks

final class Sync {
    func register(kind: String) {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.sync.\\(kind)", using: nil) { task in
            task.setTaskCompleted(success: true)
        }
    }

    func schedule(kind: String) {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.sync.\\(kind)"))
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.sync.films', 'com.example.app.sync.ratings'] }),
      },
    },
    {
      name: 'identifiers that libraries register natively from the plist',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'com.transistorsoft.fetch', 'com.transistorsoft.upload', 'com.expo.modules.backgroundtask.processing'] }),
      },
    },
    {
      name: 'wildcard entries are not expected to be registered as written',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.export.*'] }),
      },
    },
    {
      name: '$(PRODUCT_BUNDLE_IDENTIFIER) entry used via Bundle.main.bundleIdentifier',
      files: {
        'App.xcodeproj/project.pbxproj': appProject('com.acme.films'),
        'App/AppDelegate.swift': delegate('Bundle.main.bundleIdentifier! + ".refresh"'),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
    },
    {
      name: 'a registration whose identifier cannot be resolved is not called never-submitted',
      files: {
        'App/AppDelegate.swift': registersOnly('Config.current.refreshTaskID'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
      },
    },
    {
      name: 'an entry with an unknown build variable is not judged',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', '$(TASK_PREFIX).cleanup'] }),
      },
    },
    {
      name: 'SwiftUI registration plus a submit elsewhere',
      files: {
        'App/FilmsApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FilmsApp: App {
    @Environment(\\.scenePhase) private var phase

    var body: some Scene {
        WindowGroup { ContentView() }
            .onChange(of: phase) { _, newPhase in
                if newPhase == .background {
                    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
                }
            }
            .backgroundTask(.appRefresh("com.example.app.refresh")) {
                await Library.shared.sync()
            }
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }),
      },
    },
    {
      name: 'silenced with an XML disable-next-line comment',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }).replace(
          '\t</array>\n\t<key>CFBundleIdentifier',
          '\t\t<!-- bgtasks-disable-next-line unused-permitted-identifier -->\n\t\t<string>com.example.app.reserved</string>\n\t</array>\n\t<key>CFBundleIdentifier',
        ),
      },
    },
    {
      name: 'bundle id unknown: $(PRODUCT_BUNDLE_IDENTIFIER).refresh may be the literal the code uses',
      files: {
        'App/AppDelegate.swift': delegate('"com.acme.films.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
    },
    {
      name: 'bundle id unknown: a concrete entry may be what Bundle.main.bundleIdentifier + ".refresh" gives',
      files: {
        'App/AppDelegate.swift': delegate('Bundle.main.bundleIdentifier! + ".refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.refresh'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
    },
  ],
  invalid: [
    {
      name: 'a dependency client whose scheduleRefresh closure nothing invokes: only the handler submits',
      files: {
        'App/RefreshClient.swift': `import BackgroundTasks

struct RefreshClient {
    var scheduleRefresh: () throws -> Void
    var registerHandler: (@escaping () async -> Bool) -> Void

    static let live = RefreshClient(
        scheduleRefresh: {
            let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
            try BGTaskScheduler.shared.submit(request)
        },
        registerHandler: { work in
            BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { task in
                try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
                let job = Task { task.setTaskCompleted(success: await work()) }
                task.expirationHandler = { job.cancel() }
            }
        }
    )
}
`,
        'App/NewsApp.swift': `import SwiftUI

@main
struct NewsApp: App {
    @Environment(\\.scenePhase) private var phase
    let refresh = RefreshClient.live

    init() {
        refresh.registerHandler { await Feed.shared.reload() }
    }

    var body: some Scene {
        WindowGroup { Text("News") }
    }
}
`,
      },
      expect: [{ message: 'submitted only inside its own launch handler or in functions nothing calls', severity: 'info' }],
    },
    {
      name: 'submitted only in a function nothing calls: the handler registered at launch never runs',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { task in
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
        return true
    }

    func scheduleRefresh() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
    }
}
`,
      },
      expect: [{ message: 'submitted only in a function nothing calls', severity: 'info' }],
    },
    {
      name: 'submitted only from inside its own launch handler: the chain never starts',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { task in
            self.handleRefresh(task: task)
        }
        return true
    }

    func handleRefresh(task: BGTask) {
        scheduleRefresh()
        task.expirationHandler = { task.setTaskCompleted(success: false) }
        task.setTaskCompleted(success: true)
    }

    func scheduleRefresh() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
    }
}
`,
      },
      expect: [{ message: 'submitted only from inside its own launch handler', severity: 'info' }],
    },
    {
      name: "a stale identifier of the app's own organisation is still reported when the project has pods",
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', '«com.example.app.old-sync»'] }),
        'Podfile': "platform :ios, '15.0'\ntarget 'App' do\n  pod 'TracingSDK'\nend\n",
      },
    },
    {
      name: 'ids built from a guard-let bundle id resolve, so the unused bare bundle-id entry is reported',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        guard let bundleID = Bundle.main.bundleIdentifier else { return true }
        let refreshID = "\\(bundleID).refresh"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: refreshID, using: nil) { task in
            try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: refreshID))
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        guard let bundleID = Bundle.main.bundleIdentifier else { return }
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "\\(bundleID).refresh"))
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['«$(PRODUCT_BUNDLE_IDENTIFIER)»', '$(PRODUCT_BUNDLE_IDENTIFIER).refresh'] }),
      },
    },
    {
      name: 'permitted and submitted but never registered: reported at the plist entry too (no removal fix)',
      files: {
        'App/Poster.swift': `import BackgroundTasks

enum PosterCache {
    static func schedulePrefetch() {
        try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.poster-prefetch"))
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['«com.example.app.poster-prefetch»'] }),
      },
      expect: [{ message: 'and submitted, but no code registers a launch handler' }],
    },
    {
      name: 'an entry nothing registers or submits (fix removes the line)',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', '«com.example.app.cleanup»'] }),
      },
      expect: [{ message: '"com.example.app.cleanup" is permitted in App/Info.plist but no code registers a launch handler for it', severity: 'warning' }],
      output: { 'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }) },
    },
    {
      name: 'removal keeps CRLF line endings intact',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': crlf(infoPlist({ ids: ['«com.example.app.trailer-sync»', 'com.example.app.refresh'] })),
      },
      output: { 'App/Info.plist': crlf(infoPlist({ ids: ['com.example.app.refresh'] })) },
    },
    {
      name: 'removal from an array written on one line',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Info.plist': infoPlist({ ids: null }).replace(
          '<dict>\n',
          '<dict>\n    <key>BGTaskSchedulerPermittedIdentifiers</key>\n    <array><string>com.example.app.refresh</string><string>«com.example.app.legacy-sync»</string></array>\n',
        ),
      },
      output: {
        'App/Info.plist': infoPlist({ ids: null }).replace(
          '<dict>\n',
          '<dict>\n    <key>BGTaskSchedulerPermittedIdentifiers</key>\n    <array><string>com.example.app.refresh</string></array>\n',
        ),
      },
    },
    {
      name: 'a leftover of a renamed identifier (typo of the one in use)',
      files: {
        'App/AppDelegate.swift': delegate('TaskIdentifier.trailersSync.rawValue'),
        'App/TaskIdentifier.swift': `enum TaskIdentifier: String {
    case trailersSync = "com.example.app.trailers-sync"
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.trailers-sync', '«com.example.app.trailer-sync»'] }),
      },
    },
    {
      name: 'the same string used only as a UIApplication background task name',
      files: {
        'App/AppDelegate.swift': delegate('"com.example.app.refresh"'),
        'App/Uploader.swift': `import UIKit

final class Uploader {
    func flush() {
        var id = UIBackgroundTaskIdentifier.invalid
        id = UIApplication.shared.beginBackgroundTask(withName: "com.example.app.upload") {
            UIApplication.shared.endBackgroundTask(id)
        }
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', '«com.example.app.upload»'] }),
      },
    },
    {
      name: 'a $(PRODUCT_BUNDLE_IDENTIFIER) entry is shown with the bundle id',
      files: {
        'App.xcodeproj/project.pbxproj': appProject('com.acme.films'),
        'App/AppDelegate.swift': delegate('Bundle.main.bundleIdentifier! + ".refresh"'),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).refresh', '«$(PRODUCT_BUNDLE_IDENTIFIER).cleanup»'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
      expect: [{ message: '"com.acme.films.cleanup" is permitted in App/Info.plist' }],
    },
    {
      name: 'bundle id unknown, but the suffix matches nothing the code uses',
      files: {
        'App/AppDelegate.swift': delegate('"com.acme.films.refresh"'),
        'App/Info.plist': infoPlist({ ids: ['com.acme.films.refresh', '«$(PRODUCT_BUNDLE_IDENTIFIER).cleanup»'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
      expect: [{ message: '"$(PRODUCT_BUNDLE_IDENTIFIER).cleanup" is permitted in App/Info.plist' }],
    },
    {
      name: 'registered but never submitted (info, at the registration)',
      files: {
        'App/AppDelegate.swift': registersOnly('«"com.example.app.cleanup"»'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'] }),
      },
      expect: [{ message: '"com.example.app.cleanup" is registered but never submitted: iOS only launches a task for a pending request', severity: 'info' }],
    },
    {
      name: 'SwiftUI .backgroundTask(.appRefresh) that nothing ever submits',
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
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }),
      },
      expect: [{ severity: 'info' }],
    },
  ],
});
