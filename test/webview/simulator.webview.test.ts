/**
 * The built simulator page in headless Chromium: a stand-in acquireVsCodeApi records what the page
 * posts and saves; the test plays the host (posting messages into the page) and checks the DOM.
 * Needs /usr/bin/chromium (Debian package `chromium`). Without it the tests are skipped, and say why: `npm run test:all`
 * (and so CI) installs it first (test/e2e/setup-code-server.sh), so there they always run.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSimulatorHtml } from '../../client/src/simulator/html';
import { sampleTasks } from './fixtures';

const root = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP_REASON = `skipped: ${CHROMIUM} is not installed (apt-get install chromium, or run npm run test:all, which installs it)`;
if (!HAVE_CHROMIUM) console.warn(`simulator.webview.test.ts: ${SKIP_REASON}`);
let dir: string;
let server: Server;
let origin: string;
let browser: Browser;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  dir = mkdtempSync(path.join(tmpdir(), 'bgtasks-webview-'));
  // The same options esbuild.mjs uses for webview entries.
  await esbuild.build({ entryPoints: { simulator: path.join(root, 'media/src/simulator/main.ts') }, outdir: dir, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  copyFileSync(path.join(root, 'media/simulator.css'), path.join(dir, 'simulator.css'));
  copyFileSync(path.join(__dirname, 'theme-dark.css'), path.join(dir, 'theme.css'));
  mkdirSync(path.join(dir, 'codicons'));
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(path.join(root, 'node_modules/@vscode/codicons/dist', f), path.join(dir, 'codicons', f));

  server = createServer((req, res) => {
    // A browser tab asks for a favicon; a VS Code webview does not. Answer it so 404s stay meaningful.
    if (req.url === '/favicon.ico') return void res.writeHead(204).end();
    const file = path.join(dir, path.normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, ''));
    try {
      const body = readFileSync(file === dir || file === `${dir}/` ? path.join(dir, 'index.html') : file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    path.join(dir, 'index.html'),
    renderSimulatorHtml({ cspSource: origin, nonce: 'dGVzdC1ub25jZS0xMjM0NTY3OA', scriptUri: `${origin}/simulator.js`, styleUris: [`${origin}/theme.css`, `${origin}/codicons/codicon.css`, `${origin}/simulator.css`] }),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Harness {
  page: Page;
  errors: string[];
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  saved(): Promise<any>;
  send(message: unknown): Promise<void>;
}

/** Opens the page with a stand-in VS Code API; `savedState` is what getState returns (a hidden-and-shown panel). */
async function open(savedState?: unknown): Promise<Harness> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  await page.addInitScript((state) => {
    const w = window as any;
    w.__posted = [];
    w.__state = state;
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    // VS Code marks the theme kind on <body>.
    document.addEventListener('DOMContentLoaded', () => document.body.classList.add('vscode-dark'));
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => w.__state,
        setState: (s: unknown) => (w.__state = JSON.parse(JSON.stringify(s))),
      };
    };
  }, savedState ?? null);
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'ready'));
  return {
    page,
    errors,
    posted: () => page.evaluate(() => (window as any).__posted),
    saved: () => page.evaluate(() => (window as any).__state),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
  };
}

const markers = (page: Page, id: string) => page.locator(`.lane[data-task-id="${id}"] .marker`).count();

