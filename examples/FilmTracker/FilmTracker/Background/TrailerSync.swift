import Foundation
import BackgroundTasks
import os

/// Downloads trailers for the films on the watchlist so they play instantly, even offline.
/// Files live in Caches; if the system purges them the next sync fetches them again.
final class TrailerSync {
    static let shared = TrailerSync()

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Trailers")

    private let client: CatalogClient
    private let session: URLSession

    init(client: CatalogClient = .shared, session: URLSession = .shared) {
        self.client = client
        self.session = session
    }

    static var trailersDirectory: URL {
        URL.cachesDirectory.appending(path: "Trailers", directoryHint: .isDirectory)
    }

    static func localURL(forFilm filmID: Int) -> URL {
        trailersDirectory.appending(path: "\(filmID).mp4")
    }

    /// Submits a sync unless one is already waiting. Submitting again would replace the
    /// pending request and start its wait over.
    func scheduleIfNeeded() async {
        let pending = await BGTaskScheduler.shared.pendingTaskRequests()
        guard !pending.contains(where: { $0.identifier == TaskIdentifier.trailersSync.rawValue }) else { return }

        let request = BGProcessingTaskRequest(identifier: TaskIdentifier.trailersSync.rawValue)
        request.requiresNetworkConnectivity = true
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            Self.logger.error("Could not schedule trailer sync: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the trailer sync.
    func handleSync(task: BGProcessingTask) {
        let completion = TaskCompletionGate(task: task)

        let work = Task {
            do {
                let downloaded = try await syncTrailers()
                Self.logger.info("Downloaded \(downloaded) trailers")
                completion.finish(success: true)
            } catch {
                Self.logger.error("Trailer sync stopped: \(error.localizedDescription, privacy: .public)")
                completion.finish(success: false)
            }
        }

        task.expirationHandler = {
            work.cancel()
            completion.finish(success: false)
        }
    }

    private func syncTrailers() async throws -> Int {
        let watchlist = try DatabaseStore.open().watchlist()
        let manifest = try await client.trailerManifest(for: watchlist.map(\.id))
        try FileManager.default.createDirectory(at: Self.trailersDirectory, withIntermediateDirectories: true)

        var downloaded = 0
        for asset in manifest where !isCurrent(asset) {
            try Task.checkCancellation()
            let (temporaryURL, response) = try await session.download(from: asset.remoteURL)
            try CatalogClient.validate(response)

            let destination = Self.localURL(forFilm: asset.filmID)
            if FileManager.default.fileExists(atPath: destination.path(percentEncoded: false)) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: temporaryURL, to: destination)
            downloaded += 1
        }
        return downloaded
    }

    private func isCurrent(_ asset: TrailerAsset) -> Bool {
        let url = Self.localURL(forFilm: asset.filmID)
        guard let size = try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize else { return false }
        return size == asset.byteCount
    }
}

/// Completes a background task exactly once, whichever of the work or the expiration handler
/// gets there first.
final class TaskCompletionGate {
    private let task: BGTask
    private let lock = NSLock()
    private var isFinished = false

    init(task: BGTask) {
        self.task = task
    }

    func finish(success: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard !isFinished else { return }
        isFinished = true
        task.setTaskCompleted(success: success)
    }
}
