// `npm run bench`: every benchmark, one after the other (they compete for the CPU otherwise), then a summary.
// Benchmarks measure; they do not pass or fail. Numbers and how to read them: docs/benchmarks.md.
//   node test/bench/run.mjs [--field [mirrors root]]
// BGTASKS_DIST=<dir> benchmarks another build (default: dist/). Real apps (issue 11) run when mirrors exist
// ($BGTASKS_FIELD_ROOT, or the root given after --field); the generated name-collision workspace always runs.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from './dist.mjs';
import { benchCollisions, benchFolder, fieldApps, table } from './field.bench.mjs';
import { runLintBench } from './lint.bench.mjs';
import { runLspBench, runLspFolderBench } from './lsp.bench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fieldAt = process.argv.indexOf('--field');
const fieldRoot = fieldAt > 0 && process.argv[fieldAt + 1] && !process.argv[fieldAt + 1].startsWith('--') ? process.argv[fieldAt + 1] : process.env.BGTASKS_FIELD_ROOT;
const apps = fieldApps(fieldRoot);
if (fieldAt > 0 && !apps.length) {
  console.error('--field: no app mirrors found; pass their root (--field /path/to/mirrors) or set BGTASKS_FIELD_ROOT (apps: BGTASKS_FIELD_APPS=a,b,c)');
  process.exit(2);
}
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`node ${process.version}, ${os.cpus().length} CPUs, load ${load()}, build ${DIST}`);

console.log('\n== bgtasks lint, cold process, generated 2,000-file workspace (target ≤ 500 ms, ≤ 200 MB)');
console.log(JSON.stringify(runLintBench(), null, 2));

console.log('\n== language server: index 2,000 files, then keystrokes in a ~3,000-line file (targets: p99 ≤ 10 ms, RSS ≤ 150 MB)');
console.log(JSON.stringify(await runLspBench(), null, 2));

console.log('\n== scheduler simulator, 20 tasks × 30 days (target ≤ 50 ms)');
spawnSync(process.execPath, [path.join(here, 'simulator.bench.mjs')], { stdio: 'inherit' });

console.log(`\n== real shapes: bgtasks lint vs ast-grep, alternating cold runs (target ratio ≤ 0.5, RSS ≤ 200 MB)${apps.length ? '' : ' — collision workspace only (no app mirrors: --field / BGTASKS_FIELD_ROOT)'}`);
const field = [benchCollisions()];
for (const dir of apps) {
  console.log(`   ${path.basename(dir)} (load ${load()})`);
  field.push(benchFolder(dir));
}
console.log(JSON.stringify(field, (k, v) => (k === 'log' ? undefined : v), 2));
console.log(table(field));

if (apps.length) {
  // The language server on the largest mirrored app (targets: first diagnostics ≤ 2 s, workspace ≤ 5 s, p99 ≤ 10 ms, RSS ≤ 200 MB).
  const largest = field.slice(1).sort((a, b) => b.swiftFiles - a.swiftFiles)[0];
  console.log(`\n== language server on ${largest.name} (${largest.swiftFiles} Swift files), 500 edits inside a function + 500 at the end of a file (load ${load()})`);
  console.log(JSON.stringify(await runLspFolderBench(largest.dir, { edits: 500 }), null, 2));
}
