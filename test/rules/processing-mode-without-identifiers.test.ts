import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { infoPlist, lintFiles, ROOT } from '../helpers/project';
import { ruleTester } from './ruleTester';

/** Submits a processing request; the handler completes and has an expiration handler. */
const cleanup = (id = '"com.example.app.cleanup"') => `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: ${id}, using: nil) { task in
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            Store.shared.compact()
            task.setTaskCompleted(success: true)
        }
        return true
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        let request = BGProcessingTaskRequest(identifier: ${id})
        request.requiresExternalPower = true
        try? BGTaskScheduler.shared.submit(request)
    }
}
`;

/** An App Clip entry point that uses no BackgroundTasks API at all. */
const clip = `import SwiftUI

@main
struct FilmsClip: App {
    var body: some Scene { WindowGroup { Text("Films") } }
}
`;

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

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

ruleTester('processing-mode-without-identifiers', {
  valid: [
    {
      name: 'processing with a permitted identifier',
      files: {
        'App/AppDelegate.swift': cleanup(),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'], modes: ['processing'] }),
      },
    },
    {
      name: 'fetch alone needs no permitted list for upload',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: ['fetch'] }),
      },
    },
    {
      name: 'other background modes',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: ['remote-notification', 'audio', 'location'] }),
      },
    },
    {
      name: 'no UIBackgroundModes at all',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: null }),
      },
    },
    {
      name: 'the only entry is written with $(PRODUCT_BUNDLE_IDENTIFIER)',
      files: {
        'App/AppDelegate.swift': cleanup('Bundle.main.bundleIdentifier! + ".cleanup"'),
        'App/Info.plist': infoPlist({ ids: ['$(PRODUCT_BUNDLE_IDENTIFIER).cleanup'], modes: ['processing'] }),
      },
    },
    {
      name: 'a library-owned identifier is enough (expo-background-task)',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: ['com.expo.modules.backgroundtask.processing'], modes: ['processing'] }),
      },
    },
    {
      name: '"processing" as some other value or in a comment is not the mode',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({
          ids: null,
          modes: ['fetch'],
          extra: '\t<!-- UIBackgroundModes: add processing once the cleanup task ships -->\n\t<key>CFBundleDisplayName</key>\n\t<string>processing</string>\n\t<key>NSProcessingKinds</key>\n\t<array>\n\t\t<string>processing</string>\n\t</array>\n',
        }),
      },
    },
    {
      name: 'XcodeGen info.properties with processing and identifiers',
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
        UIBackgroundModes: [processing]
        BGTaskSchedulerPermittedIdentifiers: [com.example.app.cleanup]
`,
        'App/AppDelegate.swift': cleanup(),
      },
    },
    {
      name: 'a plist that cannot be read past an error is not called incomplete',
      files: {
        'App/AppDelegate.swift': cleanup(),
        // The misspelt <strin> element stops the reader; the identifiers after it are really there.
        'App/Info.plist': infoPlist({
          ids: null,
          modes: null,
          extra: '\t<key>UIBackgroundModes</key>\n\t<array>\n\t\t<string>processing</string>\n\t</array>\n\t<key>CFBundleName</key>\n\t<strin>Films</string>\n\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array>\n\t\t<string>com.example.app.cleanup</string>\n\t</array>\n',
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'App Clip declares processing but has no permitted key (fix removes the mode)',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: ['fetch', '«processing»'] }),
      },
      expect: [{ message: 'App/Info.plist lists "processing" in UIBackgroundModes but has no BGTaskSchedulerPermittedIdentifiers: App Store Connect rejects the upload (ITMS-90771).', severity: 'error' }],
      output: { 'App/Info.plist': infoPlist({ ids: null, modes: ['fetch'] }) },
    },
    {
      name: 'an empty <array/> is no better than no key',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: ['«processing»', 'remote-notification'] }).replace('<dict>\n', '<dict>\n\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array/>\n'),
      },
      expect: [{ message: 'its BGTaskSchedulerPermittedIdentifiers array is empty' }],
      output: {
        'App/Info.plist': infoPlist({ ids: null, modes: ['remote-notification'] }).replace('<dict>\n', '<dict>\n\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array/>\n'),
      },
    },
    {
      name: 'removal keeps CRLF line endings',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': crlf(infoPlist({ ids: [], modes: ['«processing»'] })),
      },
      output: { 'App/Info.plist': crlf(infoPlist({ ids: [], modes: [] })) },
    },
    {
      name: 'no removal is offered while code submits processing requests',
      files: {
        'App/AppDelegate.swift': cleanup(),
        'App/Info.plist': infoPlist({ ids: null, modes: ['«processing»'] }),
      },
      expect: [{ message: 'has no BGTaskSchedulerPermittedIdentifiers' }],
    },
    {
      name: 'a single string instead of an array counts as empty',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: ['«processing»'], extra: '\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<string>com.example.app.cleanup</string>\n' }),
      },
      expect: [{ message: 'its BGTaskSchedulerPermittedIdentifiers value is not an array' }],
    },
    {
      name: 'an array holding no strings',
      files: {
        'App/FilmsClip.swift': clip,
        'App/Info.plist': infoPlist({ ids: null, modes: ['«processing»'], extra: '\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array>\n\t\t<dict/>\n\t</array>\n' }),
      },
      expect: [{ message: 'array is empty' }],
    },
    {
      name: 'XcodeGen info.properties with processing and no identifiers',
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
        UIBackgroundModes: [fetch, «processing»]
`,
        'App/FilmsClip.swift': clip,
      },
      expect: [{ message: 'project.yml lists "processing" in UIBackgroundModes but has no BGTaskSchedulerPermittedIdentifiers' }],
    },
    {
      name: 'each plist is checked: a widget extension with processing',
      files: {
        'App/AppDelegate.swift': cleanup(),
        'App/Info.plist': infoPlist({ ids: ['com.example.app.cleanup'], modes: ['processing'] }),
        'Widget/Info.plist': infoPlist({
          ids: null,
          modes: ['«processing»'],
          bundleId: 'com.example.app.widget',
          extra: '\t<key>NSExtension</key>\n\t<dict>\n\t\t<key>NSExtensionPointIdentifier</key>\n\t\t<string>com.apple.widgetkit-extension</string>\n\t</dict>\n',
        }),
      },
      expect: [{ message: 'Widget/Info.plist lists "processing"' }],
    },
  ],
});

