/**
 * Apps where many types share method names (`start`, `scheduleRefresh`, `handle`). Questions such as "who calls
 * `Coordinator.scheduleRefresh`?" must not be answered by every file that calls some `scheduleRefresh`: that parses
 * most of the app (slow) and invents paths through unrelated types (false findings). Work is checked by how many files
 * get parsed, never by time.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { Workspace } from '../../server/src/analysis/model/workspace';
import { lint } from '../../server/src/lint/engine';
import { receiverTypeAt } from '../../server/src/analysis/project/callSearch';
import { build, ROOT } from '../helpers/project';

const HEADER = 'import BackgroundTasks\nimport UIKit\n';

/** `n` unrelated types, each with its own start / scheduleRefresh / handle calling each other and other types'. */
function lookAlikes(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let t = 0; t < n; t++) {
    const other = `Widget${(t + 1) % n}`;
    files[`App/Features/Widget${t}.swift`] = `import Foundation

final class Widget${t} {
  static let shared = Widget${t}()
  func start() { scheduleRefresh(); ${other}.shared.start() }
  func scheduleRefresh() { handle(1) }
  func handle(_ value: Int) { ${other}.shared.scheduleRefresh() }
  func refresh() { start() }
}
`;
  }
  return files;
}

const COORDINATOR = `${HEADER}
final class Coordinator {
  static let shared = Coordinator()

  func register() {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.refresh", using: nil) { task in
      self.handle(refresh: task as! BGAppRefreshTask)
    }
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.feed", using: nil) { task in
      Feed.shared.handle(task as! BGAppRefreshTask)
    }
  }

  func scheduleRefresh() {
    let request = BGAppRefreshTaskRequest(identifier: "com.example.refresh")
    request.earliestBeginDate = Date(timeIntervalSinceNow: 900)
    try? BGTaskScheduler.shared.submit(request)
  }

  private func handle(refresh task: BGAppRefreshTask) {
    scheduleRefresh()
    task.expirationHandler = { task.setTaskCompleted(success: false) }
    task.setTaskCompleted(success: true)
  }
}
`;

const FEED = `${HEADER}
final class Feed {
  static let shared = Feed()

  // Never submits the next feed refresh: the finding the look-alikes must not hide.
  func handle(_ task: BGAppRefreshTask) {
    task.expirationHandler = { task.setTaskCompleted(success: false) }
    Widget0.shared.refresh()
    task.setTaskCompleted(success: true)
  }
}
`;

const DELEGATE = `${HEADER}
@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    Coordinator.shared.register()
    Widget3.shared.start()
    return true
  }
}
`;

async function load(n: number) {
  const { files } = build({ 'App/AppDelegate.swift': DELEGATE, 'App/Coordinator.swift': COORDINATOR, 'App/Feed.swift': FEED, ...lookAlikes(n) });
  const ws = await Workspace.load({ roots: [ROOT], fs: new MemoryFileSystem(files) });
  return { ws, result: lint(ws, { rules: {} }) };
}

describe('name collisions across types', () => {
  it('reports the handler that never resubmits, and no launch path through a look-alike', async () => {
    const { result } = await load(80);
    const got = result.findings.map((f) => `${f.ruleId} ${f.file.slice(ROOT.length + 1)}:${f.range.start.line + 1}`);
    expect(got).toContain('refresh-not-rescheduled App/Feed.swift:8');
    // Widget3.shared.start() runs at launch, but it reaches Widget*.scheduleRefresh, never Coordinator's.
    expect(got.filter((g) => g.startsWith('submit-on-every-launch'))).toEqual([]);
  });

  it('parses a number of files that does not grow with the look-alikes', async () => {
    const small = await load(20);
    const large = await load(160);
    const extra = (ws: Workspace) => [...ws.parsed.keys()].filter((f) => f.includes('/Features/')).length;
    expect(extra(large.ws)).toBeLessThanOrEqual(extra(small.ws) + 2);
    expect(large.result.findings.map((f) => f.ruleId).sort()).toEqual(small.result.findings.map((f) => f.ruleId).sort());
  });

  it('reads a call’s receiver type from the bytes', () => {
    const at = (src: string) => receiverTypeAt(Buffer.from(src), src.indexOf('start'));
    expect(at('Widget.shared.start()')).toBe('Widget');
    expect(at('Widget.start()')).toBe('Widget');
    expect(at('  start()')).toBe('');
    expect(at('self.start()')).toBe('self');
    expect(at('model.start()')).toBeUndefined();
    expect(at('a.Widget.shared.start()')).toBeUndefined();
    expect(at('self.model.start()')).toBeUndefined();
  });
});
