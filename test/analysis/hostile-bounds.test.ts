/**
 * Hostile repositories, bounded work and plist safety: reproductions of the issue's items 11–14 and 17 (plist part),
 * each on small files written here. Nothing here is timed: each case checks the answer a bounded algorithm gives
 * (notes capped, a long line scanned with the same meaning as a short one, a fix that reads back), and
 * test/bench/hostile.mjs measures time and memory through the built CLI.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePlistBytes, readInfoPlist, type InfoPlist } from '../../server/src/analysis/plist/infoPlist';
import { MAX_BINARY_OBJECTS, readBinaryPlist } from '../../server/src/analysis/plist/binaryPlist';
import { addArrayString, removeItem, replaceString, type EditablePlist } from '../../server/src/analysis/plist/plistEdits';
import { MAX_PLIST_PROBLEMS, readXmlPlist, xmlTextOf } from '../../server/src/analysis/plist/xmlPlist';
import { compileExcludes, excludeMatcher, MAX_BRACE_ALTERNATIVES } from '../../server/src/analysis/project/discover';
import { LineIndex } from '../../server/src/analysis/text/lineIndex';
import { capProblems, MAX_PROBLEMS_PER_FILE, MAX_PROBLEMS_PER_RUN } from '../../server/src/lint/engine';
import { applyEdits } from '../../server/src/lint/fix';
import { build, infoPlist, lintFiles, ROOT } from '../helpers/project';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';

function doc(text: string, file = '/p/Info.plist'): EditablePlist & { plist: InfoPlist } {
  return { text, lines: new LineIndex(text), plist: readInfoPlist(file, text) };
}

function permittedAfter(text: string): string[] {
  const p = readInfoPlist('/p/Info.plist', text);
  expect(p.problems).toEqual([]);
  return p.permitted?.entries.map((e) => e.raw) ?? [];
}

describe('plist fixes never write invalid XML', () => {
  const markup = ['com.example.a<b', 'com.example.a&b', 'com.example.a]]>b', 'com.example.&amp;', 'com.example.a>b"\''];
  for (const id of markup) {
    it(`escapes ${JSON.stringify(id)}: the fixed plist parses and holds the id as written`, () => {
      const d = doc(infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }));
      const edit = addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', id)!;
      expect(edit).toBeDefined();
      expect(permittedAfter(applyEdits(d.text, [edit]))).toEqual(['com.example.app.refresh', id]);
    });
  }

  it('keeps tab and line breaks inside an id as character references (a raw CR would be normalised away)', () => {
    const id = 'com.example.a\tb\r\nc';
    expect(xmlTextOf(id)).toBe('com.example.a&#9;b&#13;&#10;c');
    const d = doc(infoPlist({ ids: [], modes: ['fetch'] }));
    const fixed = applyEdits(d.text, [addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', id)!]);
    // The reader trims values; the id's inner characters come back exactly.
    expect(readInfoPlist('/p/Info.plist', fixed).problems).toEqual([]);
    expect(readXmlPlist(fixed).problems).toEqual([]);
  });

  it('withholds the fix for characters XML 1.0 cannot hold even escaped (C0 controls, U+FFFE, lone surrogates)', () => {
    const d = doc(infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] }));
    for (const id of ['com.example.\u0001x', 'com.example.\u001bx', 'com.example.\u0000', 'com.example.\ufffe', 'com.example.\ud800x', 'com.example.\u000cx']) {
      expect(xmlTextOf(id)).toBeUndefined();
      expect(addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', id)).toBeUndefined();
      expect(addArrayString(d, 'UIBackgroundModes', id)).toBeUndefined();
      const entry = readInfoPlist('/p/Info.plist', d.text).modes!.entries[0];
      expect(replaceString(d, entry.span, id)).toBeUndefined();
    }
    // A pair of surrogates is one character beyond the BMP: allowed.
    expect(xmlTextOf('com.example.😀')).toBe('com.example.😀');
  });

  it('a fix that creates the key escapes the key too, and the result parses', () => {
    const d = doc(infoPlist({ ids: null, modes: ['fetch'] }));
    const fixed = applyEdits(d.text, [addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', 'com.example.x<y')!]);
    expect(permittedAfter(fixed)).toEqual(['com.example.x<y']);
  });

  it('a UTF-16 plist is read but never edited (its bytes would be rewritten as UTF-8)', () => {
    const text = infoPlist({ ids: ['com.example.app.refresh'], modes: ['fetch'] });
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const plist = readInfoPlist('/p/Info.plist', bytes);
    const decoded = decodePlistBytes(bytes).text;
    const d: EditablePlist = { text: decoded, lines: new LineIndex(decoded), plist };
    expect(addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', 'com.example.b')).toBeUndefined();
    expect(removeItem(d, plist.permitted!.entries[0].span)).toBeUndefined();
  });
});

describe('plist fixes on a single-line list of many ids', () => {
  // 40,000 ids on one line: each removal used to scan back to the line start (quadratic); the answers must not change.
  const ids = Array.from({ length: 40_000 }, (_, i) => `com.example.t${i}`);
  const oneLine = `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>CFBundleIdentifier</key><string>com.example</string><key>BGTaskSchedulerPermittedIdentifiers</key><array>${ids.map((i) => `<string>${i}</string>`).join('')}</array></dict></plist>`;

  it('removes one element in place (not its line) and appends after the last element on the same line', () => {
    const d = doc(oneLine);
    const entries = d.plist.permitted!.entries;
    expect(entries).toHaveLength(40_000);
    const edits = entries.filter((_, i) => i % 2 === 1).map((e) => removeItem(d, e.span)!);
    expect(edits.every((e) => e.newText === '' && d.text.slice(e.span.start, e.span.end).startsWith('<string>'))).toBe(true);
    const after = permittedAfter(applyEdits(d.text, edits));
    expect(after).toEqual(ids.filter((_, i) => i % 2 === 0));
    const add = addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', 'com.example.new')!;
    expect(add.newText).toBe('<string>com.example.new</string>');
    expect(permittedAfter(applyEdits(d.text, [add])).slice(-2)).toEqual(['com.example.t39999', 'com.example.new']);
  });

  it('on a plist with one id per line, removes the whole line, keeping CRLF line ends', () => {
    const text = infoPlist({ ids: ['com.example.a', 'com.example.b', 'com.example.c'], modes: ['fetch'] }).replace(/\n/g, '\r\n');
    const d = doc(text);
    const fixed = applyEdits(text, [removeItem(d, d.plist.permitted!.entries[1].span)!]);
    expect(permittedAfter(fixed)).toEqual(['com.example.a', 'com.example.c']);
    expect(fixed).toBe(text.replace('\t\t<string>com.example.b</string>\r\n', ''));
    const add = addArrayString(d, 'BGTaskSchedulerPermittedIdentifiers', 'com.example.d')!;
    expect(add.newText).toBe('\r\n\t\t<string>com.example.d</string>');
  });
});

describe('bounded notes', () => {
  it('a plist of a million "<" stops after a bounded number of problems, saying so', () => {
    const r = readXmlPlist('<'.repeat(1_000_000));
    expect(r.problems.length).toBe(MAX_PLIST_PROBLEMS + 1);
    expect(r.problems[r.problems.length - 1].message).toMatch(/too many problems/);
  });

  it('the engine shows at most 100 problems per file and 1,000 per run, with one "N more" line each', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const many = (file: string, n: number) => Array.from({ length: n }, (_, i) => ({ file, message: `p${i}`, range }));
    const one = capProblems(many('/a', 1001));
    expect(one).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(one[MAX_PROBLEMS_PER_FILE].message).toMatch(/^901 more problems in this file not shown/);
    const run = capProblems(Array.from({ length: 30 }, (_, f) => many(`/f${f}`, 50)).flat());
    expect(run.filter((p) => !/more problem/.test(p.message))).toHaveLength(MAX_PROBLEMS_PER_RUN);
    expect(run[run.length - 1].message).toMatch(/^500 more problems in 10 files not shown/);
    expect(capProblems(many('/b', 3))).toEqual(many('/b', 3));
  });

  it('a lint of a junk plist reports a bounded number of notes', async () => {
    const files = build({ 'App/AppDelegate.swift': 'import BackgroundTasks\n' }).files;
    files[path.join(ROOT, 'App/Info.plist')] = '<'.repeat(200_000);
    const r = await lintFiles(files);
    const notes = r.problems.filter((p) => p.file.endsWith('Info.plist'));
    expect(notes).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(notes[notes.length - 1].message).toMatch(/more problems in this file not shown/);
  });
});

describe('exclude globs', () => {
  it('a brace-expansion bomb is left out with a note, without expanding it', () => {
    const c = compileExcludes(['src/{1..10000000}/**', 'gen/**']);
    expect(c.problems).toEqual([`exclude pattern "src/{1..10000000}/**" expands to more than ${MAX_BRACE_ALTERNATIVES} alternatives: it is not used`]);
    const m = excludeMatcher('/r', ['src/{1..10000000}/**', 'gen/**', 'a/{x,y}']);
    expect(m.skipFile('/r/gen/a.swift')).toBe(true);
    expect(m.skipDir('/r/a/y', 'y')).toBe(true);
    expect(m.skipFile('/r/a/y/z.swift')).toBe(true);
    expect(m.skipFile('/r/src/5/a.swift')).toBe(false);
    expect(m.skipFile('/r/app/a.swift')).toBe(false);
  });

  it('the same pattern list is compiled once', () => {
    expect(compileExcludes(['x/**', 'y'])).toBe(compileExcludes(['x/**', 'y']));
  });
});

/** A binary plist of a top dictionary whose values are strings or arrays of strings (4-byte refs and offsets). */
function bplist(root: Record<string, string | string[]>, tweak?: (trailer: Buffer) => void): Buffer {
  const objects: Buffer[] = [];
  const count = (marker: number, n: number) => (n < 15 ? [marker | n] : [marker | 0x0f, 0x12, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
  const str = (s: string) => objects.push(Buffer.from([...count(0x50, s.length), ...Buffer.from(s, 'latin1')])) - 1;
  const refs = (marker: number, n: number, list: number[]) => {
    const b = Buffer.alloc(count(marker, n).length + list.length * 4);
    Buffer.from(count(marker, n)).copy(b);
    list.forEach((r, i) => b.writeUInt32BE(r, count(marker, n).length + i * 4));
    return b;
  };
  objects.push(Buffer.alloc(0)); // the top dictionary, written last
  const keys = Object.keys(root).map(str);
  const values = Object.values(root).map((v) => (typeof v === 'string' ? str(v) : objects.push(refs(0xa0, v.length, v.map(str))) - 1));
  objects[0] = refs(0xd0, keys.length, [...keys, ...values]);
  let at = 8;
  const offsets = objects.map((o) => ((at += o.length), at - o.length));
  const table = Buffer.alloc(offsets.length * 4);
  offsets.forEach((o, i) => table.writeUInt32BE(o, i * 4));
  const trailer = Buffer.alloc(32);
  trailer[6] = 4;
  trailer[7] = 4;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(0n, 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  tweak?.(trailer);
  return Buffer.concat([Buffer.from('bplist00'), ...objects, table, trailer]);
}

describe('plist encodings and sizes (item 17)', () => {
  it('reads a binary plist of more than 32,768 objects', () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => `com.example.t${i}`);
    const p = readInfoPlist('/p/Info.plist', bplist({ CFBundleIdentifier: 'com.example', BGTaskSchedulerPermittedIdentifiers: ids, UIBackgroundModes: ['fetch'] }));
    expect(p.problems).toEqual([]);
    expect(p.format).toBe('binary');
    expect(p.permitted!.entries.map((e) => e.raw)).toEqual(ids);
    expect(p.modes!.entries.map((e) => e.raw)).toEqual(['fetch']);
    expect(p.bundleIdentifier).toBe('com.example');
    expect(p.isApp).toBe(true);
  });

  it('says clearly why a binary plist is unreadable (forged counts, offsets outside the file)', () => {
    const forged = bplist({ CFBundleIdentifier: 'x' }, (t) => t.writeBigUInt64BE(BigInt(MAX_BINARY_OBJECTS + 1), 8));
    expect(readInfoPlist('/p/Info.plist', forged).problems[0].message).toMatch(/unreadable binary plist: it claims \d+ objects/);
    const outside = bplist({ CFBundleIdentifier: 'x' }, (t) => t.writeBigUInt64BE(10n ** 12n, 24));
    expect(readBinaryPlist(outside)).toEqual({ error: 'the offset table lies outside the file' });
    const notDict = bplist({ a: 'b' });
    notDict[8] = 0x51; // the top object becomes a one-character string
    expect(readBinaryPlist(notDict)).toEqual({ error: 'the top-level value is not a dictionary' });
  });

  for (const [name, bytes] of [
    ['UTF-16 LE', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16 BE', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
  ] as const) {
    it(`reads a ${name} plist with a byte-order mark like UTF-8`, () => {
      const text = infoPlist({ ids: ['com.example.app.refresh', 'com.example.café'], modes: ['fetch'] }).replace('UTF-8', 'UTF-16');
      const p = readInfoPlist('/p/Info.plist', bytes(text));
      expect(p.problems).toEqual([]);
      expect(p.permitted!.entries.map((e) => e.raw)).toEqual(['com.example.app.refresh', 'com.example.café']);
      expect(p.encoding).toBe(name === 'UTF-16 LE' ? 'utf-16le' : 'utf-16be');
    });
  }

  it('UTF-16 bytes already decoded as UTF-8 give one clear note, not one per character', () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(infoPlist({ ids: ['com.example.a'] }), 'utf16le')]).toString('utf8');
    const p = readInfoPlist('/p/Info.plist', text);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0].message).toMatch(/UTF-16/);
  });

  it('a duplicate key the linter reads makes it unknown (a problem); any other duplicate is a warning note', () => {
    const text = infoPlist({ ids: ['com.example.a'], modes: ['fetch'], extra: '\t<key>UIBackgroundModes</key>\n\t<array/>\n\t<key>NSFoo</key>\n\t<true/>\n\t<key>NSFoo</key>\n\t<false/>\n' });
    const p = readInfoPlist('/p/Info.plist', text);
    expect(p.problems.map((x) => x.message)).toEqual(['duplicate key "UIBackgroundModes": keep one (which value wins is up to the reader), so its value is not checked']);
    expect(p.warnings!.map((x) => x.message)).toEqual(['warning: duplicate key "NSFoo": keep one (which value wins is up to the reader)']);
    expect(text.slice(p.warnings![0].span.start, p.warnings![0].span.end)).toBe('NSFoo');
  });

  it('duplicates inside nested dictionaries are warnings, and equal keys in different dictionaries are not duplicates', () => {
    const text = infoPlist({ extra: '\t<key>A</key>\n\t<dict><key>UIBackgroundModes</key><string>x</string><key>UIBackgroundModes</key><string>y</string></dict>\n\t<key>B</key>\n\t<dict><key>A</key><string>z</string></dict>\n' });
    const p = readInfoPlist('/p/Info.plist', text);
    expect(p.problems).toEqual([]);
    expect(p.warnings).toHaveLength(1);
  });
});

