/**
 * End-to-end harness: the packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven by
 * headless Chromium through playwright-core. How it works, pitfalls and timings: docs/e2e.md.
 *
 * Rules every helper follows:
 *  - no fixed sleeps: every wait is on a DOM condition, a page event, a log line or an HTTP answer, with a generous
 *    timeout and an error that says what was awaited and what was last seen;
 *  - act like a user (keyboard shortcuts, quick input, clicks), read what a user sees (DOM), except where noted
 *    (editorText uses the clipboard, extension activation is read from the extension-host log);
 *  - processes are killed by process group on stop(), and also when the test process exits.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';

// ---------------------------------------------------------------------------------------------------------------------
// Paths and timeouts

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE_DIR = process.env.BGTASKS_E2E_CACHE ?? join(REPO_ROOT, '.cache', 'code-server');
export const CODE_SERVER_ENTRY = join(CACHE_DIR, CODE_SERVER_VERSION, 'node_modules/code-server/out/node/entry.js');
export const ARTIFACTS_DIR = process.env.BGTASKS_E2E_ARTIFACTS ?? join(REPO_ROOT, 'test-results', 'e2e');
export const CHROMIUM_PATH = process.env.BGTASKS_CHROMIUM ?? '/usr/bin/chromium';

/** Multiply every timeout, e.g. BGTASKS_E2E_TIMEOUT_SCALE=3 on a slow machine. */
const SCALE = Number(process.env.BGTASKS_E2E_TIMEOUT_SCALE ?? '1') || 1;
export const TIMEOUTS = {
  /** code-server process: install an extension, start listening. */
  server: 60_000 * SCALE,
  /** From page.goto to a workbench whose extension host has finished its startup activations. */
  workbench: 120_000 * SCALE,
  /** A UI reaction (quick input shown, editor opened, widget shown). */
  ui: 20_000 * SCALE,
  /** Something the extension computes (diagnostics, code actions, hovers, webviews). */
  extension: 60_000 * SCALE,
};

// ---------------------------------------------------------------------------------------------------------------------
// Small waiting primitives (no blind sleeps: these poll a condition and fail with a message naming it)

export class E2EWaitError extends Error {
  override name = 'E2EWaitError';
}

/** Thrown from a pollUntil probe to stop waiting at once (the awaited thing can no longer happen). */
export class E2EAbort extends Error {
  override name = 'E2EAbort';
}

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Poll `probe` until it returns a value other than undefined/false. `describe` renders the last probe result into the
 * error message. The interval is the polling period of a condition check, not a sleep standing in for one.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  opts: { timeout?: number; interval?: number; describe?: () => string } = {},
): Promise<T> {
  const timeout = opts.timeout ?? TIMEOUTS.ui;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
      lastError = undefined;
    } catch (e) {
      if (e instanceof E2EAbort) throw e;
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const last = opts.describe?.();
      throw new E2EWaitError(
        `Timed out after ${timeout} ms waiting for ${what}` +
          (last ? `\n  last seen: ${last}` : '') +
          (lastError ? `\n  last error: ${String((lastError as Error)?.message ?? lastError)}` : ''),
      );
    }
    await tick(opts.interval ?? 100);
  }
}

