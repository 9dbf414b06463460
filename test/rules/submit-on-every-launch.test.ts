import { describe, expect, it } from 'vitest';
import { build, lintFiles } from '../helpers/project';
import { ruleTester, type InvalidCase } from './ruleTester';

/** An app delegate that registers the refresh handler (which resubmits) and runs `launch` at launch. */
const appDelegate = (launch: string, extra = '') => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            self.scheduleAppRefresh()
            let work = Task {
                await FeedStore.shared.refresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = { work.cancel() }
        }
${launch}
        return true
    }

    func scheduleAppRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: «"com.example.app.refresh"»)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }
${extra}}
`;
/** The same delegate for valid cases: no marks. */
const quietDelegate = (launch: string, extra = '') => appDelegate(launch, extra).replace(/[«»]/g, '');

const refreshScheduler = (mark: boolean) => `import BackgroundTasks

final class RefreshScheduler {
    static let shared = RefreshScheduler()

    func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: ${mark ? '«"com.example.app.refresh"»' : '"com.example.app.refresh"'})
        request.earliestBeginDate = Date(timeIntervalSinceNow: 3600)
        try? BGTaskScheduler.shared.submit(request)
    }
}
`;

const refreshHandlerRegistration = `import BackgroundTasks

enum RefreshHandler {
    static func register() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            RefreshScheduler.shared.schedule()
            let work = Task {
                await FeedStore.shared.refresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = { work.cancel() }
        }
    }
}
`;

// Invalid cases where the wrap fix must not be offered (checked below, after the table).
const implicitSelfCall: InvalidCase = {
  name: 'implicit-self call from didFinishLaunching (no fix: the wrapped call would need self.)',
  files: { 'App/AppDelegate.swift': appDelegate('        scheduleAppRefresh()') },
  expect: [{ message: /"com\.example\.app\.refresh" is submitted on every launch \(from application\(_:didFinishLaunchingWithOptions:\) via App\/AppDelegate\.swift:15\)/, severity: 'warning' }],
};

const directTrySubmit: InvalidCase = {
  name: 'submit written directly in didFinishLaunching inside do/catch (no fix: try)',
  files: {
    'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            Database.shared.vacuum()
            task.setTaskCompleted(success: true)
        }
        let request = BGProcessingTaskRequest(identifier: «"com.example.app.cleanup"»)
        request.requiresExternalPower = true
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            print("Could not schedule cleanup: \\(error)")
        }
        return true
    }
}
`,
  },
  expect: [{ message: 'from application(_:didFinishLaunchingWithOptions:)) without a pending-request check' }],
};

const singletonInitSubmits: InvalidCase = {
  name: "submit in a singleton's init, reached through Manager.shared (no fix: wrapping would skip creating it)",
  files: {
    'App/AppDelegate.swift': `import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        SyncManager.shared.start()
        return true
    }
}
`,
    'App/SyncManager.swift': `import BackgroundTasks

final class SyncManager {
    static let shared = SyncManager()

    private init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.sync", using: nil) { task in
            Sync.run(task)
        }
        let request = BGProcessingTaskRequest(identifier: «"com.example.app.sync"»)
        request.requiresNetworkConnectivity = true
        try? BGTaskScheduler.shared.submit(request)
    }

    func start() {}
}
`,
  },
  expect: [{ message: 'via App/AppDelegate.swift:6' }],
};

const configureRegistersToo: InvalidCase = {
  name: 'one launch call registers and submits (no fix: the registration would move into the callback)',
  files: {
    'App/AppDelegate.swift': `import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BackgroundWork.shared.configure()
        return true
    }
}
`,
    'App/BackgroundWork.swift': `import BackgroundTasks

final class BackgroundWork {
    static let shared = BackgroundWork()

    func configure() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            self.scheduleRefresh()
            Feed.refresh(task)
        }
        scheduleRefresh()
    }

    func scheduleRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: «"com.example.app.refresh"»)
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
  },
  expect: [{ message: 'via App/AppDelegate.swift:6 → App/BackgroundWork.swift:11' }],
};

const dynamicId: InvalidCase = {
  name: 'requests with identifiers from configuration, submitted in a loop at launch (no fix: unknown id)',
  files: {
    'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        for id in RemoteConfig.current.refreshTaskIDs {
            let request = BGAppRefreshTaskRequest(identifier: «id»)
            try? BGTaskScheduler.shared.submit(request)
        }
        return true
    }
}
`,
  },
  expect: [{ message: /^This request is submitted on every launch/ }],
};

