import { ruleTester } from './ruleTester';

const register = (body: string, cast = 'BGProcessingTask') => `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            self.handle(task: task as! ${cast})
        }
        return true
    }

    func handle(task: ${cast}) {
${body}
    }
}
`;


/** A handler that hands the task to a helper and then `after` (the helper's own exits return to the handler). */
const withHelper = (helperBody: string, after: string) => register(`        task.expirationHandler = { }
        prepare(task)
${after}`).replace('    func handle(task: BGProcessingTask) {', `    func prepare(_ task: BGProcessingTask) {
${helperBody}
    }

    func handle(task: BGProcessingTask) {`);

/** An app delegate registering "com.example.app.refresh" with the closure `closure` as its handler. */
const closureHandler = (closure: string) => `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    var ready = false

    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) ${closure}
        return true
    }

    func schedule() {}
}
`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

ruleTester('missing-set-task-completed', {
  valid: [
    {
      name: 'a helper that returns early hands control back: the handler completes after it returns',
      files: {
        'App/AppDelegate.swift': withHelper(`        guard let url = URL(string: "https://example.com/feed") else { return }
        Downloader.shared.prefetch(url)`, `        task.setTaskCompleted(success: true)`),
      },
    },
    {
      name: 'an async helper with guard exits, awaited in a Task that completes afterwards',
      files: {
        'App/AppDelegate.swift': register(`        let work = Task {
            await self.sync(task)
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = { work.cancel() }`).replace('    func handle(task: BGProcessingTask) {', `    func sync(_ task: BGProcessingTask) async {
        guard !Task.isCancelled else { return }
        await Store.shared.compact()
    }

    func handle(task: BGProcessingTask) {`),
      },
    },
    {
      name: 'completion inside defer covers every exit',
      files: {
        'App/AppDelegate.swift': register(`        defer { task.setTaskCompleted(success: true) }
        task.expirationHandler = { }
        guard let store = try? Store.open() else { return }
        store.compact()`),
      },
    },
    {
      name: 'operation completionBlock completes the task',
      files: {
        'App/AppDelegate.swift': register(`        let queue = OperationQueue()
        let operation = CleanupOperation()
        task.expirationHandler = { queue.cancelAllOperations() }
        operation.completionBlock = {
            task.setTaskCompleted(success: !operation.isCancelled)
        }
        queue.addOperation(operation)`),
      },
    },
    {
      name: 'a completion helper guarded by a flag',
      files: {
        'App/AppDelegate.swift': register(`        var done = false
        func finish(_ ok: Bool) {
            guard !done else { return }
            done = true
            task.setTaskCompleted(success: ok)
        }
        task.expirationHandler = { finish(false) }
        Store.shared.compact { result in
            finish(result)
        }`),
      },
    },
    {
      name: 'every switch arm and the catch complete',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        do {
            let result = try Store.shared.compactNow()
            switch result {
            case .compacted: task.setTaskCompleted(success: true)
            case .nothingToDo: task.setTaskCompleted(success: true)
            case .failed: task.setTaskCompleted(success: false)
            }
        } catch {
            task.setTaskCompleted(success: false)
        }`),
      },
    },
    {
      name: 'Task body completes at its end and the task escapes nowhere else',
      files: {
        'App/AppDelegate.swift': register(`        let work = Task {
            await Store.shared.compact()
            task.setTaskCompleted(success: !Task.isCancelled)
        }
        task.expirationHandler = { work.cancel() }`),
      },
    },
    {
      name: 'task handed to a helper that completes it',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        Maintenance.run(task)`),
        'App/Maintenance.swift': `import BackgroundTasks
enum Maintenance {
    static func run(_ task: BGProcessingTask) {
        Store.shared.compact()
        task.setTaskCompleted(success: true)
    }
}
`,
      },
    },
    {
      name: 'task stored in a property (escapes to code completing it later)',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        self.current = task
        Store.shared.startCompaction()`),
      },
    },
    {
      name: 'fatalError path needs no completion',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        guard let store = Store.shared else { fatalError("no store") }
        store.compact()
        task.setTaskCompleted(success: true)`),
      },
    },
    {
      name: 'WatchKit refresh tasks are not BGTasks',
      files: {
        'Watch/ExtensionDelegate.swift': `import WatchKit
final class ExtensionDelegate: NSObject, WKApplicationDelegate {
    func handle(_ backgroundTasks: Set<WKRefreshBackgroundTask>) {
        for task in backgroundTasks {
            if let refresh = task as? WKApplicationRefreshBackgroundTask {
                return
            }
            task.setTaskCompletedWithSnapshot(false)
        }
    }
}
`,
      },
    },
    {
      name: 'UIApplication.beginBackgroundTask is not a BGTask handler',
      files: {
        'App/Uploader.swift': `import UIKit
final class Uploader {
    func finishUpload() {
        var id = UIBackgroundTaskIdentifier.invalid
        id = UIApplication.shared.beginBackgroundTask(withName: "upload", expirationHandler: {
            UIApplication.shared.endBackgroundTask(id)
        })
        guard pending else { return }
        upload { UIApplication.shared.endBackgroundTask(id) }
    }
}
`,
      },
    },
    {
      name: 'a line the parser cannot read inside the handler withholds the path findings of the statements around it',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        guard ready else { return } = = 3
        task.setTaskCompleted(success: true)`),
      },
    },
  ],
  invalid: [
    {
      name: 'a closure that ignores its task ({ _ in }) gets the task named in the same fix',
      files: { 'App/AppDelegate.swift': closureHandler('{ _ in schedule() «}»') },
      output: { 'App/AppDelegate.swift': closureHandler('{ task in schedule(); task.setTaskCompleted(success: false) }') },
    },
    {
      name: 'in a CRLF file the completion inserted before a return ends its line with CRLF',
      files: {
        'App/AppDelegate.swift': crlf(closureHandler('{ task in\n            task.expirationHandler = { }\n            guard ready else {\n                «return»\n            }\n            task.setTaskCompleted(success: true)\n        }')),
      },
      output: {
        'App/AppDelegate.swift': crlf(
          closureHandler('{ task in\n            task.expirationHandler = { }\n            guard ready else {\n                task.setTaskCompleted(success: false)\n                return\n            }\n            task.setTaskCompleted(success: true)\n        }'),
        ),
      },
    },
    {
      name: 'an unreadable line after the exit does not hide it (only exits after the unreadable line are withheld)',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        guard ready else { «return» }
        let pending = { [] in task }
        task.setTaskCompleted(success: true)`),
      },
    },
    {
      name: 'a helper that returns early, after which the handler does not complete: the helper exit is the finding',
      files: {
        'App/AppDelegate.swift': withHelper(`        guard let url = URL(string: "https://example.com/feed") else { «return» }
        Downloader.shared.prefetch(url)
        task.setTaskCompleted(success: true)`, `        print("handed off")`),
      },
    },
    {
      name: 'Swift 6 syntax in the handler (nonisolated(unsafe) let) does not hide a real missing completion',
      files: {
        'App/AppDelegate.swift': register(`        nonisolated(unsafe) let task = task
        task.expirationHandler = { }
        guard ready else { «return» }
        task.setTaskCompleted(success: true)`),
      },
    },
    {
      name: 'guard-else return without completion',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        guard let store = try? Store.open() else { «return» }
        store.compact()
        task.setTaskCompleted(success: true)`),
      },
      expect: [{ message: 'This return leaves the handler for "com.example.app.cleanup"', severity: 'error' }],
      output: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        guard let store = try? Store.open() else { task.setTaskCompleted(success: false); return }
        store.compact()
        task.setTaskCompleted(success: true)`),
      },
    },
    {
      name: 'early return on its own line',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        if Store.shared.isEmpty {
            «return»
        }
        Store.shared.compact()
        task.setTaskCompleted(success: true)`),
      },
      output: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        if Store.shared.isEmpty {
            task.setTaskCompleted(success: false)
            return
        }
        Store.shared.compact()
        task.setTaskCompleted(success: true)`),
      },
    },
    {
      name: 'catch arm falls off the end',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        do {
            try Store.shared.compactNow()
            task.setTaskCompleted(success: true)
        } catch {
            print(error)
        }
«}»`).replace('\n«}»\n    }\n}\n', '\n    «}»\n}\n'),
      },
    },
    {
      name: 'handler that never completes at all (closure)',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { }
            Sync.shared.start()
        «}»
        return true
    }
}
`,
      },
      output: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { }
            Sync.shared.start()
            task.setTaskCompleted(success: false)
        }
        return true
    }
}
`,
      },
    },
    {
      name: 'uncaught try inside a Task ends it without completion',
      files: {
        'App/AppDelegate.swift': register(`        let work = Task {
            «try» await Store.shared.compactAsync()
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = { work.cancel() }`),
      },
      output: {
        'App/AppDelegate.swift': register(`        let work = Task {
            defer { task.setTaskCompleted(success: false) }
            try await Store.shared.compactAsync()
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = { work.cancel() }`),
      },
    },
    {
      name: 'callback completes only on success',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        Store.shared.compact { result in
            switch result {
            case .success: task.setTaskCompleted(success: true)
            case .failure: «return»
            }
        }`),
      },
    },
    {
      name: 'helper function that receives the task misses a path',
      files: {
        'App/AppDelegate.swift': register(`        task.expirationHandler = { }
        Maintenance.run(task)`),
        'App/Maintenance.swift': `import BackgroundTasks
enum Maintenance {
    static func run(_ task: BGProcessingTask) {
        guard Store.shared.needsCompaction else { «return» }
        Store.shared.compact()
        task.setTaskCompleted(success: true)
    }
}
`,
      },
    },
  ],
});
