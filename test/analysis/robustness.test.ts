/** Bad input gets a clear message and never an exception: malformed plists, junk, truncated Swift, huge files. */
import { describe, expect, it } from 'vitest';
import { readInfoPlist } from '../../server/src/analysis/plist/infoPlist';
import { readXmlPlist } from '../../server/src/analysis/plist/xmlPlist';
import { parseOpenStep } from '../../server/src/analysis/xcode/openStep';
import { readXcodeProject } from '../../server/src/analysis/xcode/pbxproj';
import { readXcodeGen } from '../../server/src/analysis/xcode/xcodegen';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { build, infoPlist, lintFiles } from '../helpers/project';

const junk = (n: number, seed = 7) => {
  let x = seed;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x & 0xff;
  }
  return out;
};

describe('plist reader', () => {
  const cases: [string, string][] = [
    ['empty file', ''],
    ['not XML at all', 'hello world'],
    ['truncated in a key', '<?xml version="1.0"?><plist version="1.0"><dict><key>BGTaskScheduler'],
    ['unclosed array', '<plist><dict><key>UIBackgroundModes</key><array><string>fetch</string></dict></plist>'],
    ['value without key', '<plist><dict><string>x</string></dict></plist>'],
    ['unknown element', '<plist><dict><key>a</key><foo>1</foo></dict></plist>'],
    ['mismatched tags', '<plist><dict><key>a</key><array></dict></array></plist>'],
    ['DOCTYPE with entities', '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY x "&x;&x;">]><plist><dict><key>a</key><string>&x;</string></dict></plist>'],
    ['top level is an array', '<plist><array><string>a</string></array></plist>'],
    ['content after plist', '<plist><dict/></plist><dict/>'],
  ];
  for (const [name, text] of cases) {
    it(`reports "${name}" as a problem without throwing`, () => {
      const r = readInfoPlist('/x/Info.plist', text);
      expect(r.problems.length, JSON.stringify(r.problems)).toBeGreaterThan(0);
      for (const p of r.problems) {
        expect(p.span.start).toBeGreaterThanOrEqual(0);
        expect(p.span.end).toBeLessThanOrEqual(text.length);
        expect(p.message.length).toBeGreaterThan(5);
      }
    });
  }

  it('never expands entities from a DOCTYPE', () => {
    const r = readXmlPlist('<!DOCTYPE plist [<!ENTITY boom "BOOM">]><plist><dict><key>k</key><string>&boom;</string></dict></plist>');
    const v = r.root?.kind === 'dict' ? r.root.entries[0].value : undefined;
    expect(v && v.kind === 'string' ? v.value : undefined).toBe('&boom;');
    expect(r.problems.some((p) => p.message.includes('entity'))).toBe(true);
  });

  it('decodes standard entities and CDATA, with positions of every entry', () => {
    const text = '<plist><dict>\n\t<key>BGTaskSchedulerPermittedIdentifiers</key>\n\t<array>\n\t\t<string>com.a&amp;b</string>\n\t\t<string><![CDATA[com.<c>]]></string>\n\t</array>\n</dict></plist>';
    const r = readInfoPlist('/x/Info.plist', text);
    expect(r.problems).toEqual([]);
    expect(r.permitted?.entries.map((e) => e.raw)).toEqual(['com.a&b', 'com.<c>']);
    expect(text.slice(r.permitted!.entries[0].valueSpan.start, r.permitted!.entries[0].valueSpan.end)).toBe('com.a&amp;b');
    expect(text.slice(r.permitted!.keySpan.start, r.permitted!.keySpan.end)).toBe('BGTaskSchedulerPermittedIdentifiers');
  });

  it('reads binary plists (values only) and reports unreadable ones', () => {
    const bad = readInfoPlist('/x/Info.plist', Buffer.concat([Buffer.from('bplist00'), Buffer.from(junk(200))]));
    expect(bad.format).toBe('binary');
    expect(bad.problems[0].message).toMatch(/unreadable binary plist/);
    const noise = readInfoPlist('/x/Info.plist', junk(5000));
    expect(noise.problems.length).toBeGreaterThan(0);
  });
});

