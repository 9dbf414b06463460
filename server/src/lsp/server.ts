/**
 * The bgtasks language server: wires the connection to the session (indexing, lint, publishing) and to the feature
 * modules (code actions, completion, hover, navigation, code lenses), each a function from the analysis and the
 * request to a result.
 */
import { DidChangeConfigurationNotification, FileChangeType, type Connection, type InitializeResult } from 'vscode-languageserver';
import { SERVER_CAPABILITIES } from './capabilities';
import { getParser } from '../analysis/parsing/treeSitter';
import { BUNDLE_IDS_REQUEST, TASKS_REQUEST, type BundleIdsResult, type TasksResult } from '../protocol/lsp';
import { lineIndexCache } from './convert';
import { changeParams, openParams } from './documentSync';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completionsAt } from './features/completion';
import { definitionAt, hoverAt, referencesAt } from './features/navigate';
import { bundleIdsOf, tasksOf } from './features/projectRequests';
import type { FolderProject } from './folder';
import { Session } from './session';
import { settingsFor } from './settings';

export function startServer(connection: Connection): void {
  const s = new Session(connection);
  let hasFolderEvents = false;
  /** Document notifications that arrive before the parser is loaded wait here, in order. */
  let early: (() => void)[] | undefined = [];
  const inOrder = (fn: () => void) => (early ? early.push(fn) : fn());
  const note = () => s.scheduler.noteMessage();

  connection.onInitialize((params): InitializeResult => {
    s.hasConfiguration = !!params.capabilities.workspace?.configuration;
    s.hasProgress = !!params.capabilities.window?.workDoneProgress;
    hasFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    void getParser('swift').then((parser) => {
      s.parserReady(parser);
      const queued = early ?? [];
      early = undefined;
      for (const fn of queued) fn();
    });
    const roots = params.workspaceFolders?.map((f) => s.toFile(f.uri)).filter((x): x is string => !!x) ?? (params.rootUri ? [s.toFile(params.rootUri)].filter((x): x is string => !!x) : []);
    for (const r of roots) s.addFolder(r);
    return {
      capabilities: SERVER_CAPABILITIES,
      serverInfo: { name: 'bgtasks', version: typeof BGTASKS_VERSION === 'string' ? BGTASKS_VERSION : 'dev' },
    };
  });

  connection.onInitialized(() => {
    for (const f of s.folders) void s.index(f);
    if (s.hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (!hasFolderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const r of e.removed) {
        const root = s.toFile(r.uri);
        if (root) s.removeFolder(root);
      }
      for (const a of e.added) {
        const root = s.toFile(a.uri);
        if (root) void s.index(s.addFolder(root));
      }
    });
  });

  connection.onDidChangeConfiguration(async () => {
    for (const f of s.folders) {
      const next = await settingsFor(connection, s.hasConfiguration, f.root, (m) => s.log(m));
      f.setSettings(next);
      // Rule severities apply without a rescan; excludes need one.
      const excludeChanged = JSON.stringify(next.exclude) !== JSON.stringify(f.config.exclude.filter((x) => next.exclude.includes(x)));
      f.config = { ...f.config, rules: { ...f.config.rules, ...next.rules } };
      for (const id of Object.keys(f.config.rules)) if (!(id in next.rules)) delete f.config.rules[id];
      if (excludeChanged) void s.index(f);
      else s.scheduler.schedule(f);
    }
  });

  registerDocuments(connection, s, inOrder);
  registerFeatures(connection, s);

  // Custom requests: the task list (tree view, simulator) and the app's bundle ids (device commands).
  connection.onRequest(TASKS_REQUEST, async (): Promise<TasksResult> => {
    note();
    await Promise.all(s.folders.map((f) => f.whenLoaded()));
    return tasksOf(s.folders);
  });
  connection.onRequest(BUNDLE_IDS_REQUEST, async (): Promise<BundleIdsResult> => {
    note();
    await Promise.all(s.folders.map((f) => f.whenLoaded()));
    return bundleIdsOf(s.folders);
  });

  s.log('ready');
}


