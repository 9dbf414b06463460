// Scaling of app.json findings with fixes (issue 15 item 14): an Expo app.json with n permitted ids, none used, so
// every id is a finding with a removal fix. Near-linear means the time per id stays flat as n doubles.
//   node esbuild.mjs && node test/bench/appjson-fixes.mjs [n n …]
// BGTASKS_DIST=<folder with cli.js> measures another build (for before/after numbers).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDist, CLI } from './dist.mjs';

checkDist();
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
console.log('| ids | time (s) | findings with a fix | ms per id |');
console.log('|-----|----------|---------------------|-----------|');
for (const n of sizes.length ? sizes : [2000, 4000, 8000, 16000]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-appjson-'));
  const ids = Array.from({ length: n }, (_, i) => `com.example.app.t${i}`);
  writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ expo: { name: 'x', ios: { bundleIdentifier: 'com.example.app', infoPlist: { BGTaskSchedulerPermittedIdentifiers: ids, UIBackgroundModes: ['fetch'] } } } }, null, 2));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', dependencies: { expo: '^52.0.0' } }));
  writeFileSync(path.join(dir, 'App.tsx'), "import * as TaskManager from 'expo-task-manager';\nexport default function App() { return null; }\n");
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'lint', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  let fixed;
  try {
    fixed = String(JSON.parse(r.stdout).findings.filter((f) => f.fixes?.length).length);
  } catch {
    fixed = `exit ${r.status}: ${(r.stderr || '').split('\n')[0]}`;
  }
  console.log(`| ${n} | ${s.toFixed(2)} | ${fixed} | ${((s * 1000) / n).toFixed(3)} |`);
}
