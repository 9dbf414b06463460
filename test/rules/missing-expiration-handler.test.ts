import { ruleTester } from './ruleTester';

/** An app delegate registering "com.example.app.refresh" with a closure whose body is `body` («{ task in» marks the finding). */
const delegate = (body: string, extra = '', mark = false) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) ${mark ? '«{ task»' : '{ task'} in
${body}
        }
        return true
    }
${extra}}
`;

/** The delegate with a one-line closure handler written `closure` (a `{ _ in … }` handler ignores its task). */
const oneLine = (closure: string) =>
  delegate('', '').replace(/\{ task in\n\n {8}\}/, closure);
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('missing-expiration-handler', {
  valid: [
    {
      name: 'a handler that only logs and completes at once (a retired task): no work for an expiration handler to stop',
      files: {
        'App/AppDelegate.swift': delegate(`            print("refresh is retired; completing \\(task.identifier)")
            task.setTaskCompleted(success: false)`),
      },
    },
    {
      name: 'a task stored in a property that another method gives an expiration handler',
      files: {
        'App/AppDelegate.swift': delegate(`            self.activeRefresh = task
            self.startRefresh()`, `    var activeRefresh: BGTask?

    func startRefresh() {
        activeRefresh?.expirationHandler = { [weak self] in self?.finish(success: false) }
        Downloader.shared.fetch { ok in self.finish(success: ok) }
    }

    func finish(success: Bool) {
        activeRefresh?.setTaskCompleted(success: success)
        activeRefresh = nil
    }
`),
      },
    },
    {
      name: 'a task stored in a property that is handed on as a value (it may get its handler there)',
      files: {
        'App/AppDelegate.swift': delegate(`            self.activeRefresh = task
            Worker.shared.run(self.activeRefresh)`, '    var activeRefresh: BGTask?\n'),
      },
    },
    {
      name: 'an expiration handler that cancels the queue the handler uses',
      files: {
        'App/AppDelegate.swift': delegate(`            self.queue.addOperation(RefreshOperation())
            task.expirationHandler = { self.queue.cancelAllOperations() }
            self.queue.addBarrierBlock { task.setTaskCompleted(success: true) }`, '    let queue = OperationQueue()\n'),
      },
    },
    {
      name: 'an expiration handler that sets a flag the work reads',
      files: {
        'App/AppDelegate.swift': delegate(`            task.expirationHandler = { self.stopRequested = true }
            self.syncChunks { task.setTaskCompleted(success: true) }`, `    var stopRequested = false

    func syncChunks(_ done: @escaping () -> Void) {
        while !stopRequested { break }
        done()
    }
