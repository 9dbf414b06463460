import { infoPlist } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** A registration statement for `id` (a Swift expression) whose continuation lines get `indent`. */
const register = (id: string, indent = '        ') =>
  [
    `BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in`,
    `    FeedStore.shared.refresh(task: task as! BGAppRefreshTask)`,
    `}`,
  ]
    .map((l, i) => (i === 0 ? l : indent + l))
    .join('\n');

const delegate = (launch: string, extra = '', name = 'AppDelegate') => `import BackgroundTasks
import UIKit

@main
final class ${name}: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${launch}
        return true
    }
${extra}}
`;

ruleTester('duplicate-registration', {
  valid: [
    {
      name: 'the two arms of #if DEBUG … #else register the same identifier',
      files: {
        'App/AppDelegate.swift': delegate(`#if DEBUG
        ${register('"com.example.app.refresh"')}
#else
        ${register('"com.example.app.refresh"')}
#endif`),
      },
    },
    {
      name: 'the two arms of if #available register the same identifier',
      files: {
        'App/AppDelegate.swift': delegate(`        if #available(iOS 17.0, *) {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.study", using: nil) { task in
                StudyUploader.shared.upload(task: task as! BGHealthResearchTask)
            }
        } else {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.study", using: nil) { task in
                StudyUploader.shared.upload(legacy: task as! BGProcessingTask)
            }
        }`),
      },
    },
    {
      name: 'switch arms register the same identifier',
      files: {
        'App/AppDelegate.swift': delegate(`        switch AppEnvironment.current {
        case .production:
            ${register('"com.example.app.refresh"', '            ')}
        case .staging, .development:
            ${register('"com.example.app.refresh"', '            ')}
        }`),
      },
    },
    {
      name: 'a guard-else block that registers and returns, and the registration after the guard',
      files: {
        'App/AppDelegate.swift': delegate(`        guard #available(iOS 17.0, *) else {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.study", using: nil) { task in
                StudyUploader.shared.upload(legacy: task as! BGProcessingTask)
            }
            return true
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.study", using: nil) { task in
            StudyUploader.shared.upload(task: task as! BGHealthResearchTask)
        }`),
      },
    },
    {
      name: 'different identifiers',
      files: {
        'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}
        ${register('"com.example.app.cleanup"')}`),
      },
    },
    {
      name: 'the app and its App Clip each register the identifier in their own process',
      files: {
        'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}`),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'] }),
        'Clip/ClipDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}`, '', 'ClipDelegate'),
        'Clip/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], bundleId: 'com.example.app.Clip' }),
      },
    },
    {
      name: 'one registration function with a once-only guard, called twice',
      files: {
        'App/AppDelegate.swift': delegate(`        BackgroundTasks.registerOnce()
        BackgroundTasks.registerOnce()`),
        'App/BackgroundTasks.swift': `import BackgroundTasks

enum BackgroundTasks {
    private static var registered = false

    static func registerOnce() {
        guard !registered else { return }
        registered = true
        ${register('"com.example.app.refresh"')}
    }
}
`,
      },
    },
    {
      name: 'a second registration outside launch is not a launch duplicate',
      files: {
        'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}`, `
    func applicationDidBecomeActive(_ application: UIApplication) {
        ${register('"com.example.app.refresh"')}
    }
`),
      },
    },
    {
      name: 'a loop over identifiers that cannot be resolved is never reported',
      files: {
        'App/AppDelegate.swift': delegate(`        for id in TaskCatalog.identifiers {
            ${register('id', '            ')}
        }
        ${register('"com.example.app.refresh"')}`),
      },
    },
    {
      name: 'continued-processing jobs register a fresh identifier each',
      files: {
        'App/Exporter.swift': `import BackgroundTasks

final class Exporter {
    func export(_ item: Item) {
        let id = "com.example.app.export.\\(UUID().uuidString)"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: id, using: nil) { task in
            ExportJob(item: item).run(task: task as! BGContinuedProcessingTask)
        }
        try? BGTaskScheduler.shared.submit(BGContinuedProcessingTaskRequest(identifier: id, title: "Exporting", subtitle: item.name))
    }

    func exportAll(_ items: [Item]) {
        export(items[0])
        export(items[1])
    }
}
`,
      },
    },
    {
      name: 'silenced with a bgtasks-disable-next-line directive',
      files: {
        'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}
        // bgtasks-disable-next-line duplicate-registration
        ${register('"com.example.app.refresh"')}`),
      },
    },
  ],
  invalid: [
    {
      name: 'the same literal registered twice in didFinishLaunching',
      files: {
        'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            Database.shared.vacuum(task: task as! BGProcessingTask)
        }
        ${register('«"com.example.app.refresh"»')}`),
      },
      expect: [
        {
          message:
            '"com.example.app.refresh" is registered twice during launch (BGTaskScheduler.register here, BGTaskScheduler.register at App/AppDelegate.swift:7): iOS raises "Launch handler for task with identifier com.example.app.refresh has already been registered" and the app crashes.',
          severity: 'error',
        },
      ],
      output: {
        'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            Database.shared.vacuum(task: task as! BGProcessingTask)
        }`),
      },
    },
    {
      name: 'one-line registrations: only the duplicate line goes',
      files: {
        'App/AppDelegate.swift': delegate(
          `        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { self.handle($0) }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { self.handle($0) }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { self.handle($0) }`,
          `
    func handle(_ task: BGTask) {
        Work.run(task)
    }
`,
        ),
      },
      output: {
        'App/AppDelegate.swift': delegate(
          `        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { self.handle($0) }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { self.handle($0) }`,
          `
    func handle(_ task: BGTask) {
        Work.run(task)
    }
`,
        ),
      },
    },
    {
      name: 'SwiftUI .backgroundTask on top of an app-delegate registration: the modifier goes',
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate

    var body: some Scene {
        WindowGroup { ContentView() }
            .backgroundTask(.appRefresh(«"com.example.app.refresh"»)) {
                await FeedStore.shared.refresh()
            }
    }
}
`,
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        ${register('Bundle.main.bundleIdentifier! + ".refresh"')}
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: Bundle.main.bundleIdentifier! + ".refresh"))
    }
}
`,
      },
      expect: [{ message: '(SwiftUI .backgroundTask here, BGTaskScheduler.register at App/AppDelegate.swift:6)' }],
      output: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate

    var body: some Scene {
        WindowGroup { ContentView() }
    }
}
`,
      },
    },
    {
      name: "the App's init and the adaptor delegate's manager both register it",
      files: {
        'App/FeedApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate

    init() {
        ${register('TaskID.refresh')}
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
        'App/TaskID.swift': `enum TaskID {
    static let refresh = "com.example.app.refresh"
}
`,
        'App/AppDelegate.swift': `import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        BackgroundTaskManager.shared.registerHandlers()
        return true
    }
}
`,
        'App/BackgroundTaskManager.swift': `import BackgroundTasks

