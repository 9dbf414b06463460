#!/usr/bin/env node
// Entry point of the e2e suite (package.json: "test:e2e": "node test/e2e/run.mjs").
//   1. test/e2e/setup-code-server.sh  (cached: ~1 s when already installed)
//   2. locate the VSIX: $BGTASKS_VSIX, else the newest *.vsix in the repo root (exported as BGTASKS_VSIX)
//   3. vitest run --config test/e2e/vitest.e2e.config.ts [extra args]
//   4. kill any code-server process group a crashed test left behind
// Flags: --selftest  run only the harness self-test (needs no bgtasks VSIX). Other arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const say = (msg) => console.log(`[test:e2e] ${msg}`);

let args = process.argv.slice(2);
const selftestOnly = args.includes('--selftest');
args = args.filter((a) => a !== '--selftest');

// 1. code-server + Debian packages
const tSetup = Date.now();
const setup = spawnSync('bash', [join(here, 'setup-code-server.sh')], { stdio: 'inherit' });
if (setup.status !== 0) {
  say(`setup-code-server.sh failed (exit ${setup.status ?? setup.signal})`);
  process.exit(setup.status || 1);
}
say(`setup: ${secs(tSetup)}`);

// 2. the VSIX under test
function newestVsix() {
  const found = readdirSync(repo)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => ({ f: join(repo, f), m: statSync(join(repo, f)).mtimeMs }))
    .sort((a, b) => b.m - a.m);
  return found[0];
}
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) max = Math.max(max, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return max;
}
let vsix = process.env.BGTASKS_VSIX ? resolve(process.env.BGTASKS_VSIX) : newestVsix()?.f;
if (vsix && !existsSync(vsix)) {
  say(`BGTASKS_VSIX points to a missing file: ${vsix}`);
  process.exit(1);
}
if (!vsix && !selftestOnly) {
  say('No VSIX to test. Build and package the extension first:');
  say('  npm run build && npx vsce package        (writes bgtasks-<version>.vsix in the repo root)');
  say('or point BGTASKS_VSIX at one. (`node test/e2e/run.mjs --selftest` runs only the harness self-test.)');
  process.exit(1);
}
if (vsix) {
  const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const dist = newestMtime(join(repo, 'dist'));
  say(`VSIX: ${relative(repo, vsix) || vsix} (package.json version ${version})`);
  if (dist > statSync(vsix).mtimeMs) {
    say(`WARNING: dist/ is newer than the VSIX — it may be stale; re-run \`npx vsce package\`.`);
  }
}

// 3. vitest
const pidDir = mkdtempSync(join(tmpdir(), 'bgt-e2e-pids-'));
const vitestArgs = ['run', '--config', join(here, 'vitest.e2e.config.ts'), ...args];
if (selftestOnly) vitestArgs.push('test/e2e/harness.selftest.e2e.ts');
const tTests = Date.now();
const res = spawnSync(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), ...vitestArgs], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, ...(vsix ? { BGTASKS_VSIX: vsix } : {}), BGTASKS_E2E_PID_DIR: pidDir },
});
say(`tests: ${secs(tTests)}`);

// 4. leaked servers (a test process killed before its finally blocks ran)
for (const f of readdirSync(pidDir)) {
  const pgid = Number(readFileSync(join(pidDir, f), 'utf8'));
  try {
    process.kill(-pgid, 'SIGKILL');
    say(`killed leaked code-server process group ${pgid}`);
  } catch {
    /* already gone */
  }
}
rmSync(pidDir, { recursive: true, force: true });

say(`total: ${secs(t0)}; screenshots and logs in ${relative(repo, join(repo, 'test-results/e2e'))}/`);
process.exit(res.status ?? 1);
