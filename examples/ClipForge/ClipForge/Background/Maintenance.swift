import BackgroundTasks
import OSLog

/// Prunes the render cache and expired drafts overnight, while the device charges.
final class Maintenance: Sendable {
    static let shared = Maintenance()
    static let cleanupIdentifier = "com.example.clipforge.cleanup"

    private let logger = Logger(subsystem: "com.example.clipforge", category: "Maintenance")

    func registerCleanup() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: Self.cleanupIdentifier, using: nil) { task in
            self.handleCleanup(task as! BGProcessingTask)
        }
    }

    /// Asks for a cleanup tonight, unless one is already pending.
    func scheduleCleanup() async {
        let pending = await BGTaskScheduler.shared.pendingTaskRequests()
        guard !pending.contains(where: { $0.identifier == Self.cleanupIdentifier }) else { return }
        let request = BGProcessingTaskRequest(identifier: Self.cleanupIdentifier)
        request.requiresExternalPower = true
        request.earliestBeginDate = Date(timeIntervalSinceNow: 4 * 3600)
        try? BGTaskScheduler.shared.submit(request)
        logger.debug("Cleanup requested")
    }

    private func handleCleanup(_ task: BGProcessingTask) {
        let work = Task {
            await RenderCache.shared.prune()
            await Drafts.shared.deleteExpired()
            task.setTaskCompleted(success: !Task.isCancelled)
        }
        task.expirationHandler = {
            work.cancel()
        }
    }
}