/** Re-throw Playwright timeouts with the name of the awaited condition in front. */
async function awaiting<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const msg = String((e as Error)?.message ?? e).split('\n').slice(0, 6).join('\n  ');
    throw new E2EWaitError(`Failed waiting for ${what}:\n  ${msg}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// code-server process

export interface StartOptions {
  /** VSIX file(s) to install with --install-extension into this run's fresh extensions dir. */
  vsix: string | string[];
  /** Folder to open. Copied into the run's temp dir first (unless copyWorkspace is false) so tests never touch the repo. */
  workspace: string;
  /**
   * true: workspace trust disabled (everything trusted). false: trust enabled, no startup prompt, so the folder opens
   * in Restricted Mode.
   */
  trust: boolean;
  /** Extra user settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Default true. */
  copyWorkspace?: boolean;
  /** Name for artifacts (server logs under test-results/e2e/logs/<label>). */
  label?: string;
  /** Extra environment for the server and its extension host. */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  port: number;
  pid: number;
  trust: boolean;
  /** The folder actually opened (the temp copy unless copyWorkspace was false). */
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** stdout+stderr of the server so far. */
  output(): string;
  /** Kill the server's process group, keep its logs as artifacts, remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Settings written into every run's fresh user-data-dir: quiet, deterministic, offline. */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.editor.enablePreview': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'editor.minimap.enabled': false,
  'workbench.tree.enableStickyScroll': false,
  'remote.autoForwardPorts': false,
  'files.autoSave': 'off',
  'problems.defaultViewMode': 'tree',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Process groups still alive; killed synchronously if the test process exits without stop(). One set and one exit
 * hook per process, even when vitest loads this module once per test file.
 */
const LIVE_KEY = Symbol.for('bgtasks.e2e.liveGroups');
const liveGroups: Set<number> = ((globalThis as Record<symbol, unknown>)[LIVE_KEY] as Set<number> | undefined) ??
  (() => {
    const set = new Set<number>();
    (globalThis as Record<symbol, unknown>)[LIVE_KEY] = set;
    process.on('exit', () => {
      for (const pgid of set) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
    return set;
  })();

function run(cmd: string, args: string[], opts: { timeout: number; env?: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number; output: string }>((res) => {
    execFile(cmd, args, { timeout: opts.timeout, env: opts.env, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      res({ code, output: `${stdout}${stderr}${err && !stdout && !stderr ? String(err) : ''}` });
    });
  });
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(
      `code-server is not installed at ${CODE_SERVER_ENTRY}.\n` +
        `Run test/e2e/setup-code-server.sh (npm run test:e2e does it), or set BGTASKS_E2E_CACHE to the cache dir.`,
    );
  }
  const vsixes = (Array.isArray(opts.vsix) ? opts.vsix : [opts.vsix]).map((v) => resolve(v));
  for (const v of vsixes) if (!existsSync(v)) throw new Error(`VSIX not found: ${v}`);
  if (!existsSync(opts.workspace)) throw new Error(`workspace folder not found: ${opts.workspace}`);

  const label = sanitize(opts.label ?? `${opts.trust ? 'trusted' : 'untrusted'}-${basename(opts.workspace)}`);
  // Short path: code-server puts a unix socket in the user-data-dir (sun_path is limited to 107 bytes).
  const root = await mkdtemp(join(tmpdir(), 'bgt-e2e-'));
  const userDataDir = join(root, 'ud');
  const extensionsDir = join(root, 'ext');
  const configFile = join(root, 'config.yaml');
  let workspace = resolve(opts.workspace);
  let child: ChildProcess | undefined;
  let output = '';
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child?.pid) await killGroup(child);
    await saveLogs(label, root, output).catch(() => undefined);
    if (!process.env.BGTASKS_E2E_KEEP) await rm(root, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    if (opts.copyWorkspace !== false) {
      const copy = join(root, 'ws', basename(workspace));
      await cp(workspace, copy, { recursive: true, filter: (src) => !/[\\/](node_modules|\.git)$/.test(src) });
      workspace = copy;
    }
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await mkdir(extensionsDir, { recursive: true });
    // An explicit config file: otherwise code-server writes ~/.config/code-server/config.yaml with a password.
    await writeFile(configFile, 'auth: none\ncert: false\n');
    const settings = {
      ...DEFAULT_SETTINGS,
      'security.workspace.trust.enabled': !opts.trust,
      ...opts.settings,
    };
    await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    // XDG dirs inside the run: code-server keeps a heartbeat and logs in XDG_DATA_HOME/code-server otherwise.
    const env = {
      ...process.env,
      XDG_DATA_HOME: join(root, 'xdg-data'),
      XDG_CONFIG_HOME: join(root, 'xdg-config'),
      ...opts.env,
    };
    if (vsixes.length) {
      const install = await run(
        process.execPath,
        [CODE_SERVER_ENTRY, ...common, ...vsixes.flatMap((v) => ['--install-extension', v])],
        { timeout: TIMEOUTS.server, env },
      );
      output += install.output;
      const installed = (install.output.match(/was successfully installed/g) ?? []).length;
      if (install.code !== 0 || installed !== vsixes.length) {
        throw new Error(`code-server --install-extension failed (exit ${install.code}):\n${install.output}`);
      }
    }

    // Port 0: the kernel picks a free port and code-server prints it, so there is no pick-then-bind race.
    child = spawn(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        ...common,
        '--auth', 'none',
        '--bind-addr', '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        workspace,
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    const pid = child.pid;
    if (!pid) throw new Error('failed to spawn code-server');
    liveGroups.add(pid);
    await registerPidFile(pid);
    let exited: string | undefined;
    child.on('exit', (code, signal) => {
      exited = `exited with code ${code} signal ${signal}`;
    });
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.length > 1_000_000) output = output.slice(-500_000);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);

    const url = await pollUntil(
      'code-server to print "HTTP server listening on …"',
      () => {
        if (exited) throw new E2EAbort(`code-server ${exited} before listening:\n${output}`);
        return output.match(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
      },
      { timeout: TIMEOUTS.server, describe: () => output.slice(-2000) },
    );
    // Listening is printed once the socket listens, so a request now waits in the backlog until it is answered:
    // one awaited request confirms the server serves.
    const health = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(TIMEOUTS.server) }).then((r) => r.status, (e: unknown) => String(e));
    if (health !== 200) throw new E2EWaitError(`${url}healthz did not answer 200 (${exited ?? health}):\n${output.slice(-2000)}`);

    return {
      url,
      port: Number(new URL(url).port),
      pid,
      trust: opts.trust,
      workspace,
      userDataDir,
      extensionsDir,
      output: () => output,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** SIGTERM the whole process group (server + extension host + language servers), SIGKILL what is left. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pgid = child.pid!;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  await pollUntil('code-server process group to exit after SIGTERM', () => !alive(), { timeout: 5_000 }).catch(() => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  await pollUntil(`process group ${pgid} to disappear after SIGKILL`, () => !alive(), { timeout: 5_000 }).catch(
    () => undefined,
  );
  liveGroups.delete(pgid);
  await unregisterPidFile(pgid);
}

/** test/e2e/run.mjs sets BGTASKS_E2E_PID_DIR and kills any group still listed there when vitest ends. */
async function registerPidFile(pgid: number) {
  const dir = process.env.BGTASKS_E2E_PID_DIR;
  if (dir) await writeFile(join(dir, `${pgid}.pgid`), String(pgid)).catch(() => undefined);
}
async function unregisterPidFile(pgid: number) {
  const dir = process.env.BGTASKS_E2E_PID_DIR;
  if (dir) await rm(join(dir, `${pgid}.pgid`), { force: true }).catch(() => undefined);
}

async function saveLogs(label: string, root: string, output: string) {
  const dest = join(ARTIFACTS_DIR, 'logs', label);
  await rm(dest, { recursive: true, force: true });
  await mkdir(dest, { recursive: true });
  await writeFile(join(dest, 'code-server.log'), output);
  const logs = join(root, 'ud', 'logs');
  if (existsSync(logs)) await cp(logs, join(dest, 'vscode-logs'), { recursive: true });
}

/** Remote extension-host logs of this server (one per window load). */
async function extHostLogs(server: CodeServer): Promise<string[]> {
  const logs = join(server.userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const out: string[] = [];
  for (const session of await readdir(logs)) {
    const sdir = join(logs, session);
    for (const sub of await readdir(sdir).catch(() => [] as string[])) {
      if (/^exthost\d+$/.test(sub)) {
        const f = join(sdir, sub, 'remoteexthost.log');
        if (existsSync(f)) out.push(f);
      }
    }
  }
  return out.sort();
}

/**
 * Wait until the extension host logged the activation of `extensionId` (publisher.name), e.g. after opening a file
 * that matches its activation events. Returns the log line (it names the activation event). The line is written when
 * activate() is called; an activation that already failed aborts the wait, a later failure shows up in
 * extensionHostErrors() (which step() appends to its failure message).
 */
export async function waitForExtensionActivated(
  server: CodeServer,
  extensionId: string,
  opts: { timeout?: number } = {},
): Promise<string> {
  const needle = `ExtensionService#_doActivateExtension ${extensionId},`;
  let seen = '';
  return pollUntil(
    `extension ${extensionId} to be activated (line "${needle}" in the remote extension-host log)`,
    async () => {
      for (const f of await extHostLogs(server)) {
        const text = await readFile(f, 'utf8');
        seen = text.split('\n').filter((l) => l.includes('_doActivateExtension')).slice(-8).join('\n    ');
        const line = text.split('\n').find((l) => l.includes(needle));
        if (line) return line;
        const failed = text.split('\n').find((l) => l.includes(`Activating extension ${extensionId} failed`));
        if (failed) throw new E2EAbort(`extension ${extensionId} failed to activate: ${failed}`);
      }
      return undefined;
    },
    { timeout: opts.timeout ?? TIMEOUTS.extension, interval: 200, describe: () => seen || '(no activations logged)' },
  );
}

