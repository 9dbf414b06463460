/**
 * bgtasks inside a real VS Code extension host (run by test/vscode/run.mjs; see test/vscode/README.md).
 *
 * The runner opens a temporary copy of examples/FilmTracker twice:
 *  - BGTASKS_VSCODE_TEST_MODE=trusted: workspace trust off (everything trusted);
 *  - BGTASKS_VSCODE_TEST_MODE=restricted: trust on, no startup prompt, so the folder opens in Restricted Mode.
 * It also points the user setting `bgtasks.xcrunPath` at a fake xcrun that appends its arguments to
 * BGTASKS_VSCODE_FAKE_XCRUN_LOG, so the suite can tell whether a device command ran a program.
 *
 * Every wait is on a VS Code event (onDidChangeDiagnostics) or on a command's own promise, bounded by a timeout that
 * fails with what was last seen. Nothing sleeps.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { messages } from '../../../client/src/device/core/errors';

// mocha's TDD interface, installed as globals by the Mocha instance in ./index.ts before this file is required.
type TestFn = () => Promise<void> | void;
const { suite, test, suiteSetup } = globalThis as unknown as {
  suite(title: string, fn: () => void): void;
  test(title: string, fn: TestFn): void;
  suiteSetup(fn: TestFn): void;
};

const EXTENSION_ID = 'bgtasks.bgtasks';
const SOURCE = 'bgtasks';
const MODE = process.env.BGTASKS_VSCODE_TEST_MODE;
const FAKE_XCRUN_LOG = process.env.BGTASKS_VSCODE_FAKE_XCRUN_LOG;
/** Generous: the first lint includes loading the tree-sitter grammar on a slow, shared CI machine. */
const DIAGNOSTICS_TIMEOUT_MS = 90_000;
/** A device command that passes the trust check waits on a picker or a notification; one that refuses returns at once. */
const COMMAND_TIMEOUT_MS = 30_000;

/** Every command the extension registers (package.json contributes.commands lists the same ones). */
const COMMANDS = [
  'bgtasks.openSimulator',
  'bgtasks.refreshTasks',
  'bgtasks.restartServer',
  'bgtasks.showRuleDocumentation',
  'bgtasks.revealLocation',
  'bgtasks.openExample',
  'bgtasks.simulateLaunch',
  'bgtasks.simulateExpiration',
  'bgtasks.selectDevice',
  'bgtasks.refreshDevices',
  'bgtasks.launchWithLog',
  'bgtasks.stopLog',
  'bgtasks.addDebugHook',
];

/** Device commands that must refuse in Restricted Mode (stopLog only aborts a stream that cannot exist there). */
const REFRESH_TASK = 'com.example.filmtracker.refresh';
const DEVICE_COMMANDS: [string, unknown[]][] = [
  ['bgtasks.simulateLaunch', [REFRESH_TASK]],
  ['bgtasks.simulateExpiration', [REFRESH_TASK]],
  ['bgtasks.selectDevice', []],
  ['bgtasks.refreshDevices', []],
  ['bgtasks.launchWithLog', []],
  ['bgtasks.addDebugHook', []],
];

// ---------------------------------------------------------------------------------------------------------------------
// helpers

function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open (the runner opens a copy of examples/FilmTracker)');
  return f;
}