describe('processing-mode-without-identifiers in binary plists', () => {
  // lintFiles is typed for text, but the in-memory file system takes bytes as well.
  it('reports a binary Info.plist with processing and no identifiers, without a fix', async () => {
    const r = await lintFiles({
      [path.join(ROOT, 'App/FilmsClip.swift')]: clip,
      [path.join(ROOT, 'App/Info.plist')]: binaryPlist({ CFBundleIdentifier: 'com.example.app', UIBackgroundModes: ['fetch', 'processing'] }) as unknown as string,
    });
    const mine = r.findings.filter((f) => f.ruleId === 'processing-mode-without-identifiers');
    expect(mine.map((f) => [path.relative(ROOT, f.file), f.message])).toEqual([
      ['App/Info.plist', 'App/Info.plist lists "processing" in UIBackgroundModes but has no BGTaskSchedulerPermittedIdentifiers: App Store Connect rejects the upload (ITMS-90771).'],
    ]);
    expect(mine[0].fixes).toEqual([]);
  });

  it('accepts a binary Info.plist with processing and an identifier', async () => {
    const r = await lintFiles({
      [path.join(ROOT, 'App/AppDelegate.swift')]: cleanup(),
      [path.join(ROOT, 'App/Info.plist')]: binaryPlist({ CFBundleIdentifier: 'com.example.app', UIBackgroundModes: ['processing'], BGTaskSchedulerPermittedIdentifiers: ['com.example.app.cleanup'] }) as unknown as string,
    });
    // The binary plist was read, not skipped as unreadable.
    const doc = r.analysis.ws.plists.get(path.join(ROOT, 'App/Info.plist'));
    expect([doc?.plist.format, doc?.plist.permitted?.entries.map((e) => e.raw), doc?.plist.problems]).toEqual(['binary', ['com.example.app.cleanup'], []]);
    expect(r.findings.filter((f) => f.ruleId === 'processing-mode-without-identifiers')).toEqual([]);
  });
});