describe('project readers', () => {
  it('parseOpenStep reports garbage and truncation without throwing', () => {
    const cases: [string, RegExp][] = [
      ['', /end of file/],
      ['{', /unterminated dictionary/],
      ['{ a = ', /end of file/],
      ['{ a = (1, 2; }', /expected "," or "\)"/],
      ['"unterminated', /unterminated string/],
      ['{ a = 1 }', /expected ";"/],
      ['( a, b,', /unterminated array/],
    ];
    for (const [t, message] of cases) {
      const r = parseOpenStep(t);
      // Each input is broken: there is a problem saying what, inside the text, and no value is made up.
      expect(r.problems.map((p) => p.message).join('; '), JSON.stringify(t)).toMatch(message);
      expect(r.value, JSON.stringify(t)).toBeUndefined();
      for (const p of r.problems) expect(p.span.end).toBeLessThanOrEqual(t.length);
    }
  });

  it('readXcodeProject reports binary junk that starts like an unquoted word', () => {
    const t = String.fromCharCode(...junk(300));
    const r = readXcodeProject('/p/A.xcodeproj/project.pbxproj', t, new MemoryFileSystem());
    expect(r.targets).toEqual([]);
    expect(r.problems.map((p) => p.message)).toContain('not an Xcode project file (no objects)');
  });

  // Junk after a well-formed start ("4\0\0…", "{ … } trailing") is reported, not ignored.
  it('parseOpenStep reports content after the root value', () => {
    for (const t of [String.fromCharCode(...junk(300)), '{ objects = { }; } trailing (']) {
      expect(parseOpenStep(t).problems.length, JSON.stringify(t.slice(0, 20))).toBeGreaterThan(0);
    }
  });

  it('readXcodeProject on junk returns no targets and a problem', () => {
    const r = readXcodeProject('/p/A.xcodeproj/project.pbxproj', '// !$*UTF8*$!\n{ archiveVersion = 1; objects = { ', new MemoryFileSystem());
    expect(r.targets).toEqual([]);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  it('readXcodeGen on broken YAML reports and continues', () => {
    const r = readXcodeGen('/p/project.yml', 'targets:\n  App:\n    info: [\n');
    expect(r.problems.length).toBeGreaterThan(0);
  });
});

describe('linting a project full of bad input', () => {
  it('keeps linting the good files and reports the bad ones at file level', async () => {
    const big = 'import Foundation\n' + 'let value = "filler filler filler filler filler filler"\n'.repeat(95_000);
    expect(big.length).toBeGreaterThan(5_000_000);
    const b = build({
      'App/Info.plist': infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }),
      'App/Broken/Info.plist': '<plist><dict><key>UIBackgroundModes</key><array><string>fetch',
      'App/Truncated.swift': 'import BackgroundTasks\nfunc f() {\n    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.x", using: nil) { task in\n        task.setTaskCom',
      'App/Empty.swift': '',
      'App/Huge.swift': big,
      'App/Ok.swift': 'import BackgroundTasks\nfinal class AppDelegate: NSObject, UIApplicationDelegate {\n    func application(_ a: UIApplication, didFinishLaunchingWithOptions o: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {\n        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.other", using: nil) { task in task.setTaskCompleted(success: true) }\n        return true\n    }\n}\n',
    });
    const files: Record<string, string | Uint8Array> = { ...b.files };
    files['/proj/App/Junk.swift'] = junk(20_000) as unknown as string;
    const r = await lintFiles(files as Record<string, string>);
    // The good file's mistake is still found.
    expect(r.findings.some((f) => f.ruleId === 'unpermitted-identifier' && f.message.includes('com.example.app.other'))).toBe(true);
    // The broken plist is reported at file level, with a readable message.
    expect(r.problems.some((p) => p.file.endsWith('Broken/Info.plist') && /not closed|missing/.test(p.message))).toBe(true);
    for (const f of r.findings) expect(f.range.start.line).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('a handler with an unparseable line still yields its facts', async () => {
    const r = await lintFiles(
      build({
        'App/AppDelegate.swift': `import BackgroundTasks
import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.sync", using: nil) { task in
            nonisolated(unsafe) let task = task
            let copy = = task
            task.expirationHandler = { Sync.shared.cancel() }
            Sync.shared.run { task.setTaskCompleted(success: $0) }
        }
        return true
    }
}
`,
      }).files,
    );
    const sf = r.analysis.ws.source('/proj/App/AppDelegate.swift')!;
    expect(sf.facts.hasSyntaxErrors).toBe(true);
    expect(sf.facts.registrations.map((x) => x.id.expr)).toEqual([{ t: 'lit', value: 'com.example.app.sync' }]);
    const handler = sf.facts.handlers[0];
    const kinds: string[] = [];
    const walk = (l: typeof handler.body) => l.forEach((s) => { kinds.push(s.k); if ('body' in s && Array.isArray(s.body)) walk(s.body); });
    walk(handler.body);
    expect(kinds).toContain('expiration');
    expect(kinds).toContain('complete');
    // And it is not reported as missing an expiration handler.
    expect(r.findings.filter((f) => f.ruleId === 'missing-expiration-handler')).toEqual([]);
  });
});
