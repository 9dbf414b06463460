/** Engine behaviours found by the rule tables (each was a false positive or a miss before its fix). */
import { describe, expect, it } from 'vitest';
import { applyEdits, collectSafeEdits } from '../../server/src/lint/fix';
import { build, infoPlist, lintFiles } from '../helpers/project';
import { pbxproj } from '../helpers/pbxproj';

const delegate = (launchBody: string, extra = '') => `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
${extra}
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
${launchBody}
        return true
    }
}
`;

const syncManager = `import BackgroundTasks
final class SyncManager {
    static let shared = SyncManager()
    private init() {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.sync", using: nil) { task in
            task.expirationHandler = { }
            task.setTaskCompleted(success: true)
        }
    }
    func start() {}
}
`;

const rules = (r: { findings: { ruleId: string; message: string }[] }, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => f.message);

describe('call graph', () => {
  it('a singleton read (`_ = X.shared`) runs X.init at launch', async () => {
    const r = await lintFiles(build({ 'App/AppDelegate.swift': delegate('        _ = SyncManager.shared'), 'App/SyncManager.swift': syncManager }).files);
    expect(rules(r, 'register-after-launch')).toEqual([]);
  });

  it('a stored property of the app delegate is initialised at launch', async () => {
    const r = await lintFiles(build({ 'App/AppDelegate.swift': delegate('        manager.start()', '    let manager = TaskManager()'), 'App/TaskManager.swift': syncManager.replace(/SyncManager/g, 'TaskManager').replace('private init', 'init') }).files);
    expect(rules(r, 'register-after-launch')).toEqual([]);
  });

  it('a handoff goes to the receiver type’s method, not another type’s of the same name', async () => {
    const handler = (type: string, sets: boolean) => `import BackgroundTasks
final class ${type} {
    static let shared = ${type}()
    func handle(task: BGProcessingTask) {
${sets ? '        task.expirationHandler = { Uploads.shared.cancelAll() }\n' : ''}        Uploads.shared.sendPending()
        task.setTaskCompleted(success: true)
    }
}
`;
    const r = await lintFiles(
      build({
        'App/AppDelegate.swift': delegate(`        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.study", using: nil) { task in
            StudyUploader.shared.handle(task: task as! BGProcessingTask)
        }
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.engine", using: nil) { task in
            SyncEngine.shared.handle(task: task as! BGProcessingTask)
        }`),
        'App/StudyUploader.swift': handler('StudyUploader', true),
        'App/SyncEngine.swift': handler('SyncEngine', false),
      }).files,
    );
    const found = r.findings.filter((f) => f.ruleId === 'missing-expiration-handler');
    expect(found.map((f) => f.file.split('/').pop())).toEqual(['SyncEngine.swift']);
  });

  it('an expiration handler that only calls Self.logger is "only logs"', async () => {
    const r = await lintFiles(
      build({
        'App/AppDelegate.swift': delegate(`        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { Self.logger.warning("refresh expired") }
            task.setTaskCompleted(success: true)
        }`, '    static let logger = Logger()'),
      }).files,
    );
    expect(r.findings.filter((f) => f.ruleId === 'missing-expiration-handler').map((f) => f.severity)).toEqual(['info']);
  });
});