const appInitTask: InvalidCase = {
  name: 'submitted from a Task started in the App init (async, still every launch)',
  files: {
    'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    init() {
        RefreshHandler.register()
        Task {
            await RefreshScheduler.shared.schedule()
        }
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
    'App/RefreshHandler.swift': refreshHandlerRegistration,
    'App/RefreshScheduler.swift': refreshScheduler(true),
  },
  expect: [{ message: '(from FeedApp.init() via App/FeedApp.swift:8, in a Task started there)' }],
};

const ios27AsyncSubmit: InvalidCase = {
  name: 'iOS 27 async submitTaskRequest in a Task from didFinishLaunching',
  files: {
    'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.index", using: nil) { task in
            SearchIndex.rebuild(task)
        }
        Task.detached {
            let request = BGProcessingTaskRequest(identifier: «"com.example.app.index"»)
            try await BGTaskScheduler.shared.submitTaskRequest(request)
        }
        return true
    }
}
`,
  },
  expect: [{ message: 'in a Task started there' }],
};

ruleTester('submit-on-every-launch', {
  valid: [
    {
      name: 'a macOS-only .task never reaches the iOS-only submit (branches never built together)',
      files: {
        'App/MenuApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct MenuApp: App {
    init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            Refresher.schedule()
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
    }

    var body: some Scene {
        #if os(macOS)
        MenuBarExtra("Status") { Text("x") }
            .task { Refresher.schedule() }
        #else
        WindowGroup { Text("x") }
        #endif
    }
}

enum Refresher {
    static func schedule() {
        #if os(iOS)
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
        #else
        Timer.scheduledTimer(withTimeInterval: 900, repeats: true) { _ in }
        #endif
    }
}
`,
      },
    },
    {
      name: "the root view's .onAppear checks pending requests first",
      files: { 'App/PhotoApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct PhotoApp: App {
    init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            Scheduler.submit()
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
    }

    var body: some Scene {
        WindowGroup {
            GalleryView()
                .onAppear { BGTaskScheduler.shared.getPendingTaskRequests { pending in if pending.isEmpty { Scheduler.submit() } } }
        }
    }
}

