import { ruleTester } from './ruleTester';

/** An app delegate registering "com.example.app.refresh" (or `id`) whose handler closure runs `body`; it also has scheduleAppRefresh(). */
const delegate = (body: string, o: { extra?: string; id?: string; mark?: boolean; reqId?: string; cls?: string } = {}) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${o.id ?? '"com.example.app.refresh"'}, using: nil) ${o.mark ? '«{ task»' : '{ task'} in
${body}
        }
        return true
    }

    func scheduleAppRefresh() {
        let request = ${o.cls ?? 'BGAppRefreshTaskRequest'}(identifier: ${o.reqId ?? '"com.example.app.refresh"'})
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        try? BGTaskScheduler.shared.submit(request)
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        scheduleAppRefresh()
    }
${o.extra ?? ''}}
`;

const work = `            let work = Task {
                await FeedStore.shared.refresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = { work.cancel() }`;

ruleTester('refresh-not-rescheduled', {
  valid: [
    {
      name: 'a submit right after enqueuing the work (an operation whose completionBlock completes) runs before the work can fail',
      files: {
        'App/AppDelegate.swift': delegate(`            let queue = OperationQueue()
            let operation = RefreshOperation()
            task.expirationHandler = { operation.cancel() }
            operation.completionBlock = { task.setTaskCompleted(success: !operation.isCancelled) }
            queue.addOperation(operation)
            self.scheduleAppRefresh()`),
      },
    },
    {
      name: 'an early exit that completes because the feature is off need not resubmit; the main path resubmits first',
      files: {
        'App/AppDelegate.swift': delegate(`            if !Settings.shared.backgroundSyncEnabled {
                task.setTaskCompleted(success: true)
                return
            }
            self.scheduleAppRefresh()
${work}`),
      },
    },
    {
      name: 'a submit before a callback-based call reschedules at the start',
      files: {
        'App/AppDelegate.swift': delegate(`            self.scheduleAppRefresh()
            task.expirationHandler = { FeedStore.shared.cancel() }
            FeedStore.shared.refresh { ok in task.setTaskCompleted(success: ok) }`),
      },
    },
    {
      name: 'resubmits at the start of the handler',
      files: { 'App/AppDelegate.swift': delegate(`            self.scheduleAppRefresh()\n${work}`) },
    },
    {
      name: 'resubmits through a static helper in another file',
      files: {
        'App/AppDelegate.swift': delegate(`            SyncScheduler.scheduleNextRefresh()\n${work}`),
        'App/SyncScheduler.swift': `import BackgroundTasks

enum SyncScheduler {
    static func scheduleNextRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
        request.earliestBeginDate = Date(timeIntervalSinceNow: 3600)
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
      },
    },
    {
      name: 'submits the next request inline before the work',
      files: {
        'App/AppDelegate.swift': delegate(`            let next = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
            next.earliestBeginDate = Date(timeIntervalSinceNow: 3600)
            try? BGTaskScheduler.shared.submit(next)
${work}`),
      },
    },
    {
      name: 'the method the task is handed to resubmits first',
      files: {
        'App/AppDelegate.swift': delegate('            self.handleRefresh(task: task as! BGAppRefreshTask)', {
          extra: `
    func handleRefresh(task: BGAppRefreshTask) {
        scheduleAppRefresh()
        task.expirationHandler = { FeedStore.shared.cancel() }
        FeedStore.shared.refresh { ok in
            task.setTaskCompleted(success: ok)
        }
    }
`,
        }),
      },
    },
    {
      name: 'a processing task need not resubmit itself',
      files: {
        'App/AppDelegate.swift': delegate(
          `            task.expirationHandler = { Database.shared.cancel() }
            Database.shared.vacuum { task.setTaskCompleted(success: $0) }`,
          { id: '"com.example.app.cleanup"', reqId: '"com.example.app.cleanup"', cls: 'BGProcessingTaskRequest' },
        ),
      },
    },
    {
      name: 'the requests decide the class: a refresh cast on a processing identifier is not a refresh handler',
      files: {
        'App/AppDelegate.swift': delegate(
          `            guard let task = task as? BGAppRefreshTask else { return }
            task.expirationHandler = { Database.shared.cancel() }
            Database.shared.vacuum { task.setTaskCompleted(success: $0) }`,
          { id: '"com.example.app.cleanup"', reqId: 'Bundle.main.bundleIdentifier! + ".cleanup"', cls: 'BGProcessingTaskRequest' },
        ),
      },
    },
    {
      name: 'the task is handed to code the linter cannot see',
      files: { 'App/AppDelegate.swift': delegate('            RefreshCoordinator.shared.begin(with: task)') },
    },
    {
      name: 'SwiftUI .backgroundTask is not a BGTaskScheduler handler',
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

func scheduleRefresh() {
    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
}
`,
      },
    },
    {
      name: 'an identifier that cannot be resolved, handled without a refresh cast',
      files: {
        'App/AppDelegate.swift': delegate(
          `            task.expirationHandler = { Plugins.cancel() }
            Plugins.run { task.setTaskCompleted(success: $0) }`,
          { id: 'plugin.taskIdentifier' },
        ),
      },
    },
    {
      name: 'silenced with a bgtasks-disable-next-line directive',
      files: {
        'App/AppDelegate.swift': delegate(work).replace(
          '        BGTaskScheduler.shared.register(',
          '        // bgtasks-disable-next-line refresh-not-rescheduled\n        BGTaskScheduler.shared.register(',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'the message names the late submit',
      files: {
        'App/AppDelegate.swift': delegate(`            let work = Task {
                await FeedStore.shared.refresh()
                self.scheduleAppRefresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = { work.cancel() }`, { mark: true }),
      },
      expect: [{ message: /only after its work \(App\/AppDelegate\.swift:\d+\)/ }],
    },
    {
      name: 'the refresh handler never submits the next request',
      files: { 'App/AppDelegate.swift': delegate(work, { mark: true }) },
      expect: [
        {
          message:
            'The refresh handler for "com.example.app.refresh" never submits the next BGAppRefreshTaskRequest, on any path: each launch consumes the request, so no refresh is scheduled again until the app submits one itself. Submit the next request at the start of the handler.',
          severity: 'info',
        },
      ],
    },
    {
      name: 'resubmits inside the Task after the awaited work',
      files: {
        'App/AppDelegate.swift': delegate(
          `            let work = Task {
                await FeedStore.shared.refresh()
                self.scheduleAppRefresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = { work.cancel() }`,
          { mark: true },
        ),
      },
      expect: [{ message: 'The refresh handler for "com.example.app.refresh" submits its next request only after its work', severity: 'info' }],
    },
    {
      name: "resubmits in the work's completion callback",
      files: {
        'App/AppDelegate.swift': delegate(
          `            task.expirationHandler = { FeedStore.shared.cancel() }
            FeedStore.shared.refresh { ok in
                self.scheduleAppRefresh()
                task.setTaskCompleted(success: ok)
            }`,
          { mark: true },
        ),
      },
      expect: [{ message: 'only after its work' }],
    },
    {
      name: 'builds and submits the next request itself, but after an await',
      files: {
        'App/AppDelegate.swift': delegate(
          `            task.expirationHandler = { FeedStore.shared.cancel() }
            Task {
                let ok = await FeedStore.shared.refresh()
                let next = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
                try? BGTaskScheduler.shared.submit(next)
                task.setTaskCompleted(success: ok)
            }`,
          { mark: true },
        ),
      },
      expect: [{ message: 'only after its work' }],
    },
    {
      name: 'the method the closure hands the task to never resubmits (reported at the method)',
      files: {
        'App/AppDelegate.swift': delegate('            self.handleRefresh(task: task as! BGAppRefreshTask)', {
          extra: `
    func «handleRefresh»(task: BGAppRefreshTask) {
        task.expirationHandler = { FeedStore.shared.cancel() }
        FeedStore.shared.refresh { ok in
            task.setTaskCompleted(success: ok)
        }
    }
`,
        }),
      },
    },
    {
      name: 'no request is created anywhere: the refresh cast decides',
      files: {
        'App/FeedApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FeedApp: App {
    init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) «{ task» in
            guard let task = task as? BGAppRefreshTask else { return }
            task.expirationHandler = { FeedStore.shared.cancel() }
            FeedStore.shared.refresh { task.setTaskCompleted(success: $0) }
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
      name: 'Bundle.main.bundleIdentifier + suffix at the register, the literal at the refresh request',
      files: {
        'App/AppDelegate.swift': delegate(
          `            task.expirationHandler = { FeedStore.shared.cancel() }
            FeedStore.shared.refresh { task.setTaskCompleted(success: $0) }`,
          { id: 'Bundle.main.bundleIdentifier! + ".refresh"', mark: true },
        ),
      },
      expect: [{ message: 'The refresh handler for "com.example.app.refresh" never submits' }],
    },
    {
      name: 'a launch handler passed by reference never resubmits',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: FeedRefresher.taskID, using: nil, launchHandler: FeedRefresher.handle)
        return true
    }
}
`,
        'App/FeedRefresher.swift': `import BackgroundTasks

enum FeedRefresher {
    static let taskID = "com.example.app.refresh"

    static func schedule() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: taskID))
    }

    static func «handle»(_ task: BGTask) {
        task.expirationHandler = { FeedStore.shared.cancel() }
        FeedStore.shared.refresh { task.setTaskCompleted(success: $0) }
    }
}
`,
      },
    },
  ],
});
