import { describe, expect, it } from 'vitest';
import { build, lintFiles } from '../helpers/project';
import { ruleTester, type InvalidCase } from './ruleTester';

/** An app delegate registering `id` with `handler` (the closure body) and submitting a `cls` request for `reqId` when backgrounded. */
const delegate = (o: { id?: string; handler: string; cls: string; reqId?: string; extra?: string }) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${o.id ?? '"com.example.app.export"'}, using: nil) { task in
${o.handler}
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = ${o.cls}(identifier: ${o.reqId ?? o.id ?? '"com.example.app.export"'})
        try? BGTaskScheduler.shared.submit(request)
    }
${o.extra ?? ''}}
`;

const exporter = (cls: string) => `import BackgroundTasks

final class RatingsExporter {
    static let shared = RatingsExporter()

    func handleExport(task: ${cls}) {
        let work = Task {
            await Ratings.export()
            task.setTaskCompleted(success: !Task.isCancelled)
        }
        task.expirationHandler = { work.cancel() }
    }
}
`;

const sharedHandler: InvalidCase = {
  name: 'a method shared with a correctly typed registration: reported, but no fix',
  files: {
    'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            self.handle(task: task as! «BGProcessingTask»)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.cleanup", using: nil) { task in
            self.handle(task: task as! BGProcessingTask)
        }
        return true
    }

    func handle(task: BGProcessingTask) {
        task.expirationHandler = { Work.cancel() }
        Work.run { task.setTaskCompleted(success: $0) }
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
        try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.cleanup"))
    }
}
`,
  },
  expect: [{ message: 'The handler for "com.example.app.refresh" expects a BGProcessingTask, but the identifier is submitted as a BGAppRefreshTaskRequest (App/AppDelegate.swift:22)' }],
};