enum Scheduler {
    static func submit() {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
        try? BGTaskScheduler.shared.submit(request)
    }
}
` },
    },
    {
      name: 'scene(_:willConnectTo:) submits only inside the pending-request callback',
      files: { 'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            Refresh.schedule()
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
        return true
    }
}

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    var window: UIWindow?

    func scene(_ scene: UIScene, willConnectTo session: UISceneSession, options connectionOptions: UIScene.ConnectionOptions) {
        BGTaskScheduler.shared.getPendingTaskRequests { pending in
            if pending.isEmpty { Refresh.schedule() }
        }
    }
}

enum Refresh {
    static func schedule() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
    }
}
` },
    },
    {
      name: 'a launch handler given by reference (handleRefresh(_:)) does not run at launch',
      files: {
        'App/AppDelegate.swift': quietDelegate('').replace(/BGTaskScheduler\.shared\.register\(forTaskWithIdentifier: "com\.example\.app\.refresh", using: nil\) \{ task in[\s\S]*?\n {8}\}\n/, 'BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil, launchHandler: handleRefresh(_:))\n', ).replace('    func scheduleAppRefresh() {', `    func handleRefresh(_ task: BGTask) {
        scheduleAppRefresh()
        task.expirationHandler = { task.setTaskCompleted(success: false) }
        task.setTaskCompleted(success: true)
    }

    func scheduleAppRefresh() {`),
      },
    },
    {
      name: 'an observer wired at launch for didEnterBackgroundNotification submits later, not at launch',
      files: {
        'App/AppDelegate.swift': quietDelegate(
          '        NotificationCenter.default.addObserver(self, selector: #selector(didEnterBackground), name: UIApplication.didEnterBackgroundNotification, object: nil)',
          '\n    @objc func didEnterBackground() {\n        scheduleAppRefresh()\n    }\n',
        ),
      },
    },
    {
      name: 'getPendingTaskRequests callback guards the submit',
      files: {
        'App/AppDelegate.swift': quietDelegate(`        BGTaskScheduler.shared.getPendingTaskRequests { requests in
            guard !requests.contains(where: { $0.identifier == "com.example.app.refresh" }) else { return }
            self.scheduleAppRefresh()
        }`),
      },
    },
    {
      name: 'await pendingTaskRequests() then guard !pending.contains in the scheduling function',
      files: {
        'App/FeedApp.swift': `import SwiftUI
import BackgroundTasks

@main
struct FeedApp: App {
    init() {
        RefreshHandler.register()
        Task { await Self.scheduleIfNeeded() }
    }

    static func scheduleIfNeeded() async {
        let pending = await BGTaskScheduler.shared.pendingTaskRequests()
        guard !pending.contains(where: { $0.identifier == "com.example.app.refresh" }) else { return }
        RefreshScheduler.shared.schedule()
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(false),
      },
    },
    {
      name: 'submitted from sceneDidEnterBackground',
      files: {
        'App/AppDelegate.swift': quietDelegate(''),
        'App/SceneDelegate.swift': `import UIKit

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    var window: UIWindow?

    func sceneDidEnterBackground(_ scene: UIScene) {
        (UIApplication.shared.delegate as? AppDelegate)?.scheduleAppRefresh()
    }
}
`,
      },
    },
    {
      name: 'submitted when the scene phase turns to .background',
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @Environment(\\.scenePhase) private var scenePhase

    init() {
        RefreshHandler.register()
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
            .onChange(of: scenePhase) { phase in
                if phase == .background {
                    RefreshScheduler.shared.schedule()
                }
            }
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(false),
      },
    },
    {
      name: 'submitted from applicationDidEnterBackground',
      files: {
        'App/AppDelegate.swift': quietDelegate('', `
    func applicationDidEnterBackground(_ application: UIApplication) {
        scheduleAppRefresh()
    }
`),
      },
    },
    {
      name: 'resubmitted only from inside the task handler (a background launch)',
      files: { 'App/AppDelegate.swift': quietDelegate('') },
    },
    {
      name: 'submitted from a button action',
      files: {
        'App/AppDelegate.swift': quietDelegate(''),
        'App/SettingsView.swift': `import SwiftUI

struct SettingsView: View {
    let delegate: AppDelegate

    var body: some View {
        Button("Refresh in the background") {
            delegate.scheduleAppRefresh()
        }
    }
}
`,
      },
    },
    {
      name: 'a stored "is scheduled" flag guards the launch-time submit',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            UserDefaults.standard.set(false, forKey: "cleanupIsScheduled")
            Database.shared.vacuum()
            task.setTaskCompleted(success: true)
        }
        if !UserDefaults.standard.bool(forKey: "cleanupIsScheduled") {
            let request = BGProcessingTaskRequest(identifier: "com.example.app.cleanup")
            try? BGTaskScheduler.shared.submit(request)
            UserDefaults.standard.set(true, forKey: "cleanupIsScheduled")
        }
        return true
    }
}
`,
      },
    },
    {
      name: 'silenced with a bgtasks-disable-next-line directive',
      files: {
        'App/AppDelegate.swift': quietDelegate('        scheduleAppRefresh()').replace(
          '        let request = BGAppRefreshTaskRequest(',
          '        // bgtasks-disable-next-line submit-on-every-launch\n        let request = BGAppRefreshTaskRequest(',
        ),
      },
    },
  ],
  invalid: [
    {
      name: "submitted from .onAppear of the App's root view (every cold start)",
      files: { 'App/PhotoApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct PhotoApp: App {
    init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            Scheduler.submit()
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
    }

    var body: some Scene {
        WindowGroup {
            GalleryView()
                .onAppear { Scheduler.submit() }
        }
    }
}

enum Scheduler {
    static func submit() {
        let request = BGAppRefreshTaskRequest(identifier: «"com.example.app.refresh"»)
        try? BGTaskScheduler.shared.submit(request)
    }
}
` },
      expect: [{ message: /on every cold start/ }],
    },
    {
      name: 'submitted from scene(_:willConnectTo:options:) (every cold start)',
      files: { 'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            Refresh.schedule()
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
        return true
    }
}

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    var window: UIWindow?

    func scene(_ scene: UIScene, willConnectTo session: UISceneSession, options connectionOptions: UIScene.ConnectionOptions) {
        Refresh.schedule()
    }
}

enum Refresh {
    static func schedule() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: «"com.example.app.refresh"»))
    }
}
` },
      expect: [{ message: /scene\(_:willConnectTo:options:\), which runs on every cold start/ }],
    },
    {
      name: 'self.scheduleAppRefresh() in didFinishLaunching: wrapped in getPendingTaskRequests',
      files: { 'App/AppDelegate.swift': appDelegate('        self.scheduleAppRefresh()') },
      expect: [
        {
          message:
            '"com.example.app.refresh" is submitted on every launch (from application(_:didFinishLaunchingWithOptions:) via App/AppDelegate.swift:15) without a pending-request check: each submit replaces the pending request and restarts its wait.',
          severity: 'warning',
        },
      ],
      output: {
        'App/AppDelegate.swift': quietDelegate(`        BGTaskScheduler.shared.getPendingTaskRequests { requests in
            guard !requests.contains(where: { $0.identifier == "com.example.app.refresh" }) else { return }
            self.scheduleAppRefresh()
        }`),
      },
    },
    implicitSelfCall,
    directTrySubmit,
    {
      name: "a scheduler's method called from the @main App's init",
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    init() {
        RefreshHandler.register()
        RefreshScheduler.shared.schedule()
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(true),
      },
      expect: [{ message: '(from FeedApp.init() via App/FeedApp.swift:7)' }],
      output: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    init() {
        RefreshHandler.register()
        BGTaskScheduler.shared.getPendingTaskRequests { requests in
            guard !requests.contains(where: { $0.identifier == "com.example.app.refresh" }) else { return }
            RefreshScheduler.shared.schedule()
        }
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
      },
    },
    {
      name: 'tab-indented delegate, call inside an if: the wrap keeps the tabs',
      files: {
        'App/AppDelegate.swift': `import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		RefreshHandler.register()
		if launchOptions?[.location] == nil {
			RefreshScheduler.shared.schedule()
		}
		return true
	}
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(true),
      },
      output: {
        'App/AppDelegate.swift': `import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		RefreshHandler.register()
		if launchOptions?[.location] == nil {
			BGTaskScheduler.shared.getPendingTaskRequests { requests in
				guard !requests.contains(where: { $0.identifier == "com.example.app.refresh" }) else { return }
				RefreshScheduler.shared.schedule()
			}
		}
		return true
	}
}
`,
      },
    },
    {
      name: 'app delegate made a launch type by @UIApplicationDelegateAdaptor, submitting from its init',
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate

    var body: some Scene {
        WindowGroup { Text("Feed") }
    }
}
`,
        'App/AppDelegate.swift': `import UIKit

final class AppDelegate: NSObject {
    override init() {
        super.init()
        RefreshHandler.register()
        RefreshScheduler.shared.schedule()
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(true),
      },
      expect: [{ message: '(from AppDelegate.init() via App/AppDelegate.swift:7)' }],
    },
    {
      name: 'move fix: to the .background arm of the SwiftUI scene phase switch',
      fixTitle: 'Move',
      files: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var appDelegate
    @Environment(\\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup { Text("Feed") }
            .onChange(of: scenePhase) { _, newPhase in
                switch newPhase {
                case .background:
                    FeedStore.shared.save()
                default:
                    break
                }
            }
    }
}
`,
        'App/AppDelegate.swift': `import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        RefreshHandler.register()
        RefreshScheduler.shared.schedule()
        return true
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(true),
      },
      output: {
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @UIApplicationDelegateAdaptor(AppDelegate.self) private var appDelegate
    @Environment(\\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup { Text("Feed") }
            .onChange(of: scenePhase) { _, newPhase in
                switch newPhase {
                case .background:
                    FeedStore.shared.save()
                    RefreshScheduler.shared.schedule()
                default:
                    break
                }
            }
    }
}
`,
        'App/AppDelegate.swift': `import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil) -> Bool {
        RefreshHandler.register()
        return true
    }
}
`,
      },
    },
    {
      name: 'move fix: to sceneDidEnterBackground(_:) of the scene delegate',
      fixTitle: 'Move',
      files: {
        'App/AppDelegate.swift': `import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        RefreshHandler.register()
        RefreshScheduler.shared.schedule()
        return true
    }
}
`,
        'App/SceneDelegate.swift': `import UIKit

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    var window: UIWindow?

    func sceneDidEnterBackground(_ scene: UIScene) {
        // Save changes in the application's managed object context.
        CoreDataStack.shared.saveContext()
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(true),
      },
      output: {
        'App/AppDelegate.swift': `import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        RefreshHandler.register()
        return true
    }
}
`,
        'App/SceneDelegate.swift': `import UIKit

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    var window: UIWindow?

    func sceneDidEnterBackground(_ scene: UIScene) {
        // Save changes in the application's managed object context.
        CoreDataStack.shared.saveContext()
        RefreshScheduler.shared.schedule()
    }
}
`,
      },
    },
    {
      name: 'move fix: an implicit-self call moves to applicationDidEnterBackground(_:) of the same delegate',
      fixTitle: 'Move',
      files: {
        'App/AppDelegate.swift': appDelegate('        scheduleAppRefresh()', `
    func applicationDidEnterBackground(_ application: UIApplication) {
        FeedStore.shared.save()
    }
