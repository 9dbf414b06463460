/**
 * A workspace whose code never uses the API loads no grammar while it is read; the first parse after that (an edit that
 * brings the API in) loads it synchronously. Runs in a fresh module registry (vitest.config.ts: isolated), so no other
 * test has loaded the grammar in this process before.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { ROOT } from '../helpers/project';

describe('grammar loading', () => {
  it('loads the Swift grammar only when a file is to be parsed, synchronously if that is decided late', async () => {
    const delegate = `${ROOT}/App/AppDelegate.swift`;
    const ws = await Workspace.load({
      roots: [ROOT],
      fs: new MemoryFileSystem({ [delegate]: '@main\nclass AppDelegate: UIResponder, UIApplicationDelegate {\n  func start() { Jobs.shared.register() }\n}\n', [`${ROOT}/App/Jobs.swift`]: 'final class Jobs {}\n' }),
    });
    expect(ws.parsed.size).toBe(0);
    ws.updateSwift(`${ROOT}/App/Jobs.swift`, 'import BackgroundTasks\nfinal class Jobs {\n  static let shared = Jobs()\n  func register() {\n    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.jobs", using: nil) { task in task.setTaskCompleted(success: true) }\n  }\n}\n');
    expect([...ws.parsed.keys()].sort()).toEqual([delegate, `${ROOT}/App/Jobs.swift`].sort());
    expect(ws.parsed.get(delegate)!.facts.functions.map((f) => f.name)).toContain('start');
    expect(ws.parsed.get(`${ROOT}/App/Jobs.swift`)!.facts.registrations).toHaveLength(1);
  });
});
