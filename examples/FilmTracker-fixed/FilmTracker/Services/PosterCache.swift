import UIKit
import BackgroundTasks
import os

/// Disk and memory cache for poster images, keyed by film id. Views read through it; the
/// prefetch task fills it for the whole watchlist overnight so posters appear instantly.
final class PosterCache {
    static let shared = PosterCache()
    static let prefetchTaskIdentifier = "com.example.filmtracker.poster-prefetch"

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Posters")

    private let session: URLSession
    private let directory: URL
    private let memory = NSCache<NSNumber, UIImage>()

    init(session: URLSession = .shared) {
        self.session = session
        directory = URL.cachesDirectory.appending(path: "Posters", directoryHint: .isDirectory)
        memory.countLimit = 150
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func image(for film: Film) async -> UIImage? {
        if let image = memory.object(forKey: NSNumber(value: film.id)) {
            return image
        }
        guard let file = await posterFile(for: film),
              let image = UIImage(contentsOfFile: file.path(percentEncoded: false)) else { return nil }
        memory.setObject(image, forKey: NSNumber(value: film.id))
        return image
    }

    /// The poster's file on disk, downloaded first if needed.
    func posterFile(for film: Film) async -> URL? {
        let file = fileURL(for: film.id)
        if FileManager.default.fileExists(atPath: file.path(percentEncoded: false)) {
            return file
        }
        guard let remote = film.posterURL else { return nil }
        do {
            try await download(remote, to: file)
            return file
        } catch {
            Self.logger.error("Poster \(film.id) failed: \(error.localizedDescription, privacy: .public)")
            return nil
        }
    }

    /// Asks for an overnight warm-up of the watchlist's posters.
    func schedulePrefetch() {
        let request = BGProcessingTaskRequest(identifier: Self.prefetchTaskIdentifier)
        request.requiresNetworkConnectivity = true
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            Self.logger.error("Could not schedule poster prefetch: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the poster prefetch.
    func handlePrefetch(task: BGProcessingTask) {
        let work = Task {
            let complete = await prefetchWatchlist()
            task.setTaskCompleted(success: complete && !Task.isCancelled)
        }

        task.expirationHandler = {
            work.cancel()
        }
    }

    /// Returns true when every poster on the watchlist is on disk.
    private func prefetchWatchlist() async -> Bool {
        guard let films = try? DatabaseStore.open().watchlist() else { return false }
        var complete = true
        for film in films {
            if Task.isCancelled {
                return false
            }
            if await posterFile(for: film) == nil, film.posterURL != nil {
                complete = false
            }
        }
        return complete
    }

    private func fileURL(for filmID: Int) -> URL {
        directory.appending(path: "\(filmID).jpg")
    }

    private func download(_ remote: URL, to file: URL) async throws {
        let (data, response) = try await session.data(from: remote)
        try CatalogClient.validate(response)
        try data.write(to: file, options: .atomic)
    }
}
