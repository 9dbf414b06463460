// `npm run bench`: every benchmark, one after the other (they compete for the CPU otherwise), then a summary.
// Benchmarks measure; they do not pass or fail. Numbers and how to read them: docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLintBench } from './lint.bench.mjs';
import { runLspBench } from './lsp.bench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cpus = (await import('node:os')).cpus().length;
console.log(`node ${process.version}, ${cpus} CPUs, load ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);

console.log('\n== bgtasks lint, cold process, generated 2,000-file workspace (target ≤ 500 ms, ≤ 200 MB)');
console.log(JSON.stringify(runLintBench(), null, 2));

console.log('\n== language server: index 2,000 files, then keystrokes in a ~3,000-line file (targets: p99 ≤ 10 ms, RSS ≤ 150 MB)');
console.log(JSON.stringify(await runLspBench(), null, 2));

console.log('\n== scheduler simulator, 20 tasks × 30 days (target ≤ 50 ms)');
spawnSync(process.execPath, [path.join(here, 'simulator.bench.mjs')], { stdio: 'inherit' });
