/** The vendored Swift grammar is the reproducible patched build and parses modern Swift cleanly, repeatedly. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';

const WASM = path.resolve(__dirname, '../../vendor/tree-sitter-swift/tree-sitter-swift.wasm');
const SHA256 = '34304c280303f1b77915a4af4cc44745bd71fef7893bd5a553f6c6370f05cc54';

const MODERN = `import BackgroundTasks
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        if #available(iOS 17.0, *) {
            BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.app.refresh", using: nil) { task in
                self.handle(task as! BGAppRefreshTask)
            }
        }
        let action = #selector(AppDelegate.didTap(_:))
        #if DEBUG
        print("debug", action)
        #else
        print("release")
        #endif
        let label = if launchOptions == nil { "cold" } else { "warm" }
        let kind = switch label { case "cold": 1 default: 2 }
        print(label, kind)
        return true
    }

    @objc func didTap(_ sender: Any) {}

    func handle(_ task: BGAppRefreshTask) {
        guard #available(iOS 16, *) else { task.setTaskCompleted(success: false); return }
        task.setTaskCompleted(success: true)
    }
}
`;

describe('vendored tree-sitter-swift', () => {
  it('is the reproducible patched build', () => {
    expect(createHash('sha256').update(readFileSync(WASM)).digest('hex')).toBe(SHA256);
    // The build copies exactly this file into dist/grammars.
    const built = path.resolve(__dirname, '../../dist/grammars/tree-sitter-swift.wasm');
    expect(createHash('sha256').update(readFileSync(built)).digest('hex')).toBe(SHA256);
  });

  it('parses #available, #selector, #if and if/switch expressions with no ERROR node, five times in one process', async () => {
    const parser = await getParser('swift');
    for (let i = 0; i < 5; i++) {
      const r = parseWith(parser, MODERN);
      if ('error' in r) throw new Error(r.error);
      const errors = r.tree.rootNode.descendantsOfType('ERROR').length;
      const hasError = r.tree.rootNode.hasError;
      r.tree.delete();
      expect({ run: i, errors, hasError }).toEqual({ run: i, errors: 0, hasError: false });
    }
  });

  const rebuild = process.env.BGTASKS_REBUILD_GRAMMAR === '1' && existsSync('/usr/bin/emcc');
  // Opt-in: the rebuild takes minutes and needs emscripten and the npm registry; the checksum above runs always.
  it.runIf(rebuild)('build.sh reproduces the committed file (BGTASKS_REBUILD_GRAMMAR=1 and emscripten present)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-grammar-'));
    try {
      const out = path.join(dir, 'swift.wasm');
      execFileSync('bash', [path.resolve(__dirname, '../../vendor/tree-sitter-swift/build.sh'), out], { stdio: 'pipe' });
      expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(SHA256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