function codeOf(d: vscode.Diagnostic): string {
  if (d.code === undefined) return '';
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function rel(uri: vscode.Uri): string {
  return path.relative(folder().uri.fsPath, uri.fsPath).split(path.sep).join('/');
}

/** "rule file:line:col" (1-based, like MISTAKES.md) for every bgtasks diagnostic VS Code holds, sorted. */
function bgtasksDiagnostics(): { keys: string[]; all: [vscode.Uri, vscode.Diagnostic][] } {
  const all: [vscode.Uri, vscode.Diagnostic][] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    for (const d of list) if (d.source === SOURCE) all.push([uri, d]);
  }
  const keys = all.map(([uri, d]) => `${codeOf(d)} ${rel(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
  return { keys, all };
}

/** The seeded findings listed in the workspace's MISTAKES.md, in the same format (as test/examples.test.ts reads it). */
function expectedFindings(): string[] {
  const md = readFileSync(path.join(folder().uri.fsPath, 'MISTAKES.md'), 'utf8');
  return md
    .split('\n')
    .filter((l) => /^\|\s*\d+\s*\|/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, , rule, file, line, col]) => `${rule} ${file}:${line}:${col}`)
    .sort();
}

/**
 * Resolves with the probe's value once it is not undefined, checking now and on every onDidChangeDiagnostics event.
 * Rejects after `timeoutMs` with `what` and the last bgtasks diagnostics seen.
 */
function whenDiagnostics<T>(what: string, probe: () => T | undefined, timeoutMs = DIAGNOSTICS_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearTimeout(timer);
      fn();
    };
    const check = () => {
      try {
        const v = probe();
        if (v !== undefined) settle(() => resolve(v));
      } catch (e) {
        settle(() => reject(e));
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      const seen = bgtasksDiagnostics().keys;
      settle(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${seen.length} bgtasks diagnostics seen:\n  ${seen.join('\n  ')}`)));
    }, timeoutMs);
    check();
  });
}

/** The promise's value, or a rejection naming `what` if it has not settled after `ms` (a bound, not a sleep). */
async function within<T>(ms: number, what: string, p: Thenable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(p), limit]);
  } finally {
    clearTimeout(timer);
  }
}

interface WindowCall {
  fn: string;
  message: string;
}

/**
 * Replaces the message, quick pick and input box functions of `vscode.window` with recorders that answer "dismissed"
 * at once. A module inside an extension's folder gets the same `vscode` API object as that extension (the extension
 * host hands out one API object per extension, chosen by the requiring file's path), and this suite is bundled into
 * the repository, so the extension's calls land here. The trusted run checks that this really holds (positive control).
 */
function recordWindow(): { calls: WindowCall[]; restore(): void } {
  const w = vscode.window as unknown as Record<string, unknown>;
  const names = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'showQuickPick', 'showInputBox'];
  const calls: WindowCall[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const fn of names) {
    saved.set(fn, Object.getOwnPropertyDescriptor(w, fn));
    Object.defineProperty(w, fn, {
      configurable: true,
      writable: true,
      value: (first: unknown) => {
        calls.push({ fn, message: typeof first === 'string' ? first : '(non-string argument)' });
        return Promise.resolve(undefined);
      },
    });
  }
  return {
    calls,
    restore() {
      for (const [fn, d] of saved) {
        if (d) Object.defineProperty(w, fn, d);
        else delete w[fn];
      }
    },
  };
}

function fakeXcrunCalls(): string[] {
  assert.ok(FAKE_XCRUN_LOG, 'BGTASKS_VSCODE_FAKE_XCRUN_LOG is not set (run the suite through test/vscode/run.mjs)');
  return existsSync(FAKE_XCRUN_LOG) ? readFileSync(FAKE_XCRUN_LOG, 'utf8').split('\n').filter(Boolean) : [];
}

// ---------------------------------------------------------------------------------------------------------------------