describe('permitted identifiers', () => {
  it('the literal wildcard string itself is not permitted', async () => {
    const r = await lintFiles(
      build({
        'App/Info.plist': infoPlist({ ids: ['com.example.app.export.*'], modes: [] }),
        'App/Export.swift': 'import BackgroundTasks\nfunc f() { _ = BGContinuedProcessingTaskRequest(identifier: "com.example.app.export.*", title: "Export", subtitle: "") }\n',
      }).files,
    );
    expect(rules(r, 'unpermitted-identifier')).toHaveLength(1);
  });

  it('$(PRODUCT_BUNDLE_IDENTIFIER:rfc1034identifier) is the bundle id', async () => {
    const files = build(
      {
        'App.xcodeproj/project.pbxproj': pbxproj({ appBundle: 'com.acme.films' }),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER:rfc1034identifier).refresh', '$(PRODUCT_BUNDLE_IDENTIFIER:rfc1034identifier).export.*'], modes: ['fetch'] }),
        'App/AppDelegate.swift': delegate(`        BGTaskScheduler.shared.register(forTaskWithIdentifier: Bundle.main.bundleIdentifier! + ".refresh", using: nil) { task in
            task.expirationHandler = { }
            task.setTaskCompleted(success: true)
        }
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: Bundle.main.bundleIdentifier! + ".refresh"))`),
      },
      { autoPlist: false },
    ).files;
    const r = await lintFiles(files);
    expect(r.findings.filter((f) => ['unpermitted-identifier', 'invalid-wildcard-identifier', 'unused-permitted-identifier'].includes(f.ruleId)).map((f) => f.message)).toEqual([]);
  });

  it('a plist read with errors is not reported as lacking the key', async () => {
    const plist = infoPlist({ ids: ['com.example.app.cleanup'] }).replace('<dict>\n', '<dict>\n\t<key>CFBundleName</key>\n\t<strin>Films</string>\n');
    const r = await lintFiles(build({ 'App/Info.plist': plist, 'App/A.swift': 'import BackgroundTasks\nfunc f() { try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.cleanup")) }\n' }).files);
    expect(rules(r, 'unpermitted-identifier')).toEqual([]);
    expect(r.problems.some((p) => p.file.endsWith('Info.plist'))).toBe(true);
  });

  it('a target with only a generated Info.plist cannot permit ids or declare modes', async () => {
    const project = pbxproj().replace(/INFOPLIST_FILE = [^;]+;/g, 'GENERATE_INFOPLIST_FILE = YES;');
    const r = await lintFiles(
      build(
        {
          'App.xcodeproj/project.pbxproj': project,
          'App/AppDelegate.swift': delegate(`        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            task.expirationHandler = { }
            task.setTaskCompleted(success: true)
        }
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))`),
        },
        { autoPlist: false },
      ).files,
    );
    expect(rules(r, 'unpermitted-identifier')).toEqual([expect.stringContaining('only a generated Info.plist'), expect.stringContaining('only a generated Info.plist')]);
    expect(rules(r, 'missing-background-mode')).toEqual([expect.stringContaining('"fetch"')]);
  });
});

describe('fixes and directives', () => {
  it('fix-all creates a missing key once and adds the second id in the next pass', async () => {
    const b = build(
      {
        'App/Info.plist': infoPlist({ ids: null, modes: ['fetch', 'processing'] }),
        'App/A.swift': 'import BackgroundTasks\nfunc f() {\n    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))\n    try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.cleanup"))\n}\n',
      },
      { autoPlist: false },
    );
    let files = b.files;
    for (let pass = 0; pass < 5; pass++) {
      const r = await lintFiles(files);
      const edits = collectSafeEdits(r.findings.filter((f) => f.ruleId === 'unpermitted-identifier'));
      if (!edits.size) break;
      files = { ...files };
      for (const [file, list] of edits) files[file] = applyEdits(files[file], list);
    }
    const plist = files['/proj/App/Info.plist'];
    expect(plist.split('<key>BGTaskSchedulerPermittedIdentifiers</key>').length - 1).toBe(1);
    expect(plist).toContain('<string>com.example.app.refresh</string>');
    expect(plist).toContain('<string>com.example.app.cleanup</string>');
  });

  it('directives in xcconfig and pbxproj files silence build-setting findings', async () => {
    const r = await lintFiles(
      build({
        'Config/Base.xcconfig': '// bgtasks-disable-next-line infoplist-key-build-setting\nINFOPLIST_KEY_UIBackgroundModes = fetch\nINFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers = com.example.app.a\n',
      }).files,
    );
    expect(r.findings.filter((f) => f.ruleId === 'infoplist-key-build-setting').map((f) => f.message)).toEqual([expect.stringContaining('INFOPLIST_KEY_BGTaskSchedulerPermittedIdentifiers')]);
  });
});