`),
      },
    },
    {
      name: 'an expiration handler that cancels the work and completes',
      files: {
        'App/AppDelegate.swift': delegate(`            let work = Task {
                await FeedStore.shared.refresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = {
                work.cancel()
                task.setTaskCompleted(success: false)
            }`),
      },
    },
    {
      name: 'the expiration handler is set in a helper that receives the task',
      files: {
        'App/AppDelegate.swift': delegate('            RefreshJob.run(task)'),
        'App/RefreshJob.swift': `import BackgroundTasks

enum RefreshJob {
    static func run(_ task: BGTask) {
        let work = Task {
            await FeedStore.shared.refresh()
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = { work.cancel() }
    }
}
`,
      },
    },
    {
      name: 'set on the renamed task after a guard-let cast',
      files: {
        'App/AppDelegate.swift': delegate(`            guard let refresh = task as? BGAppRefreshTask else { return }
            refresh.expirationHandler = { FeedStore.shared.cancel() }
            FeedStore.shared.refresh { ok in
                refresh.setTaskCompleted(success: ok)
            }`),
      },
    },
    {
      name: 'set inside the Task that does the work',
      files: {
        'App/AppDelegate.swift': delegate(`            Task {
                let work = Task { await FeedStore.shared.refresh() }
                task.expirationHandler = { work.cancel() }
                await work.value
                task.setTaskCompleted(success: true)
            }`),
      },
    },
    {
      name: 'the task is stored for code the linter cannot follow',
      files: {
        'App/AppDelegate.swift': delegate(`            self.currentTask = task
            FeedStore.shared.startRefresh()`, '    var currentTask: BGTask?\n'),
      },
    },
    {
      name: 'SwiftUI .backgroundTask bodies are cancelled by SwiftUI',
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
      name: 'WatchKit WKRefreshBackgroundTask has no expiration handler',
      files: {
        'Watch/ExtensionDelegate.swift': `import WatchKit

final class ExtensionDelegate: NSObject, WKApplicationDelegate {
    func handle(_ backgroundTasks: Set<WKRefreshBackgroundTask>) {
        for task in backgroundTasks {
            if let refresh = task as? WKApplicationRefreshBackgroundTask {
                FeedStore.shared.refresh()
                refresh.setTaskCompletedWithSnapshot(false)
            } else {
                task.setTaskCompletedWithSnapshot(false)
            }
        }
    }
}
`,
      },
    },
    {
      name: 'UIApplication.beginBackgroundTask(expirationHandler:) is not a BGTask handler',
      files: {
        'App/Uploader.swift': `import UIKit

final class Uploader {
    func flush() {
        var id = UIBackgroundTaskIdentifier.invalid
        id = UIApplication.shared.beginBackgroundTask(withName: "flush", expirationHandler: {
            UIApplication.shared.endBackgroundTask(id)
        })
        upload { UIApplication.shared.endBackgroundTask(id) }
    }
}
`,
      },
    },
    {
      name: 'an expiration handler that logs and completes is more than logging',
      files: {
        'App/AppDelegate.swift': delegate(`            task.expirationHandler = {
                print("refresh expired")
                task.setTaskCompleted(success: false)
            }
            FeedStore.shared.refresh { task.setTaskCompleted(success: $0) }`),
      },
    },
    {
      name: 'silenced with a bgtasks-disable-next-line directive',
      files: {
        'App/AppDelegate.swift': delegate(`            Database.shared.quickCheck()
            task.setTaskCompleted(success: true)`).replace(
          '        BGTaskScheduler.shared.register(',
          '        // bgtasks-disable-next-line missing-expiration-handler\n        BGTaskScheduler.shared.register(',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a closure that logs, then hands the task to a method: reported at the method, like a plain hand-off',
      files: {
        'App/AppDelegate.swift': delegate(`            print("refresh launched")
            self.handle(task as! BGAppRefreshTask)`, `
    func «handle»(_ task: BGAppRefreshTask) {
        Downloader.shared.fetch { ok in task.setTaskCompleted(success: ok) }
    }
`),
      },
    },
    {
      name: 'synchronous work before completing still needs an expiration handler',
      files: {
        'App/AppDelegate.swift': delegate(`            print("compacting")
            Database.shared.compact()
            task.setTaskCompleted(success: true)`, '', true),
      },
    },
    {
      name: 'a closure that ignores its task ({ _ in }) gets the task named in the same fix',
      files: { 'App/AppDelegate.swift': oneLine('«{ _» in schedule() }') },
      expect: [{ message: 'never sets expirationHandler' }],
      output: {
        'App/AppDelegate.swift': oneLine(
          '{ task in task.expirationHandler = {\n            // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.\n            task.setTaskCompleted(success: false)\n        }; schedule() }',
        ),
      },
    },
    {
      name: 'the name given to an unnamed task is one the closure does not use yet',
      files: { 'App/AppDelegate.swift': oneLine('«{ (_: BGTask)» in schedule(task: 1) }') },
      output: {
        'App/AppDelegate.swift': oneLine(
          '{ (task2: BGTask) in task2.expirationHandler = {\n            // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.\n            task2.setTaskCompleted(success: false)\n        }; schedule(task: 1) }',
        ),
      },
    },
    {
      name: 'in a CRLF file every line the fix inserts ends with CRLF',
      files: { 'App/AppDelegate.swift': crlf(delegate('            work()\n            task.setTaskCompleted(success: true)', '', true)) },
      output: {
        'App/AppDelegate.swift': crlf(
          delegate(
            '            task.expirationHandler = {\n                // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.\n                task.setTaskCompleted(success: false)\n            }\n            work()\n            task.setTaskCompleted(success: true)',
          ),
        ),
      },
    },
    {
      name: 'a task stored in a property that nothing ever gives an expiration handler',
      files: {
        'App/AppDelegate.swift': delegate(`            self.activeRefresh = task
            Downloader.shared.fetch { ok in
                self.activeRefresh?.setTaskCompleted(success: ok)
                self.activeRefresh = nil
            }`, '    var activeRefresh: BGTask?\n', true),
      },
      expect: [{ message: 'never sets expirationHandler' }],
    },
    {
      name: 'a logging-only expiration handler in the function the task is handed to',
      files: {
        'App/AppDelegate.swift': delegate(`            self.handle(task: task)`, `
    func handle(task: BGTask) {
        «task.expirationHandler = { print("refresh timed out") }»
        Downloader.shared.fetch { ok in task.setTaskCompleted(success: ok) }
    }
`),
      },
      expect: [{ message: 'only logs', severity: 'info' }],
    },
    {
      name: 'an expiration handler that cancels a queue nothing else uses and never completes',
      files: {
        'App/AppDelegate.swift': delegate(`            «task.expirationHandler = { self.queue.cancelAllOperations() }»
            Downloader.shared.fetch { ok in task.setTaskCompleted(success: ok) }`, '    let queue = OperationQueue()\n'),
      },
      expect: [{ message: 'neither stops the work nor completes the task', severity: 'info' }],
    },
    {
      name: 'an empty expiration handler is as good as none',
      files: {
        'App/AppDelegate.swift': delegate(`            «task.expirationHandler = { }»
            Downloader.shared.fetch { ok in task.setTaskCompleted(success: ok) }`),
      },
      expect: [{ message: 'neither stops the work nor completes the task' }],
    },
    {
      name: 'an expiration handler set after the task was completed protects nothing',
      files: {
        'App/AppDelegate.swift': delegate(`            Store.shared.compactNow()
            task.setTaskCompleted(success: true)
            «task.expirationHandler = { Store.shared.cancel() }»`),
      },
      expect: [{ message: 'set only after the task was completed', severity: 'warning' }],
    },
    {
      name: 'let work = Task { … }: the fix cancels work',
      files: {
        'App/AppDelegate.swift': delegate(
          `            let work = Task {
                await FeedStore.shared.refresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            FeedStore.shared.noteRefreshStarted(work)`,
          '',
          true,
        ),
      },
      expect: [
        {
          message:
            'The handler for "com.example.app.refresh" never sets expirationHandler: when iOS ends the task early, the work keeps running and the task is marked failed.',
          severity: 'warning',
        },
      ],
      output: {
        'App/AppDelegate.swift': delegate(`            let work = Task {
                await FeedStore.shared.refresh()
                task.setTaskCompleted(success: !Task.isCancelled)
            }
            task.expirationHandler = {
                work.cancel()
                task.setTaskCompleted(success: false)
            }
            FeedStore.shared.noteRefreshStarted(work)`),
      },
    },
    {
      name: 'a bare Task { statement in a tab-indented file: the fix names it and cancels it',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) «{ task» in
			Task {
				await Database.shared.vacuum()
				task.setTaskCompleted(success: true)
			}
		}
		return true
	}
}
`,
      },
      output: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
			let work = Task {
				await Database.shared.vacuum()
				task.setTaskCompleted(success: true)
			}
			task.expirationHandler = {
				work.cancel()
				task.setTaskCompleted(success: false)
			}
		}
		return true
	}
}
`,
      },
    },
    {
      name: 'callback-based work: the fix inserts a commented skeleton that completes',
      files: {
        'App/AppDelegate.swift': delegate(
          `            FeedStore.shared.refresh { ok in
                task.setTaskCompleted(success: ok)
            }`,
          '',
          true,
        ),
      },
      output: {
        'App/AppDelegate.swift': delegate(`            task.expirationHandler = {
                // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.
                task.setTaskCompleted(success: false)
            }
            FeedStore.shared.refresh { ok in
                task.setTaskCompleted(success: ok)
            }`),
      },
    },
    {
      name: 'a [weak self] capture list before the task parameter',
      files: {
        'App/AppDelegate.swift': delegate(
          `            self?.feed.refresh { ok in
                task.setTaskCompleted(success: ok)
            }`,
          '    let feed = FeedStore()\n',
          true,
        ).replace('«{ task» in', '«{ [weak self] task» in'),
      },
      output: {
        'App/AppDelegate.swift': delegate(
          `            task.expirationHandler = {
                // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.
                task.setTaskCompleted(success: false)
            }
            self?.feed.refresh { ok in
                task.setTaskCompleted(success: ok)
            }`,
          '    let feed = FeedStore()\n',
        ).replace('{ task in', '{ [weak self] task in'),
      },
    },
    {
      name: 'an OperationQueue: the fix cancels its operations',
      files: {
        'App/AppDelegate.swift': delegate(
          `            let queue = OperationQueue()
            let operation = RefreshOperation()
            operation.completionBlock = { task.setTaskCompleted(success: !operation.isCancelled) }
            queue.addOperation(operation)`,
          '',
          true,
        ),
      },
      output: {
        'App/AppDelegate.swift': delegate(`            let queue = OperationQueue()
            task.expirationHandler = {
                queue.cancelAllOperations()
                task.setTaskCompleted(success: false)
            }
            let operation = RefreshOperation()
            operation.completionBlock = { task.setTaskCompleted(success: !operation.isCancelled) }
            queue.addOperation(operation)`),
      },
    },
    {
      name: 'after a guard-let cast the skeleton uses the new name',
      files: {
        'App/AppDelegate.swift': delegate(
          `            guard let refresh = task as? BGAppRefreshTask else { return }
            FeedStore.shared.refresh { ok in
                refresh.setTaskCompleted(success: ok)
            }`,
          '',
          true,
        ),
      },
      output: {
        'App/AppDelegate.swift': delegate(`            guard let refresh = task as? BGAppRefreshTask else { return }
            refresh.expirationHandler = {
                // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.
                refresh.setTaskCompleted(success: false)
            }
            FeedStore.shared.refresh { ok in
                refresh.setTaskCompleted(success: ok)
            }`),
      },
    },
    {
      name: 'a closure that only hands the task to a method: reported at the method',
      files: {
        'App/AppDelegate.swift': delegate('            self.handleRefresh(task: task as! BGAppRefreshTask)', `
    func «handleRefresh»(task: BGAppRefreshTask) {
        FeedStore.shared.refresh { ok in
            task.setTaskCompleted(success: ok)
        }
    }
