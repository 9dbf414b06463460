import { ruleTester } from './ruleTester';

const REGISTER = `        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { Feed.shared.cancel() }
            Feed.shared.refresh { ok in task.setTaskCompleted(success: ok) }
        }`;

/** An app delegate that submits with `submit` in applicationDidEnterBackground. */
const delegate = (submit: string) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${REGISTER}
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
${submit}
    }
}
`;

/** A scheduler type (`attributes` before `final class`, `modifiers` before `func`). */
const scheduler = (submit: string, attributes = '', modifiers = '') => `import BackgroundTasks

${attributes}final class RefreshScheduler {
    ${modifiers}func schedule() async throws {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
${submit}
    }
}
`;

const ASYNC = '        try await BGTaskScheduler.shared.submitTaskRequest(request)';
const HANDLER = '        BGTaskScheduler.shared.submitTaskRequest(request) { error in\n            if let error { Log.error(error) }\n        }';

ruleTester('submit-request-on-main-thread', {
  valid: [
    { name: 'async form in a plain class', files: { 'App/RefreshScheduler.swift': scheduler(ASYNC) } },
    { name: 'nonisolated method of a @MainActor class', files: { 'App/RefreshScheduler.swift': scheduler(ASYNC, '@MainActor\n', 'nonisolated ') } },
    {
      name: 'completion form on a background queue from the app delegate',
      files: { 'App/AppDelegate.swift': delegate('        DispatchQueue.global(qos: .utility).async {\n    ' + HANDLER.replace(/\n/g, '\n    ') + '\n        }') },
    },
    { name: 'submit(_:) is the other rule\'s business', files: { 'App/AppDelegate.swift': delegate('        try? BGTaskScheduler.shared.submit(request)') } },
  ],
  invalid: [
    {
      name: 'completion form directly in the app delegate',
      files: { 'App/AppDelegate.swift': delegate('        «BGTaskScheduler.shared.submitTaskRequest(request) { error in\n            if let error { Log.error(error) }\n        }»') },
      expect: [{ message: 'submitTaskRequest is called from AppDelegate.applicationDidEnterBackground, which runs on the main actor', severity: 'warning' }],
    },
    { name: 'async form in a @MainActor class', files: { 'App/RefreshScheduler.swift': scheduler('        try await «BGTaskScheduler.shared.submitTaskRequest(request)»', '@MainActor\n') } },
    { name: 'async form in a @MainActor method', files: { 'App/RefreshScheduler.swift': scheduler('        try await «BGTaskScheduler.shared.submitTaskRequest(request)»', '', '@MainActor ') } },
  ],
});
