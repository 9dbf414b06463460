import BackgroundTasks
import Foundation

/// Uploads finished movies from the outbox to the user's cloud library.
final class UploadCoordinator: Sendable {
    static let shared = UploadCoordinator()

    /// Uploads everything in the outbox as a continued-processing task.
    func uploadOutbox() async throws {
        guard Outbox.shared.count > 0 else { return }
        let identifier = "com.example.clipforge.upload.\(UUID().uuidString)"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            let task = task as! BGContinuedProcessingTask
            let upload = Task {
                let ok = await Outbox.shared.uploadAll()
                task.setTaskCompleted(success: ok)
            }
            task.expirationHandler = {
                upload.cancel()
            }
        }
        let request = BGContinuedProcessingTaskRequest(identifier: identifier, title: "Uploading movies", subtitle: "\(Outbox.shared.count) in the outbox")
        try await BGTaskScheduler.shared.submitTaskRequest(request)
    }
}
