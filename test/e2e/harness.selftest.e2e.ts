/**
 * Self-test of the e2e harness against a tiny probe extension that this test writes and packages with vsce into a
 * temp dir (reproducible in CI, nothing taken from /tmp leftovers). It proves each helper on the real workbench:
 * Problems panel (with a list long enough to be virtualised), quick open, quick fix, editor text, hover, palette
 * commands, notifications, webview frames, screenshots, and Restricted Mode. It does not need the bgtasks VSIX.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  REPO_ROOT,
  cursorPosition,
  editorText,
  hoverAt,
  isRestrictedMode,
  launchBrowser,
  listCommands,
  openFile,
  readProblems,
  runCommand,
  saveActiveEditor,
  startCodeServer,
  step,
  triggerQuickFix,
  visibleEditorLines,
  waitForNotification,
  waitForProblems,
  waitForRestrictedMode,
  webviewFrame,
  withWorkbench,
} from './harness';

const PROBE_ID = 'bgtasks-e2e.e2e-probe';

const PROBE_PACKAGE = {
  name: 'e2e-probe',
  displayName: 'E2E Probe',
  description: 'Throwaway extension that exercises the bgtasks e2e harness.',
  publisher: 'bgtasks-e2e',
  version: '0.0.1',
  license: 'MIT',
  repository: { type: 'git', url: 'https://example.invalid/e2e-probe' },
  engines: { vscode: '^1.90.0' },
  main: './extension.js',
  activationEvents: ['onStartupFinished'],
  capabilities: { untrustedWorkspaces: { supported: 'limited', description: 'Linting works; actions need trust.' } },
  contributes: {
    commands: [
      { command: 'e2eProbe.hello', title: 'Say Hello', category: 'E2E Probe' },
      { command: 'e2eProbe.openPanel', title: 'Open Panel', category: 'E2E Probe' },
      { command: 'e2eProbe.trustedOnly', title: 'Trusted Only Action', category: 'E2E Probe', enablement: 'isWorkspaceTrusted' },
    ],
    menus: { commandPalette: [{ command: 'e2eProbe.trustedOnly', when: 'isWorkspaceTrusted' }] },
  },
};

const PROBE_JS = String.raw`
const vscode = require('vscode');
function activate(ctx) {
  const coll = vscode.languages.createDiagnosticCollection('e2e-probe');
  const lint = (doc) => {
    if (doc.uri.scheme !== 'file') return;
    const diags = [];
    for (let i = 0; i < doc.lineCount; i++) {
      const c = doc.lineAt(i).text.indexOf('TODO');
      if (c < 0) continue;
      const d = new vscode.Diagnostic(new vscode.Range(i, c, i, c + 4), 'Probe: TODO left in line ' + (i + 1), vscode.DiagnosticSeverity.Warning);
      d.source = 'e2e-probe';
      d.code = 'todo';
      diags.push(d);
    }
    coll.set(doc.uri, diags);
  };
  ctx.subscriptions.push(coll,
    vscode.workspace.onDidOpenTextDocument(lint),
    vscode.workspace.onDidChangeTextDocument((e) => lint(e.document)));
  vscode.workspace.textDocuments.forEach(lint);
  // Lint the whole workspace on activation, like a language server would.
  vscode.workspace.findFiles('**/*.txt').then(async (uris) => { for (const u of uris) lint(await vscode.workspace.openTextDocument(u)); });
  ctx.subscriptions.push(vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, {
    provideCodeActions(doc, _range, context) {
      return context.diagnostics.filter((d) => d.source === 'e2e-probe').map((d) => {
        const a = new vscode.CodeAction('Replace TODO with DONE', vscode.CodeActionKind.QuickFix);
        a.diagnostics = [d];
        a.isPreferred = true;
        a.edit = new vscode.WorkspaceEdit();
        a.edit.replace(doc.uri, d.range, 'DONE');
        return a;
      });
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
  ctx.subscriptions.push(vscode.languages.registerHoverProvider({ scheme: 'file' }, {
    provideHover(doc, pos) {
      const r = doc.getWordRangeAtPosition(pos);
      if (r) return new vscode.Hover(new vscode.MarkdownString('**Probe hover** for ' + doc.getText(r)));
    },
  }));
  ctx.subscriptions.push(
    vscode.commands.registerCommand('e2eProbe.hello', () => vscode.window.showInformationMessage('Hello from the e2e probe')),
    vscode.commands.registerCommand('e2eProbe.trustedOnly', () => vscode.window.showInformationMessage('Trusted action ran')),
    vscode.commands.registerCommand('e2eProbe.openPanel', () => {
      const p = vscode.window.createWebviewPanel('e2eProbe', 'Probe Panel', vscode.ViewColumn.Beside, { enableScripts: true });
      p.webview.html = '<!doctype html><html><body><h1 id="probe-title">Probe panel</h1>'
        + '<ul><li class="lane">lane A</li><li class="lane">lane B</li></ul></body></html>';
    }));
}
module.exports = { activate, deactivate() {} };
`;

const NOTES = 'first line\na TODO here\nthird line\nTODO again\n';
const OTHER = 'nested file\n  with a TODO inside\n';
const MANY_COUNT = 40;
const MANY = Array.from({ length: MANY_COUNT }, (_, i) => `row ${i + 1} TODO`).join('\n') + '\n';
const TOTAL = 2 + 1 + MANY_COUNT;

let root: string;
let vsix: string;
let workspace: string;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bgt-e2e-selftest-'));
  const ext = join(root, 'probe');
  await mkdir(ext, { recursive: true });
  await writeFile(join(ext, 'package.json'), JSON.stringify(PROBE_PACKAGE, null, 2));
  await writeFile(join(ext, 'extension.js'), PROBE_JS);
  await writeFile(join(ext, 'README.md'), '# E2E probe\n\nThrowaway extension for the harness self-test.\n');
  await writeFile(join(ext, 'LICENSE'), 'MIT\n');
  vsix = join(root, 'e2e-probe.vsix');
  await promisify(execFile)(
    process.execPath,
    [join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix],
    { cwd: ext },
  );

  workspace = join(root, 'ProbeWorkspace');
  await mkdir(join(workspace, 'src', 'deep'), { recursive: true });
  await writeFile(join(workspace, 'notes.txt'), NOTES);
  await writeFile(join(workspace, 'src', 'deep', 'other.txt'), OTHER);
  await writeFile(join(workspace, 'many.txt'), MANY);

  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('e2e harness self-test (probe extension in code-server)', () => {
  test('trusted workspace: problems, open file, quick fix, editor text, hover, commands, webview', async () => {
    await withWorkbench(
      browser,
      { vsix, workspace, trust: true, label: 'selftest-trusted' },
      async ({ server, page }) => {
        expect(server.workspace).not.toBe(workspace); // a temp copy: the test may edit and save freely
        expect(await isRestrictedMode(page)).toBe(false);

        // 1. Problems: the whole list, although the tree only renders the rows in view.
        const all = await step(page, 'selftest-01-problems', () =>
          waitForProblems(page, (s) => s.count === TOTAL, { what: `${TOTAL} probe findings` }),
        );
        expect(all.problems.every((p) => p.severity === 'warning' && p.source === 'e2e-probe' && p.code === 'todo')).toBe(true);
        expect(all.problems.filter((p) => p.file === 'many.txt').map((p) => p.line)).toEqual(
          Array.from({ length: MANY_COUNT }, (_, i) => i + 1),
        );
        expect(all.problems.filter((p) => p.file === 'notes.txt').map((p) => [p.line, p.column, p.message])).toEqual([
          [2, 3, 'Probe: TODO left in line 2'],
          [4, 1, 'Probe: TODO left in line 4'],
        ]);
        expect(all.texts).toContain('warning: Probe: TODO left in line 2 [e2e-probe(todo)] src/deep/other.txt:2:10');
        expect(all.problems.find((p) => p.file === 'other.txt')?.path).toBe('src/deep/other.txt');

        // 2. Quick open a nested file and read its text (after moving focus away: editorText refocuses the editor).
        await step(page, 'selftest-02-open-file', async () => {
          await openFile(page, 'src/deep/other.txt');
          await page.keyboard.press('Control+Shift+E');
          await page.locator('.explorer-folders-view .monaco-list:focus-within').waitFor();
          expect(await editorText(page)).toBe(OTHER);
          expect(await visibleEditorLines(page)).toEqual(['nested file', '  with a TODO inside', '']);
        });

        // 3. Quick fix on notes.txt line 2: the finding disappears and the edit is in the editor.
        await step(page, 'selftest-03-quickfix', async () => {
          await openFile(page, 'notes.txt');
          const chosen = await triggerQuickFix(page, { line: 2, column: 3 }, 'Replace TODO with DONE');
          expect(chosen).toBe('Replace TODO with DONE');
          const after = await waitForProblems(page, (s) => s.count === TOTAL - 1, { what: 'one finding fewer after the fix' });
          expect(after.problems.filter((p) => p.file === 'notes.txt').map((p) => p.line)).toEqual([4]);
          const before = await cursorPosition(page);
          expect(await editorText(page)).toBe('first line\na DONE here\nthird line\nTODO again\n');
          expect(await cursorPosition(page)).toEqual(before); // editorText put the cursor back
          // Saving writes the temp copy, never the source workspace.
          await saveActiveEditor(page);
          expect(await readFile(join(server.workspace, 'notes.txt'), 'utf8')).toBe('first line\na DONE here\nthird line\nTODO again\n');
          expect(await readFile(join(workspace, 'notes.txt'), 'utf8')).toBe(NOTES);
        });

        // 4. Hover on the remaining TODO: the provider's hover and the diagnostic are both shown.
        const hover = await step(page, 'selftest-04-hover', () => hoverAt(page, { line: 4, column: 2 }, { match: 'Probe hover' }));
        expect(hover).toContain('Probe hover for TODO');
        expect(hover).toContain('Probe: TODO left in line 4');
        await page.keyboard.press('Escape');

        // 5. Commands from the palette: a notification, and a webview whose DOM is reachable.
        await step(page, 'selftest-05-command', async () => {
          await runCommand(page, 'E2E Probe: Say Hello');
          expect(await waitForNotification(page, 'Hello from the e2e probe')).toBe('Hello from the e2e probe');
        });
        await step(page, 'selftest-06-webview', async () => {
          await runCommand(page, 'E2E Probe: Open Panel');
          const frame = await webviewFrame(page, '.lane');
          expect(await frame.$$eval('.lane', (ls) => ls.map((l) => l.textContent))).toEqual(['lane A', 'lane B']);
        });
        expect(await listCommands(page, 'E2E Probe')).toEqual(
          expect.arrayContaining(['E2E Probe: Say Hello', 'E2E Probe: Open Panel', 'E2E Probe: Trusted Only Action']),
        );

        // 6. The helpers fail, clearly, when what they wait for does not happen.
        await expect(runCommand(page, 'E2E Probe: No Such Command', { timeout: 3_000 })).rejects.toThrow(
          /command palette to list "E2E Probe: No Such Command"/,
        );
        await expect(waitForProblems(page, (s) => s.count === 999, { timeout: 2_000, what: '999 findings' })).rejects.toThrow(
          /Timed out after 2000 ms waiting for Problems panel: 999 findings[\s\S]*count 42/,
        );
      },
      { extensionId: PROBE_ID },
    );
  });

  test('untrusted workspace: Restricted Mode, linting still works, trusted-only command hidden', async () => {
    await withWorkbench(
      browser,
      { vsix, workspace, trust: false, label: 'selftest-untrusted' },
      async ({ page }) => {
        await step(page, 'selftest-07-restricted', async () => {
          await waitForRestrictedMode(page);
          const problems = await waitForProblems(page, (s) => s.count === TOTAL, { what: `${TOTAL} findings in Restricted Mode` });
          expect(problems.texts).toContain('warning: Probe: TODO left in line 2 [e2e-probe(todo)] notes.txt:2:3');
        });
        expect(await isRestrictedMode(page)).toBe(true);
        const commands = await listCommands(page, 'E2E Probe');
        expect(commands).toContain('E2E Probe: Say Hello');
        expect(commands).not.toContain('E2E Probe: Trusted Only Action');
        expect((await readProblems(page)).count).toBe(TOTAL);
      },
      { extensionId: PROBE_ID },
    );
  });

  test('startCodeServer fails fast and clearly: missing VSIX, server that dies before listening', async () => {
    await expect(startCodeServer({ vsix: join(root, 'nope.vsix'), workspace, trust: true })).rejects.toThrow(
      /VSIX not found: .*nope\.vsix/,
    );
    const t0 = Date.now();
    await expect(
      startCodeServer({ vsix: [], workspace, trust: true, env: { NODE_OPTIONS: '--require /nonexistent-e2e-preload.js' } }),
    ).rejects.toThrow(/code-server exited with code 1 .*before listening[\s\S]*nonexistent-e2e-preload/);
    expect(Date.now() - t0).toBeLessThan(15_000); // aborted on exit, not after the 60 s listen timeout
  });
});
