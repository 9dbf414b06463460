#!/usr/bin/env node
// Extension-host test suite runner (package.json: "test:vscode": "node test/vscode/run.mjs"). See test/vscode/README.md.
//
//   1. builds the extension (node esbuild.mjs → dist/) and bundles test/vscode/suite/*.ts into .cache/vscode-test/suite/
//   2. downloads VS Code with @vscode/test-electron: the oldest version package.json engines.vscode allows, and stable
//   3. per version, two runs on a fresh temp copy of examples/FilmTracker, each with a fresh user-data-dir and
//      extensions-dir and --disable-extensions: "trusted" (workspace trust off) and "restricted" (trust on, no startup
//      prompt, so the folder opens in Restricted Mode)
//   4. when VS Code cannot be downloaded (no network, as on this project's CI machines) it says so loudly, then runs
//      the same suite in the extension host of code-server 4.100.3 (VS Code 1.100.3, the e2e harness's cached install)
//      driven by headless Chromium — unless told not to. Nothing that did not run is reported as passed.
//
// Options (or environment):
//   --vscode-version <v>   repeatable; default: engines minimum and "stable"     (BGTASKS_VSCODE_VERSIONS="1.100.0,stable")
//   --mode <m>             trusted | restricted, repeatable; default both
//   --code-server          skip the download, run in code-server only
//   --no-fallback          no code-server fallback: exit 1 when VS Code cannot be downloaded  (BGTASKS_VSCODE_NO_FALLBACK=1)
//   --keep                 keep the temp dirs                                     (BGTASKS_VSCODE_KEEP=1)
// Exit code: 0 only when every run that was attempted ran its tests and all passed.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const say = (msg = '') => console.log(`[test:vscode] ${msg}`);
const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** How long the download server may stay silent before we call VS Code "not downloadable" (connect + first bytes). */
const CONNECT_TIMEOUT_MS = 20_000;
/** One VS Code / code-server run of the whole suite. */
const RUN_TIMEOUT_MS = 10 * 60_000;
const SUITE_OUT = join(repo, '.cache', 'vscode-test', 'suite');
const VSCODE_CACHE = join(repo, '.cache', 'vscode-test');
const ARTIFACTS = join(repo, 'test-results', 'vscode');
const EXAMPLE = join(repo, 'examples', 'FilmTracker');
const CODE_SERVER_VERSION = '4.100.3';
const CODE_SERVER_ENTRY = join(process.env.BGTASKS_E2E_CACHE ?? join(repo, '.cache', 'code-server'), CODE_SERVER_VERSION, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.BGTASKS_CHROMIUM ?? '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------------------------------
// arguments

const argv = process.argv.slice(2);
const opt = { versions: [], modes: [], codeServerOnly: false, fallback: !process.env.BGTASKS_VSCODE_NO_FALLBACK, keep: !!process.env.BGTASKS_VSCODE_KEEP };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const value = () => {
    const v = argv[++i];
    if (!v || v.startsWith('--')) {
      say(`${a} needs a value`);
      process.exit(2);
    }
    return v;
  };
  if (a === '--vscode-version') opt.versions.push(value());
  else if (a === '--mode') opt.modes.push(value());
  else if (a === '--code-server') opt.codeServerOnly = true;
  else if (a === '--no-fallback') opt.fallback = false;
  else if (a === '--keep') opt.keep = true;
  else {
    say(`unknown argument: ${a} (see the header of test/vscode/run.mjs)`);
    process.exit(2);
  }
}
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const engine = pkg.engines?.vscode ?? '';
const minVersion = /(\d+\.\d+\.\d+)/.exec(engine)?.[1];
if (!minVersion) {
  say(`cannot read the minimum VS Code version from package.json engines.vscode (${JSON.stringify(engine)})`);
  process.exit(2);
}
if (!opt.versions.length) opt.versions = process.env.BGTASKS_VSCODE_VERSIONS?.split(',').map((s) => s.trim()).filter(Boolean) ?? [minVersion, 'stable'];
if (!opt.modes.length) opt.modes = ['trusted', 'restricted'];
for (const m of opt.modes) {
  if (m !== 'trusted' && m !== 'restricted') {
    say(`--mode must be trusted or restricted, not ${m}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// 1. build

function build() {
  const t = Date.now();
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`node esbuild.mjs failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  say(`extension built (dist/) in ${secs(t)}`);
}

async function buildSuite() {
  const t = Date.now();
  const esbuild = await import('esbuild');
  rmSync(SUITE_OUT, { recursive: true, force: true });
  mkdirSync(SUITE_OUT, { recursive: true });
  await esbuild.build({
    entryPoints: [join(here, 'suite', 'index.ts'), join(here, 'suite', 'extension.exthost.ts')],
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // vscode: provided by the extension host. mocha: one instance shared by index.js and the test files, resolved
    // from the repository's node_modules (the suite is written inside the repository for that reason, and so that the
    // extension host treats it as part of the extension under development).
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  say(`suite bundled into ${relative(repo, SUITE_OUT)}/ in ${secs(t)}`);
}

// ---------------------------------------------------------------------------------------------------------------------
// shared per-run setup: temp root, workspace copy, settings, fake xcrun

function prepareRun(label, mode) {
  // Short path: VS Code and code-server put unix sockets under the user-data-dir (sun_path is limited to 107 bytes).
  const root = mkdtempSync(join(tmpdir(), 'bgt-vsc-'));
  const ud = join(root, 'ud');
  const extDir = join(root, 'ext');
  const ws = join(root, 'ws', 'FilmTracker');
  mkdirSync(join(ud, 'User'), { recursive: true });
  mkdirSync(join(ud, 'Machine'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  cpSync(EXAMPLE, ws, { recursive: true });

  // A fake xcrun that records every call: the suite checks whether a device command ran a program.
  const xcrunLog = join(root, 'xcrun-calls.log');
  const xcrun = join(root, 'bin', 'xcrun');
  mkdirSync(dirname(xcrun), { recursive: true });
  writeFileSync(xcrun, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${xcrunLog}'\necho 'fake xcrun (bgtasks extension-host tests)' >&2\nexit 1\n`);
  chmodSync(xcrun, 0o755);

  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'github.gitAuthentication': false,
    'remote.autoForwardPorts': false,
    'files.autoSave': 'off',
    // trusted: no trust checks at all; restricted: trust on, and no modal asking at startup → Restricted Mode.
    'security.workspace.trust.enabled': mode === 'restricted',
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    // Machine-scoped: read from user settings in a local window, from the Machine settings in a remote (code-server) one.
    'bgtasks.xcrunPath': xcrun,
  };
  writeFileSync(join(ud, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(ud, 'Machine', 'settings.json'), JSON.stringify({ 'bgtasks.xcrunPath': xcrun }, null, 2));

  const report = join(root, 'report.json');
  const env = {
    BGTASKS_VSCODE_TEST_MODE: mode,
    BGTASKS_VSCODE_TEST_REPORT: report,
    BGTASKS_VSCODE_FAKE_XCRUN_LOG: xcrunLog,
  };
  const finish = () => {
    const dest = join(ARTIFACTS, label);
    rmSync(dest, { recursive: true, force: true });
    if (existsSync(join(ud, 'logs'))) cpSync(join(ud, 'logs'), join(dest, 'vscode-logs'), { recursive: true });
    if (existsSync(report)) cpSync(report, join(dest, 'report.json'));
    if (opt.keep) say(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
  return { root, ud, extDir, ws, report, env, finish };
}

/** Reads the suite's JSON report; a run counts as passed only with exit code 0, a report, no failures and ≥ 1 pass. */
function judge(label, mode, exitCode, reportFile, extra = '') {
  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    say(`${label}: FAILED — the suite wrote no report (exit code ${exitCode}); it did not run or crashed before the end.${extra}`);
    return false;
  }
  for (const t of report.passed) say(`  ✓ ${t}`);
  for (const t of report.pending) say(`  - ${t} (pending)`);
  for (const f of report.failed) say(`  ✗ ${f.title}\n${f.error.replace(/^/gm, '      ')}`);
  const ok = exitCode === 0 && report.failed.length === 0 && report.passed.length > 0 && report.mode === mode;
  say(`${label}: ${ok ? 'passed' : 'FAILED'} — VS Code ${report.vscodeVersion}, ${report.passed.length} passed, ${report.failed.length} failed, exit code ${exitCode}${extra}`);
  return ok;
}

/** Kills a detached child's whole process group (VS Code / code-server with their extension hosts and language servers). */
function killGroup(child) {
  if (!child?.pid) return;
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// 2. VS Code desktop through @vscode/test-electron

function testElectronPlatform() {
  const a = arch();
  if (platform() === 'darwin') return a === 'arm64' ? 'darwin-arm64' : 'darwin';
  if (platform() === 'win32') return a === 'arm64' ? 'win32-arm64-archive' : 'win32-x64-archive';
  return a === 'arm64' ? 'linux-arm64' : a === 'arm' ? 'linux-armhf' : 'linux-x64';
}

/**
 * Download (or find in .cache/vscode-test) one VS Code version. Rejects if the update server gives no answer within
 * CONNECT_TIMEOUT_MS; once bytes flow, test-electron's own idle timeout (same value) applies.
 */
async function fetchVSCode(version) {
  const { download, ProgressReportStage } = await import('@vscode/test-electron');
  const urls = [];
  let abandoned = false;
  let timer;
  let lastPct = -10;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the VS Code update server within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  const reporter = {
    report(r) {
      if (abandoned) return;
      if (r.stage === ProgressReportStage.ResolvingCDNLocation) urls.push(r.url);
      else if (r.stage === ProgressReportStage.FoundMatchingInstall) {
        clearTimeout(timer);
        say(`VS Code ${version}: using ${relative(repo, r.downloadedPath)}`);
      } else if (r.stage === ProgressReportStage.Downloading) {
        clearTimeout(timer);
        const pct = r.totalBytes ? Math.floor((100 * r.bytesSoFar) / r.totalBytes) : 0;
        if (pct >= lastPct + 10) {
          lastPct = pct;
          say(`VS Code ${version}: downloading ${r.url} ${pct}%`);
        }
      } else if (r.stage === ProgressReportStage.Retrying) say(`VS Code ${version}: download failed (${r.error?.message ?? r.error}), retry ${r.attempt}/${r.totalAttempts}`);
      else if (r.stage === ProgressReportStage.NewInstallComplete) say(`VS Code ${version}: installed in ${relative(repo, r.downloadedPath)}`);
    },
    error() {},
  };
  try {
    return await Promise.race([
      download({ version, cachePath: VSCODE_CACHE, reporter, timeout: CONNECT_TIMEOUT_MS, extensionDevelopmentPath: repo }),
      deadline,
    ]);
  } catch (e) {
    abandoned = true;
    const err = new Error(e instanceof Error ? e.message : String(e));
    err.urls = urls;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Linux without a display: wrap in xvfb-run when available. */
function displayWrapper() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return [];
  if (spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0) return ['xvfb-run', '-a'];
  return null;
}

async function runDesktop(executable, version, mode) {
  const label = `vscode-${version}-${mode}`;
  const run = prepareRun(label, mode);
  const t = Date.now();
  say(`${label}: starting VS Code (${executable})`);
  const args = [
    run.ws,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-extensions',
    `--user-data-dir=${run.ud}`,
    `--extensions-dir=${run.extDir}`,
    `--extensionDevelopmentPath=${repo}`,
    `--extensionTestsPath=${join(SUITE_OUT, 'index.js')}`,
    // @vscode/test-electron's runTests() always adds --disable-workspace-trust, which would make the Restricted Mode
    // run impossible; this runner spawns VS Code itself (the same arguments otherwise) and adds it only when trusted.
    ...(mode === 'trusted' ? ['--disable-workspace-trust'] : []),
  ];
  const wrap = displayWrapper() ?? [];
  const env = { ...process.env, ...run.env };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  const [cmd, ...cmdArgs] = [...wrap, executable, ...args];
  const child = spawn(cmd, cmdArgs, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  child.stdout.on('data', (d) => process.stdout.write(d));
  child.stderr.on('data', (d) => process.stderr.write(d));
  let timer;
  const code = await new Promise((res) => {
    timer = setTimeout(() => {
      say(`${label}: no result after ${RUN_TIMEOUT_MS / 60_000} min; killing VS Code`);
      killGroup(child);
      res('timeout');
    }, RUN_TIMEOUT_MS);
    child.on('error', (e) => {
      say(`${label}: could not start VS Code: ${e.message}`);
      res('spawn-error');
    });
    child.on('exit', (c, s) => res(c ?? s));
  });
  clearTimeout(timer);
  killGroup(child); // leftovers (language server) of a host that exited
  const ok = judge(label, mode, code, run.report, ` (${secs(t)})`);
  run.finish();
  return ok;
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. fallback: the same suite in code-server's extension host

/**
 * code-server serves VS Code's web workbench; its Node extension host runs on this machine. The workbench reads
 * extension-development options from the `payload` URL parameter (what "Developer: Open Extension Development Host"
 * uses in remote windows): extensionDevelopmentPath and extensionTestsPath, as vscode-remote URIs. When the tests end,
 * the workbench calls window.codeAutomationExit(code) — the hook @vscode/test-web uses — which we expose with Playwright.
 */
async function ensureCodeServer() {
  if (existsSync(CODE_SERVER_ENTRY)) return true;
  say(`code-server ${CODE_SERVER_VERSION} is not installed; running test/e2e/setup-code-server.sh (cached after the first run)`);
  const r = spawnSync('bash', [join(repo, 'test/e2e/setup-code-server.sh')], { stdio: 'inherit' });
  return r.status === 0 && existsSync(CODE_SERVER_ENTRY);
}

async function runCodeServer(browser, mode) {
  const label = `code-server-${CODE_SERVER_VERSION}-${mode}`;
  const run = prepareRun(label, mode);
  const t = Date.now();
  const config = join(run.root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const env = { ...process.env, ...run.env, XDG_DATA_HOME: join(run.root, 'xdg-data'), XDG_CONFIG_HOME: join(run.root, 'xdg-config') };
  const args = [
    CODE_SERVER_ENTRY,
    '--config', config,
    '--user-data-dir', run.ud,
    '--extensions-dir', run.extDir,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    ...(mode === 'trusted' ? ['--disable-workspace-trust'] : []),
  ];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let exited;
  const consoleLines = [];
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const serverExit = new Promise((res) => child.on('exit', (c, s) => res((exited = `code-server exited (${c ?? s})`))));
  const context = await browser.newContext();
  let code;
  try {
    const url = await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`code-server did not listen within 60 s:\n${output.slice(-2000)}`)), 60_000);
      const check = () => {
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        } else if (exited) {
          clearTimeout(timer);
          rej(new Error(`${exited} before listening:\n${output.slice(-2000)}`));
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', check);
      check();
    });
    const authority = new URL(url).host;
    const remote = (p) => `vscode-remote://${authority}${p.split('\\').join('/')}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(join(SUITE_OUT, 'index.js'))],
    ]);
    // "listening" is printed once the socket listens, so a request now waits in the backlog until it is answered:
    // one request, awaited, confirms the server serves.
    const health = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(60_000) }).then((r) => r.status, (e) => String(e));
    if (health !== 200) throw new Error(`${url}healthz did not answer 200 (${exited ?? health}):\n${output.slice(-2000)}`);
    const page = await context.newPage();
    let resolveDone;
    const done = new Promise((res) => (resolveDone = res));
    await page.exposeFunction('codeAutomationExit', (c) => resolveDone(c));
    // The page console (the extension host's console arrives there as unformatted log lines) goes to the artifacts.
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    say(`${label}: ${url} — workbench with the suite as extension tests`);
    await page.goto(`${url}?folder=${encodeURIComponent(run.ws)}&payload=${encodeURIComponent(payload)}`, { timeout: 120_000 });
    let timer;
    code = await Promise.race([
      done,
      serverExit,
      new Promise((res) => {
        timer = setTimeout(() => res(`no result after ${RUN_TIMEOUT_MS / 60_000} min`), RUN_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  } catch (e) {
    code = `error: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    await context.close().catch(() => undefined);
    killGroup(child);
    mkdirSync(join(run.ud, 'logs'), { recursive: true });
    writeFileSync(join(run.ud, 'logs', 'code-server.log'), output);
    writeFileSync(join(run.ud, 'logs', 'page-console.log'), consoleLines.join('\n'));
  }
  const ok = judge(label, mode, code, run.report, ` (${secs(t)})`);
  run.finish();
  return ok;
}

// ---------------------------------------------------------------------------------------------------------------------
// main

function notRunBanner(failures) {
  const p = testElectronPlatform();
  const line = '='.repeat(100);
  const out = ['', line, '  THE EXTENSION-HOST SUITE DID NOT RUN IN VS CODE DESKTOP' + (failures.length < opt.versions.length ? ' FOR EVERY REQUESTED VERSION.' : '.')];
  for (const { version, err } of failures) {
    out.push(`  VS Code ${version} could not be downloaded by @vscode/test-electron: ${err.message}`);
    const urls = new Set([...(err.urls ?? []), 'https://update.code.visualstudio.com/api/releases/stable?released=true']);
    if (version !== 'stable' && version !== 'insiders') urls.add(`https://update.code.visualstudio.com/${version}/${p}/stable`);
    out.push(`    needs: ${[...urls].join('\n           ')}`);
  }
  out.push(
    `  On a machine that reaches update.code.visualstudio.com, \`npm run test:vscode\` downloads VS Code once into`,
    `  .cache/vscode-test/ and runs the suite there (see test/vscode/README.md). What covers the same ground here:`,
    `    - \`npm run test:e2e\`: the packaged VSIX in code-server (VS Code 1.100.3) driven by Chromium: Problems panel,`,
    `      quick fixes, hover, simulator, Restricted Mode (docs/e2e.md);`,
    opt.fallback
      ? `    - next: this same mocha suite in code-server's extension host (VS Code 1.100.3 server build, Node extension host,`
      : `    - this runner's code-server fallback (turned off by --no-fallback / BGTASKS_VSCODE_NO_FALLBACK).`,
  );
  if (opt.fallback) out.push(`      not the desktop Electron app). Pass --no-fallback to stop here with exit code 1 instead.`);
  out.push(line, '');
  console.log(out.join('\n'));
}

process.on('SIGINT', () => process.exit(130));

build();
await buildSuite();

const results = [];
const notDownloaded = [];
if (!opt.codeServerOnly) {
  for (const version of opt.versions) {
    let exe;
    try {
      exe = await fetchVSCode(version);
    } catch (e) {
      notDownloaded.push({ version, err: e });
      continue;
    }
    if (displayWrapper() === null) {
      say('VS Code needs a display: set DISPLAY, or install xvfb (apt-get install xvfb) so the runner can use xvfb-run.');
      process.exit(1);
    }
    for (const mode of opt.modes) results.push({ label: `VS Code ${version} ${mode}`, ok: await runDesktop(exe, version, mode) });
  }
}

if (notDownloaded.length) notRunBanner(notDownloaded);

if (opt.codeServerOnly || (notDownloaded.length && opt.fallback)) {
  if (!(await ensureCodeServer())) {
    say(`code-server ${CODE_SERVER_VERSION} is not available (test/e2e/setup-code-server.sh failed): the suite did NOT run in it.`);
    results.push({ label: `code-server ${CODE_SERVER_VERSION}: not available`, ok: false });
  } else if (!existsSync(CHROMIUM)) {
    say(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set BGTASKS_CHROMIUM): the suite did NOT run in code-server.`);
    results.push({ label: `code-server ${CODE_SERVER_VERSION}: no Chromium`, ok: false });
  } else {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      for (const mode of opt.modes) results.push({ label: `code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3 extension host) ${mode}`, ok: await runCodeServer(browser, mode) });
    } finally {
      await browser.close();
    }
  }
}

say('');
for (const r of results) say(`${r.ok ? 'PASS' : 'FAIL'}  ${r.label}`);
for (const { version } of notDownloaded) say(`NOT RUN  VS Code ${version} desktop (not downloadable)`);
const failed = results.filter((r) => !r.ok).length;
say(`total ${secs(t0)}; logs and reports in ${relative(repo, ARTIFACTS)}/`);
if (notDownloaded.length && !opt.fallback) {
  say(`exit 1: the suite did not run in ${notDownloaded.map((f) => `VS Code ${f.version}`).join(', ')} and the code-server fallback is off.`);
  process.exit(1);
}
if (notDownloaded.length && !failed) say(`NOTE: exit 0 comes from code-server's extension host; VS Code desktop did not run (see above).`);
process.exit(failed || !results.length ? 1 : 0);
