import { ruleTester } from './ruleTester';

const register = (id: string) => `        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in
            FeedStore.shared.refresh(task: task as! BGAppRefreshTask)
        }`;

/** An app delegate that runs `launch` at launch and submits a `cls` request for `id` when it enters the background. */
const delegate = (launch: string, id: string, cls = 'BGAppRefreshTaskRequest') => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${launch}
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = ${cls}(identifier: ${id})
        try? BGTaskScheduler.shared.submit(request)
    }
}
`;

/** iOS 27's submits: `submitTaskRequest(_:completionHandler:)` at background, `try await submitTaskRequest(_:)` elsewhere. */
const ios27Delegate = (launch: string, refresh: string, cleanup: string) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${launch}
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = BGAppRefreshTaskRequest(identifier: ${refresh})
        BGTaskScheduler.shared.submitTaskRequest(request) { error in
            if let error { Log.error(error) }
        }
    }

    func scheduleCleanup() async throws {
        try await BGTaskScheduler.shared.submitTaskRequest(BGProcessingTaskRequest(identifier: ${cleanup}))
    }
}
`;

ruleTester('submit-without-handler', {
  valid: [
    {
      name: 'iOS 27 submits (completion handler and async) of registered identifiers',
      files: {
        'App/AppDelegate.swift': ios27Delegate(register('"com.example.app.refresh"') + '\n' + register('"com.example.app.cleanup"'), '"com.example.app.refresh"', '"com.example.app.cleanup"'),
      },
    },
    {
      name: 'registered in didFinishLaunching',
      files: { 'App/AppDelegate.swift': delegate(register('"com.example.app.refresh"'), '"com.example.app.refresh"') },
    },
    {
      name: 'SwiftUI .backgroundTask(.appRefresh) registers the identifier',
      files: {
        'App/FeedApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FeedApp: App {
    @Environment(\\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup { Text("Feed") }
            .onChange(of: scenePhase) { phase in
                if phase == .background {
                    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
                }
            }
            .backgroundTask(.appRefresh("com.example.app.refresh")) {
                await FeedStore.shared.refresh()
            }
    }
}
`,
      },
    },
    {
      name: 'enum raw value at the register, a constant from another file at the submit',
      files: {
        'App/AppDelegate.swift': delegate(register('TaskID.refresh.rawValue'), 'Constants.BackgroundTasks.refresh'),
        'App/TaskID.swift': `enum TaskID: String {
    case refresh = "com.example.app.refresh"
}
`,
        'App/Constants.swift': `enum Constants {
    enum BackgroundTasks {
        static let refresh = "com.example.app.refresh"
    }
}
`,
      },
    },
    {
      name: 'Bundle.main.bundleIdentifier! + ".refresh" at the submit, the expanded literal at the register',
      files: { 'App/AppDelegate.swift': delegate(register('"com.example.app.refresh"'), 'Bundle.main.bundleIdentifier! + ".refresh"') },
    },
    {
      name: 'interpolated bundle identifier on both sides',
      files: { 'App/AppDelegate.swift': delegate(register('"\\(Bundle.main.bundleIdentifier!).refresh"'), 'Bundle.main.bundleIdentifier! + ".refresh"') },
    },
    {
      name: 'a registration whose identifier cannot be resolved may cover the submit',
      files: {
        'App/AppDelegate.swift': delegate(
          `        for id in TaskCatalog.identifiers {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: id, using: nil) { task in
                TaskCatalog.run(task)
            }
        }`,
          '"com.example.app.refresh"',
        ),
      },
    },
    {
      name: 'a submitted identifier that cannot be resolved is never reported',
      files: { 'App/AppDelegate.swift': delegate('', 'job.taskIdentifier', 'BGProcessingTaskRequest') },
    },
    {
      name: 'identifiers that a library registers natively from the plist',
      files: { 'App/AppDelegate.swift': delegate('', '"com.transistorsoft.fetch"', 'BGProcessingTaskRequest') },
    },
    {
      name: 'continued processing registers request.identifier just before submitting',
      files: {
        'App/Exporter.swift': `import BackgroundTasks

final class Exporter {
    func start() {
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export.library", title: "Exporting", subtitle: "Library")
        BGTaskScheduler.shared.register(forTaskWithIdentifier: request.identifier, using: nil) { task in
            LibraryExport.run(task: task as! BGContinuedProcessingTask)
        }
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
      },
    },
    {
      name: 'a launch handler given as a function reference',
      files: {
        'App/AppDelegate.swift': delegate(
          '        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil, launchHandler: Maintenance.handleCleanup)',
          '"com.example.app.cleanup"',
          'BGProcessingTaskRequest',
        ),
      },
    },
    {
      name: 'silenced with a bgtasks-disable-next-line directive (a handler registered by code outside the workspace)',
      files: {
        'App/AppDelegate.swift': delegate('        VendorSDK.start()', '"com.example.app.vendor-sync"').replace(
          '        let request = BGAppRefreshTaskRequest(',
          '        // bgtasks-disable-next-line submit-without-handler\n        let request = BGAppRefreshTaskRequest(',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'iOS 27 submits (completion handler and async) of identifiers nothing registers',
      files: {
        'App/AppDelegate.swift': ios27Delegate('        Log.start()', '«"com.example.app.refresh"»', '«"com.example.app.cleanup"»'),
      },
    },
    {
      name: 'submitted, registered nowhere',
      files: { 'App/AppDelegate.swift': delegate('', '«"com.example.app.refresh"»') },
      expect: [
        {
          message:
            '"com.example.app.refresh" is submitted but no launch handler is registered for it: when iOS launches the app for this task it crashes with "No launch handler registered for task with identifier com.example.app.refresh".',
          severity: 'error',
        },
      ],
    },
    {
      name: 'a typo in the registered identifier',
      files: { 'App/AppDelegate.swift': delegate(register('"com.example.app.refesh"'), '«"com.example.app.refresh"»') },
    },
    {
      name: 'a processing request whose constant lives in another file; only the refresh task is registered',
      files: {
        'App/AppDelegate.swift': delegate(register('TaskIDs.refresh'), '«TaskIDs.cleanup»', 'BGProcessingTaskRequest'),
        'App/TaskIDs.swift': `enum TaskIDs {
    static let refresh = "com.example.app.refresh"
    static let cleanup = "com.example.app.cleanup"
}
`,
      },
      expect: [{ message: '"com.example.app.cleanup" is submitted but no launch handler is registered for it' }],
    },
    {
      name: 'SwiftUI handles one identifier, another is submitted',
      files: {
        'App/FeedApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FeedApp: App {
    var body: some Scene {
        WindowGroup { Text("Feed") }
            .backgroundTask(.appRefresh("com.example.app.refresh")) {
                await FeedStore.shared.refresh()
            }
    }
}

func scheduleSync() {
    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: «"com.example.app.sync"»))
}
`,
      },
      expect: [{ message: '"com.example.app.sync" is submitted' }],
    },
    {
      name: 'a bundle-id suffix that matches no registration',
      files: { 'App/AppDelegate.swift': delegate(register('Bundle.main.bundleIdentifier! + ".refresh"'), '«Bundle.main.bundleIdentifier! + ".sync"»') },
      expect: [{ message: '"com.example.app.sync" is submitted' }],
    },
    {
      name: 'a handler function exists but nothing installs it',
      files: {
        'App/PosterCache.swift': `import BackgroundTasks

final class PosterCache {
    static let prefetchTaskIdentifier = "com.example.app.poster-prefetch"

    func schedulePrefetch() {
        let request = BGProcessingTaskRequest(identifier: «Self.prefetchTaskIdentifier»)
        request.requiresNetworkConnectivity = true
        try? BGTaskScheduler.shared.submit(request)
    }

    func handlePrefetch(task: BGProcessingTask) {
        task.expirationHandler = { self.cancelDownloads() }
        prefetch { task.setTaskCompleted(success: $0) }
    }
}
`,
      },
      expect: [{ message: '"com.example.app.poster-prefetch" is submitted' }],
    },
    {
      name: 'iOS 27 async submitTaskRequest without a registration',
      files: {
        'App/Maintenance.swift': `import BackgroundTasks

enum Maintenance {
    static func schedule() async throws {
        let request = BGProcessingTaskRequest(identifier: «"com.example.app.cleanup"»)
        request.requiresExternalPower = true
        try await BGTaskScheduler.shared.submitTaskRequest(request)
    }
}
`,
      },
    },
  ],
});