`),
      },
      output: {
        'App/AppDelegate.swift': delegate('            self.handleRefresh(task: task as! BGAppRefreshTask)', `
    func handleRefresh(task: BGAppRefreshTask) {
        task.expirationHandler = {
            // Stop the work in progress here (for example, cancel its Task) so it ends cooperatively.
            task.setTaskCompleted(success: false)
        }
        FeedStore.shared.refresh { ok in
            task.setTaskCompleted(success: ok)
        }
    }
`),
      },
    },
    {
      name: 'a launch handler passed by reference (function in another file)',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil, launchHandler: Maintenance.handleCleanup)
        return true
    }
}
`,
        'App/Maintenance.swift': `import BackgroundTasks

enum Maintenance {
    static func «handleCleanup»(_ task: BGTask) {
        Database.shared.vacuum()
        task.setTaskCompleted(success: true)
    }
}
`,
      },
      expect: [{ message: 'The handler for "com.example.app.cleanup" never sets expirationHandler' }],
    },
    {
      name: 'an expiration handler that only logs (info)',
      files: {
        'App/AppDelegate.swift': delegate(`            «task.expirationHandler = {
                print("refresh expired")
                os_log("refresh task expired")
            }»
            FeedStore.shared.refresh { task.setTaskCompleted(success: $0) }`),
      },
      expect: [
        {
          message: 'The expiration handler for "com.example.app.refresh" only logs: it should stop the work (cancel its Task or operations) and call setTaskCompleted(success: false).',
          severity: 'info',
        },
      ],
    },
  ],
});
