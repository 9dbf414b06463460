import Foundation
import BackgroundTasks
import os

/// Overnight housekeeping for the local database: drops past showtimes, viewing sessions the
/// sleep study no longer needs and films nobody refers to, then compacts the file.
final class DatabaseMaintenance {
    static let shared = DatabaseMaintenance()

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Maintenance")

    /// Keep yesterday's showtimes around for "what did I see last night" lookups.
    private let showtimeRetention: TimeInterval = 24 * 60 * 60
    /// The sleep study only ever looks at the last 30 days.
    private let sessionRetention: TimeInterval = 30 * 24 * 60 * 60

    private enum Step: CaseIterable {
        case showtimes
        case watchSessions
        case films
        case vacuum
    }

    func scheduleCleanup() {
        let request = BGProcessingTaskRequest(identifier: TaskIdentifier.dbCleanup.rawValue)
        request.requiresExternalPower = true
        request.requiresNetworkConnectivity = false
        // No point running more than once a night.
        request.earliestBeginDate = Date(timeIntervalSinceNow: 6 * 60 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            Self.logger.error("Could not schedule cleanup: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the cleanup task.
    func handleCleanup(task: BGProcessingTask) {
        guard let store = try? DatabaseStore.open() else { return }

        let work = Task {
            let now = Date()
            var succeeded = true
            for step in Step.allCases {
                if Task.isCancelled {
                    succeeded = false
                    break
                }
                do {
                    try run(step, on: store, now: now)
                } catch {
                    Self.logger.error("Cleanup step \(String(describing: step), privacy: .public) failed: \(error.localizedDescription, privacy: .public)")
                    succeeded = false
                }
            }
            task.setTaskCompleted(success: succeeded)
        }

        task.expirationHandler = {
            work.cancel()
        }
    }

    private func run(_ step: Step, on store: DatabaseStore, now: Date) throws {
        switch step {
        case .showtimes:
            let removed = try store.deleteShowtimes(startingBefore: now.addingTimeInterval(-showtimeRetention))
            Self.logger.info("Removed \(removed) past showtimes")
        case .watchSessions:
            let removed = try store.deleteWatchSessions(endingBefore: now.addingTimeInterval(-sessionRetention))
            Self.logger.info("Removed \(removed) old viewing sessions")
        case .films:
            let removed = try store.deleteUnreferencedFilms()
            Self.logger.info("Removed \(removed) unreferenced films")
        case .vacuum:
            try store.vacuum()
        }
    }
}
