import { syncedProject } from '../helpers/pbxproj';
import { ruleTester } from './ruleTester';

const HEALTH = 'com.apple.developer.backgroundtasks.healthresearch';
const GPU = 'com.apple.developer.background-tasks.continued-processing.gpu';

/** An app target compiling App/, with these CODE_SIGN_ENTITLEMENTS per configuration (undefined: not set). */
const project = (debug: string | undefined, release: string | undefined = debug) => {
  const settings = (ent: string | undefined) => ({ INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.app', ...(ent === undefined ? {} : { CODE_SIGN_ENTITLEMENTS: ent }) });
  return syncedProject([{ name: 'App', folder: 'App', configs: [{ name: 'Debug', settings: settings(debug) }, { name: 'Release', settings: settings(release) }] }]);
};

const header = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n';
/** An entitlements plist in Xcode's style holding these keys (`true`/`false` booleans, other values as strings). */
const entitlements = (keys: Record<string, boolean | string>) =>
  header +
  (Object.keys(keys).length === 0
    ? '<dict/>\n'
    : '<dict>\n' + Object.entries(keys).map(([k, v]) => `\t<key>${k}</key>\n\t${typeof v === 'boolean' ? `<${v}/>` : `<string>${v}</string>`}\n`).join('') + '</dict>\n') +
  '</plist>\n';

/** A study upload registered at launch and submitted when the app goes to the background. */
const healthApp = (request: string) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.study", using: nil) { task in
            task.expirationHandler = { StudyUploader.shared.cancel() }
            StudyUploader.shared.upload { ok in task.setTaskCompleted(success: ok) }
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = ${request}
        request.protectionTypeOfRequiredData = .completeUntilFirstUserAuthentication
        try? BGTaskScheduler.shared.submit(request)
    }
}
`;

/** A video export the user starts with a button; the request asks for `resources`. */
const exportApp = (resources: string, check = '') => `import BackgroundTasks
import UIKit

final class ExportController: UIViewController {
    @objc func exportTapped() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.export", using: nil) { task in
            guard let task = task as? BGContinuedProcessingTask else { return }
            task.expirationHandler = { Exporter.shared.cancel() }
            task.progress.totalUnitCount = 100
            Exporter.shared.run(progress: task.progress) { ok in task.setTaskCompleted(success: ok) }
        }
        let request = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export", title: "Exporting video", subtitle: "Starting")