`),
      },
      output: {
        'App/AppDelegate.swift': quietDelegate('', `
    func applicationDidEnterBackground(_ application: UIApplication) {
        FeedStore.shared.save()
        scheduleAppRefresh()
    }
`).replace('        }\n\n        return true', '        }\n        return true'),
      },
    },
    appInitTask,
    singletonInitSubmits,
    configureRegistersToo,
    dynamicId,
    ios27AsyncSubmit,
  ],
});

describe('submit-on-every-launch: the move fix goes only where the call compiles', () => {
  it('an implicit-self call is not moved into another type (the scene delegate)', async () => {
    const r = await lintFiles(
      build({
        'App/AppDelegate.swift': appDelegate('        scheduleAppRefresh()'),
        'App/SceneDelegate.swift': `import UIKit

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    func sceneDidEnterBackground(_ scene: UIScene) {
        CoreDataStack.shared.saveContext()
    }
}
`,
      }).files,
    );
    const mine = r.findings.filter((f) => f.ruleId === 'submit-on-every-launch');
    expect(mine).toHaveLength(1);
    expect(mine[0].fixes).toEqual([]);
  });

  it('a .background arm that ends in break gets nothing appended after the break', async () => {
    const r = await lintFiles(
      build({
        'App/FeedApp.swift': `import SwiftUI

