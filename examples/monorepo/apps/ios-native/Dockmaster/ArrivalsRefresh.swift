import BackgroundTasks
import Foundation

/// Keeps today's arrivals list current so the dock office sees late bookings when it opens.
enum ArrivalsRefresh {
    static let taskIdentifier = "com.example.harbor.dockmaster.refresh"

    /// Submitted when the app goes to the background, and again at the start of every run:
    /// a refresh request runs at most once.
    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: taskIdentifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 20 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            print("Could not schedule the arrivals refresh: \(error)")
        }
    }

    static func handle(_ task: BGAppRefreshTask) {
        schedule()

        let work = Task {
            do {
                let arrivals = try await HarborAPI.shared.todaysArrivals()
                try ArrivalsCache.save(arrivals)
                task.setTaskCompleted(success: !Task.isCancelled)
            } catch {
                task.setTaskCompleted(success: false)
            }
        }
        task.expirationHandler = {
            work.cancel()
        }
    }
}
