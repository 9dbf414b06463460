import Foundation
import BackgroundTasks
import os

/// Writes the whole library (watchlist, ratings and cached posters) to a zip file in
/// Documents/Exports, where the user finds it in the Files app.
enum LibraryArchiver {
    private struct Manifest: Encodable {
        let exportedAt: Date
        let films: [Film]
        let ratings: [Rating]
    }

    static var exportsDirectory: URL {
        URL.documentsDirectory.appending(path: "Exports", directoryHint: .isDirectory)
    }

    /// Builds the archive. `progress` is called with the number of films written so far.
    static func write(films: [Film], ratings: [Rating], progress: (Int) -> Void) async throws -> URL {
        let fileManager = FileManager.default
        let staging = fileManager.temporaryDirectory
            .appending(path: "FilmTracker Library", directoryHint: .isDirectory)
        if fileManager.fileExists(atPath: staging.path(percentEncoded: false)) {
            try fileManager.removeItem(at: staging)
        }
        let postersDirectory = staging.appending(path: "Posters", directoryHint: .isDirectory)
        try fileManager.createDirectory(at: postersDirectory, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: staging) }

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let manifest = Manifest(exportedAt: .now, films: films, ratings: ratings)
        try encoder.encode(manifest).write(to: staging.appending(path: "library.json"))

        for (index, film) in films.enumerated() {
            try Task.checkCancellation()
            if let poster = await PosterCache.shared.posterFile(for: film) {
                try fileManager.copyItem(at: poster, to: postersDirectory.appending(path: "\(film.id).jpg"))
            }
            progress(index + 1)
        }

        try fileManager.createDirectory(at: exportsDirectory, withIntermediateDirectories: true)
        let stamp = Date.now.formatted(.iso8601.year().month().day())
        let destination = exportsDirectory.appending(path: "FilmTracker Library \(stamp).zip")
        try zip(staging, to: destination)
        return destination
    }

    /// Uses file coordination's "for uploading" read, which hands back a zipped copy of a folder.
    private static func zip(_ directory: URL, to destination: URL) throws {
        var coordinationError: NSError?
        var copyError: Error?
        NSFileCoordinator().coordinate(readingItemAt: directory, options: .forUploading, error: &coordinationError) { zipURL in
            do {
                if FileManager.default.fileExists(atPath: destination.path(percentEncoded: false)) {
                    try FileManager.default.removeItem(at: destination)
                }
                try FileManager.default.copyItem(at: zipURL, to: destination)
            } catch {
                copyError = error
            }
        }
        if let coordinationError {
            throw coordinationError
        }
        if let copyError {
            throw copyError
        }
    }
}

#if compiler(>=6.2)
/// On iOS 26 the export keeps going as a continued-processing task when the user leaves the
/// app, with its progress shown by the system.
@available(iOS 26.0, *)
enum LibraryExportSession {
    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Export")

    /// Starts an export from a user action. Throws if the system can't start it right now.
    static func start(films: [Film], ratings: [Rating]) throws {
        let request = BGContinuedProcessingTaskRequest(
            identifier: "com.example.filmtracker.export.\(UUID().uuidString)",
            title: "Exporting your library",
            subtitle: "\(films.count) films"
        )
        // The user is waiting for this export: fail now rather than sit in a queue.
        request.strategy = .fail

        // Continued-processing handlers may be registered on demand. Every export gets a new
        // identifier, so each one is registered exactly once.
        BGTaskScheduler.shared.register(forTaskWithIdentifier: request.identifier, using: nil) { task in
            run(task as! BGContinuedProcessingTask, films: films, ratings: ratings)
        }
        try BGTaskScheduler.shared.submit(request)
    }

    private static func run(_ task: BGContinuedProcessingTask, films: [Film], ratings: [Rating]) {
        let progress = task.progress
        progress.totalUnitCount = Int64(films.count)

        let work = Task {
            do {
                let archive = try await LibraryArchiver.write(films: films, ratings: ratings) { written in
                    progress.completedUnitCount = Int64(written)
                    task.updateTitle(task.title, subtitle: "\(written) of \(films.count) films")
                }
                logger.info("Library exported to \(archive.lastPathComponent, privacy: .public)")
                task.setTaskCompleted(success: true)
            } catch {
                logger.error("Library export stopped: \(error.localizedDescription, privacy: .public)")
                task.setTaskCompleted(success: false)
            }
        }

        task.expirationHandler = {
            work.cancel()
        }
    }
}
#endif