/** Error lines (with the 3 lines after each, usually the stack) from this server's remote extension-host logs. */
export async function extensionHostErrors(server: CodeServer): Promise<string[]> {
  const out: string[] = [];
  for (const f of await extHostLogs(server)) {
    const lines = (await readFile(f, 'utf8').catch(() => '')).split('\n');
    lines.forEach((l, i) => {
      if (/^\S+ \S+ \[error\]/.test(l)) out.push(lines.slice(i, i + 4).join('\n'));
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Browser and workbench

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set BGTASKS_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const pageLogs = new WeakMap<Page, string[]>();
const pageTimings = new WeakMap<Page, Record<string, number>>();
/** The folder each workbench page opened (absolute), to report workspace-relative problem paths. */
const pageFolders = new WeakMap<Page, string>();
/** The server behind each workbench page, to add extension-host errors to step failures. */
const pageServers = new WeakMap<Page, CodeServer>();

/** Milliseconds from page.goto to each readiness signal openWorkbench waited for (for docs and slow-CI triage). */
export function workbenchTimings(page: Page): Record<string, number> {
  return { ...(pageTimings.get(page) ?? {}) };
}

export interface OpenWorkbenchOptions {
  viewport?: { width: number; height: number };
  /** Also wait until this extension (publisher.name) has been activated (needs a CodeServer, not a bare URL). */
  extensionId?: string;
  timeout?: number;
}

/**
 * Open `folder` (default: the server's workspace) in a new browser context and wait until the workbench is usable:
 *  1. `.monaco-workbench` is in the DOM;
 *  2. the workbench performance mark `code/didLoadExtensions` exists (extensions scanned and registered, extension
 *     host launched; the workbench records these marks with performance.mark);
 *  3. (when given a CodeServer) the new remote extension host logged "Eager extensions activated", i.e. it finished
 *     its startup activations; and, with `extensionId`, that extension was activated.
 */
export async function openWorkbench(
  browser: Browser,
  server: CodeServer | string,
  folder?: string,
  opts: OpenWorkbenchOptions = {},
): Promise<Page> {
  const url = typeof server === 'string' ? server : server.url;
  const dir = folder ?? (typeof server === 'string' ? undefined : server.workspace);
  if (!dir) throw new Error('openWorkbench: no folder given');
  const timeout = opts.timeout ?? TIMEOUTS.workbench;
  const logsBefore = typeof server === 'string' ? [] : await extHostLogs(server);

  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 960 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUTS.ui);
  const log: string[] = [];
  pageLogs.set(page, log);
  pageFolders.set(page, resolve(dir).replace(/\\/g, '/').replace(/\/$/, ''));
  if (typeof server !== 'string') pageServers.set(page, server);
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));

  const timings: Record<string, number> = {};
  pageTimings.set(page, timings);
  try {
    const t0 = Date.now();
    const mark = (name: string) => {
      timings[name] = Date.now() - t0;
      log.push(`[harness] ${name} after ${timings[name]} ms`);
    };
    await awaiting(`navigation to ${url}`, page.goto(`${url}?folder=${encodeURIComponent(dir)}`, { timeout }));
    mark('loaded');
    await awaiting('.monaco-workbench', page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout }));
    mark('workbench');
    await awaiting(
      'the workbench performance mark code/didLoadExtensions',
      page.waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions').length > 0, undefined, {
        timeout: Math.max(1, timeout - (Date.now() - t0)),
        polling: 100,
      }),
    );
    mark('didLoadExtensions');
    if (typeof server !== 'string') {
      let lastLog = '';
      await pollUntil(
        'a new remote extension host to log "Eager extensions activated"',
        async () => {
          for (const f of await extHostLogs(server)) {
            if (logsBefore.includes(f)) continue;
            lastLog = await readFile(f, 'utf8');
            if (lastLog.includes('Eager extensions activated')) return true;
          }
          return undefined;
        },
        {
          timeout: Math.max(1, timeout - (Date.now() - t0)),
          interval: 200,
          describe: () => lastLog.split('\n').slice(-10).join('\n    ') || '(no new extension-host log yet)',
        },
      );
      mark('eagerExtensionsActivated');
      if (opts.extensionId) {
        await waitForExtensionActivated(server, opts.extensionId, { timeout });
        mark('extensionActivated');
      }
    }
    return page;
  } catch (e) {
    await screenshot(page, `openWorkbench-failure-${Date.now()}`).catch(() => undefined);
    await closeWorkbench(page).catch(() => undefined);
    throw e;
  }
}

