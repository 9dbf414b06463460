/**
 * The bgtasks language server: indexes each workspace folder in the background, lints on every
 * change, publishes diagnostics for every affected file (open or not), and answers code actions,
 * hover, definition, references, completion and code lenses. Handlers stay short; the work is in
 * the analysis, the rules, and the small modules beside this one.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type Location,
} from 'vscode-languageserver';
import { getParser } from '../analysis/parsing/treeSitter';
import { swiftNeedsParse } from '../analysis/project/discover';
import { KNOWN_MODES } from '../rules/missing-background-mode';
import { collectSafeEdits } from '../lint/fix';
import type { PositionedFinding } from '../lint/engine';
import { taskSummaries } from '../lint/summaries';
import { rulesById } from '../rules';
import {
  BUNDLE_IDS_REQUEST,
  Commands,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  STATUS_NOTIFICATION,
  TASKS_CHANGED_NOTIFICATION,
  TASKS_REQUEST,
  type BundleIdsResult,
  type StatusParams,
  type TasksResult,
} from '../protocol/lsp';
import { fileUri, lineIndexCache, toDiagnostic, toWorkspaceEdit } from './convert';
import { Documents } from './documents';
import { FolderProject, OverlayFileSystem, type FolderSettings } from './folder';
import { hoverMarkdown } from './hover';
import { idAt, sitesOf } from './navigation';
import { LineIndex } from '../analysis/text/lineIndex';

interface RawSettings {
  rules?: Record<string, string>;
  exclude?: string[];
}

export function startServer(connection: Connection): void {
  const fs = new OverlayFileSystem();
  const folders: FolderProject[] = [];
  let documents: Documents | undefined;
  let hasConfiguration = false;
  let hasProgress = false;
  let hasFolderEvents = false;
  /** Files we published diagnostics for, per folder root, so they can be cleared later. */
  const published = new Map<string, Set<string>>();
  /** The last diagnostics sent per file (JSON), so unchanged files are not re-sent on every keystroke. */
  const lastSent = new Map<string, string>();
  let messagesSeen = 0;
  const pendingLint = new Set<FolderProject>();
  let lintScheduled = false;
  let lastTasksKey = '';

  const log = (m: string) => connection.console.log(`[bgtasks] ${m}`);
  /** BGTASKS_TIMING=1 logs how long each change and lint took (for benchmarks and performance work). */
  const timing = process.env.BGTASKS_TIMING === '1';
  /** Document notifications that arrive before the parser is loaded wait here, in order. */
  let early: (() => void)[] | undefined = [];
  const inOrder = (fn: () => void) => {
    if (early) early.push(fn);
    else fn();
  };

  const folderOf = (file: string) => folders.filter((f) => f.contains(file)).sort((a, b) => b.root.length - a.root.length)[0];
  const toFile = (uri: string) => {
    try {
      return uri.startsWith('file:') ? path.resolve(fileURLToPath(uri)) : undefined;
    } catch {
      return undefined;
    }
  };

  async function settingsFor(root: string): Promise<FolderSettings> {
    if (!hasConfiguration) return { rules: {}, exclude: [] };
    const [raw, files] = (await connection.workspace.getConfiguration([
      { scopeUri: fileUri(root), section: 'bgtasks' },
      { scopeUri: fileUri(root), section: 'files.exclude' },
    ])) as [RawSettings | null, Record<string, boolean> | null];
    const rules: FolderSettings['rules'] = {};
    for (const [id, sev] of Object.entries(raw?.rules ?? {})) if (rulesById.has(id) && ['off', 'info', 'warning', 'error'].includes(sev)) rules[id] = sev as FolderSettings['rules'][string];
    const exclude = [...(Array.isArray(raw?.exclude) ? raw!.exclude.filter((x) => typeof x === 'string') : []), ...Object.entries(files ?? {}).filter(([, on]) => on === true).map(([g]) => g.replace(/^\*\*\//, '**/'))];
    return { rules, exclude };
  }

  // ---------------------------------------------------------------------------------------------
  // Indexing and linting

  async function index(folder: FolderProject): Promise<void> {
    folder.setSettings(await settingsFor(folder.root));
    const progress = hasProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing background tasks', 0, path.basename(folder.root), false);
    let last = 0;
    sendStatus({ state: 'indexing' });
    try {
      await folder.load((done, total) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        const pct = total ? Math.round((done / total) * 100) : 0;
        progress?.report(pct, `Indexing background tasks… ${done}/${total}`);
        sendStatus({ state: 'indexing', done, total });
      });
    } catch (e) {
      connection.console.error(`[bgtasks] indexing ${folder.root} failed: ${(e as Error).stack ?? e}`);
    } finally {
      progress?.done();
    }
    for (const p of folder.configProblems) connection.window.showWarningMessage(`bgtasks: ${p}`);
    // Open documents may have changed while the scan ran.
    for (const d of documents?.all() ?? []) if (folder.contains(d.file)) await folder.documentChanged(d.file, d.doc.getText(), d.facts);
    scheduleLint(folder);
  }

  /** Applies a document change to its folder's model, then lints (or re-indexes when a project or config file changed). */
  async function applyChange(folder: FolderProject, file: string, text: string, facts: Parameters<FolderProject['documentChanged']>[2], done?: () => void): Promise<void> {
    const r = await folder.documentChanged(file, text, facts);
    done?.();
    if (r === 'reload') void index(folder);
    else scheduleLint(folder);
  }

  function scheduleLint(folder: FolderProject): void {
    pendingLint.add(folder);
    if (lintScheduled) return;
    lintScheduled = true;
    // Coalesce: wait until the messages already received have been handled (the JSON-RPC layer
    // handles one per event-loop turn), so two quick edits lint once, at the latest version.
    let seen = messagesSeen;
    const tick = () => {
      if (messagesSeen !== seen) {
        seen = messagesSeen;
        setImmediate(tick);
        return;
      }
      setImmediate(() => {
        if (messagesSeen !== seen) {
          seen = messagesSeen;
          setImmediate(tick);
          return;
        }
        lintScheduled = false;
        const list = [...pendingLint];
        pendingLint.clear();
        for (const f of list) runLint(f);
      });
    };
    setImmediate(tick);
  }

  function runLint(folder: FolderProject): void {
    let result;
    const t0 = timing ? performance.now() : 0;
    try {
      result = folder.lint();
    } catch (e) {
      connection.console.error(`[bgtasks] lint failed: ${(e as Error).stack ?? e}`);
      return;
    }
    if (!result) return;
    const ws = folder.workspace!;
    const lines = lineIndexCache((f) => ws.textOf(f));
    const byFile = new Map<string, Diagnostic[]>();
    for (const f of result.findings) {
      const list = byFile.get(f.file) ?? [];
      list.push(toDiagnostic(f, lines));
      byFile.set(f.file, list);
    }
    // File-level problems (unreadable plist, parse timeouts) as information diagnostics.
    for (const p of result.problems) {
      if (!folder.contains(p.file)) continue;
      const list = byFile.get(p.file) ?? [];
      list.push({ range: p.range, severity: 3, source: DIAGNOSTIC_SOURCE, message: p.message });
      byFile.set(p.file, list);
    }
    // Open documents always get a publish for their current version (empty when clean), so clients know it is checked.
    for (const d of documents?.all() ?? []) if (folder.contains(d.file) && !byFile.has(d.file)) byFile.set(d.file, []);
    const before = published.get(folder.root) ?? new Set<string>();
    const now = new Set<string>();
    for (const [file, diagnostics] of byFile) {
      now.add(file);
      const uri = fileUri(file);
      const open = documents?.get(uri);
      const json = JSON.stringify(diagnostics);
      // Open documents always get their new version; other files only when their diagnostics changed.
      if (!open && lastSent.get(file) === json) continue;
      lastSent.set(file, json);
      void connection.sendDiagnostics({ uri, version: open?.doc.version, diagnostics });
    }
    for (const file of before) {
      if (now.has(file)) continue;
      lastSent.delete(file);
      void connection.sendDiagnostics({ uri: fileUri(file), diagnostics: [] });
    }
    published.set(folder.root, now);
    if (timing) log(`timing lint+publish: ${(performance.now() - t0).toFixed(2)} ms`);
    sendStatus({ state: 'ready' });
    const key = JSON.stringify(taskSummaries(result.analysis, result.findings));
    if (key !== lastTasksKey) {
      lastTasksKey = key;
      void connection.sendNotification(TASKS_CHANGED_NOTIFICATION);
    }
  }

  function sendStatus(partial: Partial<StatusParams> & { state: StatusParams['state'] }): void {
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    let files = 0;
    for (const f of folders) {
      for (const x of f.last?.findings ?? []) {
        if (x.severity === 'error') errors++;
        else if (x.severity === 'warning') warnings++;
        else infos++;
      }
      files += (f.workspace?.swiftTexts.size ?? 0) + (f.workspace?.plists.size ?? 0);
    }
    const state = folders.some((f) => !f.ready) ? 'indexing' : partial.state;
    void connection.sendNotification(STATUS_NOTIFICATION, { errors, warnings, infos, files, ...partial, state } satisfies StatusParams);
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    hasConfiguration = !!params.capabilities.workspace?.configuration;
    void getParser('swift').then((parser) => {
      documents = new Documents(parser, (file, text) => swiftNeedsParse(text) || !!folderOf(file)?.workspace?.parsed.has(file));
      const queued = early ?? [];
      early = undefined;
      for (const fn of queued) fn();
    });
    hasProgress = !!params.capabilities.window?.workDoneProgress;
    hasFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
    const roots = params.workspaceFolders?.map((f) => toFile(f.uri)).filter((x): x is string => !!x) ?? (params.rootUri ? [toFile(params.rootUri)!] : []);
    for (const r of roots) folders.push(new FolderProject(r, fs, { rules: {}, exclude: [] }));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        completionProvider: { triggerCharacters: ['"', '>', '.'] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'bgtasks', version: typeof BGTASKS_VERSION === 'string' ? BGTASKS_VERSION : 'dev' },
    };
  });

  connection.onInitialized(async () => {
    for (const f of folders) void index(f);
    if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (!hasFolderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const r of e.removed) {
        const root = toFile(r.uri);
        const i = folders.findIndex((f) => f.root === root);
        if (i >= 0) {
          for (const file of published.get(folders[i].root) ?? []) void connection.sendDiagnostics({ uri: fileUri(file), diagnostics: [] });
          published.delete(folders[i].root);
          folders.splice(i, 1);
        }
      }
      for (const a of e.added) {
        const root = toFile(a.uri);
        if (!root) continue;
        const f = new FolderProject(root, fs, { rules: {}, exclude: [] });
        folders.push(f);
        void index(f);
      }
    });
  });

  connection.onDidChangeConfiguration(async () => {
    for (const f of folders) {
      const s = await settingsFor(f.root);
      f.setSettings(s);
      // Rule severities apply without a rescan; excludes need one.
      const excludeChanged = JSON.stringify(s.exclude) !== JSON.stringify(f.config.exclude.filter((x) => s.exclude.includes(x)));
      f.config = { ...f.config, rules: { ...f.config.rules, ...s.rules } };
      for (const id of Object.keys(f.config.rules)) if (!(id in s.rules)) delete f.config.rules[id];
      if (excludeChanged) void index(f);
      else scheduleLint(f);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Documents

  const noteMessage = () => {
    messagesSeen++;
  };

  connection.onDidOpenTextDocument((p) => {
    noteMessage();
    inOrder(() => {
    const file = toFile(p.textDocument.uri);
    if (!file || !documents) return;
    const r = documents.open(p.textDocument.uri, file, p.textDocument.languageId, p.textDocument.version, p.textDocument.text);
    const folder = folderOf(file);
    if (!folder) return;
    void applyChange(folder, file, p.textDocument.text, r.facts);
    });
  });

  connection.onDidChangeTextDocument((p) => {
    noteMessage();
    inOrder(() => {
    const file = toFile(p.textDocument.uri);
    if (!file || !documents) return;
    const t0 = timing ? performance.now() : 0;
    const r = documents.change(p.textDocument.uri, p.textDocument.version, p.contentChanges);
    const folder = folderOf(file);
    if (!r || !folder) return;
    void applyChange(folder, file, documents.get(p.textDocument.uri)!.doc.getText(), r.facts, () => {
      if (timing) log(`timing change v${p.textDocument.version}: ${(performance.now() - t0).toFixed(2)} ms`);
    });
    });
  });

  connection.onDidCloseTextDocument((p) => {
    noteMessage();
    inOrder(() => {
    const file = toFile(p.textDocument.uri);
    if (!file || !documents) return;
    documents.close(p.textDocument.uri);
    const folder = folderOf(file);
    if (!folder) return;
    folder.documentClosed(file);
    scheduleLint(folder);
    });
  });

  connection.onDidChangeWatchedFiles((p) => {
    noteMessage();
    const reload = new Set<FolderProject>();
    const relint = new Set<FolderProject>();
    for (const c of p.changes) {
      const file = toFile(c.uri);
      if (!file) continue;
      const folder = folderOf(file);
      if (!folder) continue;
      const r = folder.fileChanged(file, c.type === FileChangeType.Deleted);
      if (r === 'reload') reload.add(folder);
      else if (r === 'updated') relint.add(folder);
    }
    for (const f of reload) void index(f);
    for (const f of relint) if (!reload.has(f)) scheduleLint(f);
  });

  // ---------------------------------------------------------------------------------------------
  // Language features

  const findingsAt = (file: string): { folder: FolderProject; findings: PositionedFinding[] } | undefined => {
    const folder = folderOf(file);
    if (folder?.workspace && !folder.last?.analysis.fresh) runLint(folder);
    if (!folder?.last) return undefined;
    return { folder, findings: folder.last.findings.filter((f) => f.file === file) };
  };

  const versionOf = (uri: string) => documents?.get(uri)?.doc.version ?? null;

  connection.onCodeAction((p) => {
    noteMessage();
    const file = toFile(p.textDocument.uri);
    if (!file) return [];
    const at = findingsAt(file);
    if (!at) return [];
    const ws = at.folder.workspace!;
    const lines = lineIndexCache((f) => ws.textOf(f));
    const actions: CodeAction[] = [];
    const only = p.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of p.context.diagnostics) {
        if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
        const f = at.findings.find((x) => x.ruleId === d.code && x.message === d.message && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
        if (!f) continue;
        for (const fix of f.fixes) {
          actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: !!fix.preferred, edit: toWorkspaceEdit([fix], lines, versionOf) });
        }
        actions.push(...suppressActions(file, f, d, lines(file)));
        actions.push({ title: `Show documentation for ${f.ruleId}`, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: 'Show rule documentation', command: Commands.showRuleDoc, arguments: [f.ruleId] } });
      }
    }
    if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(k + '.') || k === CodeActionKind.SourceFixAll)) {
      const edits = collectSafeEdits(at.findings);
      if (edits.size) {
        const fixes = [...edits].map(([fileName, list]) => ({ title: '', edits: list.map((e) => ({ ...e, file: fileName })), safe: true }));
        actions.push({ title: 'Fix all safe bgtasks problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(fixes, lines, versionOf) });
      }
    }
    return actions;
  });

  function suppressActions(file: string, f: PositionedFinding, d: Diagnostic, li: LineIndex | undefined): CodeAction[] {
    if (!li) return [];
    // Swift and TypeScript/JavaScript take `//` comments, plists `<!-- -->`; JSON has no comments.
    const slashComments = file.endsWith('.swift') || /\.[cm]?[jt]sx?$/.test(file);
    const isPlist = file.endsWith('.plist');
    if (!slashComments && !isPlist) return [];
    const line = f.range.start.line;
    const lineStart = li.lineStart(line);
    const indent = li.indentationAt(lineStart);
    const comment = (words: string) => (slashComments ? `// ${words}` : `<!-- ${words} -->`);
    const uri = fileUri(file);
    const edit = (at: number, text: string) => ({ documentChanges: [{ textDocument: { uri, version: versionOf(uri) }, edits: [{ range: li.rangeOf({ start: at, end: at }), newText: text }] }] });
    // A file directive goes at the top (after the XML prolog in plists).
    let top = 0;
    if (isPlist) {
      const m = /<plist[^>]*>\s*\n?/.exec(li.text);
      top = m ? m.index + m[0].length : 0;
    } else if (li.text.startsWith('#!')) top = li.lineStart(1);
    return [
      { title: `Disable ${f.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(lineStart, `${indent}${comment(`bgtasks-disable-next-line ${f.ruleId}`)}${li.eol}`) },
      { title: `Disable ${f.ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(top, `${comment(`bgtasks-disable ${f.ruleId}`)}${li.eol}`) },
    ];
  }

  const analysisAt = (uri: string) => {
    const file = toFile(uri);
    const folder = file ? folderOf(file) : undefined;
    if (!file || !folder?.workspace) return undefined;
    // Answer from the current text: a request can arrive before the scheduled lint has run.
    if (!folder.last?.analysis.fresh) runLint(folder);
    if (!folder.last) return undefined;
    const text = folder.workspace.textOf(file);
    if (text === undefined) return undefined;
    return { file, folder, analysis: folder.last.analysis, lines: new LineIndex(text) };
  };

  connection.onHover((p): Hover | null => {
    noteMessage();
    const a = analysisAt(p.textDocument.uri);
    if (!a) return null;
    const at = idAt(a.analysis, a.file, a.lines.offsetAt(p.position));
    if (!at) return null;
    const ws = a.folder.workspace!;
    const lines = lineIndexCache((f) => ws.textOf(f));
    const findings = a.folder.last!.findings.filter((f) => f.taskId === at.id);
    return { contents: { kind: 'markdown', value: hoverMarkdown(a.analysis, at, sitesOf(a.analysis, at), findings, lines) }, range: a.lines.rangeOf(at.span) };
  });

  const locations = (uri: string, position: { line: number; character: number }, include: (role: string, same: boolean) => boolean): Location[] => {
    const a = analysisAt(uri);
    if (!a) return [];
    const offset = a.lines.offsetAt(position);
    const at = idAt(a.analysis, a.file, offset);
    if (!at) return [];
    const ws = a.folder.workspace!;
    const lines = lineIndexCache((f) => ws.textOf(f));
    return sitesOf(a.analysis, at)
      .filter((s) => include(s.role, s.file === a.file && offset >= s.span.start && offset <= s.span.end))
      .flatMap((s) => {
        const li = lines(s.file);
        return li ? [{ uri: fileUri(s.file), range: li.rangeOf(s.span) }] : [];
      });
  };

  connection.onDefinition((p) => {
    noteMessage();
    const file = toFile(p.textDocument.uri) ?? '';
    // From code: the plist entry and the constant that spells the id. From a plist: the registrations.
    if (file.endsWith('.swift')) return locations(p.textDocument.uri, p.position, (role, same) => !same && (role === 'permitted' || role === 'constant'));
    return locations(p.textDocument.uri, p.position, (role, same) => !same && role === 'registered');
  });

  connection.onReferences((p) => {
    noteMessage();
    return locations(p.textDocument.uri, p.position, (_role, same) => p.context.includeDeclaration || !same);
  });

  connection.onCompletion((p): CompletionItem[] => {
    noteMessage();
    const a = analysisAt(p.textDocument.uri);
    if (!a) return [];
    const offset = a.lines.offsetAt(p.position);
    return completionsAt(a.analysis, a.file, a.lines, offset);
  });

  connection.onCodeLens((p): CodeLens[] => {
    noteMessage();
    const a = analysisAt(p.textDocument.uri);
    if (!a) return [];
    const lenses: CodeLens[] = [];
    for (const r of a.analysis.registrations()) {
      if (r.file !== a.file || r.id.value === undefined) continue;
      const id = a.analysis.display(r.id.value, r.scopes[0]);
      const start = a.lines.positionAt(r.reg.span.start);
      const range = { start: { line: start.line, character: 0 }, end: { line: start.line, character: 0 } };
      lenses.push({ range, command: { title: '▶ Simulate launch', command: Commands.simulateLaunch, arguments: [id] } });
      lenses.push({ range, command: { title: '⏹ Simulate expiration', command: Commands.simulateExpiration, arguments: [id] } });
      lenses.push({ range, command: { title: 'Open in simulator', command: Commands.openSimulator, arguments: [id] } });
    }
    return lenses;
  });

  // ---------------------------------------------------------------------------------------------
  // Custom requests

  connection.onRequest(TASKS_REQUEST, async (): Promise<TasksResult> => {
    noteMessage();
    await Promise.all(folders.map((f) => f.whenLoaded()));
    return folders.flatMap((f) => (f.last ? taskSummaries(f.last.analysis, f.last.findings) : []));
  });

  connection.onRequest(BUNDLE_IDS_REQUEST, async (): Promise<BundleIdsResult> => {
    noteMessage();
    await Promise.all(folders.map((f) => f.whenLoaded()));
    const out: BundleIdsResult = [];
    for (const f of folders) for (const s of f.workspace?.scopes ?? []) if (s.how !== 'union' && (s.target?.isApp ?? true)) for (const b of s.bundleIds) out.push({ target: s.name, bundleId: b.bundleId, configuration: b.configuration });
    const seen = new Set<string>();
    return out.filter((x) => !seen.has(x.target + x.bundleId) && seen.add(x.target + x.bundleId));
  });

  log('ready');
}