suite(`bgtasks in the VS Code extension host (${MODE ?? 'mode not set'})`, () => {
  let ext: vscode.Extension<unknown>;
  let expected: string[];

  suiteSetup(() => {
    assert.ok(MODE === 'trusted' || MODE === 'restricted', `BGTASKS_VSCODE_TEST_MODE must be "trusted" or "restricted", got ${String(MODE)}`);
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not loaded (is --extensionDevelopmentPath the repository root?)`);
    ext = found;
    const ws = folder().uri.fsPath;
    assert.ok(existsSync(path.join(ws, 'MISTAKES.md')), `the open folder ${ws} is not a copy of examples/FilmTracker`);
    // The quick-fix test edits and saves a file: never in the repository's own example.
    assert.ok(!ws.startsWith(path.join(ext.extensionPath, 'examples')), `the open folder ${ws} is the repository's example, not a copy`);
    expected = expectedFindings();
    assert.equal(expected.length, 18, 'MISTAKES.md should list 18 findings');
  });

  test(`the workspace is ${MODE === 'restricted' ? 'not trusted (Restricted Mode)' : 'trusted'}`, () => {
    assert.equal(vscode.workspace.isTrusted, MODE === 'trusted');
  });

  test('the workspace activates the extension by itself (workspaceContains), no test calls activate()', async () => {
    // Diagnostics with source "bgtasks" can only come from the extension's language server.
    await whenDiagnostics('a first bgtasks diagnostic', () => (bgtasksDiagnostics().all.length > 0 ? true : undefined));
    assert.equal(ext.isActive, true);
    assert.equal(ext.packageJSON.main, './dist/client.js');
    // activate() returns nothing: the extension offers no API to other extensions.
    assert.equal(ext.exports, undefined);
  });

  test('every command is registered, and the manifest contributes exactly those', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const contributed = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(contributed, [...COMMANDS].sort());
  });

  test('vscode.languages.getDiagnostics reports the 18 seeded findings of MISTAKES.md, at their positions', async () => {
    const keys = await whenDiagnostics('the 18 findings of MISTAKES.md', () => {
      const now = bgtasksDiagnostics().keys;
      return now.length === expected.length ? now : undefined;
    });
    assert.deepEqual(keys, expected);

    const { all } = bgtasksDiagnostics();
    const bySeverity = (s: vscode.DiagnosticSeverity) => all.filter(([, d]) => d.severity === s).length;
    assert.deepEqual(
      { error: bySeverity(vscode.DiagnosticSeverity.Error), warning: bySeverity(vscode.DiagnosticSeverity.Warning), info: bySeverity(vscode.DiagnosticSeverity.Information) },
      { error: 11, warning: 6, info: 1 },
    );
    const study = all.find(([uri, d]) => rel(uri) === 'FilmTracker/Background/StudyUploader.swift' && codeOf(d) === 'missing-expiration-handler');
    assert.ok(study, 'missing-expiration-handler in StudyUploader.swift');
    assert.equal(study[1].range.start.line + 1, 93);
    // Every code carries its rule's documentation page (LSP codeDescription → Diagnostic.code.target).
    const undocumented = all
      .filter(([, d]) => !(typeof d.code === 'object' && d.code.target.path.endsWith(`/docs/rules/${codeOf(d)}.md`)))
      .map(([uri, d]) => `${codeOf(d)} ${rel(uri)}`);
    assert.deepEqual(undocumented, [], 'diagnostics without a link to docs/rules/<rule>.md');
    assert.ok(
      all.some(([, d]) => codeOf(d) === 'missing-background-mode' && d.message.includes('"background-processing" is not a UIBackgroundModes value')),
      'the invalid UIBackgroundModes value in Info.plist is reported',
    );
    assert.ok(all.some(([uri, d]) => rel(uri) === 'FilmTracker.xcodeproj/project.pbxproj' && codeOf(d) === 'infoplist-key-build-setting'));
  });

  if (MODE === 'trusted') {
    test('quick fix through vscode.executeCodeActionProvider adds task.expirationHandler and clears the finding', async () => {
      const uri = vscode.Uri.joinPath(folder().uri, 'FilmTracker', 'Background', 'StudyUploader.swift');
      // The document must be open: executeCodeActionProvider runs on the editor's model, and the language server
      // answers from the open document's text.
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const diag = await whenDiagnostics('missing-expiration-handler on StudyUploader.swift', () =>
        vscode.languages.getDiagnostics(uri).find((d) => d.source === SOURCE && codeOf(d) === 'missing-expiration-handler'),
      );

      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diag.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((a) => a.title);
      const fix = actions.find((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string' && /Add an expirationHandler/.test(a.title));
      assert.ok(fix, `no "Add an expirationHandler" quick fix among: ${titles.join(' | ')}`);
      assert.ok(fix.edit, `the quick fix "${fix.title}" carries no edit`);
      assert.ok(titles.includes('Show documentation for missing-expiration-handler'), `code actions: ${titles.join(' | ')}`);

      assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'workspace.applyEdit returned false');
      await whenDiagnostics('missing-expiration-handler to disappear from StudyUploader.swift', () =>
        vscode.languages.getDiagnostics(uri).some((d) => d.source === SOURCE && codeOf(d) === 'missing-expiration-handler') ? undefined : true,
      );
      const text = doc.getText();
      assert.ok(text.includes('task.expirationHandler'), 'the document contains task.expirationHandler');
      assert.match(text, /task\.expirationHandler = \{\r?\n\s+.*\r?\n\s+task\.setTaskCompleted\(success: false\)\r?\n\s+\}/);
      // Only that finding went away.
      const rest = await whenDiagnostics('the other 17 findings', () => {
        const now = bgtasksDiagnostics().keys;
        return now.length === expected.length - 1 ? now : undefined;
      });
      assert.deepEqual(rest, expected.filter((k) => !k.startsWith('missing-expiration-handler FilmTracker/Background/StudyUploader.swift:')));
      // The folder is a temporary copy; saving leaves no dirty editor behind when the window closes.
      assert.equal(await doc.save(), true);
    });

    test('device commands run past the trust check in a trusted workspace (control for the Restricted Mode test)', async () => {
      const rec = recordWindow();
      try {
        // With the window functions recorded and dismissed, refreshDevices runs to its error report and returns.
        const result = await within(COMMAND_TIMEOUT_MS, 'bgtasks.refreshDevices', vscode.commands.executeCommand('bgtasks.refreshDevices'));
        assert.equal(result, undefined);
      } finally {
        rec.restore();
      }
      const errors = rec.calls.filter((c) => c.fn === 'showErrorMessage').map((c) => c.message);
      assert.equal(errors.length, 1, `expected one error message from refreshDevices (the extension's vscode.window calls must reach the recorder), saw: ${JSON.stringify(rec.calls)}`);
      assert.notEqual(errors[0], messages.untrusted());
      if (process.platform === 'darwin') {
        // On a Mac the bridge runs xcrun: the fake one records it.
        assert.ok(fakeXcrunCalls().length > 0, 'refreshDevices did not run the fake xcrun from bgtasks.xcrunPath');
      } else {
        // Elsewhere the bridge refuses before running anything, with its own message.
        assert.equal(errors[0], messages.notMacos(process.platform));
      }
    });
  }

  if (MODE === 'restricted') {
    test('device commands are disabled by enablement, and executeCommand on them shows the trust message and runs nothing', async () => {
      // `enablement: isWorkspaceTrusted` hides and disables them in menus, the palette and keybindings; VS Code
      // documents that enablement applies to menus and keybindings, so vscode.commands.executeCommand still calls the
      // handler, and the handler's own trust check must refuse. It has to return at once (no picker, no progress).
      const manifest = ext.packageJSON.contributes.commands as { command: string; enablement?: string }[];
      for (const [cmd] of DEVICE_COMMANDS) {
        assert.match(manifest.find((c) => c.command === cmd)?.enablement ?? '', /isWorkspaceTrusted/, `${cmd} enablement`);
      }
      const rec = recordWindow();
      try {
        for (const [cmd, args] of DEVICE_COMMANDS) {
          const before = rec.calls.length;
          const result = await within(COMMAND_TIMEOUT_MS, cmd, vscode.commands.executeCommand(cmd, ...args));
          assert.equal(result, undefined, `${cmd} result`);
          assert.deepEqual(rec.calls.slice(before), [{ fn: 'showErrorMessage', message: messages.untrusted() }], `${cmd} should show only the Restricted Mode message`);
        }
      } finally {
        rec.restore();
      }
      assert.deepEqual(fakeXcrunCalls(), [], 'a device command ran xcrun in Restricted Mode');
    });
  }
});
