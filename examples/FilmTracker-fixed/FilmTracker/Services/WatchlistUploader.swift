import UIKit
import os

/// Sends local watchlist edits and ratings to the backend. Edits queue up while the app is in
/// use and go out in one batch when the user leaves, inside a short UIKit background task so
/// suspension doesn't cut the upload off halfway.
@MainActor
final class WatchlistUploader {
    static let shared = WatchlistUploader()

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Upload")

    private let client: CatalogClient
    private var pending: [WatchlistChange] = []
    private var backgroundTaskID: UIBackgroundTaskIdentifier = .invalid
    private var uploadTask: Task<Void, Never>?

    init(client: CatalogClient = .shared) {
        self.client = client
    }

    func enqueue(_ change: WatchlistChange) {
        pending.append(change)
    }

    /// Called when the scene moves to the background.
    func flushPendingChanges() {
        guard !pending.isEmpty, backgroundTaskID == .invalid else { return }
        let batch = pending
        pending.removeAll()

        backgroundTaskID = UIApplication.shared.beginBackgroundTask(withName: "Upload watchlist changes") { [weak self] in
            // Out of time. Cancelling puts the batch back in the queue for the next attempt.
            MainActor.assumeIsolated {
                self?.uploadTask?.cancel()
                self?.endBackgroundTask()
            }
        }

        uploadTask = Task {
            do {
                try await client.upload(batch)
                Self.logger.info("Uploaded \(batch.count) watchlist changes")
            } catch {
                pending.insert(contentsOf: batch, at: 0)
                Self.logger.error("Upload failed, will retry: \(error.localizedDescription, privacy: .public)")
            }
            endBackgroundTask()
        }
    }

    private func endBackgroundTask() {
        guard backgroundTaskID != .invalid else { return }
        UIApplication.shared.endBackgroundTask(backgroundTaskID)
        backgroundTaskID = .invalid
        uploadTask = nil
    }
}
