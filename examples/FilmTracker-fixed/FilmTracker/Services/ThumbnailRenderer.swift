import UIKit
import AVFoundation
import BackgroundTasks
import os

/// Renders a strip of stills from each downloaded trailer for the film detail screen. Decoding
/// video is heavy, so the rendering runs as a processing task while the phone is idle.
final class ThumbnailRenderer {
    static let shared = ThumbnailRenderer()

    private static let logger = Logger(subsystem: "com.example.filmtracker", category: "Stills")
    private static let stillsPerTrailer = 6

    private enum Outcome {
        case finished
        case failed(count: Int)
        case cancelled
    }

    private let lock = NSLock()
    private var isRegistered = false

    static var stillsDirectory: URL {
        URL.cachesDirectory.appending(path: "Stills", directoryHint: .isDirectory)
    }

    /// The stills rendered so far for a film, in trailer order.
    func stills(forFilm filmID: Int) -> [UIImage] {
        Self.stillURLs(forFilm: filmID).compactMap { UIImage(contentsOfFile: $0.path(percentEncoded: false)) }
    }

    /// Installs the launch handler for the render task. Safe to call more than once.
    func registerBackgroundTask() {
        lock.lock()
        defer { lock.unlock() }
        guard !isRegistered else { return }
        isRegistered = true

        BGTaskScheduler.shared.register(forTaskWithIdentifier: TaskIdentifier.thumbnails.rawValue, using: nil) { task in
            self.handleRender(task: task as! BGProcessingTask)
        }
    }

    /// Submits a render request when a downloaded trailer still has no stills.
    func scheduleIfNeeded() {
        guard !filmsMissingStills().isEmpty else { return }

        let request = BGProcessingTaskRequest(identifier: TaskIdentifier.thumbnails.rawValue)
        request.requiresExternalPower = false
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            Self.logger.error("Could not schedule still rendering: \(error.localizedDescription, privacy: .public)")
        }
    }

    /// Launch handler for the render task.
    func handleRender(task: BGProcessingTask) {
        let work = Task {
            let outcome = await renderMissingStills()
            switch outcome {
            case .finished:
                task.setTaskCompleted(success: true)
            case .failed(let count):
                Self.logger.error("Could not render stills for \(count) trailers")
                task.setTaskCompleted(success: false)
            case .cancelled:
                task.setTaskCompleted(success: false)
            }
        }

        task.expirationHandler = {
            work.cancel()
        }
    }

    private static func stillURLs(forFilm filmID: Int) -> [URL] {
        (0..<stillsPerTrailer).map { stillsDirectory.appending(path: "\(filmID)-\($0).jpg") }
    }

    /// Films whose trailer is on disk but whose last still is not.
    private func filmsMissingStills() -> [Int] {
        let trailers = (try? FileManager.default.contentsOfDirectory(
            at: TrailerSync.trailersDirectory,
            includingPropertiesForKeys: nil
        )) ?? []
        return trailers
            .compactMap { Int($0.deletingPathExtension().lastPathComponent) }
            .filter { filmID in
                guard let last = Self.stillURLs(forFilm: filmID).last else { return false }
                return !FileManager.default.fileExists(atPath: last.path(percentEncoded: false))
            }
    }

    private func renderMissingStills() async -> Outcome {
        try? FileManager.default.createDirectory(at: Self.stillsDirectory, withIntermediateDirectories: true)
        var failures = 0
        for filmID in filmsMissingStills() {
            do {
                try await renderStills(forFilm: filmID)
            } catch is CancellationError {
                return .cancelled
            } catch {
                Self.logger.error("Stills for \(filmID) failed: \(error.localizedDescription, privacy: .public)")
                failures += 1
            }
        }
        return failures == 0 ? .finished : .failed(count: failures)
    }

    private func renderStills(forFilm filmID: Int) async throws {
        let asset = AVURLAsset(url: TrailerSync.localURL(forFilm: filmID))
        let duration = try await asset.load(.duration)
        let generator = AVAssetImageGenerator(asset: asset)
        generator.appliesPreferredTrackTransform = true
        generator.maximumSize = CGSize(width: 480, height: 270)

        let urls = Self.stillURLs(forFilm: filmID)
        for (index, url) in urls.enumerated() {
            try Task.checkCancellation()
            // Skip the first and last tenth: studio logos and credits.
            let fraction = 0.1 + 0.8 * Double(index) / Double(urls.count - 1)
            let (image, _) = try await generator.image(at: CMTimeMultiplyByFloat64(duration, multiplier: fraction))
            guard let data = UIImage(cgImage: image).jpegData(compressionQuality: 0.8) else { continue }
            try data.write(to: url, options: .atomic)
        }
    }
}
