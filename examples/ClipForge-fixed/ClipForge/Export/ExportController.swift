import BackgroundTasks
import UIKit

/// Exports the open project as a movie. The export goes on, with its progress in a Live Activity, when the user
/// leaves the app.
final class ExportController: UIViewController {
    private let project: Project

    init(project: Project) {
        self.project = project
        super.init(nibName: nil, bundle: nil)
    }

    required init?(coder: NSCoder) { nil }

    @objc func exportTapped() {
        let identifier = "com.example.clipforge.export.\(UUID().uuidString)"
        let exporter = MovieExporter(project: project)
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            let task = task as! BGContinuedProcessingTask
            task.progress.totalUnitCount = Int64(exporter.frameCount)
            task.expirationHandler = {
                exporter.cancel()
            }
            exporter.run(onFrame: { task.progress.completedUnitCount += 1 }) { finished in
                task.setTaskCompleted(success: finished)
            }
        }

        let request = BGContinuedProcessingTaskRequest(identifier: identifier, title: "Exporting \(project.name)", subtitle: "\(exporter.frameCount) frames")
        // Rendering is much faster on the GPU, where the device can use it in the background.
        if BGTaskScheduler.supportedResources.contains(.gpu) {
            request.requiredResources = .gpu
        }
        DispatchQueue.global(qos: .userInitiated).async {
            BGTaskScheduler.shared.submitTaskRequest(request) { error in
                guard let error else { return }
                DispatchQueue.main.async { self.showExportError(error) }
            }
        }
    }

    private func showExportError(_ error: Error) {
        let alert = UIAlertController(title: "Export did not start", message: error.localizedDescription, preferredStyle: .alert)
        alert.addAction(UIAlertAction(title: "OK", style: .default))
        present(alert, animated: true)
    }
}