@main
struct FeedApp: App {
    @Environment(\\.scenePhase) private var scenePhase

    init() {
        RefreshHandler.register()
        RefreshScheduler.shared.schedule()
    }

    var body: some Scene {
        WindowGroup { Text("Feed") }
            .onChange(of: scenePhase) { phase in
                switch phase {
                case .background:
                    break
                default:
                    FeedStore.shared.reload()
                }
            }
    }
}
`,
        'App/RefreshHandler.swift': refreshHandlerRegistration,
        'App/RefreshScheduler.swift': refreshScheduler(false),
      }).files,
    );
    const mine = r.findings.filter((f) => f.ruleId === 'submit-on-every-launch');
    expect(mine).toHaveLength(1);
    expect(mine[0].fixes.map((f) => f.title).filter((t) => t.startsWith('Move'))).toEqual([]);
  });
});

describe('submit-on-every-launch: the wrap fix is offered only in safe shapes', () => {
  for (const c of [implicitSelfCall, directTrySubmit, singletonInitSubmits, configureRegistersToo, dynamicId, appInitTask, ios27AsyncSubmit]) {
    it(`no fix: ${c.name}`, async () => {
      const r = await lintFiles(build(c.files).files);
      const mine = r.findings.filter((f) => f.ruleId === 'submit-on-every-launch');
      expect(mine).toHaveLength(1);
      expect(mine[0].fixes).toEqual([]);
    });
  }
});
