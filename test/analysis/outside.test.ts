/** Nothing outside the workspace is read, reported or edited, whatever a project setting says (hostile repositories). */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRoot } from '../../server/src/lint/run';
import { collectSafeEdits } from '../../server/src/lint/fix';
import { infoPlist } from '../helpers/project';
import { pbxproj } from '../helpers/pbxproj';

const delegate = `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.attacker.chosen", using: nil) { task in
            task.expirationHandler = { task.setTaskCompleted(success: false) }
            task.setTaskCompleted(success: true)
        }
        return true
    }
}
`;

describe('a project setting that points outside the workspace', () => {
  for (const kind of ['relative', 'absolute', 'symlink'] as const) {
    it(`INFOPLIST_FILE (${kind}) is not read, reported or edited, and a note says so`, async () => {
      const base = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-outside-'));
      try {
        const victim = path.join(base, 'victim');
        mkdirSync(victim);
        writeFileSync(path.join(victim, 'Info.plist'), infoPlist({ ids: [] }));
        const ws = path.join(base, 'ws');
        mkdirSync(path.join(ws, 'App'), { recursive: true });
        mkdirSync(path.join(ws, 'App.xcodeproj'));
        writeFileSync(path.join(ws, 'App', 'AppDelegate.swift'), delegate);
        if (kind === 'symlink') symlinkSync(path.join(victim, 'Info.plist'), path.join(ws, 'App', 'Linked.plist'));
        const setting = kind === 'relative' ? '"$(SRCROOT)/../victim/Info.plist"' : kind === 'absolute' ? `"${path.join(victim, 'Info.plist')}"` : 'App/Linked.plist';
        const project = pbxproj().replace('INFOPLIST_FILE = App/Info.plist;', `INFOPLIST_FILE = ${setting};`).replace('INFOPLIST_FILE = "$(SRCROOT)/App/Info.plist";', `INFOPLIST_FILE = ${setting};`);
        writeFileSync(path.join(ws, 'App.xcodeproj', 'project.pbxproj'), project);
        const r = await lintRoot(ws);
        const files = new Set([...r.findings.map((f) => f.file), ...[...collectSafeEdits(r.findings).keys()]]);
        for (const f of files) expect(f.startsWith(ws + path.sep), f).toBe(true);
        expect(r.problems.some((p) => p.message.includes('points outside the workspace'))).toBe(true);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    });
  }
});
