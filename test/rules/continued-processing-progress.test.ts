import { ruleTester } from './ruleTester';

/** A view controller that registers a continued-processing handler and submits it when the user taps Export. */
const exporter = (handler: string, extra = '') => `import BackgroundTasks
import UIKit

final class ExportController: UIViewController {
    @objc func exportTapped() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export", using: nil) ${handler}
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: "Exporting video", subtitle: "Starting")
        try? BGTaskScheduler.shared.submit(request)
    }
${extra}}
`;

ruleTester('continued-processing-progress', {
  valid: [
    {
      name: 'the closure sets totalUnitCount and advances completedUnitCount',
      files: {
        'App/ExportController.swift': exporter(`{ task in
            guard let task = task as? BGContinuedProcessingTask else { return }
            task.expirationHandler = { Exporter.shared.cancel() }
            task.progress.totalUnitCount = 100
            Exporter.shared.run(onStep: { task.progress.completedUnitCount += 1 }) { ok in task.setTaskCompleted(success: ok) }
        }`),
      },
    },
    {
      name: 'the task is handed to a method that reports progress',
      files: {
        'App/ExportController.swift': exporter(
          '{ self.export(task: $0 as! BGContinuedProcessingTask) }',
          `
    private func export(task: BGContinuedProcessingTask) {
        task.expirationHandler = { Exporter.shared.cancel() }
        task.progress.totalUnitCount = 10
        Exporter.shared.run(progress: task.progress) { ok in task.setTaskCompleted(success: ok) }
    }
`,
        ),
      },
    },
    {
      name: 'updateTitle(_:subtitle:) counts as reporting',
      files: {
        'App/ExportController.swift': exporter(`{ task in
            guard let task = task as? BGContinuedProcessingTask else { return }
            task.expirationHandler = { Exporter.shared.cancel() }
            Exporter.shared.run { step in task.updateTitle("Exporting video", subtitle: "Step \\(step)") } completion: { ok in task.setTaskCompleted(success: ok) }
        }`),
      },
    },
    {
      name: 'the task is stored for code this file does not show: not judged',
      files: {
        'App/ExportController.swift': exporter(`{ task in
            task.expirationHandler = { Exporter.shared.cancel() }
            Exporter.shared.start(task: task)
        }`),
      },
    },
    {
      name: 'a refresh handler is not a continued-processing handler',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { Feed.shared.cancel() }
            Feed.shared.refresh { ok in task.setTaskCompleted(success: ok) }
        }
        return true
    }
}
`,
      },
    },
    {
      name: '"progress" only in a comment does not count, but the task handed on does',
      files: {
        'App/ExportController.swift': exporter(`{ task in
            // progress is reported by the exporter
            Exporter.shared.run(task: task as! BGContinuedProcessingTask)
        }`),
      },
    },
  ],
  invalid: [
    {
      name: 'the closure completes the task but never touches its progress',
      files: {
        'App/ExportController.swift': exporter(`«{ task in»
            guard let task = task as? BGContinuedProcessingTask else { return }
            task.expirationHandler = { Exporter.shared.cancel() }
            Exporter.shared.run { ok in task.setTaskCompleted(success: ok) }
        }`),
      },
      expect: [{ message: 'The handler for "com.example.app.export" never updates task.progress', severity: 'warning' }],
    },
    {
      name: 'the class comes from the request when the handler does not cast',
      files: {
        'App/ExportController.swift': exporter(`«{ task in»
            task.expirationHandler = { Exporter.shared.cancel() }
            Exporter.shared.run { ok in task.setTaskCompleted(success: ok) }
        }`),
      },
    },
    {
      name: 'a handler method that never reports, reached through a one-line closure',
      files: {
        'App/ExportController.swift': exporter(
          '{ self.export(task: $0 as! BGContinuedProcessingTask) }',
          `
    private func «export»(task: BGContinuedProcessingTask) {
        task.expirationHandler = { Exporter.shared.cancel() }
        Exporter.shared.run { ok in task.setTaskCompleted(success: ok) }
    }
`,
        ),
      },
    },
  ],
});
