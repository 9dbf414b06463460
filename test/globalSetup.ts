/**
 * Vitest global setup: the tests that run the built bundles (dist/cli.js as a process, dist/server.js over stdio, the
 * VSIX's client and webview) must not test a stale build. If any output in dist/ is older than the newest source it is
 * built from, this rebuilds it (`node esbuild.mjs`, a few seconds) and says so; with BGTASKS_NO_REBUILD=1 it fails
 * with the file that is newer instead. `npm test` builds first, so there this is a check that finds nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** What esbuild.mjs reads: every source tree it bundles, the files it copies, and its own configuration. */
const SOURCE_DIRS = ['server/src', 'client/src', 'media/src'];
const SOURCE_FILES = ['media/simulator.css', 'esbuild.mjs', 'package.json', 'vendor/tree-sitter-swift/tree-sitter-swift.wasm'];
/** What it writes. */
const OUTPUTS = ['dist/cli.js', 'dist/server.js', 'dist/client.js', 'dist/media/simulator.js', 'dist/media/simulator.css', 'dist/grammars/tree-sitter-swift.wasm'];

function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  const consider = (file: string) => {
    const m = statSync(file).mtimeMs;
    if (m > newest.mtimeMs) newest = { file, mtimeMs: m };
  };
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) consider(f);
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  for (const f of SOURCE_FILES) if (existsSync(path.join(ROOT, f))) consider(path.join(ROOT, f));
  return newest;
}

/** undefined when every output is at least as new as `src`; otherwise why not. */
function staleness(src: { file: string; mtimeMs: number }): string | undefined {
  for (const o of OUTPUTS) {
    const out = path.join(ROOT, o);
    if (!existsSync(out)) return `${o} does not exist`;
    const m = statSync(out).mtimeMs;
    if (m < src.mtimeMs) return `${o} is older than ${path.relative(ROOT, src.file)}`;
  }
  return undefined;
}

export default function setup(): void {
  const src = newestSource();
  const why = staleness(src);
  if (!why) return;
  if (process.env.BGTASKS_NO_REBUILD === '1') {
    throw new Error(`dist/ is stale (${why}). Run "npm run build" before the tests, or unset BGTASKS_NO_REBUILD to let the tests rebuild it.`);
  }
  console.log(`[globalSetup] dist/ is stale (${why}); rebuilding with "node esbuild.mjs"…`);
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`dist/ is stale (${why}) and "node esbuild.mjs" failed (exit ${String(r.status)}); fix the build, then run the tests.`);
  // Compared with the sources as they were when the build started (others may be editing meanwhile).
  const still = staleness(src);
  if (still) throw new Error(`dist/ is still stale after "node esbuild.mjs" (${still}).`);
}
