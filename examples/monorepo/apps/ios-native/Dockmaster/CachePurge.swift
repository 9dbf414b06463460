import BackgroundTasks
import Foundation

/// Deletes berth photos and chart tiles that have not been opened for two weeks.
/// Same maintenance task as the Harbor mobile app (apps/mobile/ios/Harbor/AppDelegate.swift).
enum CachePurge {
    static let taskIdentifier = "com.example.harbor.cache-purge"

    /// Submits the purge unless one is already pending (resubmitting would restart its wait).
    static func scheduleIfNeeded() {
        Task {
            let pending = await BGTaskScheduler.shared.pendingTaskRequests()
            guard !pending.contains(where: { $0.identifier == taskIdentifier }) else { return }
            let request = BGProcessingTaskRequest(identifier: taskIdentifier)
            request.requiresExternalPower = true
            request.requiresNetworkConnectivity = false
            request.earliestBeginDate = Date(timeIntervalSinceNow: 6 * 60 * 60)
            do {
                try BGTaskScheduler.shared.submit(request)
            } catch {
                print("Could not schedule the cache purge: \(error)")
            }
        }
    }

    static func handle(_ task: BGProcessingTask) {
        let operation = PurgeOperation(maxAge: 14 * 24 * 60 * 60)
        task.expirationHandler = {
            operation.cancel()
        }
        operation.completionBlock = {
            task.setTaskCompleted(success: !operation.isCancelled)
        }
        queue.addOperation(operation)
    }

    private static let queue: OperationQueue = {
        let queue = OperationQueue()
        queue.name = "com.example.harbor.cache-purge"
        queue.maxConcurrentOperationCount = 1
        return queue
    }()
}

final class PurgeOperation: Operation, @unchecked Sendable {
    private let maxAge: TimeInterval

    init(maxAge: TimeInterval) {
        self.maxAge = maxAge
    }

    override func main() {
        let fileManager = FileManager.default
        guard let caches = fileManager.urls(for: .cachesDirectory, in: .userDomainMask).first else { return }
        let folders = ["berth-photos", "chart-tiles"].map { caches.appendingPathComponent($0, isDirectory: true) }
        let cutoff = Date().addingTimeInterval(-maxAge)
        for folder in folders {
            let files = (try? fileManager.contentsOfDirectory(
                at: folder,
                includingPropertiesForKeys: [.contentAccessDateKey],
                options: [.skipsHiddenFiles]
            )) ?? []
            for file in files {
                if isCancelled { return }
                let accessed = (try? file.resourceValues(forKeys: [.contentAccessDateKey]))?.contentAccessDate ?? .distantPast
                if accessed < cutoff {
                    try? fileManager.removeItem(at: file)
                }
            }
        }
    }
}
