/**
 * The server's feature modules, in-process: each is a function from the analysis (or a lint result) and the request
 * to a result, so they are tested without a connection.
 */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/analysis/text/lineIndex';
import { lineIndexCache } from '../../server/src/lsp/convert';
import { changeParams, openParams } from '../../server/src/lsp/documentSync';
import { codeActions } from '../../server/src/lsp/features/codeActions';
import { codeLenses } from '../../server/src/lsp/features/codeLens';
import { completionsAt } from '../../server/src/lsp/features/completion';
import { definitionAt, hoverAt, referencesAt } from '../../server/src/lsp/features/navigate';
import { DiagnosticsPublisher } from '../../server/src/lsp/publisher';
import { folderSettings } from '../../server/src/lsp/settings';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../server/src/protocol/lsp';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { build, lintFiles, ROOT } from '../helpers/project';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';

const APP = `import BackgroundTasks
import UIKit

@main
class AppDelegate: UIResponder, UIApplicationDelegate {
  func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.refresh", using: nil) { task in
      task.expirationHandler = { task.setTaskCompleted(success: false) }
      self.schedule()
    }
    return true
  }

  func schedule() {
    let request = BGAppRefreshTaskRequest(identifier: "com.example.refresh")
    try? BGTaskScheduler.shared.submit(request)
  }
}
`;

async function linted() {
  const { files } = build({ 'App/AppDelegate.swift': APP });
  const r = await lintFiles(files);
  const file = `${ROOT}/App/AppDelegate.swift`;
  const ws = r.analysis.ws;
  const lines = new LineIndex(ws.textOf(file)!);
  return { r, file, lines, linesOf: lineIndexCache((f) => ws.textOf(f)) };
}

describe('feature modules', () => {
  it('code actions: the fix, suppress comments and docs for a diagnostic; fix-all when asked', async () => {
    const { r, file, linesOf } = await linted();
    const findings = r.findings.filter((f) => f.file === file);
    const missing = findings.find((f) => f.ruleId === 'missing-set-task-completed')!;
    expect(missing).toBeDefined();
    const d = toDiagnostic(missing, linesOf);
    const actions = codeActions({ file, findings, diagnostics: [d], lines: linesOf, versionOf: () => 3 });
    const titles = actions.map((a) => a.title);
    expect(titles.some((t) => /setTaskCompleted/.test(t))).toBe(true);
    expect(titles).toContain('Disable missing-set-task-completed for this line');
    expect(titles).toContain('Show documentation for missing-set-task-completed');
    // A diagnostic from another source gets nothing.
    expect(codeActions({ file, findings, diagnostics: [{ ...d, source: 'other' }], lines: linesOf, versionOf: () => 3 })).toEqual([]);
    const all = codeActions({ file, findings, diagnostics: [], only: [FIX_ALL_KIND], lines: linesOf, versionOf: () => 3 });
    expect(all.map((a) => a.kind)).toEqual([FIX_ALL_KIND]);
  });

  it('code lenses above each registration; hover, definition and references on the id', async () => {
    const { r, file, lines, linesOf } = await linted();
    const lenses = codeLenses(r.analysis, file, lines);
    expect(lenses.map((l) => l.command!.arguments![0])).toEqual(['com.example.refresh', 'com.example.refresh', 'com.example.refresh']);
    expect(lenses[0].range.start.line).toBe(6);
    const pos = lines.positionAt(APP.indexOf('com.example.refresh') + 3);
    const at = { analysis: r.analysis, file, lines, linesOf };
    expect(hoverAt(at, pos, r.findings)?.contents).toBeDefined();
    const defs = definitionAt(at, pos);
    expect(defs.some((l) => l.uri.endsWith('Info.plist'))).toBe(true);
    expect(referencesAt(at, pos, true).length).toBeGreaterThanOrEqual(3);
  });

  it('completion offers permitted ids inside a register call, nothing elsewhere', async () => {
    const { r, file, lines } = await linted();
    const inCall = APP.indexOf('"com.example.refresh", using') + 1;
    expect(completionsAt(r.analysis, file, lines, inCall).map((c) => c.label)).toContain('com.example.refresh');
    expect(completionsAt(r.analysis, file, lines, APP.indexOf('return true'))).toEqual([]);
  });
});

describe('diagnostics publisher', () => {
  it('sends each version of an open document once, other files only when changed, and clears files that became clean', async () => {
    const { r, file } = await linted();
    const sent: PublishDiagnosticsParams[] = [];
    const pub = new DiagnosticsPublisher((p) => sent.push(p));
    const textOf = (f: string) => r.analysis.ws.textOf(f);
    pub.publish(ROOT, r, textOf, () => true, []);
    const first = sent.length;
    expect(first).toBeGreaterThan(0);
    pub.publish(ROOT, r, textOf, () => true, []);
    expect(sent.length).toBe(first);
    pub.publish(ROOT, r, textOf, () => true, [{ file, version: 7 }]);
    expect(sent.slice(first).map((p) => p.version)).toEqual([7]);
    // A lint for a keystroke in another file: the same version with the same diagnostics is not sent again.
    pub.publish(ROOT, r, textOf, () => true, [{ file, version: 7 }]);
    expect(sent.length).toBe(first + 1);
    pub.publish(ROOT, r, textOf, () => true, [{ file, version: 8 }]);
    expect(sent.slice(first + 1).map((p) => p.version)).toEqual([8]);
    pub.publish(ROOT, { ...r, findings: [], problems: [] }, textOf, () => true, []);
    expect(sent.slice(first + 2).every((p) => p.diagnostics.length === 0)).toBe(true);
    expect(sent.slice(first + 2).length).toBeGreaterThan(0);
    expect(sent.every((p) => p.diagnostics.every((d) => d.source === DIAGNOSTIC_SOURCE))).toBe(true);
  });
});

describe('settings and document notifications from the client', () => {
  it('keeps valid severities and says which ones it ignored', () => {
    const warnings: string[] = [];
    const s = folderSettings({ rules: { 'missing-set-task-completed': 'off', 'no-such-rule': 'error', 'unpermitted-identifier': 'loud' }, exclude: ['Pods/**', 3] }, { '**/build': true, tmp: false }, (m) => warnings.push(m));
    expect(s.rules).toEqual({ 'missing-set-task-completed': 'off' });
    expect(s.exclude).toEqual(['Pods/**', '**/build']);
    expect(warnings).toHaveLength(2);
  });

  it('rejects malformed didOpen / didChange parameters with a reason', () => {
    expect(openParams({ textDocument: { uri: 'file:///a.swift', languageId: 'swift', version: 1, text: null } })).toMatch(/without text/);
    expect(openParams(null)).toMatch(/uri/);
    expect(openParams({ textDocument: { uri: 'file:///a.swift', languageId: 'swift', version: 1, text: 'x' } })).toMatchObject({ text: 'x' });
    expect(changeParams({ textDocument: { uri: 'file:///a.swift', version: 2 }, contentChanges: [{ text: 5 }] })).toMatch(/no text/);
    expect(changeParams({ textDocument: { uri: 'file:///a.swift', version: 2 }, contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] })).toMatch(/range/);
    expect(changeParams({ textDocument: { uri: 'file:///a.swift', version: 2 }, contentChanges: [{ text: 'all' }] })).toMatchObject({ version: 2 });
  });
});
