import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, collectSafeEdits } from '../../server/src/lint/fix';
import { build, infoPlist, lintFiles, ROOT } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** Registers and submits one request class the way Apple's sample does; otherwise clean. */
const delegate = (cls: string, id = cls === 'BGAppRefreshTaskRequest' ? 'com.example.app.refresh' : 'com.example.app.cleanup') => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "${id}", using: nil) { task in
            self.handle(task)
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        schedule()
    }

    func schedule() {
        let request = ${cls}(identifier: "${id}")
        try? BGTaskScheduler.shared.submit(request)
    }

    func handle(_ task: BGTask) {
        schedule()
        let work = Task {
            await Library.shared.sync()
            task.setTaskCompleted(success: true)
        }
        task.expirationHandler = {
            work.cancel()
            task.setTaskCompleted(success: false)
        }
    }
}
`;

/** Two app targets in one Xcode 16 project, each with its own folder and Info.plist. */
const twoApps = `// !$*UTF8*$!
{
	archiveVersion = 1;
	objectVersion = 77;
	objects = {
		B1 = {isa = PBXFileSystemSynchronizedRootGroup; path = Films; sourceTree = "<group>"; };
		B2 = {isa = PBXFileSystemSynchronizedRootGroup; path = Kiosk; sourceTree = "<group>"; };
		C1 = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = Films/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = com.example.films; }; name = Release; };
		C2 = {isa = XCBuildConfiguration; buildSettings = { INFOPLIST_FILE = Kiosk/Info.plist; PRODUCT_BUNDLE_IDENTIFIER = com.example.kiosk; }; name = Release; };
		C3 = {isa = XCBuildConfiguration; buildSettings = { }; name = Release; };
		L1 = {isa = XCConfigurationList; buildConfigurations = (C1); };
		L2 = {isa = XCConfigurationList; buildConfigurations = (C2); };
		L3 = {isa = XCConfigurationList; buildConfigurations = (C3); };
		T1 = {isa = PBXNativeTarget; buildConfigurationList = L1; buildPhases = (); fileSystemSynchronizedGroups = (B1); name = Films; productType = "com.apple.product-type.application"; };
		T2 = {isa = PBXNativeTarget; buildConfigurationList = L2; buildPhases = (); fileSystemSynchronizedGroups = (B2); name = Kiosk; productType = "com.apple.product-type.application"; };
		P1 = {isa = PBXProject; buildConfigurationList = L3; targets = (T1, T2); };
	};
	rootObject = P1;
}
`;

const modesBlock = (indent: string, modes: string[], eol = '\n') =>
  `${indent}<key>UIBackgroundModes</key>${eol}${indent}<array>${eol}${modes.map((m) => `${indent}${indent}<string>${m}</string>${eol}`).join('')}${indent}</array>${eol}`;
const fourSpaces = (o: Parameters<typeof infoPlist>[0]) => infoPlist(o).replace(/\t/g, '    ');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
/** The builder's plist with «» around the UIBackgroundModes key text. */
const markKey = (text: string, marks = 1) => text.replace('<key>UIBackgroundModes</key>', `<key>${'«'.repeat(marks)}UIBackgroundModes${'»'.repeat(marks)}</key>`);

type PValue = string | PValue[] | { [k: string]: PValue };

/** Encodes strings, arrays and dictionaries as a binary property list (bplist00). */
function binaryPlist(root: PValue): Uint8Array {
  const objects: number[][] = [];
  const add = (v: PValue): number => {
    const index = objects.length;
    objects.push([]);
    const count = (marker: number, n: number) => (n < 15 ? [marker | n] : [marker | 0x0f, 0x10, n]);
    if (typeof v === 'string') objects[index] = [...count(0x50, v.length), ...Buffer.from(v, 'ascii')];
    else if (Array.isArray(v)) {
      const refs = v.map(add);
      objects[index] = [...count(0xa0, refs.length), ...refs];
    } else {
      const keys = Object.keys(v).map(add);
      const values = Object.values(v).map(add);
      objects[index] = [...count(0xd0, keys.length), ...keys, ...values];
    }
    return index;
  };
  add(root);
  const bytes: number[] = [...Buffer.from('bplist00', 'ascii')];
  const offsets = objects.map((o) => {
    const at = bytes.length;
    bytes.push(...o);
    return at;
  });
  const tableAt = bytes.length;
  for (const o of offsets) bytes.push(o >> 8, o & 0xff);
  const u64 = (n: number) => [0, 0, 0, 0, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  // Trailer: 6 unused bytes, 2-byte offsets, 1-byte object references, object count, top object, table offset.
  bytes.push(0, 0, 0, 0, 0, 0, 2, 1, ...u64(objects.length), ...u64(0), ...u64(tableAt));
  return Uint8Array.from(bytes);
}

ruleTester('missing-background-mode', {
  valid: [
    {
      name: 'fetch for an app-refresh request',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }),
      },
    },
    {
      name: 'processing for a processing request',
      files: {
        'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'], modes: ['processing'] }),
      },
    },
    {
      name: 'other modes without any background task code',
      files: {
        'App/Player.swift': `import AVFoundation

