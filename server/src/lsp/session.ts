/**
 * The language server's state: workspace folders with their models, open documents, and the indexing → lint →
 * publish cycle. `server.ts` wires the connection's notifications and requests to it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { taskSummaries } from '../lint/summaries';
import type { PositionedFinding } from '../lint/engine';
import { swiftNeedsParse } from '../analysis/project/discover';
import { LineIndex } from '../analysis/text/lineIndex';
import { STATUS_NOTIFICATION, TASKS_CHANGED_NOTIFICATION, type StatusParams } from '../protocol/lsp';
import type { Parser } from 'web-tree-sitter';
import { lineIndexCache } from './convert';
import { Documents } from './documents';
import { FolderProject, OverlayFileSystem } from './folder';
import { DiagnosticsPublisher } from './publisher';
import { LintScheduler } from './lintScheduler';
import { settingsFor } from './settings';
import type { AtPosition } from './features/navigate';

export class Session {
  readonly fs = new OverlayFileSystem();
  readonly folders: FolderProject[] = [];
  documents?: Documents;
  hasConfiguration = false;
  hasProgress = false;
  readonly publisher: DiagnosticsPublisher;
  readonly scheduler = new LintScheduler<FolderProject>((f) => this.runLint(f));
  /** BGTASKS_TIMING=1 logs how long each change and lint took (for benchmarks and performance work). */
  readonly timing = process.env.BGTASKS_TIMING === '1';
  private lastTasksKey = '';

  constructor(private readonly connection: Connection) {
    this.publisher = new DiagnosticsPublisher((p) => void connection.sendDiagnostics(p));
  }

  log(m: string): void {
    this.connection.console.log(`[bgtasks] ${m}`);
  }

  /** Open documents are parsed only when the analysis needs their facts. */
  parserReady(parser: Parser): void {
    this.documents = new Documents(parser, (file, text) => swiftNeedsParse(text) || !!this.folderOf(file)?.workspace?.parsed.has(file));
  }

  addFolder(root: string): FolderProject {
    const f = new FolderProject(root, this.fs, { rules: {}, exclude: [] });
    this.folders.push(f);
    return f;
  }

  removeFolder(root: string): void {
    const i = this.folders.findIndex((f) => f.root === root);
    if (i < 0) return;
    this.publisher.clear(root);
    this.folders.splice(i, 1);
  }

  folderOf(file: string): FolderProject | undefined {
    return this.folders.filter((f) => f.contains(file)).sort((a, b) => b.root.length - a.root.length)[0];
  }

  toFile(uri: string): string | undefined {
    try {
      return uri.startsWith('file:') ? path.resolve(fileURLToPath(uri)) : undefined;
    } catch {
      return undefined;
    }
  }

  /** (Re)builds a folder's model in the background, then hands over open documents and lints. */
  async index(folder: FolderProject): Promise<void> {
    folder.setSettings(await settingsFor(this.connection, this.hasConfiguration, folder.root, (m) => this.log(m)));
    const progress = this.hasProgress ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Indexing background tasks', 0, path.basename(folder.root), false);
    let last = 0;
    folder.failure = undefined;
    this.sendStatus({ state: 'indexing' });
    try {
      await folder.load((done, total) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        progress?.report(total ? Math.round((done / total) * 100) : 0, `Indexing background tasks… ${done}/${total}`);
        this.sendStatus({ state: 'indexing', done, total });
      });
    } catch (e) {
      this.connection.console.error(`[bgtasks] indexing ${folder.root} failed: ${(e as Error).stack ?? e}`);
      // Said in the status bar, not left spinning, until the folder is indexed again (an edit to a project file, a
      // settings change, or a restart).
      folder.failure = `indexing ${path.basename(folder.root)} failed: ${(e as Error).message ?? e}`;
      this.sendStatus({ state: 'failed' });
    } finally {
      progress?.done();
    }
    for (const p of folder.configProblems) void this.connection.window.showWarningMessage(`bgtasks: ${p}`);
    // Open documents may have changed while the scan ran; their facts come from the editor's parse.
    for (const d of this.documents?.all() ?? []) if (folder.contains(d.file)) await folder.documentChanged(d.file, d.doc.getText(), d.facts);
    this.scheduler.schedule(folder);
  }

  /** Applies a document change to its folder's model, then lints (or re-indexes when a project or config file changed). */
  async applyChange(folder: FolderProject, file: string, text: string, facts: Parameters<FolderProject['documentChanged']>[2], done?: () => void): Promise<void> {
    const r = await folder.documentChanged(file, text, facts);
    done?.();
    if (r === 'reload') void this.index(folder);
    else this.scheduler.schedule(folder);
  }

  runLint(folder: FolderProject): void {
    let result;
    const t0 = this.timing ? performance.now() : 0;
    try {
      result = folder.lint();
    } catch (e) {
      this.connection.console.error(`[bgtasks] lint failed: ${(e as Error).stack ?? e}`);
      return;
    }
    if (!result) return;
    const ws = folder.workspace!;
    const open = (this.documents?.all() ?? []).map((d) => ({ file: d.file, version: d.doc.version }));
    this.publisher.publish(folder.root, result, (f) => ws.textOf(f), (f) => folder.contains(f), open);
    if (this.timing) this.log(`timing lint+publish: ${(performance.now() - t0).toFixed(2)} ms`);
    this.sendStatus({ state: 'ready' });
    const key = JSON.stringify(taskSummaries(result.analysis, result.findings));
    if (key !== this.lastTasksKey) {
      this.lastTasksKey = key;
      void this.connection.sendNotification(TASKS_CHANGED_NOTIFICATION);
    }
  }

  sendStatus(partial: Partial<StatusParams> & { state: StatusParams['state'] }): void {
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    let files = 0;
    for (const f of this.folders) {
      for (const x of f.last?.findings ?? []) {
        if (x.severity === 'error') errors++;
        else if (x.severity === 'warning') warnings++;
        else infos++;
      }
      files += (f.workspace?.swiftTexts.size ?? 0) + (f.workspace?.plists.size ?? 0);
    }
    const failures = this.folders.flatMap((f) => (f.failure ? [f.failure] : []));
    const state = this.folders.some((f) => !f.ready && !f.failure) ? 'indexing' : failures.length ? 'failed' : partial.state;
    const message = failures.length ? failures.join('; ') : undefined;
    void this.connection.sendNotification(STATUS_NOTIFICATION, { errors, warnings, infos, files, ...partial, state, ...(message ? { message } : {}) } satisfies StatusParams);
  }

  /** The findings of a file from a lint of the current text (re-linting first when the model changed). */
  findingsAt(file: string): { folder: FolderProject; findings: PositionedFinding[] } | undefined {
    const folder = this.folderOf(file);
    if (folder?.workspace && !folder.last?.analysis.fresh) this.runLint(folder);
    if (!folder?.last) return undefined;
    return { folder, findings: folder.last.findings.filter((f) => f.file === file) };
  }

  /** What the language features need for a document, answered from the current text. */
  analysisAt(uri: string): (AtPosition & { folder: FolderProject }) | undefined {
    const file = this.toFile(uri);
    const folder = file ? this.folderOf(file) : undefined;
    if (!file || !folder?.workspace) return undefined;
    // A request can arrive before the scheduled lint has run.
    if (!folder.last?.analysis.fresh) this.runLint(folder);
    if (!folder.last) return undefined;
    const ws = folder.workspace;
    const text = ws.textOf(file);
    if (text === undefined) return undefined;
    return { file, folder, analysis: folder.last.analysis, lines: new LineIndex(text), linesOf: lineIndexCache((f) => ws.textOf(f)) };
  }

  versionOf = (uri: string): number | null => this.documents?.get(uri)?.doc.version ?? null;
}
