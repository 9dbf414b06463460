/**
 * One workspace folder as the language server sees it: its analysis model (built in the
 * background), the open documents overlaid on it, its configuration, and the last lint result.
 * Each folder is its own project, so apps in a multi-root workspace keep their ids apart.
 */
import path from 'node:path';
import type { FileFacts } from '../analysis/model/facts';
import { ScanCancelled, Workspace } from '../analysis/model/workspace';
import { classifyFile, compileExcludes, excludeMatcher } from '../analysis/project/discover';
import { diskFileSystem, type FileSystem } from '../analysis/project/fileSystem';
import { allRules } from '../rules';
import { CONFIG_FILE, loadConfigFile, mergeConfigs, type LintConfig } from '../lint/config';
import { lint, type LintResult } from '../lint/engine';

/** A FileSystem that serves open documents' text ahead of the disk. */
export class OverlayFileSystem implements FileSystem {
  readonly open = new Map<string, string>();
  constructor(private readonly base: FileSystem = diskFileSystem) {}
  readText(file: string) {
    return this.open.get(file) ?? this.base.readText(file);
  }
  readBytes(file: string) {
    const t = this.open.get(file);
    return t !== undefined ? Buffer.from(t, 'utf8') : this.base.readBytes(file);
  }
  exists(file: string) {
    return this.open.has(file) || this.base.exists(file);
  }
  listFiles(root: string, skipDir: (dir: string, name: string) => boolean) {
    return this.base.listFiles(root, skipDir);
  }
}

export interface FolderSettings {
  rules: LintConfig['rules'];
  exclude: string[];
}

export class FolderProject {
  workspace?: Workspace;
  last?: LintResult;
  config: LintConfig = mergeConfigs();
  configProblems: string[] = [];
  /** Why the last indexing failed (for the status bar), until the folder is indexed again. */
  failure?: string;
  private loading?: Promise<void>;
  private loadId = 0;

  constructor(
    readonly root: string,
    readonly fs: OverlayFileSystem,
    private settings: FolderSettings,
  ) {}

  contains(file: string): boolean {
    return file === this.root || file.startsWith(this.root + path.sep);
  }

  get ready(): boolean {
    return !!this.workspace;
  }

  setSettings(s: FolderSettings): void {
    this.settings = s;
  }

  /** (Re)builds the model in the background; a newer call cancels an older one. */
  load(onProgress: (done: number, total: number) => void): Promise<void> {
    const id = ++this.loadId;
    const known = new Set(allRules.map((r) => r.meta.id));
    const file = loadConfigFile(this.root, this.fs, known);
    this.configProblems = file.problems;
    // Editor settings win over the config file.
    this.config = mergeConfigs(file.config, { rules: this.settings.rules, exclude: this.settings.exclude });
    // Exclude patterns that are left out (brace bombs) are said, as the CLI says them.
    this.configProblems.push(...compileExcludes(this.config.exclude).problems);
    const run = (async () => {
      try {
        const ws = await Workspace.load({
          roots: [this.root],
          fs: this.fs,
          exclude: this.config.exclude,
          bundleIdentifier: this.config.bundleIdentifier,
          yieldEvery: 100,
          onProgress,
          cancelled: () => id !== this.loadId,
        });
        if (id !== this.loadId) return;
        // Open documents were read through the overlay; mark them so watchers do not re-read them (the server then
        // hands over their facts from the editor's incremental parse).
        for (const f of this.fs.open.keys()) if (f.endsWith('.swift')) ws.markOverlay(f);
        this.workspace = ws;
      } catch (e) {
        if (!(e instanceof ScanCancelled)) throw e;
      }
    })();
    this.loading = run;
    return run;
  }

  async whenLoaded(): Promise<void> {
    while (this.loading) {
      const l = this.loading;
      await l;
      if (this.loading === l) break;
    }
  }

  private matcher?: { key: string[]; m: ReturnType<typeof excludeMatcher> };