final class Player {
    func start() throws {
        try AVAudioSession.sharedInstance().setCategory(.playback)
    }
}
`,
        'App/Info.plist': infoPlist({
          ids: null,
          modes: ['audio', 'location', 'remote-notification', 'voip', 'bluetooth-central', 'external-accessory', 'nearby-interaction', 'push-to-talk'],
        }),
      },
    },
    {
      name: 'continued-processing requests need no background mode',
      files: {
        'App/ExportSession.swift': `import BackgroundTasks

final class ExportSession {
    func start(jobID: String) throws {
        let identifier = "com.example.app.export.\\(jobID)"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: identifier, using: nil) { task in
            task.setTaskCompleted(success: true)
        }
        try BGTaskScheduler.shared.submit(BGContinuedProcessingTaskRequest(identifier: identifier, title: "Exporting", subtitle: "Library"))
    }
}
`,
        'App/Info.plist': infoPlist({ ids: ['com.example.app.export.*'], modes: ['remote-notification'] }),
      },
    },
    {
      name: 'UIApplication.beginBackgroundTask and WatchKit refresh need neither mode',
      files: {
        'App/Uploader.swift': `import UIKit

final class Uploader {
    func flush() {
        var id = UIBackgroundTaskIdentifier.invalid
        id = UIApplication.shared.beginBackgroundTask(withName: "flush") {
            UIApplication.shared.endBackgroundTask(id)
        }
    }
}
`,
        'App/ExtensionDelegate.swift': `import WatchKit

final class ExtensionDelegate: NSObject, WKApplicationDelegate {
    func handle(_ backgroundTasks: Set<WKRefreshBackgroundTask>) {
        for task in backgroundTasks {
            task.setTaskCompletedWithSnapshot(false)
        }
    }
}
`,
        'App/Info.plist': infoPlist({ ids: null, modes: ['audio'] }),
      },
    },
    {
      name: 'a mode written with a build variable is not judged',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch', '$(EXTRA_BACKGROUND_MODE)'] }),
      },
    },
    {
      name: 'a second app target without background work needs no modes',
      files: {
        'App.xcodeproj/project.pbxproj': twoApps,
        'Films/AppDelegate.swift': delegate('BGAppRefreshTaskRequest', 'com.example.films.refresh'),
        'Films/Info.plist': infoPlist({ ids: ['com.example.films.refresh'], modes: ['fetch'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'Kiosk/KioskApp.swift': `import SwiftUI

@main
struct KioskApp: App {
    var body: some Scene { WindowGroup { Text("Kiosk") } }
}
`,
        'Kiosk/Info.plist': infoPlist({ ids: null, modes: ['audio'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
      },
    },
    {
      name: 'modes from XcodeGen info.properties',
      autoPlist: false,
      files: {
        'project.yml': `name: App
