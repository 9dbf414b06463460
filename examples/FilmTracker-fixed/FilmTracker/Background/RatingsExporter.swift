import Foundation
import BackgroundTasks
import os

/// Keeps Documents/Ratings.csv (visible in the Files app) up to date, so there is always a copy
/// of the user's ratings they can open in Numbers or take to another service.
final class RatingsExporter {
    static let shared = RatingsExporter()
    static let taskIdentifier = "com.example.filmtracker.ratings-export"

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Export")

    static var exportURL: URL {
        URL.documentsDirectory.appending(path: "Ratings.csv")
    }

    /// Called after every rating change. Each call replaces the pending request and pushes it
    /// back an hour, so an evening of rating films produces a single export.
    func scheduleExport() {
        let request = BGProcessingTaskRequest(identifier: Self.taskIdentifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 60 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            Self.logger.error("Could not schedule ratings export: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the export. The work is synchronous, so the task is completed by the
    /// `defer` when the method returns.
    func handleExport(task: BGProcessingTask) {
        var succeeded = false
        defer { task.setTaskCompleted(success: succeeded) }

        let cancellation = CancellationFlag()
        task.expirationHandler = {
            cancellation.cancel()
        }

        do {
            let rows = try DatabaseStore.open().ratedFilms()
            let csv = try Self.csv(for: rows, cancellation: cancellation)
            try csv.write(to: Self.exportURL, atomically: true, encoding: .utf8)
            Self.logger.info("Exported \(rows.count) ratings")
            succeeded = true
        } catch {
            Self.logger.error("Ratings export failed: \(error.localizedDescription, privacy: .public)")
        }
    }

    static func csv(for rows: [RatedFilm], cancellation: CancellationFlag) throws -> String {
        let dateFormatter = ISO8601DateFormatter()
        dateFormatter.formatOptions = [.withFullDate]

        var lines = ["Title,Year,Stars,Rated On,Note"]
        lines.reserveCapacity(rows.count + 1)
        for row in rows {
            if cancellation.isCancelled {
                throw CancellationError()
            }
            let fields = [
                escape(row.title),
                String(row.releaseYear),
                String(row.rating.stars),
                dateFormatter.string(from: row.rating.ratedAt),
                escape(row.rating.note),
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting: only fields with commas, quotes or line breaks are quoted.
    private static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A cancellation flag that the expiration handler can set from another thread.
final class CancellationFlag {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}