${check}        request.requiredResources = ${resources}
        try? BGTaskScheduler.shared.submit(request)
    }
}
`;

const HEALTH_REQUEST = 'BGHealthResearchTaskRequest(identifier: "com.example.app.study")';

ruleTester('missing-task-entitlement', {
  valid: [
    {
      name: 'health research with the entitlement in the target entitlements file',
      files: { 'App.xcodeproj/project.pbxproj': project('App/App.entitlements'), 'App/AppDelegate.swift': healthApp(HEALTH_REQUEST), 'App/App.entitlements': entitlements({ [HEALTH]: true }) },
    },
    {
      name: 'the GPU requested, with the GPU entitlement ($(SRCROOT) in the setting)',
      files: {
        'App.xcodeproj/project.pbxproj': project('$(SRCROOT)/App/App.entitlements'),
        'App/ExportController.swift': exportApp('.gpu', '        guard BGTaskScheduler.supportedResources.contains(.gpu) else { return }\n'),
        'App/App.entitlements': entitlements({ [GPU]: true }),
      },
    },
    {
      name: 'continued processing without the GPU needs no entitlement',
      files: { 'App.xcodeproj/project.pbxproj': project(undefined), 'App/ExportController.swift': exportApp('[]') },
    },
    {
      name: 'an entitlements path with an unknown variable is not judged',
      files: { 'App.xcodeproj/project.pbxproj': project('$(CONFIG_DIR)/App.entitlements'), 'App/AppDelegate.swift': healthApp(HEALTH_REQUEST) },
    },
    {
      name: 'an entitlements file outside the workspace is not read or judged',
      files: {
        'App.xcodeproj/project.pbxproj': project('../Shared/App.entitlements'),
        'App/AppDelegate.swift': healthApp(HEALTH_REQUEST),
        '../Shared/App.entitlements': entitlements({ 'aps-environment': 'development' }),
      },
    },
    {
      name: 'an entitlements file that is named but missing is not judged',
      files: { 'App.xcodeproj/project.pbxproj': project('App/Missing.entitlements'), 'App/AppDelegate.swift': healthApp(HEALTH_REQUEST) },
    },
    {
      name: 'no Xcode project: which entitlements apply is not known',
      files: { 'App/AppDelegate.swift': healthApp(HEALTH_REQUEST) },
    },
    {
      name: 'only a simulator-conditional setting: which file the device build uses is not known',
      files: {
        'App.xcodeproj/project.pbxproj': syncedProject([
          { name: 'App', folder: 'App', configs: [{ name: 'Release', settings: { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.app', 'CODE_SIGN_ENTITLEMENTS[sdk=iphonesimulator*]': 'App/Sim.entitlements' } }] },
        ]),
        'App/AppDelegate.swift': healthApp(HEALTH_REQUEST),
        'App/Sim.entitlements': entitlements({}),
      },
    },
    {
      name: 'a key with a non-boolean value is not judged',
      files: { 'App.xcodeproj/project.pbxproj': project('App/App.entitlements'), 'App/AppDelegate.swift': healthApp(HEALTH_REQUEST), 'App/App.entitlements': entitlements({ [HEALTH]: 'yes' }) },
    },
  ],
  invalid: [
    {
      name: 'health research; the entitlements file lacks the key: the fix adds it before </dict>',
      files: {
        'App.xcodeproj/project.pbxproj': project('App/App.entitlements'),
        'App/AppDelegate.swift': healthApp(`«${HEALTH_REQUEST}»`),
        'App/App.entitlements': entitlements({ 'aps-environment': 'development' }),
      },
      expect: [{ message: `needs the ${HEALTH} entitlement, but App/App.entitlements (target App, Debug, Release) does not have it`, severity: 'error' }],
      output: { 'App/App.entitlements': entitlements({ 'aps-environment': 'development', [HEALTH]: true }) },
    },
    {
      name: 'the GPU requested; Xcode\'s empty <dict/> entitlements: the fix opens the dictionary',
      files: {
        'App.xcodeproj/project.pbxproj': project('App/App.entitlements'),
        'App/ExportController.swift': exportApp('«.gpu»', '        guard BGTaskScheduler.supportedResources.contains(.gpu) else { return }\n'),
        'App/App.entitlements': entitlements({}),
      },
      expect: [{ message: `requires the GPU needs the ${GPU} entitlement` }],
      output: { 'App/App.entitlements': entitlements({ [GPU]: true }) },
    },
    {
      name: 'the key set to false: the fix makes it true',
      files: {
        'App.xcodeproj/project.pbxproj': project('App/App.entitlements'),
        'App/AppDelegate.swift': healthApp(`«${HEALTH_REQUEST}»`),
        'App/App.entitlements': entitlements({ [HEALTH]: false }),
      },
      expect: [{ message: 'sets it to false' }],
      output: { 'App/App.entitlements': entitlements({ [HEALTH]: true }) },
    },
    {
      name: 'only Release lacks it (Debug uses another file that has it)',
      files: {
        'App.xcodeproj/project.pbxproj': project('App/Debug.entitlements', 'App/Release.entitlements'),
        'App/AppDelegate.swift': healthApp(`«${HEALTH_REQUEST}»`),
        'App/Debug.entitlements': entitlements({ [HEALTH]: true }),
        'App/Release.entitlements': entitlements({ 'aps-environment': 'production' }),
      },
      expect: [{ message: 'App/Release.entitlements (target App, Release)' }],
      output: { 'App/Release.entitlements': entitlements({ 'aps-environment': 'production', [HEALTH]: true }) },
    },
    {
      name: 'CODE_SIGN_ENTITLEMENTS[sdk=iphoneos*] names the file the device build signs with',
      files: {
        'App.xcodeproj/project.pbxproj': syncedProject([
          {
            name: 'App',
            folder: 'App',
            configs: ['Debug', 'Release'].map((name) => ({ name, settings: { INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.app', 'CODE_SIGN_ENTITLEMENTS[sdk=iphoneos*]': 'App/Device.entitlements' } })),
          },
        ]),
        'App/AppDelegate.swift': healthApp(`«${HEALTH_REQUEST}»`),
        'App/Device.entitlements': entitlements({ 'aps-environment': 'production' }),
      },
      expect: [{ message: 'App/Device.entitlements (target App, Debug, Release) does not have it', severity: 'error' }],
      output: { 'App/Device.entitlements': entitlements({ 'aps-environment': 'production', [HEALTH]: true }) },
    },
    {
      name: 'no CODE_SIGN_ENTITLEMENTS at all: a warning without a fix',
      files: { 'App.xcodeproj/project.pbxproj': project(undefined), 'App/AppDelegate.swift': healthApp(`«${HEALTH_REQUEST}»`) },
      expect: [{ message: 'has no entitlements file (no CODE_SIGN_ENTITLEMENTS in Debug, Release)', severity: 'warning' }],
    },
  ],
});