describe('deep nesting in Swift (item 17)', () => {
  const header = 'import BackgroundTasks\nimport UIKit\n';
  const app = (body: string) => `${header}
@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.refresh", using: nil) { task in
      task.expirationHandler = { task.setTaskCompleted(success: false) }
      try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.refresh"))
      task.setTaskCompleted(success: true)
    }
    return true
  }
  func applicationDidEnterBackground(_ application: UIApplication) {
    try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.refresh"))
  }
  func deep() {
${body}
  }
}
`;

  it('1,200 nested closures keep the file\'s facts and give no false "registered but never submitted"', async () => {
    const n = 1200;
    const r = await lintFiles(build({ 'App/AppDelegate.swift': app(`${'run {\n'.repeat(n)}print(1)\n${'}\n'.repeat(n)}`) }).files);
    expect(r.findings.map((f) => f.ruleId)).toEqual([]);
    const notes = r.problems.map((p) => p.message);
    expect(notes.some((m) => /Skipped|stack/i.test(m))).toBe(false);
    expect(notes.filter((m) => /nested more than/.test(m))).toHaveLength(1);
  });

  it('a submit and a registration beyond the depth cap are unknown, not absent', async () => {
    const n = 1500;
    const inner = 'BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.other", using: nil) { t in t.setTaskCompleted(success: true) }\ntry? BGTaskScheduler.shared.submit(BGProcessingTaskRequest(identifier: "com.example.other"))';
    const files = build({ 'App/AppDelegate.swift': app(`${'run {\n'.repeat(n)}${inner}\n${'}\n'.repeat(n)}`) }, { autoPlist: false }).files;
    files[path.join(ROOT, 'App/Info.plist')] = infoPlist({ ids: ['com.example.refresh', 'com.example.other'], modes: ['fetch', 'processing'] });
    const r = await lintFiles(files);
    // "com.example.other" is registered and submitted only in the deep part: nothing may call it unused.
    expect(r.findings.filter((f) => f.ruleId === 'unused-permitted-identifier')).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'missing-background-mode')).toEqual([]);
  });

  it('a handler whose completion sits 1,500 closures deep is not reported as never completing', async () => {
    const n = 1500;
    const text = app('').replace('task.setTaskCompleted(success: true)\n    }', `${'DispatchQueue.main.sync {\n'.repeat(n)}task.setTaskCompleted(success: true)\n${'}\n'.repeat(n)}    }`);
    const r = await lintFiles(build({ 'App/AppDelegate.swift': text }).files);
    expect(r.findings.filter((f) => f.ruleId === 'missing-set-task-completed')).toEqual([]);
    expect(r.problems.some((p) => /Skipped/.test(p.message))).toBe(false);
  });
});

describe('a long chain of calls', () => {
  it('keeps each call receiver bounded (each one is the whole chain before it), and still finds scene phase changes', async () => {
    const n = 3000;
    const chain = '.onChange(of: scenePhase) { _ in }\n'.repeat(n);
    const text = `import SwiftUI\nimport BackgroundTasks\nstruct V: View {\n  func body() -> some View {\n    Text("x")${chain}\n  }\n}\n`;
    const ws = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem({ [`${ROOT}/App/V.swift`]: text }) });
    const facts = ws.parsed.get(`${ROOT}/App/V.swift`)!.facts;
    const calls = facts.functions.flatMap((f) => f.calls);
    // The outermost ~500 calls are analysed (nesting past 1,000 levels is skipped with a note); each receiver is 90 to
    // 108 KB long. Whole, they would hold about 50 million characters; bounded, at most 513 each.
    expect(calls.length).toBeGreaterThan(400);
    expect(Math.max(...calls.map((c) => c.receiver?.length ?? 0))).toBeLessThanOrEqual(513);
    expect(calls.some((c) => c.receiver?.startsWith('Text("x")') && c.receiver.includes('…'))).toBe(true);
    expect(facts.scene?.scenePhaseChanges.length).toBeGreaterThan(0);
  });
});