  isExcluded(file: string): boolean {
    // Compiled once per exclude list (this runs on every keystroke).
    if (this.matcher?.key !== this.config.exclude) this.matcher = { key: this.config.exclude, m: excludeMatcher(this.root, this.config.exclude) };
    const m = this.matcher.m;
    if (m.skipFile(file)) return true;
    let dir = path.dirname(file);
    while (dir.length > this.root.length) {
      if (m.skipDir(dir, path.basename(dir))) return true;
      dir = path.dirname(dir);
    }
    return false;
  }

  /** Applies an open document's new text (and facts from an incremental parse, for Swift). */
  async documentChanged(file: string, text: string, facts?: FileFacts): Promise<'reload' | 'updated'> {
    this.fs.open.set(file, text);
    const ws = this.workspace;
    if (!ws || this.isExcluded(file)) return 'updated';
    if (file.endsWith('.entitlements')) {
      ws.entitlementsChanged(file);
      return 'updated';
    }
    const kind = classifyFile(file);
    if (kind === 'swift') ws.updateSwift(file, text, facts, true);
    else if (kind === 'objc') ws.updateObjc(file, text, true);
    else if (kind === 'ts') await ws.updateTs(file, text, true);
    else if (kind === 'plist' || (ws.plists.has(file) && !ws.plists.get(file)!.virtual)) ws.updatePlist(file, text);
    // Project structure and framework configs are re-read with the whole model.
    else if (kind === 'appjson' || kind === 'capacitor' || kind === 'pbxproj' || kind === 'xcconfig' || kind === 'xcodegen') return 'reload';
    return 'updated';
  }

  documentClosed(file: string): void {
    this.fs.open.delete(file);
    const ws = this.workspace;
    if (!ws) return;
    ws.releaseOverlay(file);
    // Back to the disk version.
    if (file.endsWith('.entitlements')) ws.entitlementsChanged(file);
    const kind = classifyFile(file);
    if (kind === 'swift') ws.updateSwift(file, this.fs.readText(file));
    else if (kind === 'objc') ws.updateObjc(file, this.fs.readText(file));
    else if (kind === 'ts') void ws.updateTs(file, this.fs.readText(file));
    else if (kind === 'plist' || (ws.plists.has(file) && !ws.plists.get(file)!.virtual)) ws.updatePlist(file, this.fs.readBytes(file));
  }

  /**
   * A watched file changed on disk. Returns 'reload' when the project structure changed (projects,
   * build settings, config), else 'updated' or 'ignored'.
   */
  fileChanged(file: string, deleted: boolean): 'reload' | 'updated' | 'ignored' {
    const ws = this.workspace;
    if (!ws) return 'ignored';
    if (path.basename(file) === CONFIG_FILE || path.basename(file) === 'package.json') return 'reload';
    if (this.isExcluded(file) || this.fs.open.has(file)) return 'ignored';
    if (file.endsWith('.entitlements')) {
      ws.entitlementsChanged(file);
      return 'updated';
    }
    const kind = classifyFile(file);
    if (kind === 'pbxproj' || kind === 'xcconfig' || kind === 'xcodegen' || kind === 'appjson' || kind === 'capacitor') return 'reload';
    if (kind === 'swift') {
      ws.updateSwift(file, deleted ? undefined : this.fs.readText(file));
      return 'updated';
    }
    if (kind === 'ts') {
      void ws.updateTs(file, deleted ? undefined : this.fs.readText(file));
      return 'updated';
    }
    if (kind === 'objc') {
      ws.updateObjc(file, deleted ? undefined : this.fs.readText(file));
      return 'updated';
    }
    if (kind === 'plist' || ws.plists.has(file)) {
      ws.updatePlist(file, deleted ? undefined : this.fs.readBytes(file));
      return 'updated';
    }
    return 'ignored';
  }

  lint(): LintResult | undefined {
    if (!this.workspace) return undefined;
    this.last = lint(this.workspace, this.config);
    return this.last;
  }
}