/** Ids and mode names offered inside string literals and plist arrays. */
function completionsAt(analysis: import('../analysis/model/analysis').Analysis, file: string, lines: LineIndex, offset: number): CompletionItem[] {
  const text = lines.text;
  const lineStart = lines.lineStart(lines.positionAt(offset).line);
  const before = text.slice(lineStart, offset);
  const ws = analysis.ws;
  if (!/\.(plist|json)$/.test(file)) {
    const swiftSite = /(forTaskWithIdentifier|identifier|appRefresh\(|processingTask\()\s*:?\s*"[^"]*$/;
    const tsSite = /(taskId\s*:|label\s*:|initWithIdentifier\(|LaunchHandler\()\s*['"`][^'"`]*$/;
    if (!(file.endsWith('.swift') ? swiftSite : tsSite).test(before)) return [];
    const scopes = ws.scopesOf(file);
    const ids = new Set<string>();
    for (const s of scopes) for (const e of ws.permittedEntries(s)) if (!e.unresolved.length && !e.wildcard) ids.add(analysis.display(e.value, s));
    return [...ids].map((id) => ({ label: id, kind: 12, detail: 'Permitted in Info.plist' }));
  }
  if (!/<string>[^<]*$/.test(before)) return [];
  for (const doc of ws.plists.values()) {
    if (doc.file !== file) continue;
    const inArray = (k: { array?: { span: { start: number; end: number } } } | undefined) => !!k?.array && offset > k.array.span.start && offset < k.array.span.end;
    if (inArray(doc.plist.modes)) {
      const have = new Set(doc.plist.modes!.entries.map((e) => e.raw));
      return KNOWN_MODES.filter((m) => !have.has(m)).map((m) => ({ label: m, kind: 12, detail: 'UIBackgroundModes value' }));
    }
    if (inArray(doc.plist.permitted)) {
      const scope = ws.scopes.find((s) => s.plists.includes(doc));
      const permitted = new Set(scope ? ws.permittedEntries(scope).map((e) => analysis.display(e.value, scope)) : []);
      const used = new Set<string>();
      for (const r of [...analysis.registrations(), ...analysis.requests()]) {
        if (r.id.value === undefined || (scope && !r.scopes.includes(scope))) continue;
        const id = analysis.display(r.id.value, scope);
        if (!permitted.has(id)) used.add(id);
      }
      return [...used].map((id) => ({ label: id, kind: 12, detail: 'Used in code, not yet permitted' }));
    }
  }
  return [];
}

declare const BGTASKS_VERSION: string | undefined;