/** Close the page's browser context; writes the page console log to test-results/e2e/logs/<name>-console.log. */
export async function closeWorkbench(page: Page, name?: string): Promise<void> {
  const log = pageLogs.get(page);
  if (name && log) {
    await mkdir(join(ARTIFACTS_DIR, 'logs'), { recursive: true });
    await writeFile(join(ARTIFACTS_DIR, 'logs', `${sanitize(name)}-console.log`), log.join('\n'));
  }
  await page.context().close();
}

/** Console messages of the workbench page so far (for assertions or debugging). */
export function consoleLog(page: Page): string[] {
  return [...(pageLogs.get(page) ?? [])];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${sanitize(name)}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * One user-visible step of a scenario: runs `fn`, then saves `<name>.png`; on failure saves `<name>-FAILED.png` and
 * re-throws with the step name. Durations go to the page console log artifact and to stdout.
 */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    const result = await fn();
    await screenshot(page, name);
    const msg = `[harness] step ${name}: ${Date.now() - t0} ms`;
    pageLogs.get(page)?.push(msg);
    console.log(msg);
    return result;
  } catch (e) {
    await screenshot(page, `${name}-FAILED`).catch(() => undefined);
    const server = pageServers.get(page);
    const errors = server ? (await extensionHostErrors(server).catch(() => [])).slice(-5) : [];
    if (e instanceof Error) {
      e.message =
        `step "${name}" failed after ${Date.now() - t0} ms: ${e.message}` +
        (errors.length ? `\n  extension-host errors (last ${errors.length}):\n    ${errors.join('\n    ')}` : '');
    }
    throw e;
  }
}

/**
 * Start a server, open its workspace in a new browser context, run `fn`, and always clean up (console log saved as
 * test-results/e2e/logs/<label>-console.log, server process group killed, temp dir removed).
 */
export async function withWorkbench<T>(
  browser: Browser,
  start: StartOptions,
  fn: (ctx: { server: CodeServer; page: Page }) => Promise<T>,
  open: OpenWorkbenchOptions = {},
): Promise<T> {
  const server = await startCodeServer(start);
  try {
    const page = await openWorkbench(browser, server, undefined, open);
    try {
      return await fn({ server, page });
    } finally {
      await closeWorkbench(page, start.label ?? `${start.trust ? 'trusted' : 'untrusted'}-${basename(start.workspace)}`);
    }
  } finally {
    await server.stop();
  }
}

function sanitize(name: string) {
  return name.replace(/[^\w.-]+/g, '_').slice(0, 120);
}

// ---------------------------------------------------------------------------------------------------------------------
// Quick input (Ctrl+P, F1, Ctrl+G)

const QUICK_INPUT = '.quick-input-widget';

/**
 * Press `key` until the quick-input widget is visible. Right after load a keystroke can be swallowed (the keybinding
 * service is not listening yet), so a key press that produced no widget is repeated; nothing is typed before the
 * widget and its input are there.
 */
async function openQuickInput(page: Page, key: string, prefix: string): Promise<Locator> {
  const widget = page.locator(QUICK_INPUT);
  const input = widget.locator('input.input');
  const deadline = Date.now() + TIMEOUTS.ui;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await widget.waitFor({ state: 'visible', timeout: Math.min(3_000 * attempt, Math.max(1, deadline - Date.now())) });
      await input.waitFor({ state: 'visible', timeout: TIMEOUTS.ui });
      // The provider is identified by the prefix VS Code puts into the input (">" for commands, ":" for go to line).
      await page.waitForFunction(
        ([sel, p]) => {
          const el = document.querySelector(sel) as HTMLInputElement | null;
          return !!el && el.value.startsWith(p) && document.activeElement === el;
        },
        [`${QUICK_INPUT} input.input`, prefix] as const,
        { timeout: TIMEOUTS.ui, polling: 50 },
      );
      return input;
    } catch (e) {
      if (Date.now() >= deadline) {
        throw new E2EWaitError(`Pressed ${key} ${attempt}× but the quick input (prefix "${prefix}") did not open: ${e}`);
      }
      pageLogs.get(page)?.push(`[harness] ${key} produced no quick input (attempt ${attempt}); pressing again`);
    }
  }
}

async function closeQuickInput(page: Page) {
  const widget = page.locator(QUICK_INPUT);
  if (await widget.isVisible()) {
    await page.keyboard.press('Escape');
    await awaiting('the quick input to close', widget.waitFor({ state: 'hidden' }));
  }
}

interface QuickRow {
  index: number;
  focused: boolean;
  label: string;
  description: string;
  aria: string;
}

async function quickRows(page: Page): Promise<QuickRow[]> {
  return page.$$eval(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, (rows) =>
    rows.map((r) => ({
      index: Number(r.getAttribute('data-index')),
      focused: r.classList.contains('focused'),
      label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
      aria: r.getAttribute('aria-label') ?? '',
    })),
  );
}

/**
 * Wait for a quick-input row that `pick` accepts, move the keyboard focus to it (arrow keys), check that the focused
 * row is still an accepted one (results can re-sort while file search streams in), press Enter, and wait for the
 * widget to close. Returns the chosen row.
 */
async function chooseQuickRow(
  page: Page,
  pick: (r: QuickRow) => boolean,
  what: string,
  timeout: number,
): Promise<QuickRow> {
  let rows: QuickRow[] = [];
  const chosen = await pollUntil(
    what,
    async () => {
      rows = await quickRows(page);
      const target = rows.find(pick);
      if (!target) return undefined;
      await selectFocusedRow(page, `${QUICK_INPUT} .quick-input-list`, target.index, what);
      const focused = (await quickRows(page)).find((r) => r.focused);
      return focused && pick(focused) ? focused : undefined;
    },
    { timeout, describe: () => JSON.stringify(rows.map((r) => (r.description ? `${r.label} — ${r.description}` : r.label))) },
  ).catch(async (e) => {
    await closeQuickInput(page).catch(() => undefined);
    throw e;
  });
  await page.keyboard.press('Enter');
  await awaiting(`the quick input to close after choosing ${what}`, page.locator(QUICK_INPUT).waitFor({ state: 'hidden' }));
  return chosen;
}