ruleTester('task-type-mismatch', {
  valid: [
    {
      name: 'the cast matches the request class',
      files: {
        'App/AppDelegate.swift': delegate({ handler: '            RatingsExporter.shared.handleExport(task: task as! BGProcessingTask)', cls: 'BGProcessingTaskRequest' }),
        'App/RatingsExporter.swift': exporter('BGProcessingTask'),
      },
    },
    {
      name: 'a health-research request handled as its superclass BGProcessingTask',
      files: {
        'App/AppDelegate.swift': delegate({
          id: '"com.example.app.study"',
          handler: `            guard let task = task as? BGProcessingTask else { return }
            StudyUploader.shared.upload(task: task)`,
          cls: 'BGHealthResearchTaskRequest',
        }),
      },
    },
    {
      name: 'a handler that takes the task as BGTask',
      files: {
        'App/AppDelegate.swift': delegate({ handler: '            Maintenance.run(task)', cls: 'BGProcessingTaskRequest' }),
        'App/Maintenance.swift': `import BackgroundTasks

enum Maintenance {
    static func run(_ task: BGTask) {
        task.expirationHandler = { Database.shared.cancel() }
        Database.shared.vacuum { task.setTaskCompleted(success: $0) }
    }
}
`,
      },
    },
    {
      name: 'enum raw value at the register, a constant in another file at the submit',
      files: {
        'App/AppDelegate.swift': delegate({
          id: 'TaskID.refresh.rawValue',
          reqId: 'Constants.refreshTask',
          handler: '            FeedStore.shared.refresh(task: task as! BGAppRefreshTask)',
          cls: 'BGAppRefreshTaskRequest',
        }),
        'App/TaskID.swift': `enum TaskID: String {
    case refresh = "com.example.app.refresh"
}
`,
        'App/Constants.swift': `enum Constants {
    static let refreshTask = "com.example.app.refresh"
}
`,
      },
    },
    {
      name: 'Bundle.main.bundleIdentifier + suffix at the register, the literal at a matching request',
      files: {
        'App/AppDelegate.swift': delegate({
          id: 'Bundle.main.bundleIdentifier! + ".refresh"',
          reqId: '"com.example.app.refresh"',
          handler: '            FeedStore.shared.refresh(task: task as! BGAppRefreshTask)',
          cls: 'BGAppRefreshTaskRequest',
        }),
      },
    },
    {
      name: 'a submitted identifier that cannot be resolved is never compared',
      files: {
        'App/AppDelegate.swift': delegate({
          handler: '            RatingsExporter.shared.handleExport(task: task as! BGProcessingTask)',
          reqId: 'job.identifier',
          cls: 'BGAppRefreshTaskRequest',
        }),
        'App/RatingsExporter.swift': exporter('BGProcessingTask'),
      },
    },
    {
      name: 'no request is created for the identifier',
      files: {
        'App/AppDelegate.swift': delegate({
          handler: '            RatingsExporter.shared.handleExport(task: task as! BGProcessingTask)',
          reqId: '"com.example.app.other"',
          cls: 'BGAppRefreshTaskRequest',
        }).replace('"com.example.app.other"', 'Self.otherTaskID') + 'extension AppDelegate {\n    static let otherTaskID = "com.example.app.other"\n}\n',
        'App/RatingsExporter.swift': exporter('BGProcessingTask'),
      },
    },
    {
      name: 'SwiftUI .appRefresh with a refresh request',
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
      name: 'silenced with a bgtasks-disable-next-line directive',
      files: {
        'App/AppDelegate.swift': delegate({
          handler: '            // bgtasks-disable-next-line task-type-mismatch\n            LegacyExporter.run(task as! BGAppRefreshTask)',
          cls: 'BGProcessingTaskRequest',
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'cast in the closure and the method parameter: the fix changes both',
      files: {
        'App/AppDelegate.swift': delegate({ handler: '            RatingsExporter.shared.handleExport(task: task as! «BGAppRefreshTask»)', cls: 'BGProcessingTaskRequest' }),
        'App/RatingsExporter.swift': exporter('BGAppRefreshTask'),
      },
      expect: [
        {
          message:
            'The handler for "com.example.app.export" expects a BGAppRefreshTask, but the identifier is submitted as a BGProcessingTaskRequest (App/AppDelegate.swift:14), so iOS hands it a BGProcessingTask: an as! cast crashes and an as? cast never completes the task.',
          severity: 'error',
        },
      ],
      output: {
        'App/AppDelegate.swift': delegate({ handler: '            RatingsExporter.shared.handleExport(task: task as! BGProcessingTask)', cls: 'BGProcessingTaskRequest' }),
        'App/RatingsExporter.swift': exporter('BGProcessingTask'),
      },
    },
    {
      name: 'guard-let as? cast in a tab-indented file: only the type name changes',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
	func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
		BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.sync", using: nil) { task in
			guard let task = task as? «BGAppRefreshTask» else { return }
			task.expirationHandler = { SyncEngine.shared.cancel() }
			SyncEngine.shared.run { task.setTaskCompleted(success: $0) }
		}
		return true
	}

	func applicationDidEnterBackground(_ application: UIApplication) {
		let request = BGProcessingTaskRequest(identifier: "com.example.app.sync")
		request.requiresNetworkConnectivity = true
		try? BGTaskScheduler.shared.submit(request)
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
		BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.sync", using: nil) { task in
			guard let task = task as? BGProcessingTask else { return }
			task.expirationHandler = { SyncEngine.shared.cancel() }
			SyncEngine.shared.run { task.setTaskCompleted(success: $0) }
		}
		return true
	}

	func applicationDidEnterBackground(_ application: UIApplication) {
		let request = BGProcessingTaskRequest(identifier: "com.example.app.sync")
		request.requiresNetworkConnectivity = true
		try? BGTaskScheduler.shared.submit(request)
	}
}
`,
      },
    },
    sharedHandler,
    {
      name: 'SwiftUI .appRefresh handler for an identifier submitted as a processing request',
      files: {
        'App/FeedApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FeedApp: App {
    var body: some Scene {
        WindowGroup { Text("Feed") }
            .backgroundTask(.appRefresh("com.example.app.sync")) {
                await SyncEngine.shared.run()
            }
    }
}

func scheduleSync() {
    let request = «BGProcessingTaskRequest(identifier: "com.example.app.sync")»
    try? BGTaskScheduler.shared.submit(request)
}
`,
      },
      expect: [{ message: '"com.example.app.sync" is handled by .backgroundTask(.appRefresh) (App/FeedApp.swift:8) but submitted as a BGProcessingTaskRequest' }],
    },
    {
      name: 'a health-research request force-cast to BGAppRefreshTask',
      files: {
        'App/AppDelegate.swift': delegate({
          id: '"com.example.app.study"',
          handler: `            let study = task as! «BGAppRefreshTask»
            StudyUploader.shared.upload(task: study)`,
          cls: 'BGHealthResearchTaskRequest',
        }),
      },
      expect: [{ message: 'so iOS hands it a BGHealthResearchTask' }],
    },
    {
      name: 'a continued-processing request handled as BGProcessingTask',
      files: {
        'App/Exporter.swift': `import BackgroundTasks

final class Exporter {
    func start() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export.pdf", using: nil) { task in
            let task = task as! «BGProcessingTask»
            task.expirationHandler = { PDFExport.cancel() }
            PDFExport.run { task.setTaskCompleted(success: $0) }
        }
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export.pdf", title: "Exporting", subtitle: "PDF")
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
      },
      expect: [{ message: 'submitted as a BGContinuedProcessingTaskRequest (App/Exporter.swift:10)' }],
    },
    {
      name: 'identifier constants in other files',
      files: {
        'App/AppDelegate.swift': delegate({
          id: 'TaskIDs.cleanup',
          handler: '            Maintenance.shared.cleanUp(task as! «BGAppRefreshTask»)',
          cls: 'BGProcessingTaskRequest',
          reqId: 'Constants.cleanupTaskID',
        }),
        'App/TaskIDs.swift': `enum TaskIDs {
    static let cleanup = Constants.cleanupTaskID
}
`,
        'App/Constants.swift': `enum Constants {
    static let cleanupTaskID = "com.example.app.cleanup"
}
`,
      },
      expect: [{ message: 'The handler for "com.example.app.cleanup" expects a BGAppRefreshTask' }],
    },
    {
      name: 'Bundle.main.bundleIdentifier + suffix at the register, the expanded literal at the request',
      files: {
        'App/AppDelegate.swift': delegate({
          id: 'Bundle.main.bundleIdentifier! + ".refresh"',
          reqId: '"com.example.app.refresh"',
          handler: '            Maintenance.shared.cleanUp(task as! «BGProcessingTask»)',
          cls: 'BGAppRefreshTaskRequest',
        }),
      },
      expect: [{ message: 'The handler for "com.example.app.refresh" expects a BGProcessingTask, but the identifier is submitted as a BGAppRefreshTaskRequest' }],
      output: {
        'App/AppDelegate.swift': delegate({
          id: 'Bundle.main.bundleIdentifier! + ".refresh"',
          reqId: '"com.example.app.refresh"',
          handler: '            Maintenance.shared.cleanUp(task as! BGAppRefreshTask)',
          cls: 'BGAppRefreshTaskRequest',
        }),
      },
    },
  ],
});

describe('task-type-mismatch: no fix that would change another registration', () => {
  it(`no fix: ${sharedHandler.name}`, async () => {
    const r = await lintFiles(build(sharedHandler.files).files);
    const mine = r.findings.filter((f) => f.ruleId === 'task-type-mismatch');
    expect(mine).toHaveLength(1);
    expect(mine[0].fixes).toEqual([]);
  });
});