describe.skipIf(!HAVE_CHROMIUM)(`simulator webview in Chromium${HAVE_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  it('renders lanes, markers, stats and hints for the posted tasks, re-runs on control changes, reveals code, and restores state', async () => {
    const { page, errors, posted, saved, send } = await open();
    expect((await posted())[0]).toEqual({ type: 'ready' });

    await send({ type: 'init', tasks: sampleTasks, focusTaskId: 'com.example.refresh' });
    await page.waitForSelector('.lane[data-task-id="com.example.refresh"] .marker');
    expect(await page.locator('.lane').count()).toBe(4);
    expect(await markers(page, 'com.example.refresh')).toBeGreaterThan(5);
    expect(await markers(page, 'com.example.orphan')).toBe(0);
    expect(await page.locator('.lane[data-task-id="com.example.orphan"] .lane-note').textContent()).toContain('notPermitted');
    expect(await page.locator('.lane-focused').getAttribute('data-task-id')).toBe('com.example.refresh');
    expect(await page.locator('table.stats tbody tr').count()).toBe(4);
    const orphanRow = await page.locator('table.stats tr[data-task-id="com.example.orphan"]').innerText();
    expect(orphanRow).toContain('notPermitted');
    expect(await page.locator('.band-charging').count()).toBeGreaterThan(0);
    expect(await page.locator('.band-app').count()).toBeGreaterThan(5);
    const hints = await page.locator('.hints').innerText();
    expect(hints).toContain('never resubmits');
    expect(hints).toContain('tooManyPendingTaskRequests');
    // The crash and the submit site the analysis found are shown with the stats and explained in the hints.
    const cleanupRow = await page.locator('table.stats tr[data-task-id="com.example.cleanup"]').innerText();
    expect(cleanupRow).toContain('crashed');
    expect(cleanupRow).toContain('crashes at launch: as! cast crashes');
    expect(cleanupRow).toContain('background');
    expect(hints).toContain('Every launch crashes (0% success)');
    expect(hints).toContain('Submitted on each trip to the background (sceneDidEnterBackground(_:))');
    expect(await page.locator('.whynot').count()).toBe(4);

    // A control change re-runs the simulation at once: 14 days → 3 days.
    const before = await page.locator('table.stats').innerText();
    await page.locator('#days').fill('3');
    await page.locator('#days').press('Tab');
    await page.waitForSelector('body[data-days="3"]');
    expect(await page.locator('.axis-label').allTextContents()).toEqual(['Day 0', 'Day 1', 'Day 2']);
    expect(await page.locator('table.stats').innerText()).not.toBe(before);
    expect((await saved()).scenario.days).toBe(3);

    // Keyboard: the timeline is a slider.
    const box = page.locator('.timeline-box');
    await box.focus();
    const t0 = Number(await box.getAttribute('aria-valuenow'));
    await box.press('ArrowRight');
    await page.waitForFunction((t) => document.querySelector('.timeline-box')!.getAttribute('aria-valuenow') === String(t + 900), t0);
    await box.press('PageDown');
    await page.waitForFunction((t) => document.querySelector('.timeline-box')!.getAttribute('aria-valuenow') === String(t + 900 + 86400), t0);

    // Low Power Mode on: refresh stops, and "why not" says why.
    await page.locator('#lpm').check();
    await page.waitForFunction(() => document.querySelectorAll('.lane[data-task-id="com.example.refresh"] .marker').length === 0);
    expect(await page.locator('.whynot[data-task-id="com.example.refresh"]').innerText()).toContain('Low Power Mode');
    await page.locator('#lpm').uncheck();
    await page.waitForSelector('.lane[data-task-id="com.example.refresh"] .marker');

    // Bad input is refused with a message and loses nothing.
    await page.locator('#weekday-opens').fill('8:05, lunch');
    await page.locator('#weekday-opens').press('Enter');
    await page.waitForSelector('.status-error');
    expect(await page.locator('.status-error').innerText()).toContain('"lunch" is not a time');
    expect((await saved()).scenario.days).toBe(3);

    // Zoom to the cursor's day: one day label, hour labels, and only that day's markers.
    await page.locator('#zoom').selectOption('day');
    await page.waitForFunction(() => document.querySelectorAll('.axis-label').length === 1);
    expect(await page.locator('.axis-label').textContent()).toBe('Day 1');
    expect(await page.locator('.axis-hour').count()).toBeGreaterThan(4);
    expect((await saved()).zoom).toBe('day');
    await page.locator('#zoom').selectOption('all');
    await page.waitForFunction(() => document.querySelectorAll('.axis-label').length === 3);

    // Clicking a launch marker asks the host to reveal the register site.
    await page.locator('.lane[data-task-id="com.example.refresh"] .marker').first().click();
    await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'reveal'));
    expect((await posted()).find((m) => m.type === 'reveal')).toEqual({ type: 'reveal', taskId: 'com.example.refresh', site: 'register' });

    // Save asks the host with the current scenario.
    await page.locator('#save').click();
    await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'saveScenario'));
    expect((await posted()).find((m) => m.type === 'saveScenario')?.scenario).toMatchObject({ days: 3, version: 1 });

    // Malformed host messages are ignored.
    await send({ type: 'init', tasks: [{ id: 5 }] });
    await send({ type: 'tasks', tasks: 'nope' });
    await send({ type: 'tasks', tasks: sampleTasks.slice(0, 2) });
    await page.waitForFunction(() => document.querySelectorAll('.lane').length === 2);

    // A loaded scenario replaces the current one.
    await send({ type: 'scenarioLoaded', fileName: 'night.bgscenario.json', scenario: { version: 1, days: 5, seed: 9 } });
    await page.waitForSelector('body[data-days="5"]');
    expect(await page.locator('.status-info').innerText()).toContain('night.bgscenario.json');

    await send({ type: 'tasks', tasks: sampleTasks });
    await page.waitForFunction(() => document.querySelectorAll('.lane').length === 4);
    mkdirSync(path.join(root, 'test-results/webview'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'test-results/webview/simulator.png'), fullPage: true });

    // Hidden and shown again: a new page gets the saved state back before the host answers.
    const state = await saved();
    await page.close();
    const again = await open(state);
    await again.page.waitForSelector('body[data-days="5"]');
    expect(await again.page.locator('#days').inputValue()).toBe('5');
    expect(await again.page.locator('#seed').inputValue()).toBe('9');
    await again.page.close();

    expect(errors, errors.join("\n")).toEqual([]);
    expect(again.errors).toEqual([]);
    expect(await page.evaluate(() => 0).catch(() => 'closed')).toBe('closed');
  });

  it('has no CSP violations and the page carries the strict policy', async () => {
    const { page, send } = await open();
    await send({ type: 'init', tasks: sampleTasks });
    await page.waitForSelector('.lane .marker');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(await page.evaluate(() => (window as any).__cspViolations)).toEqual([]);
    // Codicon font loaded through the style sheet (font-src allows the webview origin).
    await page.waitForFunction(() => document.fonts.check('16px codicon'));
    await page.close();
  });
});