final class BackgroundTaskManager {
    static let shared = BackgroundTaskManager()

    func registerHandlers() {
        ${register('«"com.example.app.refresh"»')}
    }
}
`,
      },
      expect: [{ message: 'BGTaskScheduler.register at App/FeedApp.swift:9' }],
    },
    {
      name: 'Bundle.main.bundleIdentifier + suffix and the literal it expands to',
      files: {
        'App/AppDelegate.swift': delegate(`        ${register('Bundle.main.bundleIdentifier! + ".refresh"')}
        ${register('«"com.example.app.refresh"»')}`),
      },
      expect: [{ message: /^"com\.example\.app\.refresh" is registered twice during launch/ }],
    },
    {
      name: 'registered inside if #available and again unconditionally after it',
      files: {
        'App/AppDelegate.swift': delegate(`        if #available(iOS 17.0, *) {
            ${register('"com.example.app.refresh"', '            ')}
        }
        ${register('«"com.example.app.refresh"»')}`),
      },
    },
    {
      name: 'a registration function registers twice even when its caller is unknown',
      files: {
        'App/BackgroundTasks.swift': `import BackgroundTasks

final class BackgroundTasks {
    func registerAll() {
        ${register('"com.example.app.refresh"')}
        ${register('«"com.example.app.refresh"»')}
    }
}
`,
      },
    },
    {
      name: 'tab-indented delegate, enum raw value and literal: the duplicate statement goes',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskID.sync.rawValue, using: nil) { task in
			SyncEngine.shared.run(task as! BGProcessingTask)
		}
		BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.sync"», using: nil) { task in
			SyncEngine.shared.run(task as! BGProcessingTask)
		}
		return true
	}
}

enum TaskID: String {
	case sync = "com.example.app.sync"
}
`,
      },
      output: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskID.sync.rawValue, using: nil) { task in
			SyncEngine.shared.run(task as! BGProcessingTask)
		}
		return true
	}
}

enum TaskID: String {
	case sync = "com.example.app.sync"
}
`,
      },
    },
  ],
});
