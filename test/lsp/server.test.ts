/**
 * The built language server over stdio, driven by a real protocol connection: indexing, diagnostics
 * for files nobody opened, code actions applied and re-linted, hover, definition, references,
 * completion, code lenses, watched-file changes, settings, version races and multi-root folders.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, Hover, Location, CodeLens, WorkspaceEdit, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from './lspClient';

const EXAMPLE = path.resolve(__dirname, '../../examples/FilmTracker');

function copyExample(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-lsp-'));
  cpSync(EXAMPLE, path.join(dir, 'FilmTracker'), { recursive: true });
  return path.join(dir, 'FilmTracker');
}

/** Applies a workspace edit's changes for one document to its text. */
function applyEdit(edit: WorkspaceEdit, uri: string, text: string): string {
  const changes = (edit.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  const doc = TextDocument.create(uri, 'swift', 1, text);
  return TextDocument.applyEdits(doc, changes.flatMap((c) => c.edits as { range: any; newText: string }[]));
}

describe('language server over stdio', () => {
  let root: string;
  let client: LspClient;
  const file = (rel: string) => path.join(root, rel);

  beforeAll(async () => {
    root = copyExample();
    client = new LspClient();
    await client.initialize([root]);
  });

  afterAll(async () => {
    await client.dispose();
    rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('indexes in the background with progress and publishes diagnostics for files nobody opened', async () => {
    const plist = await client.waitForDiagnostics(uriOf(file('FilmTracker/Info.plist')), (p) => p.diagnostics.length > 0);
    const codes = plist.diagnostics.map((d) => d.code).sort();
    expect(codes).toEqual(['invalid-wildcard-identifier', 'missing-background-mode', 'missing-background-mode', 'unused-permitted-identifier', 'unused-permitted-identifier']);
    const d = plist.diagnostics.find((x) => x.code === 'missing-background-mode' && String(x.message).includes('lacks'))!;
    expect(d.source).toBe('bgtasks');
    expect(d.codeDescription?.href).toMatch(/docs\/rules\/missing-background-mode\.md$/);
    expect(d.relatedInformation?.[0].location.uri).toMatch(/DatabaseMaintenance\.swift$/);
    const pbx = await client.waitForDiagnostics(uriOf(file('FilmTracker.xcodeproj/project.pbxproj')), (p) => p.diagnostics.length > 0);
    expect(pbx.diagnostics.map((x) => x.code)).toEqual(['infoplist-key-build-setting', 'infoplist-key-build-setting']);
    const status = await client.waitForNotification('bgtasks/status', (s) => s.state === 'ready');
    expect(status.errors).toBe(11);
    expect(client.progress.some((p: any) => p.value?.kind === 'begin' && p.value.title === 'Indexing background tasks')).toBe(true);
    expect(client.progress.some((p: any) => p.value?.kind === 'end')).toBe(true);
  });

  it('fixes a missing setTaskCompleted through a code action, and the finding goes away', async () => {
    const f = file('FilmTracker/Background/DatabaseMaintenance.swift');
    const text = readFileSync(f, 'utf8');
    const uri = client.open(f, text);
    const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'missing-set-task-completed'));
    const diag = pub.diagnostics.find((d) => d.code === 'missing-set-task-completed')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const titles = actions.map((a) => a.title);
    expect(titles).toContain('Call task.setTaskCompleted(success: false) before leaving');
    expect(titles).toContain('Disable missing-set-task-completed for this line');
    expect(titles).toContain('Show documentation for missing-set-task-completed');
    const fix = actions.find((a) => a.isPreferred)!;
    const next = applyEdit(fix.edit!, uri, text);
    expect(next).toContain('else { task.setTaskCompleted(success: false); return }');
    client.change(uri, 2, [{ text: next }]);
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    expect(after.diagnostics.map((d) => d.code)).not.toContain('missing-set-task-completed');
    expect(after.diagnostics.map((d) => d.code)).toContain('submit-on-every-launch');
  });

  it('hovers a task id with where it is permitted, registered and submitted', async () => {
    const f = file('FilmTracker/Background/DatabaseMaintenance.swift');
    const uri = uriOf(f);
    const text = readFileSync(f, 'utf8');
    const doc = TextDocument.create(uri, 'swift', 1, text);
    const at = doc.positionAt(text.indexOf('TaskIdentifier.dbCleanup.rawValue') + 3);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at });
    const md = (hover.contents as { value: string }).value;
    expect(md).toContain('`com.example.filmtracker.db-cleanup`');
    expect(md).toContain('processing task (BGProcessingTask)');
    expect(md).toMatch(/Permitted in: \[Info\.plist:\d+\]/);
    expect(md).toMatch(/Registered at: \[AppDelegate\.swift:\d+\]/);
    expect(md).toContain('requires external power');
    expect(md).toContain('submit-on-every-launch');
    expect(typeof hover.contents === 'object' && 'kind' in hover.contents && hover.contents.kind).toBe('markdown');
  });

  it('goes from the code to the plist entry and back, and finds every reference', async () => {
    const f = file('FilmTracker/Background/DatabaseMaintenance.swift');
    const uri = uriOf(f);
    const text = readFileSync(f, 'utf8');
    const doc = TextDocument.create(uri, 'swift', 1, text);
    const at = doc.positionAt(text.indexOf('TaskIdentifier.dbCleanup.rawValue') + 3);
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at });
    const plistDef = defs.find((l) => l.uri.endsWith('Info.plist'))!;
    expect(plistDef).toBeDefined();
    expect(defs.some((l) => l.uri.endsWith('TaskIdentifier.swift'))).toBe(true);
    const back = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: plistDef.uri }, position: plistDef.range.start });
    expect(back.map((l) => path.basename(l.uri))).toEqual(['AppDelegate.swift']);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: at, context: { includeDeclaration: true } });
    expect(refs.map((l) => path.basename(l.uri)).sort()).toEqual(['AppDelegate.swift', 'DatabaseMaintenance.swift', 'Info.plist', 'TaskIdentifier.swift']);
  });

  it('offers code lenses above register sites', async () => {
    const f = file('FilmTracker/AppDelegate.swift');
    const uri = client.open(f, readFileSync(f, 'utf8'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const launch = lenses.filter((l) => l.command?.command === 'bgtasks.simulateLaunch');
    expect(launch.length).toBe(5);
    expect(launch.map((l) => l.command!.arguments![0])).toContain('com.example.filmtracker.db-cleanup');
    expect(lenses.filter((l) => l.command?.command === 'bgtasks.openSimulator').length).toBe(5);
  });

  it('completes permitted ids in a register call and unused ids in the plist', async () => {
    const f = file('FilmTracker/Scratch.swift');
    const text = 'import BackgroundTasks\nfunc f() {\n    BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.ex", using: nil) { _ in }\n}\n';
    const uri = client.open(f, text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const doc = TextDocument.create(uri, 'swift', 1, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(text.indexOf('com.ex') + 6) });
    expect(items.map((i) => i.label)).toContain('com.example.filmtracker.db-cleanup');
    const plist = file('FilmTracker/Info.plist');
    const ptext = readFileSync(plist, 'utf8');
    const puri = client.open(plist, ptext);
    const pdoc = TextDocument.create(puri, 'xml', 1, ptext);
    const inIds = ptext.indexOf('<string>', ptext.indexOf('BGTaskSchedulerPermittedIdentifiers')) + '<string>'.length;
    const ids = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: puri }, position: pdoc.positionAt(inIds) });
    expect(ids.map((i) => i.label)).toContain('com.example.filmtracker.trailers-sync');
    const inModes = ptext.indexOf('<string>', ptext.indexOf('UIBackgroundModes')) + '<string>'.length;
    const modes = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: puri }, position: pdoc.positionAt(inModes) });
    expect(modes.map((i) => i.label)).toContain('processing');
    expect(modes.map((i) => i.label)).not.toContain('fetch');
    void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: puri } });
    void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('a plist edit through its quick fix clears the Swift finding', async () => {
    const swift = file('FilmTracker/Background/TrailerSync.swift');
    const suri = uriOf(swift);
    const before = await client.waitForDiagnostics(suri, (p) => p.diagnostics.some((d) => d.code === 'unpermitted-identifier'));
    const diag = before.diagnostics.find((d) => d.code === 'unpermitted-identifier')!;
    const stext = readFileSync(swift, 'utf8');
    client.open(swift, stext);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: suri }, range: diag.range, context: { diagnostics: [diag] } });
    const add = actions.find((a) => a.title === 'Add "com.example.filmtracker.trailers-sync" to BGTaskSchedulerPermittedIdentifiers')!;
    expect(add.isPreferred).toBe(true);
    const plist = file('FilmTracker/Info.plist');
    const puri = uriOf(plist);
    const ptext = readFileSync(plist, 'utf8');
    const fixed = applyEdit(add.edit!, puri, ptext);
    // A minimal edit in the file's own indentation.
    expect(fixed.replace('\t\t<string>com.example.filmtracker.trailers-sync</string>\n', '')).toBe(ptext);
    const cleared = client.nextDiagnostics(suri, (p) => !p.diagnostics.some((d) => d.code === 'unpermitted-identifier'));
    client.open(plist, ptext, 'xml', 1);
    client.change(puri, 2, [{ text: fixed }]);
    await cleared;
    void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: puri } });
    void client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: suri } });
  });

  it('a plist changed on disk (watched file) re-checks the Swift files that depend on it', async () => {
    const swift = file('FilmTracker/Services/PosterCache.swift');
    const suri = uriOf(swift);
    await client.waitForDiagnostics(suri, (p) => p.diagnostics.some((d) => d.code === 'submit-without-handler'));
    const plist = file('FilmTracker/Info.plist');
    const text = readFileSync(plist, 'utf8');
    // Remove the poster-prefetch id: the submit site now also reports it as not permitted.
    const changed = text.replace(/\s*<string>com\.example\.filmtracker\.poster-prefetch<\/string>/, '');
    expect(changed).not.toBe(text);
    const next = client.nextDiagnostics(suri, (p) => p.diagnostics.some((d) => d.code === 'unpermitted-identifier'));
    writeFileSync(plist, changed);
    void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(plist), type: 2 }] });
    await next;
    const back = client.nextDiagnostics(suri, (p) => !p.diagnostics.some((d) => d.code === 'unpermitted-identifier'));
    writeFileSync(plist, text);
    void client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(plist), type: 2 }] });
    await back;
  });

  it('publishes only the latest version when two edits arrive together', async () => {
    const f = file('FilmTracker/Background/StudyUploader.swift');
    const text = readFileSync(f, 'utf8');
    const uri = client.open(f, text, 'swift', 10);
    await client.waitForDiagnostics(uri, (p) => p.version === 10);
    const start = client.publishes.length;
    const edit = (version: number, text: string) => ({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }] } });
    client.sendBurst([edit(11, '// a\n'), edit(12, '// b\n')]);
    const latest = await client.waitForDiagnostics(uri, (p) => p.version === 12);
    expect(latest.diagnostics.find((d) => d.code === 'missing-expiration-handler')!.range.start.line).toBeGreaterThan(0);
    const versions = client.publishes.slice(start).filter((p) => p.uri === uri).map((p) => p.version);
    expect(versions).toEqual([12]);
  });

  it('survives malformed document notifications and keeps answering (text null, a number, an object; bad ranges; stale versions)', async () => {
    const f = file('FilmTracker/Background/StudyUploader.swift');
    const uri = uriOf(f);
    const text = readFileSync(f, 'utf8');
    const bad = [
      { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'swift', version: 1, text: null } } },
      { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'swift', version: 1, text: 42 } } },
      { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'swift', version: 1, text: { a: 1 } } } },
      { method: 'textDocument/didOpen', params: {} },
      { method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: null }] } },
      { method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: 'x' }, text: '' }] } },
      { method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: 'nope' } },
      { method: 'textDocument/didClose', params: null },
    ];
    client.sendBurst(bad);
    // Still alive: a real open of the same file gets its diagnostics, and a change with an older version is dropped.
    client.open(f, text, 'swift', 30);
    await client.waitForDiagnostics(uri, (p) => p.version === 30);
    client.open(f, text, 'swift', 31);
    await client.waitForDiagnostics(uri, (p) => p.version === 31);
    const start = client.publishes.length;
    client.sendBurst([
      { method: 'textDocument/didChange', params: { textDocument: { uri, version: 5 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// stale\n' }] } },
      { method: 'textDocument/didChange', params: { textDocument: { uri, version: 32 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// new\n' }] } },
    ]);
    await client.waitForDiagnostics(uri, (p) => p.version === 32);
    const versions = client.publishes.slice(start).filter((p) => p.uri === uri).map((p) => p.version);
    expect(versions.every((v) => v === undefined || v >= 31)).toBe(true);
    client.sendBurst([{ method: 'textDocument/didClose', params: { textDocument: { uri } } }]);
  });

  it('applies a rule severity change from settings without a restart', async () => {
    const plist = uriOf(file('FilmTracker/Info.plist'));
    const gone = client.nextDiagnostics(plist, (p) => !p.diagnostics.some((d) => d.code === 'invalid-wildcard-identifier'));
    client.settings = { ...client.settings, bgtasks: { rules: { 'invalid-wildcard-identifier': 'off' }, exclude: [] } };
    void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await gone;
    const back = client.nextDiagnostics(plist, (p) => p.diagnostics.some((d) => d.code === 'invalid-wildcard-identifier' && d.severity === 2));
    client.settings = { ...client.settings, bgtasks: { rules: { 'invalid-wildcard-identifier': 'warning' }, exclude: [] } };
    void client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await back;
  });

  it('answers the custom tasks and bundle-id requests', async () => {
    const tasks = await client.request<any[]>('bgtasks/tasks', {});
    const cleanup = tasks.find((t) => t.id === 'com.example.filmtracker.db-cleanup');
    expect(cleanup).toMatchObject({ kind: 'processing', permitted: true, registered: true, submitted: true, request: { requiresExternalPower: true, earliestBeginDelaySeconds: 21600 } });
    expect(cleanup.sites.register.uri).toMatch(/AppDelegate\.swift$/);
    const refresh = tasks.find((t) => t.id === 'com.example.filmtracker.refresh');
    expect(refresh).toMatchObject({ kind: 'refresh', handler: { resubmits: 'never' } });
    const bundles = await client.request<any[]>('bgtasks/bundleIds', {});
    expect(bundles).toContainEqual({ target: 'FilmTracker', bundleId: 'com.example.filmtracker', configuration: 'Debug' });
  });
});

describe('multi-root workspaces', () => {
  it('keeps each folder its own project', async () => {
    const a = copyExample();
    const b = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-lsp-b-'));
    cpSync(path.resolve(__dirname, '../../examples/FilmTracker-fixed'), b, { recursive: true });
    const client = new LspClient();
    try {
      await client.initialize([a, b]);
      const pa = await client.waitForDiagnostics(uriOf(path.join(a, 'FilmTracker/Info.plist')), (p) => p.diagnostics.length > 0);
      expect(pa.diagnostics.length).toBe(5);
      const status = await client.waitForNotification('bgtasks/status', (s) => s.state === 'ready' && s.errors === 11);
      expect(status.warnings).toBe(6);
      // The fixed app publishes nothing: its ids are not mixed with the other folder's.
      expect([...client.diagnostics.keys()].filter((u) => u.startsWith(uriOf(b)) && client.diagnostics.get(u)!.diagnostics.length)).toEqual([]);
    } finally {
      await client.dispose();
      rmSync(path.dirname(a), { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('TypeScript sources', () => {
  it('lints a React Native file, fixes a missing finish() through a code action, and answers hover and completion', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-lsp-rn-'));
    cpSync(path.resolve(__dirname, '../../examples/rn-podcast'), dir, { recursive: true });
    const client = new LspClient();
    try {
      await client.initialize([dir]);
      const file = path.join(dir, 'src/background/BackgroundSync.js');
      const text = readFileSync(file, 'utf8');
      const uri = client.open(file, text, 'javascript');
      const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'missing-set-task-completed'));
      expect(pub.diagnostics.map((d) => d.code).sort()).toEqual(['missing-set-task-completed', 'rn-background-fetch-option', 'rn-background-fetch-task-id', 'unpermitted-identifier']);
      const diag = pub.diagnostics.find((d) => d.code === 'missing-set-task-completed')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
      const fix = actions.find((a) => a.isPreferred && a.title.startsWith('Call BackgroundFetch.finish('))!;
      expect(fix).toBeDefined();
      const next = applyEdit(fix.edit!, uri, text);
      client.change(uri, 2, [{ text: next }]);
      const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      expect(after.diagnostics.map((d) => d.code)).not.toContain('missing-set-task-completed');
      // Hover on a scheduleTask id.
      const doc = TextDocument.create(uri, 'javascript', 2, next);
      const at = doc.positionAt(next.indexOf("taskId: 'com.transistorsoft.podcast.cleanup'") + 12);
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at });
      expect((hover.contents as { value: string }).value).toContain('`com.transistorsoft.podcast.cleanup`');
      // Completion inside a taskId string offers the permitted ids.
      const scratch = path.join(dir, 'src/background/scratch.ts');
      const stext = "import BackgroundFetch from 'react-native-background-fetch';\nBackgroundFetch.scheduleTask({ taskId: 'com.' });\n";
      const suri = client.open(scratch, stext, 'typescript');
      await client.waitForDiagnostics(suri, (p) => p.version === 1);
      const sdoc = TextDocument.create(suri, 'typescript', 1, stext);
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: suri }, position: sdoc.positionAt(stext.indexOf("'com.") + 5) });
      expect(items.map((i) => i.label)).toContain('com.transistorsoft.fetch');
    } finally {
      await client.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Objective-C sources', () => {
  it('lints an open .m file, fixes a missing completion with Objective-C through a code action, and re-lints clean', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bgtasks-lsp-objc-'));
    cpSync(path.resolve(__dirname, '../../examples/NotesSync'), dir, { recursive: true });
    const client = new LspClient();
    try {
      await client.initialize([dir]);
      const file = path.join(dir, 'NotesSync/AppDelegate.m');
      const text = readFileSync(file, 'utf8');
      const uri = client.open(file, text, 'objective-c');
      const pub = await client.waitForDiagnostics(uri, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'missing-set-task-completed'));
      expect(pub.diagnostics.map((d) => d.code).sort()).toEqual(['missing-expiration-handler', 'missing-set-task-completed']);
      const diag = pub.diagnostics.find((d) => d.code === 'missing-set-task-completed')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
      const fix = actions.find((a) => a.isPreferred && a.edit)!;
      expect(fix).toBeDefined();
      const next = applyEdit(fix.edit!, uri, text);
      expect(next).toContain('[task setTaskCompletedWithSuccess:NO];');
      client.change(uri, 2, [{ text: next }]);
      const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      expect(after.diagnostics.map((d) => d.code)).toEqual(['missing-expiration-handler']);
    } finally {
      await client.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