targets:
  App:
    type: application
    platform: iOS
    info:
      path: App/Info.plist
      properties:
        UIBackgroundModes: [fetch, processing]
        BGTaskSchedulerPermittedIdentifiers: [com.example.app.cleanup]
`,
        'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
      },
    },
    {
      name: 'a plist that cannot be read past an error is not called incomplete',
      files: {
        'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
        // The misspelt <strin> element stops the reader; the mode after it is really there.
        'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'], modes: ['processing'] }).replace('<dict>\n', '<dict>\n\t<key>CFBundleName</key>\n\t<strin>Films</string>\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'app-refresh request without fetch (fix appends)',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest'),
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.refresh'], modes: ['remote-notification'] })),
      },
      expect: [{ message: 'UIBackgroundModes in App/Info.plist lacks "fetch", but BGAppRefreshTaskRequest is submitted (App/AppDelegate.swift:18)', severity: 'error' }],
      output: { 'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['remote-notification', 'fetch'] }) },
    },
    {
      name: 'processing request without processing, CRLF plist',
      files: {
        'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
        'App/Info.plist': crlf(markKey(infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch'] }))),
      },
      expect: [{ message: 'lacks "processing", but BGProcessingTaskRequest is submitted' }],
      output: { 'App/Info.plist': crlf(infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch', 'processing'] })) },
    },
    {
      name: 'no UIBackgroundModes key at all (fix creates key and array)',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: null }).replace('<key>BGTaskSchedulerPermittedIdentifiers</key>', '<key>«BGTaskSchedulerPermittedIdentifiers»</key>'),
      },
      output: { 'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: null, extra: modesBlock('\t', ['fetch']) }) },
    },
    {
      name: 'four-space-indented plist keeps its indentation',
      files: {
        'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
        'App/Info.plist': markKey(fourSpaces({ ids: ['com.example.app.cleanup'], modes: ['audio'] })),
      },
      output: { 'App/Info.plist': fourSpaces({ ids: ['com.example.app.cleanup'], modes: ['audio', 'processing'] }) },
    },
    {
      name: 'empty <array/> for UIBackgroundModes',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: null, extra: '\t<key>«UIBackgroundModes»</key>\n\t<array/>\n' }),
      },
      output: { 'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }) },
    },
    {
      name: 'Xcode display name pasted as a value',
      files: {
        'App/Info.plist': infoPlist({ ids: null, modes: ['remote-notification', '«Background fetch»'] }),
      },
      expect: [{ message: '"Background fetch" is not a UIBackgroundModes value iOS knows; did you mean "fetch"?' }],
      output: { 'App/Info.plist': infoPlist({ ids: null, modes: ['remote-notification', 'fetch'] }) },
    },
    {
      name: 'near miss of a known mode',
      files: {
        'App/Info.plist': infoPlist({ ids: null, modes: ['«remote-notifications»'] }),
      },
      expect: [{ message: 'did you mean "remote-notification"?' }],
      output: { 'App/Info.plist': infoPlist({ ids: null, modes: ['remote-notification'] }) },
    },
    {
      name: 'an unknown value with no close match gets no fix',
      files: {
        'App/Info.plist': infoPlist({ ids: null, modes: ['audio', '«significant-location-changes»'] }),
      },
      expect: [{ message: /^"significant-location-changes" is not a UIBackgroundModes value iOS knows\.$/ }],
    },
    {
      name: 'background-processing: the typo and the missing mode are both reported',
      files: {
        'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch', '«background-processing»'] })),
      },
      expect: [{ message: 'lacks "processing"' }, { message: 'did you mean "processing"?' }],
    },
    {
      name: 'a handler cast to BGAppRefreshTask needs fetch even without a submit in sight',
      files: {
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
            SyncManager.shared.handle(task as! BGAppRefreshTask)
        }
        return true
    }
}
`,
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.refresh'], modes: ['processing'] })),
      },
      expect: [{ message: 'a BGAppRefreshTask handler is registered (App/AppDelegate.swift:7)' }],
    },
    {
      name: 'SwiftUI .backgroundTask(.appRefresh) needs fetch',
      files: {
        'App/FilmsApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FilmsApp: App {
    var body: some Scene {
        WindowGroup { ContentView() }
            .backgroundTask(.appRefresh("com.example.app.refresh")) {
                await Library.shared.sync()
            }
    }
}
`,
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.refresh'], modes: ['remote-notification'] })),
      },
      expect: [{ message: '.backgroundTask(.appRefresh) is used' }],
    },
    {
      name: 'SwiftUI .backgroundTask(.processingTask) needs processing',
      files: {
        'App/FilmsApp.swift': `import BackgroundTasks
import SwiftUI

@main
struct FilmsApp: App {
    var body: some Scene {
        WindowGroup { ContentView() }
            .backgroundTask(.processingTask("com.example.app.cleanup")) {
                await Store.shared.compact()
            }
    }
}
`,
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch'] })),
      },
      expect: [{ message: 'lacks "processing", but .backgroundTask(.processingTask) is used (App/FilmsApp.swift:8)' }],
    },
    {
      name: 'health-research request needs processing',
      files: {
        'App/StudyUploader.swift': `import BackgroundTasks

enum StudyUploader {
    static func schedule() {
        let request = BGHealthResearchTaskRequest(identifier: "com.example.app.study")
        request.protectionTypeOfRequiredData = .completeUntilFirstUserAuthentication
        try? BGTaskScheduler.shared.submit(request)
    }
}
`,
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.study'], modes: ['fetch'] })),
      },
      expect: [{ message: 'lacks "processing", but BGHealthResearchTaskRequest is submitted' }],
    },
    {
      name: 'refresh and processing both missing: two findings on the key',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest').replace(
          '    func handle(_ task: BGTask) {',
          `    func scheduleCleanup() {
        try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.cleanup"))
    }

    func handle(_ task: BGTask) {`,
        ),
        'App/Info.plist': markKey(infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.cleanup'], modes: ['audio'] }), 2),
      },
      // Both marks sit on the same key, so each expectation must fit either message.
      expect: [{ message: /lacks "(fetch|processing)", but BG(AppRefresh|Processing)TaskRequest is submitted/ }, { message: /lacks "(fetch|processing)"/ }],
    },
    {
      name: 'only the target that submits is checked',
      files: {
        'App.xcodeproj/project.pbxproj': twoApps,
        'Films/Info.plist': infoPlist({ ids: ['com.example.films.refresh'], modes: ['fetch'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' }),
        'Films/AppDelegate.swift': delegate('BGAppRefreshTaskRequest', 'com.example.films.refresh'),
        'Kiosk/Info.plist': markKey(infoPlist({ ids: ['com.example.kiosk.cleanup'], modes: ['fetch'], bundleId: '$(PRODUCT_BUNDLE_IDENTIFIER)' })),
        'Kiosk/AppDelegate.swift': delegate('BGProcessingTaskRequest', 'com.example.kiosk.cleanup'),
      },
      expect: [{ message: 'UIBackgroundModes in Kiosk/Info.plist lacks "processing"' }],
    },
    {
      name: 'a single string instead of an array does not count',
      files: {
        'App/AppDelegate.swift': delegate('BGAppRefreshTaskRequest'),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: null, extra: '\t<key>«UIBackgroundModes»</key>\n\t<string>fetch</string>\n' }),
      },
    },
  ],
});

describe('missing-background-mode fix-all', () => {
  it('reports each missing mode once, with its own fix', async () => {
    const b = build({
      'App/Scheduling.swift': `import BackgroundTasks

enum Scheduling {
    static func scheduleAll() {
        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.app.refresh"))
        try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.cleanup"))
        try? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.app.reindex"))
    }
}
`,
      'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh', 'com.example.app.cleanup', 'com.example.app.reindex'], modes: ['audio'] }),
    });
    const r = await lintFiles(b.files);
    const mine = r.findings.filter((f) => f.ruleId === 'missing-background-mode');
    expect(mine.map((f) => [f.range.start.line + 1, f.message.split(' (')[0], f.fixes.map((x) => x.title)])).toEqual([
      [13, 'UIBackgroundModes in App/Info.plist lacks "fetch", but BGAppRefreshTaskRequest is submitted', ['Add "fetch" to UIBackgroundModes']],
      [13, 'UIBackgroundModes in App/Info.plist lacks "processing", but BGProcessingTaskRequest is submitted', ['Add "processing" to UIBackgroundModes']],
    ]);
    // Fix-all adds both modes to the existing array, once each.
    const edits = collectSafeEdits(mine);
    const [file, list] = [...edits][0];
    const fixed = applyEdits(b.files[file], list);
    expect([fixed.split('<string>fetch</string>').length - 1, fixed.split('<string>processing</string>').length - 1, fixed.split('<key>UIBackgroundModes</key>').length - 1]).toEqual([1, 1, 1]);
    const after = await lintFiles({ ...b.files, [file]: fixed });
    expect(after.findings.filter((f) => f.ruleId === 'missing-background-mode')).toEqual([]);
  });

  it('corrects "background-processing" once instead of adding a second "processing"', async () => {
    const b = build({
      'App/AppDelegate.swift': delegate('BGProcessingTaskRequest'),
      'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch', 'background-processing'] }),
    });
    const r = await lintFiles(b.files);
    const mine = r.findings.filter((f) => f.ruleId === 'missing-background-mode');
    expect(mine.map((f) => f.fixes.find((x) => x.preferred)?.title)).toEqual(['Change "background-processing" to "processing"', 'Change to "processing"']);
    const edits = collectSafeEdits(mine);
    expect([...edits.keys()]).toEqual([...Object.keys(b.files).filter((f) => f.endsWith('Info.plist'))]);
    const [file, list] = [...edits][0];
    const fixed = applyEdits(b.files[file], list);
    expect(fixed).toBe(infoPlist({ ids: ['com.example.app.cleanup'], modes: ['fetch', 'processing'] }));
    const after = await lintFiles({ ...b.files, [file]: fixed });
    expect(after.findings.filter((f) => f.ruleId === 'missing-background-mode')).toEqual([]);
  });
});

describe('missing-background-mode in binary plists', () => {
  // lintFiles is typed for text, but the in-memory file system takes bytes as well.
  it('reports a missing mode in a binary Info.plist, without a fix', async () => {
    const r = await lintFiles({
      [path.join(ROOT, 'App/AppDelegate.swift')]: delegate('BGAppRefreshTaskRequest'),
      [path.join(ROOT, 'App/Info.plist')]: binaryPlist({ CFBundleIdentifier: 'com.example.app', UIBackgroundModes: ['processing'], BGTaskSchedulerPermittedIdentifiers: ['com.example.app.refresh'] }) as unknown as string,
    });
    const mine = r.findings.filter((f) => f.ruleId === 'missing-background-mode');
    expect(mine.map((f) => [path.relative(ROOT, f.file), f.message.split(' (')[0], f.fixes])).toEqual([
      ['App/Info.plist', 'UIBackgroundModes in App/Info.plist lacks "fetch", but BGAppRefreshTaskRequest is submitted', []],
    ]);
  });

  it('is satisfied by a binary Info.plist that has the mode', async () => {
    const r = await lintFiles({
      [path.join(ROOT, 'App/AppDelegate.swift')]: delegate('BGAppRefreshTaskRequest'),
      [path.join(ROOT, 'App/Info.plist')]: binaryPlist({ CFBundleIdentifier: 'com.example.app', UIBackgroundModes: ['fetch'], BGTaskSchedulerPermittedIdentifiers: ['com.example.app.refresh'] }) as unknown as string,
    });
    expect(r.findings.filter((f) => f.ruleId === 'missing-background-mode')).toEqual([]);
    expect(r.analysis.ws.plists.get(path.join(ROOT, 'App/Info.plist'))?.plist.modes?.entries.map((e) => e.raw)).toEqual(['fetch']);
  });
});
