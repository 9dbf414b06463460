import Foundation
import BackgroundTasks
import os

enum SyncConstants {
    /// Follows the bundle id, like `$(PRODUCT_BUNDLE_IDENTIFIER).refresh` in Info.plist.
    static let refreshTaskIdentifier = Bundle.main.bundleIdentifier! + ".refresh"
}

/// Keeps the local library in step with the backend: the watchlist and upcoming showtimes.
final class SyncManager {
    static let shared = SyncManager()

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Sync")
    private static let lastSyncKey = "lastSuccessfulSync"

    private let client: CatalogClient

    init(client: CatalogClient = .shared) {
        self.client = client
    }

    var lastSuccessfulSync: Date? {
        UserDefaults.standard.object(forKey: Self.lastSyncKey) as? Date
    }

    /// Asks for the next background refresh. Only one refresh request can be pending, and
    /// submitting again replaces it.
    static func scheduleAppRefresh() {
        let request = BGAppRefreshTaskRequest(identifier: SyncConstants.refreshTaskIdentifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            logger.error("Could not schedule app refresh: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the app refresh task.
    func handleAppRefresh(task: BGAppRefreshTask) {
        let work = Task {
            do {
                try await refresh()
            } catch {
                Self.logger.error("Background refresh failed: \(error.localizedDescription, privacy: .public)")
                task.setTaskCompleted(success: false)
                return
            }
            task.setTaskCompleted(success: !Task.isCancelled)
        }

        task.expirationHandler = {
            work.cancel()
        }
    }

    /// Pull-to-refresh and other foreground callers.
    func refreshLibrary() async {
        do {
            try await refresh()
        } catch {
            Self.logger.error("Refresh failed: \(error.localizedDescription, privacy: .public)")
        }
    }

    private func refresh() async throws {
        let films = try await client.watchlist()
        let filmIDs = films.map(\.id)
        let showtimes = try await client.showtimes(for: filmIDs)
        try Task.checkCancellation()

        let store = try DatabaseStore.open()
        try store.replaceWatchlist(with: films)
        try store.replaceShowtimes(showtimes, for: filmIDs)
        UserDefaults.standard.set(Date(), forKey: Self.lastSyncKey)
        Self.logger.info("Synced \(films.count) films and \(showtimes.count) showtimes")
    }
}
