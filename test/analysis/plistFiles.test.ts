/**
 * Plist files as the workspace reads them: UTF-16 plists (Xcode can save them) are checked like UTF-8 ones, and a plist
 * that cannot be read gets a note instead of being skipped silently.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryFileSystem, diskFileSystem } from '../../server/src/analysis/project/fileSystem';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { lint } from '../../server/src/lint/engine';
import { build, infoPlist, ROOT } from '../helpers/project';

const SWIFT = `import BackgroundTasks
import UIKit

@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.missing", using: nil) { task in
      task.expirationHandler = { task.setTaskCompleted(success: false) }
      task.setTaskCompleted(success: true)
    }
    return true
  }
}
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('plist files', () => {
  it('a UTF-16 Info.plist is read: an id missing from it is reported, as in UTF-8', async () => {
    const plist = infoPlist({ ids: ['com.example.other'], modes: ['fetch', 'processing'] }).replace('UTF-8', 'UTF-16');
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plist, 'utf16le')]), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(plist, 'utf16le').swap16()])]) {
      const { files } = build({ 'App/AppDelegate.swift': SWIFT }, { autoPlist: false });
      const fs = new MemoryFileSystem({ ...files, [path.join(ROOT, 'App/Info.plist')]: bytes });
      const r = lint(await Workspace.load({ roots: [ROOT], fs }), { rules: {} });
      expect(r.findings.map((f) => f.ruleId)).toContain('unpermitted-identifier');
      expect(r.problems.filter((p) => /UTF-16/.test(p.message))).toEqual([]);
    }
  });

  it('at most 1,000 findings are shown per file, with a note saying how many more there are', async () => {
    const ids = Array.from({ length: 1500 }, (_, i) => `com.example.unused${i}`);
    const { files } = build({ 'App/AppDelegate.swift': SWIFT }, { autoPlist: false });
    const fs = new MemoryFileSystem({ ...files, [path.join(ROOT, 'App/Info.plist')]: infoPlist({ ids: ['com.example.missing', ...ids] }) });
    const r = lint(await Workspace.load({ roots: [ROOT], fs }), { rules: {} });
    const inPlist = r.findings.filter((f) => f.file.endsWith('Info.plist'));
    expect(inPlist).toHaveLength(1000);
    // The first ones by position are kept.
    expect(inPlist[0].message).toContain('com.example.unused0"');
    expect(r.problems.filter((p) => /500 more findings in this file not shown/.test(p.message))).toHaveLength(1);
  });

  it('a plist that cannot be read gets a note', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-plist-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'App'));
    writeFileSync(path.join(dir, 'App/AppDelegate.swift'), SWIFT);
    const file = path.join(dir, 'App/Info.plist');
    writeFileSync(file, infoPlist({ ids: ['com.example.missing'] }));
    // A file the reader refuses (as if unreadable): the workspace must say so.
    const fs = { ...diskFileSystem, readBytes: (f: string) => (f === file ? undefined : diskFileSystem.readBytes(f)), readText: (f: string) => (f === file ? undefined : diskFileSystem.readText(f)) };
    const r = lint(await Workspace.load({ roots: [dir], fs }), { rules: {} });
    expect(r.problems.some((p) => p.file === file && /could not be read/.test(p.message))).toBe(true);
  });
});
