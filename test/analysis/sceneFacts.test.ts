/** Scene life-cycle facts found on the Swift tree during extraction (background spots, scene-phase arms, simulator facts). */
import { describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';
import { swiftSceneFacts } from '../../server/src/analysis/swift/backgroundSpots';

async function factsOf(src: string) {
  const r = parseWith(await getParser('swift'), src);
  if (!('tree' in r)) throw new Error(r.error);
  try {
    return swiftSceneFacts(r.tree.rootNode, src, '    ');
  } finally {
    r.tree.delete();
  }
}

const app = `import SwiftUI

@main
struct NotesApp: App {
    @Environment(\\.scenePhase) private var scenePhase
    var body: some Scene {
        WindowGroup { RootView() }
            .onChange(of: scenePhase) { phase in
                switch phase {
                case .background:
                    Store.shared.flush()
                    // keep the cache warm
                case .active:
                    Store.shared.reload()
                default:
                    break
                }
            }
    }
}
`;

describe('swiftSceneFacts', () => {
  it('finds nothing (and walks nothing) in a file without scene, delegate or progress vocabulary', async () => {
    expect(await factsOf('struct A { func f() { print("x") } }\n')).toBeUndefined();
  });

  it('places a statement at the end of the .background arm, with the arm\'s indentation', async () => {
    const f = (await factsOf(app))!;
    expect(f.backgroundSpots).toHaveLength(1);
    const spot = f.backgroundSpots[0];
    expect(spot).toMatchObject({ kind: 'scene-phase', indent: ' '.repeat(20) });
    // The arm's body runs to its last line (the comment), not into the next case.
    expect(app.slice(0, spot.offset).endsWith('// keep the cache warm')).toBe(true);
    expect(spot.body.trim().split('\n')[0].trim()).toBe('Store.shared.flush()');
  });

  it('gives each scene-phase closure its arms in order', async () => {
    const f = (await factsOf(app))!;
    expect(f.scenePhaseChanges).toHaveLength(1);
    const [change] = f.scenePhaseChanges;
    expect(change.arms.map((a) => a.phase)).toEqual(['background', 'active']);
    const reload = app.indexOf('Store.shared.reload');
    expect(change.arms.filter((a) => a.at <= reload).pop()?.phase).toBe('active');
    expect(app[change.span.start]).toBe('{');
    expect(app[change.span.end]).toBe('}');
  });

  it('uses `if phase == .background { … }` only when the condition is that comparison alone', async () => {
    const src = app.replace(/switch phase \{[\s\S]*?\n {16}\}\n/, 'if phase == .background {\n                    Store.shared.flush()\n                }\n                if phase == .active && ready {\n                    Store.shared.reload()\n                }\n');
    const f = (await factsOf(src))!;
    expect(f.backgroundSpots.map((s) => s.body.trim())).toEqual(['Store.shared.flush()']);
    expect(f.backgroundSpots[0].indent).toBe(' '.repeat(20));
    expect(f.scenePhaseChanges[0].arms.map((a) => a.phase)).toEqual(['background', 'active']);
  });

  it('skips an arm that ends by leaving it (an appended statement would never run)', async () => {
    const f = (await factsOf(app.replace('// keep the cache warm', 'return')))!;
    expect(f.backgroundSpots).toEqual([]);
  });

  it('finds the delegate callbacks with the type that declares them, braces decided by the tree', async () => {
    const src = `import UIKit

class SceneDelegate: UIResponder, UIWindowSceneDelegate {
    func sceneDidEnterBackground(_ scene: UIScene) {
        let s = "}{" // braces in strings and comments: { not code
        save(s)
    }
}

extension AppDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
    }
}
`;
    const f = (await factsOf(src))!;
    expect(f.backgroundSpots.map((s) => ({ kind: s.kind, owner: s.owner, indent: s.indent, label: s.label }))).toEqual([
      { kind: 'scene-delegate', owner: 'SceneDelegate', indent: '        ', label: 'sceneDidEnterBackground(_:)' },
      { kind: 'app-delegate', owner: 'AppDelegate', indent: '        ', label: 'applicationDidEnterBackground(_:)' },
    ]);
    expect(src.slice(0, f.backgroundSpots[0].offset).endsWith('save(s)')).toBe(true);
    // An empty body: the statement goes right after its `{`.
    expect(src[f.backgroundSpots[1].offset - 1]).toBe('{');
  });

  it('reads protectionTypeOfRequiredData assignments and progress reporting written as code', async () => {
    const src = `import BackgroundTasks

func schedule() {
    let request = BGHealthResearchTaskRequest(identifier: "com.example.study")
    request.protectionTypeOfRequiredData = .completeUnlessOpen
    // task.progress is not reported here
}

func handle(_ task: BGContinuedProcessingTask) {
    task.progress.completedUnitCount = 1
}
`;
    const f = (await factsOf(src))!;
    expect(f.dataProtection.map((d) => d.value)).toEqual(['completeUnlessOpen']);
    const refs = f.progressRefs.map((r) => src.slice(r.start, r.end));
    expect(refs).toEqual(['.progress', 'completedUnitCount']);
    expect(f.progressRefs.every((r) => r.start > src.indexOf('func handle'))).toBe(true);
  });
});
