import { ruleTester } from './ruleTester';

/** An export the user starts; `setup` configures `request` before it is submitted (`submit` replaces the plain submit). */
const exporter = (init: string, setup = '', submit = '        try? BGTaskScheduler.shared.submit(request)\n') => `import BackgroundTasks
import UIKit

final class ExportController: UIViewController {
    @objc func exportTapped() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export", using: nil) { task in
            guard let task = task as? BGContinuedProcessingTask else { return }
            task.expirationHandler = { Exporter.shared.cancel() }
            task.progress.totalUnitCount = 100
            Exporter.shared.run(progress: task.progress) { ok in task.setTaskCompleted(success: ok) }
        }
        let request = ${init}
${setup}${submit}    }
}
`;

const INIT = 'BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: "Exporting video", subtitle: "Starting")';

ruleTester('continued-processing-request', {
  valid: [
    { name: 'title, subtitle, default resources and strategy', files: { 'App/ExportController.swift': exporter(INIT) } },
    {
      name: 'the GPU only when the device supports it',
      files: { 'App/ExportController.swift': exporter(INIT, '        if BGTaskScheduler.supportedResources.contains(.gpu) {\n            request.requiredResources = .gpu\n        }\n') },
    },
    {
      name: 'the device check in another file (a helper property) counts',
      files: {
        'App/ExportController.swift': exporter(INIT, '        if Device.canExportOnGPU { request.requiredResources = [.gpu] }\n'),
        'App/Device.swift': 'import BackgroundTasks\n\nenum Device {\n    static var canExportOnGPU: Bool { BGTaskScheduler.supportedResources.contains(.gpu) }\n}\n',
      },
    },
    { name: 'requiredResources set to none', files: { 'App/ExportController.swift': exporter(INIT, '        request.requiredResources = []\n') } },
    {
      name: '.fail with immediateRunIneligible caught',
      files: {
        'App/ExportController.swift': exporter(
          INIT,
          '        request.strategy = .fail\n',
          '        do {\n            try BGTaskScheduler.shared.submit(request)\n        } catch BGTaskScheduler.Error.immediateRunIneligible {\n            showBusyAlert()\n        } catch {\n            showError(error)\n        }\n',
        ),
      },
    },
    {
      name: '.fail in a throwing function: the error goes to the caller',
      files: {
        'App/ExportController.swift': `import BackgroundTasks

enum ExportSession {
    static func start() throws {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export", using: nil) { task in
            let task = task as! BGContinuedProcessingTask
            task.expirationHandler = { Exporter.shared.cancel() }
            task.progress.totalUnitCount = 1
            Exporter.shared.run(progress: task.progress) { ok in task.setTaskCompleted(success: ok) }
        }
        let request = ${INIT}
        request.strategy = .fail
        try BGTaskScheduler.shared.submit(request)
    }
}
`,
      },
    },
    { name: '.fail with the error thrown away: apps skip continued processing on purpose when it cannot start now', files: { 'App/ExportController.swift': exporter(INIT, '        request.strategy = .fail\n') } },
    { name: '.queue strategy', files: { 'App/ExportController.swift': exporter(INIT, '        request.strategy = .queue\n') } },
    {
      name: 'titles from variables are not judged',
      files: { 'App/ExportController.swift': exporter('BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: exportTitle, subtitle: "")'.replace('""', 'status')) },
    },
    {
      name: 'a comment about supportedResources, and no GPU required',
      files: { 'App/ExportController.swift': exporter(INIT, '        // TODO: check supportedResources\n') },
    },
  ],
  invalid: [
    {
      name: 'empty title and subtitle',
      files: { 'App/ExportController.swift': exporter('BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: «""», subtitle: «""»)') },
      expect: [{ message: 'The title of continued-processing request "com.example.app.export" is empty' }, { message: 'The subtitle of' }],
    },
    {
      name: 'the GPU required without any device check',
      files: { 'App/ExportController.swift': exporter(INIT, '        request.requiredResources = «.gpu»\n') },
      expect: [{ message: 'requires the GPU, but the code never checks BGTaskScheduler.supportedResources', severity: 'warning' }],
    },
    {
      name: 'the GPU required, the check only in a comment',
      files: { 'App/ExportController.swift': exporter(INIT, '        // supportedResources is always fine on iPad\n        request.requiredResources = «BGContinuedProcessingTaskRequest.Resources.gpu»\n') },
    },
  ],
});