// ---------------------------------------------------------------------------------------------------------------------
// Files and editor

/**
 * Open a workspace file like a user: Ctrl+P, type the workspace-relative path, choose the row whose name and folder
 * match, then wait for its editor tab to be active and its text to be rendered.
 */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const rel = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const name = posix.basename(rel);
  const dir = posix.dirname(rel) === '.' ? '' : posix.dirname(rel);
  const input = await openQuickInput(page, 'Control+P', '');
  await input.fill(rel);
  const dirMatches = (d: string) => (dir === '' ? d === '' || d === '.' : d === dir || d.endsWith(`/${dir}`) || d.endsWith(` ${dir}`));
  await chooseQuickRow(page, (r) => r.label === name && dirMatches(r.description), `quick open to list ${rel}`, TIMEOUTS.extension);
  await awaiting(
    `an active editor tab for ${name}`,
    page.waitForFunction(
      (n) => {
        const tab = document.querySelector('.editor-group-container.active .tab.active');
        return tab?.getAttribute('data-resource-name') === n;
      },
      name,
      { timeout: TIMEOUTS.ui, polling: 100 },
    ),
  );
  await awaiting(
    `the editor of ${name} to render its text and take focus`,
    page.waitForFunction(
      () => {
        const ed = document.querySelector('.editor-group-container.active .monaco-editor');
        return !!ed && !!ed.querySelector('.view-lines .view-line') && ed.classList.contains('focused');
      },
      undefined,
      { timeout: TIMEOUTS.ui, polling: 100 },
    ),
  );
}

export interface Position {
  /** 1-based, as shown in the status bar. */
  line: number;
  /** 1-based, as shown in the status bar. */
  column: number;
}

/** "Ln 3, Col 7" from the status bar of the active editor. */
export async function cursorPosition(page: Page): Promise<Position> {
  const text = await awaiting(
    'the status bar cursor position (is a text editor active?)',
    page.locator('[id="status.editor.selection"]').innerText({ timeout: TIMEOUTS.ui }),
  );
  const m = text.match(/Ln (\d+), Col (\d+)/);
  if (!m) throw new Error(`unexpected status bar position text: ${text}`);
  return { line: Number(m[1]), column: Number(m[2]) };
}

/** Move the cursor of the active editor with Go to Line (Ctrl+G, ":line:column"), confirmed by the status bar. */
export async function gotoPosition(page: Page, pos: Position): Promise<void> {
  const input = await openQuickInput(page, 'Control+G', ':');
  await input.fill(`:${pos.line}:${pos.column}`);
  await page.keyboard.press('Enter');
  await awaiting('Go to Line to close', page.locator(QUICK_INPUT).waitFor({ state: 'hidden' }));
  const want = `Ln ${pos.line}, Col ${pos.column}`;
  await awaiting(
    `the status bar to show "${want}" (is the position inside the document?)`,
    page.waitForFunction(
      (w) => document.getElementById('status.editor.selection')?.textContent?.trim().startsWith(w) ?? false,
      want,
      { timeout: TIMEOUTS.ui, polling: 50 },
    ),
  );
}

/** Give keyboard focus to the active editor group's editor (View: Focus Active Editor Group). */
async function focusEditor(page: Page) {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await awaiting('an active text editor', editor.waitFor({ state: 'visible' }));
  if (!(await editor.evaluate((e) => e.classList.contains('focused')))) {
    await runCommand(page, 'View: Focus Active Editor Group');
    await awaiting(
      'the active editor to take focus',
      page.waitForFunction(
        () => !!document.querySelector('.editor-group-container.active .monaco-editor.focused'),
        undefined,
        { polling: 50 },
      ),
    );
  }
}

/**
 * The full text of the active editor's model, unsaved edits included.
 *
 * Method: Select All + Copy, then read the clipboard (permissions granted by openWorkbench). Monaco renders only the
 * visible lines, so the DOM cannot give the whole text of a longer file, and the workbench exposes no model API in the
 * page. A sentinel is written to the clipboard first so the read waits until the copy really happened. The cursor is
 * put back where it was (via Go to Line) afterwards.
 */
export async function editorText(page: Page): Promise<string> {
  await focusEditor(page);
  const pos = await cursorPosition(page);
  const sentinel = `__bgtasks_e2e_${Date.now()}_${Math.random()}__`;
  await page.evaluate((s) => navigator.clipboard.writeText(s), sentinel);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  const text = await pollUntil(
    'the editor text to reach the clipboard after Ctrl+A, Ctrl+C',
    async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t === sentinel ? undefined : t;
    },
    { timeout: TIMEOUTS.ui },
  );
  await gotoPosition(page, pos);
  return text;
}

