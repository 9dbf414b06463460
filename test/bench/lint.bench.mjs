// Cold whole-process `bgtasks lint` on the generated 2,000-file workspace: wall time (median of runs) and peak RSS,
// and a check that the lint stays correct (the three seeded mistakes, nothing else).
//   node test/bench/lint.bench.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { CLI } from './dist.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RSS = path.resolve(here, 'rss.cjs');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 7;

export function runLintBench() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-lint-bench-'));
  try {
    const { files, bytes } = generate(dir, 2000);
    const walls = [];
    const rss = [];
    let report;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['-r', RSS, CLI, 'lint', dir, '--format', 'json'], { encoding: 'utf8' });
      walls.push(performance.now() - t);
      rss.push(Number(/maxRSS=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
      report = JSON.parse(r.stdout);
    }
    const got = report.findings.map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}`).sort();
    const want = ['missing-expiration-handler MaintenanceWorker.swift:6', 'missing-set-task-completed UploadWorker.swift:8', 'submit-on-every-launch BackgroundScheduler.swift:28', 'unused-permitted-identifier BackgroundScheduler.swift:15'].sort();
    const correct = JSON.stringify(got) === JSON.stringify(want);
    walls.sort((a, b) => a - b);
    return { files, megabytes: +(bytes / 1e6).toFixed(1), runs: RUNS, wallMsMedian: Math.round(walls[Math.floor(RUNS / 2)]), wallMsMin: Math.round(walls[0]), peakRssMB: Math.round(Math.max(...rss)), correct, findings: got };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(runLintBench(), null, 2));