/** Document notifications: malformed ones are dropped with a log line (never a crash). */
function registerDocuments(connection: Connection, s: Session, inOrder: (fn: () => void) => void): void {
  const note = () => s.scheduler.noteMessage();
  connection.onDidOpenTextDocument((raw) => {
    note();
    const p = openParams(raw);
    if (typeof p === 'string') return s.log(`ignored: ${p}`);
    inOrder(() => {
      const file = s.toFile(p.uri);
      if (!file || !s.documents) return;
      const r = s.documents.open(p.uri, file, p.languageId, p.version, p.text);
      const folder = s.folderOf(file);
      if (folder) void s.applyChange(folder, file, p.text, r.facts);
    });
  });

  connection.onDidChangeTextDocument((raw) => {
    note();
    const p = changeParams(raw);
    if (typeof p === 'string') return s.log(`ignored: ${p}`);
    inOrder(() => {
      const file = s.toFile(p.uri);
      if (!file || !s.documents) return;
      const t0 = s.timing ? performance.now() : 0;
      const r = s.documents.change(p.uri, p.version, p.changes);
      const folder = s.folderOf(file);
      if (!r || !folder) return;
      void s.applyChange(folder, file, s.documents.get(p.uri)!.doc.getText(), r.facts, () => {
        if (s.timing) s.log(`timing change v${p.version}: ${(performance.now() - t0).toFixed(2)} ms`);
      });
    });
  });

  connection.onDidCloseTextDocument((p) => {
    note();
    inOrder(() => {
      const file = typeof p?.textDocument?.uri === 'string' ? s.toFile(p.textDocument.uri) : undefined;
      if (!file || !s.documents) return;
      s.documents.close(p.textDocument.uri);
      const folder = s.folderOf(file);
      if (!folder) return;
      folder.documentClosed(file);
      s.scheduler.schedule(folder);
    });
  });

  connection.onDidChangeWatchedFiles((p) => {
    note();
    const reload = new Set<FolderProject>();
    const relint = new Set<FolderProject>();
    for (const c of p.changes ?? []) {
      const file = s.toFile(c.uri);
      const folder = file ? s.folderOf(file) : undefined;
      if (!file || !folder) continue;
      const r = folder.fileChanged(file, c.type === FileChangeType.Deleted);
      if (r === 'reload') reload.add(folder);
      else if (r === 'updated') relint.add(folder);
    }
    for (const f of reload) void s.index(f);
    for (const f of relint) if (!reload.has(f)) s.scheduler.schedule(f);
  });

}

/** Language features: each answers from the current text through its feature module. */
function registerFeatures(connection: Connection, s: Session): void {
  const note = () => s.scheduler.noteMessage();
  connection.onCodeAction((p) => {
    note();
    const file = s.toFile(p.textDocument.uri);
    const at = file ? s.findingsAt(file) : undefined;
    if (!file || !at) return [];
    const ws = at.folder.workspace!;
    return codeActions({ file, findings: at.findings, diagnostics: p.context.diagnostics, only: p.context.only, lines: lineIndexCache((f) => ws.textOf(f)), versionOf: s.versionOf });
  });
  connection.onHover((p) => {
    note();
    const a = s.analysisAt(p.textDocument.uri);
    return a ? hoverAt(a, p.position, a.folder.last!.findings) : null;
  });
  connection.onDefinition((p) => {
    note();
    const a = s.analysisAt(p.textDocument.uri);
    return a ? definitionAt(a, p.position) : [];
  });
  connection.onReferences((p) => {
    note();
    const a = s.analysisAt(p.textDocument.uri);
    return a ? referencesAt(a, p.position, !!p.context?.includeDeclaration) : [];
  });
  connection.onCompletion((p) => {
    note();
    const a = s.analysisAt(p.textDocument.uri);
    return a ? completionsAt(a.analysis, a.file, a.lines, a.lines.offsetAt(p.position)) : [];
  });
  connection.onCodeLens((p) => {
    note();
    const a = s.analysisAt(p.textDocument.uri);
    return a ? codeLenses(a.analysis, a.file, a.lines) : [];
  });

}

declare const BGTASKS_VERSION: string | undefined;