/** The lines Monaco currently renders for the active editor (what is on screen), top to bottom. */
export async function visibleEditorLines(page: Page): Promise<string[]> {
  return page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line', (lines) =>
    lines
      .map((l) => ({ top: parseFloat((l as HTMLElement).style.top) || 0, text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** Save the active editor (Ctrl+S) and wait until its tab is no longer dirty. */
export async function saveActiveEditor(page: Page): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+S');
  await awaiting(
    'the active editor tab to lose its dirty mark after Ctrl+S',
    page.waitForFunction(
      () => {
        const tab = document.querySelector('.editor-group-container.active .tab.active');
        return !!tab && !tab.classList.contains('dirty');
      },
      undefined,
      { polling: 100 },
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Problems panel

export interface Problem {
  /** File name as shown by the Problems tree (its resource row). */
  file: string;
  /** Path of that file relative to the opened folder (posix separators), or absolute when outside it. */
  path: string;
  severity: 'error' | 'warning' | 'info' | string;
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
  /** The whole row text: "message source(code) [Ln l, Col c]". */
  text: string;
}

export interface ProblemsSnapshot {
  count: number;
  /** One per problem: `${severity}: ${message} [${source}(${code})] ${path}:${line}:${column}`. */
  texts: string[];
  problems: Problem[];
}

/** Show the Problems panel (Ctrl+Shift+M) unless it is already visible; that shortcut toggles. */
export async function showProblems(page: Page): Promise<void> {
  const panel = page.locator('.markers-panel');
  if (await panel.isVisible()) return;
  const deadline = Date.now() + TIMEOUTS.ui;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Shift+M');
    try {
      await panel.waitFor({ state: 'visible', timeout: Math.min(3_000 * attempt, Math.max(1, deadline - Date.now())) });
      return;
    } catch (e) {
      if (Date.now() >= deadline) throw new E2EWaitError(`Pressed Ctrl+Shift+M ${attempt}× but .markers-panel did not show: ${e}`);
    }
  }
}

interface RawRow {
  index: number;
  level: number;
  last: boolean;
  aria: string;
  file: string;
  resource: string;
  severity: string;
  message: string;
  source: string;
  code: string;
  lineText: string;
}

async function renderedProblemRows(page: Page): Promise<RawRow[]> {
  // Direct children of .monaco-list-rows only: the sticky-scroll header repeats a resource row with the same index.
  return page.$$eval('.markers-panel .monaco-list-rows > .monaco-list-row', (rows) =>
    rows.map((r) => {
      const t = (sel: string) => (r.querySelector(sel)?.textContent ?? '').trim();
      const icon = r.querySelector('.marker-icon');
      const severity = icon ? (['error', 'warning', 'info'].find((s) => icon.classList.contains(s)) ?? 'unknown') : '';
      return {
        index: Number(r.getAttribute('data-index')),
        level: Number(r.getAttribute('aria-level')),
        last: r.getAttribute('data-last-element') === 'true',
        aria: r.getAttribute('aria-label') ?? '',
        file: t('.label-name'),
        resource: r.querySelector('.resource-label-container .monaco-icon-label')?.getAttribute('aria-label') ?? '',
        severity,
        message: t('.marker-message'),
        source: t('.marker-source'),
        code: t('.marker-code'),
        lineText: t('.marker-line'),
      };
    }),
  );
}

/** Total shown on the Problems tab badge ("Total N Problems"), 0 when the badge is hidden. */
async function problemsBadge(page: Page): Promise<number> {
  return page.evaluate(() => {
    for (const b of Array.from(document.querySelectorAll('.part.panel .badge'))) {
      const m = (b.getAttribute('aria-label') ?? '').match(/^Problems\b.*Total (\d+) Problems?/);
      if (m) return (b as HTMLElement).style.display === 'none' ? 0 : Number(m[1]);
    }
    return 0;
  });
}

/**
 * Read every problem from the Problems panel. The tree is virtualised (only visible rows are in the DOM), so rows are
 * collected by data-index while scrolling the list with the mouse wheel until index 0 … the row marked
 * data-last-element have all been seen. The read is repeated until its count equals the tab badge total, so a panel
 * that is still catching up with new diagnostics is not reported half-updated.
 */
export async function readProblems(page: Page): Promise<ProblemsSnapshot> {
  await showProblems(page);
  let last = '';
  return pollUntil(
    'the Problems panel to be consistent with its badge',
    async () => {
      const snap = await readProblemsOnce(page);
      const badge = await problemsBadge(page);
      last = `badge ${badge}, rows ${snap.count}: ${JSON.stringify(snap.texts.slice(0, 5))}`;
      return snap.count === badge ? snap : undefined;
    },
    { timeout: TIMEOUTS.ui, describe: () => last },
  );
}

async function readProblemsOnce(page: Page): Promise<ProblemsSnapshot> {
  const seen = new Map<number, RawRow>();
  const list = page.locator('.markers-panel .monaco-list').first();
  const add = (rows: RawRow[]) => rows.forEach((r) => seen.set(r.index, r));
  add(await renderedProblemRows(page));
  const complete = () => {
    if (seen.size === 0) return true; // empty tree
    const lastIdx = [...seen.values()].find((r) => r.last)?.index;
    if (lastIdx === undefined) return false;
    for (let i = 0; i <= lastIdx; i++) if (!seen.has(i)) return false;
    return true;
  };
  const box = complete() ? null : await list.boundingBox();
  if (box) {
    // Wheel events are handled on the next animation frame: after each one, wait until the rows really moved.
    // (Deltas of one viewport: Monaco ignored a single huge wheel delta here.)
    const indexes = () =>
      page.$$eval('.markers-panel .monaco-list-rows > .monaco-list-row', (rs) => rs.map((r) => Number(r.getAttribute('data-index'))));
    const rowsMoved = (dir: 'up' | 'down', ref: number) =>
      page
        .waitForFunction(
          ([d, a]) => {
            const idx = Array.from(document.querySelectorAll('.markers-panel .monaco-list-rows > .monaco-list-row')).map((r) =>
              Number(r.getAttribute('data-index')),
            );
            return d === 'up' ? Math.min(...idx) < a : Math.max(...idx) > a;
          },
          [dir, ref] as const,
          { timeout: 5_000, polling: 'raf' },
        )
        .then(() => true)
        .catch(() => false);
    const step = Math.max(40, box.height - 44);
    const toTop = async () => {
      for (let guard = 0; guard < 1000; guard++) {
        const min = Math.min(...(await indexes()));
        if (min === 0) return;
        await page.mouse.wheel(0, -step);
        if (!(await rowsMoved('up', min))) throw new E2EWaitError(`Problems list did not scroll up from row ${min}`);
      }
    };
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await toTop();
    seen.clear();
    add(await renderedProblemRows(page));
    for (let guard = 0; guard < 1000 && !complete(); guard++) {
      const before = Math.max(...(await indexes()));
      await page.mouse.wheel(0, step);
      const moved = await rowsMoved('down', before);
      add(await renderedProblemRows(page));
      if (!moved) break;
    }
    await toTop();
    // Park the pointer on the panel's title row so no row tooltip covers later screenshots.
    await page.mouse.move(box.x + box.width / 2, Math.max(0, box.y - 30));
  }
  const rows = [...seen.values()].sort((a, b) => a.index - b.index);
  const problems: Problem[] = [];
  const folder = pageFolders.get(page);
  let file = '';
  let path = '';
  for (const r of rows) {
    if (r.level === 1) {
      file = r.file;
      path = folder && r.resource.startsWith(`${folder}/`) ? r.resource.slice(folder.length + 1) : r.resource || r.file;
    } else if (r.level === 2 && r.severity) {
      const m = r.lineText.match(/Ln (\d+), Col (\d+)/);
      problems.push({
        file,
        path,
        severity: r.severity,
        message: r.message,
        source: r.source,
        code: r.code,
        line: m ? Number(m[1]) : 0,
        column: m ? Number(m[2]) : 0,
        text: `${r.severity}: ${r.message} [${r.source}${r.code ? `(${r.code})` : ''}] ${path}:${m?.[1] ?? '?'}:${m?.[2] ?? '?'}`,
      });
    }
  }
  return { count: problems.length, texts: problems.map((p) => p.text), problems };
}

/** Poll the Problems panel until `predicate` holds; the error shows the last snapshot. */
export async function waitForProblems(
  page: Page,
  predicate: (s: ProblemsSnapshot) => boolean,
  opts: { timeout?: number; what?: string } = {},
): Promise<ProblemsSnapshot> {
  let last: ProblemsSnapshot | undefined;
  return pollUntil(
    `Problems panel: ${opts.what ?? predicate.toString()}`,
    async () => {
      last = await readProblems(page);
      return predicate(last) ? last : undefined;
    },
    {
      timeout: opts.timeout ?? TIMEOUTS.extension,
      interval: 250,
      describe: () => (last ? `count ${last.count}: ${JSON.stringify(last.texts, null, 1)}` : '(never read)'),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Commands, notifications

/** Titles the command palette lists for `query` (what a user would see), then closes the palette. */
export async function listCommands(page: Page, query: string): Promise<string[]> {
  const input = await openQuickInput(page, 'F1', '>');
  await input.fill(`>${query}`);
  // Settled when the palette says nothing matches, or when the listed rows (which VS Code matches fuzzily, so they
  // need not contain every query word) stay the same over three consecutive reads.
  let rows: QuickRow[] = [];
  let previous = '';
  let stable = 0;
  await pollUntil(
    `the command palette to filter for "${query}"`,
    async () => {
      rows = await quickRows(page);
      if (rows.length === 0 && (await page.evaluate(() => /No matching commands/i.test(document.querySelector('.quick-input-widget')?.textContent ?? '')))) return true;
      const now = JSON.stringify(rows.map((r) => r.label));
      stable = now === previous && rows.length > 0 ? stable + 1 : 0;
      previous = now;
      return stable >= 2;
    },
    { describe: () => JSON.stringify(rows.map((r) => r.label)) },
  );
  await closeQuickInput(page);
  return rows.map((r) => r.label);
}

/** Run a command from the palette like a user: F1, type the title, choose the row whose title matches exactly. */
export async function runCommand(page: Page, title: string, opts: { timeout?: number } = {}): Promise<void> {
  const input = await openQuickInput(page, 'F1', '>');
  await input.fill(`>${title}`);
  await chooseQuickRow(
    page,
    (r) => r.label === title,
    `the command palette to list "${title}" (absent, or hidden by a when clause?)`,
    opts.timeout ?? TIMEOUTS.ui,
  );
}

/** Wait for a notification toast whose message matches; returns its message text. */
export async function waitForNotification(
  page: Page,
  match: string | RegExp,
  opts: { timeout?: number } = {},
): Promise<string> {
  let seen: string[] = [];
  return pollUntil(
    `a notification matching ${match}`,
    async () => {
      seen = await page.$$eval('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message', (els) =>
        els.map((e) => (e.textContent ?? '').trim()),
      );
      return seen.find((t) => (typeof match === 'string' ? t.includes(match) : match.test(t)));
    },
    { timeout: opts.timeout ?? TIMEOUTS.extension, describe: () => JSON.stringify(seen) },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Quick fix and hover

const ACTION_WIDGET = '.action-widget';

/**
 * Put the cursor at `pos`, press Ctrl+. and choose the code action whose title matches. Retries Ctrl+. while the
 * editor answers "No code actions available" (diagnostics/code actions may still be on their way). Returns the title.
 */
export async function triggerQuickFix(page: Page, pos: Position, titleMatch: string | RegExp): Promise<string> {
  await gotoPosition(page, pos);
  const matches = (t: string) => (typeof titleMatch === 'string' ? t.includes(titleMatch) : titleMatch.test(t));
  let titles: string[] = [];
  const deadline = Date.now() + TIMEOUTS.extension;
  for (;;) {
    await page.keyboard.press('Control+.');
    const outcome = await page
      .waitForFunction(
        (sel) => {
          const w = document.querySelector(sel) as HTMLElement | null;
          if (w && w.offsetParent !== null && w.querySelector('.monaco-list-row')) return 'widget';
          const msg = document.querySelector('.monaco-editor .monaco-editor-overlaymessage');
          if (msg && /No code actions/i.test(msg.textContent ?? '')) return 'none';
          return false;
        },
        ACTION_WIDGET,
        { timeout: Math.max(1, deadline - Date.now()), polling: 50 },
      )
      .then((h) => h.jsonValue() as Promise<string>)
      .catch(() => 'timeout');
    if (outcome === 'widget') {
      const rows = await page.$$eval(`${ACTION_WIDGET} .monaco-list-row.action`, (rs) =>
        rs.map((r) => ({
          index: Number(r.getAttribute('data-index')),
          title: (r.getAttribute('aria-label') || r.textContent || '').trim(),
        })),
      );
      titles = rows.map((r) => r.title);
      const target = rows.find((r) => matches(r.title));
      if (target) {
        // Keyboard, like a user: clicks are swallowed by the context view's pointer block until the mouse moves.
        await selectFocusedRow(page, `${ACTION_WIDGET} .monaco-list`, target.index, `code action "${target.title}"`);
        await page.keyboard.press('Enter');
        await awaiting('the code action menu to close', page.locator(ACTION_WIDGET).waitFor({ state: 'hidden' }));
        return target.title;
      }
    }
    if (outcome === 'timeout' || Date.now() >= deadline) {
      throw new E2EWaitError(
        `No code action matching ${titleMatch} at ${pos.line}:${pos.column} within ${TIMEOUTS.extension} ms` +
          `\n  last menu: ${JSON.stringify(titles)} (last outcome: ${outcome})`,
      );
    }
    // Menu without the wanted action, or "No code actions available": close it and ask again.
    await page.keyboard.press('Escape');
    await page
      .waitForFunction(
        (sel) => {
          const w = document.querySelector(sel) as HTMLElement | null;
          return !w || w.offsetParent === null;
        },
        ACTION_WIDGET,
        { timeout: TIMEOUTS.ui, polling: 50 },
      )
      .catch(() => undefined);
    await page
      .locator('.monaco-editor .monaco-editor-overlaymessage')
      .waitFor({ state: 'detached', timeout: TIMEOUTS.ui })
      .catch(() => undefined);
  }
}

/** Move a list's keyboard focus with the arrow keys until row `index` is focused. */
async function selectFocusedRow(page: Page, listSelector: string, index: number, what: string) {
  const focused = () =>
    page.evaluate((sel) => {
      const r = document.querySelector(`${sel} .monaco-list-row.focused`);
      return r ? Number(r.getAttribute('data-index')) : -1;
    }, listSelector);
  for (let guard = 0; guard < 100; guard++) {
    const now = await focused();
    if (now === index) return;
    await page.keyboard.press(now < index ? 'ArrowDown' : 'ArrowUp');
    await awaiting(
      `keyboard focus to move off row ${now} towards ${what}`,
      page.waitForFunction(
        ([sel, n]) => {
          const r = document.querySelector(`${sel} .monaco-list-row.focused`);
          return !!r && Number(r.getAttribute('data-index')) !== n;
        },
        [listSelector, now] as const,
        { polling: 'raf' },
      ),
    );
  }
  throw new E2EWaitError(`could not move keyboard focus to ${what}`);
}

/**
 * Put the cursor at `pos`, show the hover with the keyboard (Ctrl+K Ctrl+I, "Show or Focus Hover") and return its
 * text once it has content (not "Loading…") — and, with `match`, once it matches.
 */
export async function hoverAt(page: Page, pos: Position, opts: { match?: string | RegExp; timeout?: number } = {}): Promise<string> {
  await gotoPosition(page, pos);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  let text = '';
  return pollUntil(
    `a hover at ${pos.line}:${pos.column}${opts.match ? ` matching ${opts.match}` : ''}`,
    async () => {
      text = await page.evaluate(() => {
        const hovers = Array.from(document.querySelectorAll('.monaco-editor .monaco-hover')) as HTMLElement[];
        const h = hovers.find((e) => !e.classList.contains('hidden') && e.offsetParent !== null);
        return h ? h.innerText.trim() : '';
      });
      if (!text || /^Loading\W*$/.test(text)) return undefined;
      if (opts.match && !(typeof opts.match === 'string' ? text.includes(opts.match) : opts.match.test(text))) return undefined;
      return text;
    },
    { timeout: opts.timeout ?? TIMEOUTS.extension, describe: () => JSON.stringify(text) },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// Webviews and workspace trust

/**
 * The frame of a webview whose DOM satisfies `predicate` (a CSS selector that must exist, or a function). VS Code
 * nests each webview's content in an inner iframe; page.frames() lists nested frames too.
 */
export async function webviewFrame(
  page: Page,
  predicate: string | ((frame: Frame) => Promise<boolean>),
  opts: { timeout?: number } = {},
): Promise<Frame> {
  const test = typeof predicate === 'string' ? async (f: Frame) => (await f.$(predicate)) !== null : predicate;
  let urls: string[] = [];
  return pollUntil(
    `a webview frame ${typeof predicate === 'string' ? `containing ${predicate}` : 'satisfying the predicate'}`,
    async () => {
      const frames = page.frames().filter((f) => f !== page.mainFrame() && !f.isDetached());
      urls = frames.map((f) => f.url().slice(0, 120));
      for (const f of frames) {
        if (await test(f).catch(() => false)) return f;
      }
      return undefined;
    },
    { timeout: opts.timeout ?? TIMEOUTS.extension, describe: () => `frames: ${JSON.stringify(urls)}` },
  );
}

/** Whether the workbench shows Restricted Mode: its status bar entry (id status.workspaceTrust) says so. */
export async function isRestrictedMode(page: Page): Promise<boolean> {
  return page.evaluate(() => /Restricted Mode/i.test(document.getElementById('status.workspaceTrust')?.textContent ?? ''));
}

/** Wait until the workbench shows Restricted Mode (status bar entry "Restricted Mode"). */
export async function waitForRestrictedMode(page: Page): Promise<void> {
  await awaiting(
    'the Restricted Mode status bar entry (status.workspaceTrust)',
    page.waitForFunction(
      () => /Restricted Mode/i.test(document.getElementById('status.workspaceTrust')?.textContent ?? ''),
      undefined,
      { timeout: TIMEOUTS.ui, polling: 100 },
    ),
  );
}
