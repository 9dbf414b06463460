import BackgroundTasks
import UIKit

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        // Every launch handler has to be registered before launch finishes.
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ArrivalsRefresh.taskIdentifier, using: nil) { task in
            ArrivalsRefresh.handle(task as! BGAppRefreshTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: CachePurge.taskIdentifier, using: nil) { task in
            CachePurge.handle(task as! BGProcessingTask)
        }
        return true
    }
}
