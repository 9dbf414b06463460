import { ruleTester } from './ruleTester';

/** The export's registration and handler, registered where the code submits (the documented on-demand pattern). */
const exportTask = (submit: string) => `        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export", using: nil) { task in
            let task = task as! BGContinuedProcessingTask
            task.expirationHandler = { Exporter.shared.cancel() }
            task.progress.totalUnitCount = 100
            Exporter.shared.run(progress: task.progress) { ok in task.setTaskCompleted(success: ok) }
        }
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: "Exporting video", subtitle: "Starting")
        ${submit}`;

const sceneDelegate = (method: string, submit = 'try? BGTaskScheduler.shared.submit(request)') => `import BackgroundTasks
import UIKit

final class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    func ${method}(_ scene: UIScene) {
${exportTask(submit)}
    }
}
`;

const app = (phase: string, submit = 'try? BGTaskScheduler.shared.submit(request)') => `import BackgroundTasks
import SwiftUI

@main
struct ExportApp: App {
    @Environment(\\.scenePhase) private var scenePhase

    var body: some Scene {
        WindowGroup { Text("Export") }
            .onChange(of: scenePhase) { phase in
                switch phase {
                case .${phase}:
${exportTask(submit)}
                default:
                    break
                }
            }
    }
}
`;

ruleTester('continued-processing-background-submit', {
  valid: [
    {
      name: "a button's action",
      files: {
        'App/ExportController.swift': `import BackgroundTasks
import UIKit

final class ExportController: UIViewController {
    @objc func exportTapped() {
${exportTask('try? BGTaskScheduler.shared.submit(request)')}
    }
}
`,
      },
    },
    { name: 'sceneDidBecomeActive is the foreground', files: { 'App/SceneDelegate.swift': sceneDelegate('sceneDidBecomeActive') } },
    { name: 'sceneWillResignActive: still on screen, not judged', files: { 'App/SceneDelegate.swift': sceneDelegate('sceneWillResignActive') } },
    { name: 'the .active scene phase', files: { 'App/ExportApp.swift': app('active') } },
    { name: 'the .inactive scene phase is not judged', files: { 'App/ExportApp.swift': app('inactive') } },
    {
      name: 'a processing request from the background is fine',
      files: { 'App/SceneDelegate.swift': sceneDelegate('sceneDidEnterBackground').replace('BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: "Exporting video", subtitle: "Starting")', 'BGProcessingTaskRequest(identifier: "com.example.app.export")').replace('as! BGContinuedProcessingTask', 'as! BGProcessingTask') },
    },
  ],
  invalid: [
    {
      name: 'sceneDidEnterBackground',
      files: { 'App/SceneDelegate.swift': sceneDelegate('sceneDidEnterBackground', 'try? «BGTaskScheduler.shared.submit(request)»') },
      expect: [{ message: 'Continued-processing request "com.example.app.export" is submitted only from sceneDidEnterBackground(_:)', severity: 'warning' }],
    },
    {
      name: 'the .background scene phase',
      files: { 'App/ExportApp.swift': app('background', 'try? «BGTaskScheduler.shared.submit(request)»') },
      expect: [{ message: 'only from the .background scene phase' }],
    },
    {
      name: 'from inside a refresh task handler',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { Feed.shared.cancel() }
            let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: "Exporting video", subtitle: "Starting")
            try? «BGTaskScheduler.shared.submit(request)»
            Feed.shared.refresh { ok in task.setTaskCompleted(success: ok) }
        }
        return true
    }
}
`,
      },
      expect: [{ message: 'only from a background task handler' }],
    },
  ],
});
