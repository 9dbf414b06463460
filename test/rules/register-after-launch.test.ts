import { ruleTester } from './ruleTester';

/** A launch handler registration for `id` (a Swift expression), indented for a method body. */
const register = (id: string, indent = '        ') =>
  [
    `BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in`,
    `    let work = Task {`,
    `        await FeedStore.shared.refresh()`,
    `        task.setTaskCompleted(success: !Task.isCancelled)`,
    `    }`,
    `    task.expirationHandler = { work.cancel() }`,
    `}`,
  ]
    .map((l, i) => (i === 0 ? l : indent + l))
    .join('\n');

const delegate = (launch: string, extra = '', launchMethod = 'didFinishLaunchingWithOptions') => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, ${launchMethod} launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${launch}
        return true
    }
${extra}}
`;

const emptyDelegate = delegate('');

const swiftUIApp = `import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate

    var body: some Scene {
        WindowGroup { ContentView() }
    }
}
`;

const plainDelegate = `import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {}
`;

const manager = (id: string) => `import BackgroundTasks

final class BackgroundTaskManager {
    static let shared = BackgroundTaskManager()

    func registerTasks() {
        ${register(id)}
    }
}
`;

ruleTester('register-after-launch', {
  valid: [
    {
      name: 'registered in application(_:didFinishLaunchingWithOptions:)',
      files: { 'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}`) },
    },
    {
      name: 'registered in application(_:willFinishLaunchingWithOptions:)',
      files: { 'App/AppDelegate.swift': delegate(`        ${register('"com.example.app.refresh"')}`, '', 'willFinishLaunchingWithOptions') },
    },
    {
      name: "registered in the @main App's init",
      files: {
        'App/FeedApp.swift': `import SwiftUI
import BackgroundTasks

@main
struct FeedApp: App {
    init() {
        ${register('"com.example.app.refresh"')}
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
      },
    },
    {
      name: "registered in the init of an app delegate installed with @UIApplicationDelegateAdaptor",
      files: {
        'App/FeedApp.swift': swiftUIApp,
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: NSObject {
    override init() {
        super.init()
        ${register('"com.example.app.refresh"')}
    }
}

extension AppDelegate: UIApplicationDelegate {}
`,
        'App/ContentView.swift': `import SwiftUI

struct ContentView: View {
    var body: some View { Text("Feed") }
}
`,
      },
    },
    {
      name: "a manager's method called from the App's init",
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    init() {
        BackgroundTaskManager.shared.registerTasks()
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
        'App/BackgroundTaskManager.swift': manager('TaskID.refresh.rawValue'),
        'App/TaskID.swift': `enum TaskID: String {
    case refresh = "com.example.app.refresh"
}
`,
      },
    },
    {
      name: "a singleton's init reached through Manager.shared.start() at launch",
      files: {
        'App/AppDelegate.swift': delegate('        SyncManager.shared.start()'),
        'App/SyncManager.swift': `import BackgroundTasks

final class SyncManager {
    static let shared = SyncManager()

    private init() {
        ${register('"com.example.app.sync"')}
    }

    func start() {}
}
`,
      },
    },
    {
      name: 'registered inside if #available and in #if DEBUG arms at launch',
      files: {
        'App/AppDelegate.swift': delegate(`        if #available(iOS 17.0, *) {
            ${register('"com.example.app.study"', '            ')}
        }
#if DEBUG
        ${register('"com.example.app.debug-refresh"')}
#else
        ${register('"com.example.app.refresh"')}
#endif`),
      },
    },
    {
      name: 'continued-processing handler registered just before submit, from a button (iOS 26)',
      files: {
        'App/AppDelegate.swift': emptyDelegate,
        'App/ExportView.swift': `import SwiftUI
import BackgroundTasks

struct ExportView: View {
    let exporter = Exporter()

    var body: some View {
        Button("Export library") { exporter.start() }
    }
}

final class Exporter {
    func start() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export.library", using: nil) { task in
            guard let task = task as? BGContinuedProcessingTask else { return }
            task.expirationHandler = { LibraryExport.cancel() }
            LibraryExport.run(progress: task.progress) { task.setTaskCompleted(success: $0) }
        }
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export.library", title: "Exporting", subtitle: "Library")
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
      },
    },
    {
      name: 'continued-processing handler with a fresh identifier per job',
      files: {
        'App/AppDelegate.swift': emptyDelegate,
        'App/ExportView.swift': `import SwiftUI
import BackgroundTasks

struct ExportView: View {
    var body: some View {
        Button("Export") {
            let id = "com.example.app.export.\\(UUID().uuidString)"
            BGTaskScheduler.shared.register(forTaskWithIdentifier: id, using: nil) { task in
                task.setTaskCompleted(success: true)
            }
            let request = BGContinuedProcessingTaskRequest(identifier: id, title: "Exporting", subtitle: "Starting")
            try? BGTaskScheduler.shared.submit(request)
        }
    }
}
`,
      },
    },
    {
      name: 'SwiftUI .backgroundTask(.appRefresh) is not a BGTaskScheduler registration',
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    var body: some Scene {
        WindowGroup { Text("Feed") }
            .backgroundTask(.appRefresh("com.example.app.refresh")) {
                await FeedStore.shared.refresh()
            }
    }
}
`,
      },
    },
    {
      name: 'an identifier that cannot be resolved is never reported',
      files: {
        'App/FeedApp.swift': swiftUIApp,
        'App/AppDelegate.swift': plainDelegate,
        'App/ContentView.swift': `import SwiftUI
import BackgroundTasks

struct ContentView: View {
    let plugins: [BackgroundPlugin]

    var body: some View {
        Text("Feed").onAppear {
            for plugin in plugins {
                BGTaskScheduler.shared.register(forTaskWithIdentifier: plugin.taskIdentifier, using: nil) { task in
                    plugin.run(task)
                }
            }
        }
    }
}
`,
      },
    },
    {
      name: 'silenced with a bgtasks-disable-next-line directive',
      files: {
        'App/AppDelegate.swift': delegate('', `
    func applicationDidBecomeActive(_ application: UIApplication) {
        // bgtasks-disable-next-line register-after-launch
        ${register('"com.example.app.refresh"')}
    }
`),
      },
    },
  ],
  invalid: [
    {
      name: "registered in a SwiftUI view's init (created when the scene connects, never in a background launch)",
      files: {
        'App/NotesApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct NotesApp: App {
    var body: some Scene {
        WindowGroup { RootView() }
    }
}

struct RootView: View {
    init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { task in
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
            task.setTaskCompleted(success: true)
        }
    }

    var body: some View { Text("Notes") }
}
`,
      },
      expect: [{ message: 'RootView.init() (a SwiftUI view' }],
    },
    {
      name: 'registered in a view .onAppear',
      files: {
        'App/FeedApp.swift': swiftUIApp,
        'App/AppDelegate.swift': plainDelegate,
        'App/ContentView.swift': `import SwiftUI
import BackgroundTasks

struct ContentView: View {
    var body: some View {
        Text("Feed")
            .onAppear {
                BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { task in
                    FeedStore.shared.refresh(task)
                }
            }
    }
}
`,
      },
      expect: [
        {
          message:
            '"com.example.app.refresh" is registered after launch, from a UI event or lifecycle closure (App/ContentView.swift:8). Launch handlers must be registered before the app finishes launching (iOS raises "All launch handlers must be registered before application finishes launching")',
          severity: 'error',
        },
      ],
    },
    {
      name: "a .task modifier calls the manager that registers",
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    var body: some Scene {
        WindowGroup {
            Text("Feed")
                .task {
                    await Settings.load()
                    BackgroundTaskManager.shared.registerTasks()
                }
        }
    }
}
`,
        'App/BackgroundTaskManager.swift': manager('«"com.example.app.refresh"»'),
      },
      expect: [{ message: 'from a UI event or lifecycle closure (App/FeedApp.swift:10)' }],
    },
    {
      name: 'registered in scene(_:willConnectTo:options:)',
      files: {
        'App/AppDelegate.swift': emptyDelegate,
        'App/SceneDelegate.swift': `import BackgroundTasks
import UIKit

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    var window: UIWindow?

    func scene(_ scene: UIScene, willConnectTo session: UISceneSession, options connectionOptions: UIScene.ConnectionOptions) {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.refresh"», using: nil) { task in
            FeedStore.shared.refresh(task)
        }
    }
}
`,
      },
      expect: [{ message: 'from scene(_:willConnectTo:options:) (App/SceneDelegate.swift:7)' }],
    },
    {
      name: "a view controller's viewDidLoad sets up the service that registers",
      files: {
        'App/AppDelegate.swift': emptyDelegate,
        'App/FeedViewController.swift': `import UIKit

final class FeedViewController: UIViewController {
    override func viewDidLoad() {
        super.viewDidLoad()
        SyncService.shared.setUp()
    }
}
`,
        'App/SyncService.swift': `import BackgroundTasks

final class SyncService {
    static let shared = SyncService()

    func setUp() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: «SyncService.taskID», using: nil) { task in
            self.sync(task)
        }
    }

    static let taskID = "com.example.app.sync"
}
`,
      },
      expect: [{ message: '"com.example.app.sync" is registered after launch, from viewDidLoad (App/FeedViewController.swift:4)' }],
    },
    {
      name: 'registered in an asyncAfter block started at launch',
      files: {
        'App/AppDelegate.swift': delegate(`        DispatchQueue.main.asyncAfter(deadline: .now() + 2) {
            ${register('«"com.example.app.refresh"»', '            ')}
        }`),
      },
      expect: [{ message: 'from a delayed closure' }],
    },
    {
      name: 'registered in applicationDidBecomeActive',
      files: {
        'App/AppDelegate.swift': delegate('', `
    func applicationDidBecomeActive(_ application: UIApplication) {
        ${register('«"com.example.app.refresh"»')}
    }
`),
      },
      expect: [{ message: 'from applicationDidBecomeActive' }],
    },
    {
      name: 'a refresh (not continued-processing) task registered from a button',
      files: {
        'App/FeedApp.swift': swiftUIApp,
        'App/AppDelegate.swift': plainDelegate,
        'App/ContentView.swift': `import SwiftUI
import BackgroundTasks

struct ContentView: View {
    var body: some View {
        Button("Enable background sync") {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: «"com.example.app.sync"», using: nil) { task in
                Sync.run(task as! BGProcessingTask)
            }
            try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.sync"))
        }
    }
}
`,
      },
    },
    {
      name: 'registered in a method nothing calls (warning)',
      files: {
        'App/AppDelegate.swift': emptyDelegate,
        'App/BackgroundTaskManager.swift': manager('«"com.example.app.refresh"»'),
      },
      expect: [{ message: '"com.example.app.refresh" is registered in BackgroundTaskManager.registerTasks(), which nothing in the workspace calls', severity: 'warning' }],
    },
    {
      name: 'registered in a method whose name appears only in a comment and a log string elsewhere (warning)',
      files: {
        'App/AppDelegate.swift': emptyDelegate,
        'App/BackgroundTaskManager.swift': manager('«"com.example.app.refresh"»'),
        'App/Telemetry.swift': `import OSLog

enum Telemetry {
    // Counts launches; registerTasks() is expected to have run by then.
    static func launched() { Logger().info("launched before registerTasks() ran?") }
}
`,
      },
      expect: [{ message: 'which nothing in the workspace calls', severity: 'warning' }],
    },
    {
      name: 'registered after an await in a Task started by didFinishLaunching (warning)',
      files: {
        'App/AppDelegate.swift': delegate(`        Task {
            await RemoteConfig.shared.fetch()
            ${register('«"com.example.app.refresh"»', '            ')}
        }`),
      },
      expect: [
        {
          message:
            '"com.example.app.refresh" is registered in a Task or async block started from application(_:didFinishLaunchingWithOptions:) (App/AppDelegate.swift:6), so it runs only after that method has returned',
          severity: 'warning',
        },
      ],
    },
    {
      name: "the App's init registers on a global queue through a manager (warning)",
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    init() {
        DispatchQueue.global(qos: .utility).async {
            BackgroundTaskManager.shared.registerTasks()
        }
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
        'App/BackgroundTaskManager.swift': manager('«"com.example.app.refresh"»'),
      },
      expect: [{ message: 'started from FeedApp.init() (App/FeedApp.swift:5)', severity: 'warning' }],
    },
  ],
});
