import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncedProject } from '../helpers/pbxproj';
import { build, lintFiles, ROOT } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** An app target compiling App/ with these deployment targets (Debug, Release). */
const project = (debug: string | undefined, release: string | undefined = debug) => {
  const settings = (v: string | undefined) => ({ INFOPLIST_FILE: 'App/Info.plist', PRODUCT_BUNDLE_IDENTIFIER: 'com.example.app', ...(v === undefined ? {} : { IPHONEOS_DEPLOYMENT_TARGET: v }) });
  return syncedProject([{ name: 'App', folder: 'App', configs: [{ name: 'Debug', settings: settings(debug) }, { name: 'Release', settings: settings(release) }] }]);
};

const REGISTER = `        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { Feed.shared.cancel() }
            Feed.shared.refresh { ok in task.setTaskCompleted(success: ok) }
        }`;

/** An app delegate that registers at launch and submits with `submit` in applicationDidEnterBackground. */
const delegate = (submit: string) => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${REGISTER}
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
        ${submit}
    }
}
`;

/** A scheduler type (`attributes` before `final class`) whose async method submits with `submit`. */
const scheduler = (submit: string, attributes = '') => `import BackgroundTasks

${attributes}final class RefreshScheduler {
    func schedule() async throws {
        let request = BGAppRefreshTaskRequest(identifier: "com.example.app.refresh")
        request.earliestBeginDate = Date(timeIntervalSinceNow: 3600)
        ${submit}
    }
}
`;

const LAUNCH = `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${REGISTER}
        Task { try await RefreshScheduler().schedule() }
        return true
    }
}
`;

ruleTester('deprecated-submit', {
  valid: [
    { name: 'deployment target iOS 26', files: { 'App.xcodeproj/project.pbxproj': project('26.0'), 'App/AppDelegate.swift': delegate('try? BGTaskScheduler.shared.submit(request)') } },
    {
      name: 'iOS 27 with the completion-handler form',
      files: { 'App.xcodeproj/project.pbxproj': project('27.0'), 'App/AppDelegate.swift': delegate('BGTaskScheduler.shared.submitTaskRequest(request) { error in if let error { Log.error(error) } }') },
    },
    { name: 'iOS 27 with the async form', files: { 'App.xcodeproj/project.pbxproj': project('27.0'), 'App/AppDelegate.swift': LAUNCH, 'App/RefreshScheduler.swift': scheduler('try await BGTaskScheduler.shared.submitTaskRequest(request)') } },
    { name: 'Debug supports iOS 26, so the app still runs where submit(_:) is current', files: { 'App.xcodeproj/project.pbxproj': project('26.0', '27.0'), 'App/AppDelegate.swift': delegate('try? BGTaskScheduler.shared.submit(request)') } },
    { name: 'no deployment target written: not judged', files: { 'App.xcodeproj/project.pbxproj': project(undefined), 'App/AppDelegate.swift': delegate('try? BGTaskScheduler.shared.submit(request)') } },
    { name: 'a deployment target from an unknown variable: not judged', files: { 'App.xcodeproj/project.pbxproj': project('$(SHARED_TARGET)'), 'App/AppDelegate.swift': delegate('try? BGTaskScheduler.shared.submit(request)') } },
    { name: 'no Xcode project: not judged', files: { 'App/AppDelegate.swift': delegate('try? BGTaskScheduler.shared.submit(request)') } },
  ],
  invalid: [
    {
      name: 'try? submit on the main actor (app delegate): reported without a fix',
      files: { 'App.xcodeproj/project.pbxproj': project('27.0'), 'App/AppDelegate.swift': delegate('try? «BGTaskScheduler.shared.submit(request)»') },
      expect: [{ message: 'submit(_:) is deprecated from iOS 27, and target App supports iOS 27.0 and later', severity: 'info' }],
    },
    {
      name: 'try submit in an async method of a plain class: try await submitTaskRequest',
      files: { 'App.xcodeproj/project.pbxproj': project('27.1'), 'App/AppDelegate.swift': LAUNCH, 'App/RefreshScheduler.swift': scheduler('try «BGTaskScheduler.shared.submit(request)»') },
      output: { 'App/RefreshScheduler.swift': scheduler('try await BGTaskScheduler.shared.submitTaskRequest(request)') },
    },
    {
      name: 'try? submit in an async method: try? await submitTaskRequest',
      files: { 'App.xcodeproj/project.pbxproj': project('27.0'), 'App/AppDelegate.swift': LAUNCH, 'App/RefreshScheduler.swift': scheduler('try? «BGTaskScheduler.shared.submit(request)»') },
      output: { 'App/RefreshScheduler.swift': scheduler('try? await BGTaskScheduler.shared.submitTaskRequest(request)') },
    },
    {
      name: 'an async method of a @MainActor class: reported without a fix',
      files: { 'App.xcodeproj/project.pbxproj': project('27.0'), 'App/AppDelegate.swift': LAUNCH, 'App/RefreshScheduler.swift': scheduler('try «BGTaskScheduler.shared.submit(request)»', '@MainActor\n') },
    },
  ],
});

describe('deprecated-submit fixes', () => {
  it('offers no fix on the main actor or where the call is not directly in an async function', async () => {
    for (const [files, where] of [
      [{ 'App/RefreshScheduler.swift': scheduler('try BGTaskScheduler.shared.submit(request)', '@MainActor\n') }, '@MainActor class'],
      [{ 'App/AppDelegate.swift': delegate('try? BGTaskScheduler.shared.submit(request)') }, 'app delegate'],
    ] as const) {
      const b = build({ 'App.xcodeproj/project.pbxproj': project('27.0'), ...(where === '@MainActor class' ? { 'App/AppDelegate.swift': LAUNCH } : {}), ...files });
      const r = await lintFiles(b.files);
      const mine = r.findings.filter((f) => f.ruleId === 'deprecated-submit');
      expect(mine.map((f) => path.relative(ROOT, f.file)), where).toHaveLength(1);
      expect(mine[0].fixes, where).toEqual([]);
    }
  });
});
