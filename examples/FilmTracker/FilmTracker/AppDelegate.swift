import UIKit
import BackgroundTasks

final class AppDelegate: NSObject, UIApplicationDelegate {
    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        // BGTaskScheduler launch handlers have to be in place before this method returns.
        BGTaskScheduler.shared.register(forTaskWithIdentifier: SyncConstants.refreshTaskIdentifier, using: nil) { task in
            SyncManager.shared.handleAppRefresh(task: task as! BGAppRefreshTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.dbCleanup.rawValue, using: nil) { task in
            DatabaseMaintenance.shared.handleCleanup(task: task as! BGProcessingTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.healthStudy.rawValue, using: nil) { task in
            StudyUploader.shared.handle(task: task as! BGHealthResearchTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.trailersSync.rawValue, using: nil) { task in
            TrailerSync.shared.handleSync(task: task as! BGProcessingTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: RatingsExporter.taskIdentifier, using: nil) { task in
            RatingsExporter.shared.handleExport(task: task as! BGAppRefreshTask)
        }

        DatabaseMaintenance.shared.scheduleCleanup()
        return true
    }
}
