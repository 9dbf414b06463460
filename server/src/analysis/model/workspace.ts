/**
 * The workspace model: every Info.plist, Xcode project and (lazily) Swift, Objective-C and TypeScript file of one
 * workspace folder, the app scopes that tie sources to their governing Info.plist, and the per-file facts.
 *
 * Sources are read once; only files that pass the byte prefilter are parsed up front. Anything
 * else is parsed on demand when resolution needs it (a constant defined elsewhere, a caller on the
 * way to launch, a function the task is handed to).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { getParser, getParserSync, initRuntime, parseWith } from '../parsing/treeSitter';
import { decodePlistBytes, readInfoPlist, type InfoPlist } from '../plist/infoPlist';
import { classifyFile, excludeMatcher, importsTestFramework, isTestPath, isTestProductType, OBJC_API_WORDS, OBJC_LAUNCH_WORDS, OBJC_PREFILTER, objcImportsTestFramework, swiftNeedsParse, SWIFT_API_WORDS, SWIFT_LAUNCH_WORDS, TS_PREFILTER } from '../project/discover';
import { getParser as getTsParser } from '../parsing/treeSitter';
import { capacitorJsonFacts, capacitorTsFacts, readExpoAppJson } from '../typescript/configs';
import { extractObjcFacts } from '../objc/extract';
import { maskObjc } from '../objc/mask';
import { objcMentions } from '../objc/mentions';
import { EXPO_TASK_ID, extractTsFacts } from '../typescript/extract';
import { SourceStore, type MentionRole } from '../project/sourceStore';
import { callFollows, mayCallMethodOf } from '../project/callSearch';
import { packageVersion, type Version } from '../typescript/packageVersions';
import { confine, MAX_FILE_BYTES, type FileSystem } from '../project/fileSystem';
import { extractSwiftFacts } from '../swift/extract';
import { prepareSwiftForParse } from '../swift/swift6Rewrite';
import { LineIndex, type Span } from '../text/lineIndex';
import { expandVariables, BUNDLE_ID_VAR } from '../xcode/buildSettings';
import { readXcodeProject, targetContains, type BuildSettingSite, type XcodeProject, type XcodeTarget } from '../xcode/pbxproj';
import { parseXcconfig } from '../xcode/xcconfig';
import { readXcodeGen } from '../xcode/xcodegen';
import { LIMITS, WorkLog } from './budget';
import { emptyFacts, type FileFacts } from './facts';

export interface SourceFile {
  file: string;
  text: string;
  lines: LineIndex;
  facts: FileFacts;
}

export interface PlistDoc {
  file: string;
  text: string;
  lines: LineIndex;
  plist: InfoPlist;
  /** Set for plists synthesised from XcodeGen `info.properties` (no XML to edit). */
  virtual?: boolean;
}

/** A permitted-identifier entry with its value expanded for comparison. */
export interface PermittedEntry {
  raw: string;
  /** Expanded with build settings; `$(PRODUCT_BUNDLE_IDENTIFIER)` is kept as a token when unknown. */
  value: string;
  /** Variables other than the bundle id that could not be expanded. */
  unresolved: string[];
  wildcard: boolean;
  plist: PlistDoc;
  /** The whole `<string>` element (for removal). */
  span: Span;
  /** Its text (for diagnostics). */
  valueSpan: Span;
}

export interface AppScope {
  /** Target name, or the plist's folder when there is no project. */
  name: string;
  /** How sources were tied to this plist: target membership, nearest Info.plist, or the union of all. */
  how: 'target' | 'nearest' | 'union';
  plists: PlistDoc[];
  /** Bundle identifiers per configuration, e.g. { Debug: 'com.x.debug', Release: 'com.x' }. */
  bundleIds: { configuration: string; bundleId: string }[];
  target?: XcodeTarget;
  project?: XcodeProject;
  /** Swift files that belong to the scope. */
  files: Set<string>;
  /** Build settings used to expand plist variables (first configuration). */
  settings: Record<string, string>;
  /**
   * The target has no Info.plist file, only a generated one (GENERATE_INFOPLIST_FILE = YES, no INFOPLIST_FILE):
   * BGTaskSchedulerPermittedIdentifiers and UIBackgroundModes cannot be set that way.
   */
  generatedOnly?: boolean;
}

export interface FileProblem {
  file: string;
  message: string;
  span: Span;
}

export interface WorkspaceOptions {
  roots: string[];
  fs: FileSystem;
  exclude?: string[];
  /** Overrides the bundle id when the project does not say (config `bundleIdentifier`). */
  bundleIdentifier?: string;
  parseBudgetMs?: number;
  /** Shared cache of facts by content hash (the language server keeps one across rebuilds). */
  factsCache?: Map<string, FileFacts>;
  /** Reports progress while reading files. */
  onProgress?: (done: number, total: number) => void;
  /** Yield to the event loop every N files while scanning (the language server stays responsive). */
  yieldEvery?: number;
  /** Checked between batches; returning true abandons the scan (a newer one replaces it). */
  cancelled?: () => boolean;
}

export class Workspace {
  readonly swiftTexts = new SourceStore();
  /** TypeScript/JavaScript sources (React Native, Expo, Capacitor, NativeScript). */
  readonly tsTexts = new SourceStore();
  /** Objective-C and Objective-C++ sources and headers (.m, .mm, .h). */
  readonly objcTexts = new SourceStore();
  /** Expo app.json files by project folder (the managed workflow's Info.plist source). */
  readonly expoConfigs = new Map<string, { file: string; plugins: string[] }>();
  private tsParser?: Parser;
  private tsxParser?: Parser;
  readonly parsed = new Map<string, SourceFile>();
  readonly plists = new Map<string, PlistDoc>();
  readonly projects: XcodeProject[] = [];
  /** INFOPLIST_KEY_* settings in xcconfig files not referenced by any project. */
  readonly looseBuildSettings: BuildSettingSite[] = [];
  readonly problems: FileProblem[] = [];
  scopes: AppScope[] = [];
  /** Files with text that the model was given (open documents); they are never re-read from disk. */
  private readonly overlays = new Set<string>();
  private readonly factsCache: Map<string, FileFacts>;
  private generation = 0;
  private contentGeneration = 0;

  private readonly created = performance.now();
  /** Time spent parsing and extracting Swift (BGTASKS_TIMING). */
  readonly stats = { parseMs: 0, extractMs: 0 };
  /** Tuist / SwiftPM manifests (`import ProjectDescription` / `import PackageDescription`) by path. */
  readonly manifests = new Map<string, string>();
  /** The project pulls in code it does not contain (Swift packages, pods, Carthage): SDKs may register task ids. */
  hasPackageDependencies = false;
  /** Test sources left out of the analysis. */
  testFiles = 0;
  /** Questions that ran out of budget and answered "unknown" (BGTASKS_TIMING, --debug). */
  readonly work = new WorkLog();

  readonly options: WorkspaceOptions;
  /** Reads only inside the workspace roots (symbolic links resolved). */
  private readonly confined: ReturnType<typeof confine>;

  /** Launch files not parsed because no code used the API when the workspace was read (see scan). */
  private readonly deferredLaunch = new Set<string>();
  /** The Swift parser, once scan() knows something is to be parsed (an app that never uses the API loads no grammar). */
  private swiftParser?: Parser;
  private get parser(): Parser {
    return (this.swiftParser ??= getParserSync('swift'));
  }
  /** The Objective-C parser, loaded (synchronously, after initRuntime) when an Objective-C file is first parsed. */
  private objcParser?: Parser;

  private constructor(options: WorkspaceOptions) {
    this.confined = confine(options.fs, options.roots);
    this.options = { ...options, fs: this.confined };
    this.factsCache = options.factsCache ?? new Map();
  }

  static async load(options: WorkspaceOptions): Promise<Workspace> {
    void initRuntime().catch(() => undefined);
    const ws = new Workspace(options);
    await ws.scan();
    return ws;
  }

  private async tsParsers(): Promise<void> {
    this.tsParser ??= await getTsParser('typescript');
    this.tsxParser ??= await getTsParser('tsx');
  }

  /** Increments on every change, including files parsed on demand; derived caches key on it. */
  get version(): number {
    return this.generation;
  }

  /** Increments only when file contents change (not when more files are parsed on demand). */
  get contentVersion(): number {
    return this.contentGeneration;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private async scan(): Promise<void> {
    const { fs, roots } = this.options;
    const all: string[] = [];
    const matchers = roots.map((root) => ({ root: path.resolve(root), ex: excludeMatcher(root, this.options.exclude ?? []) }));
    for (const { root, ex } of matchers) {
      for (const f of fs.listFiles(root, ex.skipDir)) if (!ex.skipFile(f)) all.push(path.resolve(f));
    }
    /** Excluded files stay excluded even when a project file points at them. */
    const excluded = (file: string) =>
      matchers.some(({ root, ex }) => {
        if (!file.startsWith(root + path.sep)) return false;
        if (ex.skipFile(file)) return true;
        for (let dir = path.dirname(file); dir.length > root.length; dir = path.dirname(dir)) if (ex.skipDir(dir, path.basename(dir))) return true;
        return false;
      });
    const rootOf = (f: string) => matchers.find(({ root }) => f.startsWith(root + path.sep))?.root ?? path.dirname(f);
    // Test code is not app code (see isTestPath): it is not read at all, so nothing in it is reported or counted.
    const kinds = all
      .map((f) => [f, classifyFile(f)] as const)
      .filter((x) => x[1] && !((x[1] === 'swift' || x[1] === 'objc' || x[1] === 'ts' || x[1] === 'plist') && isTestPath(path.relative(rootOf(x[0]), x[0]))));
    let done = 0;
    const xcconfigs: string[] = [];
    const yamls: string[] = [];
    const appJsons: string[] = [];
    const capacitorConfigs: string[] = [];
    const pause = async () => {
      if (this.options.yieldEvery && done % this.options.yieldEvery === 0) await new Promise<void>((r) => setImmediate(r));
      if (this.options.cancelled?.()) throw new ScanCancelled();
    };
    for (const [file, kind] of kinds) {
      await pause();
      if (kind === 'swift') {
        // Synchronous reads measured faster than overlapped async ones here (syscall-bound; docs/benchmarks.md).
        const bytes = fs.readBytes(file);
        if (bytes === undefined) {
          // Unreadable: nothing to analyse.
        } else if (importsTestFramework(bytes)) this.testFiles++;
        // Tuist and SwiftPM manifests describe the project; they are not app code.
        else if (isManifest(file, bytes)) this.manifests.set(file, Buffer.from(bytes).toString('utf8'));
        else this.swiftTexts.set(file, bytes);
      } else if (kind === 'plist') this.readPlist(file);
      else if (kind === 'pbxproj') {
        const text = fs.readText(file);
        if (text !== undefined) {
          const p = readXcodeProject(file, text, fs);
          if (text.includes('XCRemoteSwiftPackageReference')) this.hasPackageDependencies = true;
          this.projects.push(p);
          for (const pr of p.problems) this.problems.push({ file, ...pr });
        }
      } else if (kind === 'xcconfig') xcconfigs.push(file);
      else if (kind === 'xcodegen') yamls.push(file);
      else if (kind === 'ts' || kind === 'objc') this.readSource(file, kind);
      else if (kind === 'appjson') appJsons.push(file);
      else if (kind === 'capacitor') capacitorConfigs.push(file);
      this.options.onProgress?.(++done, kinds.length);
    }
    // CocoaPods, Carthage or SwiftPM dependencies: code this workspace does not hold (an SDK may register task ids).
    for (const root of roots) if (['Podfile', 'Podfile.lock', 'Cartfile', 'Package.resolved'].some((f) => fs.exists(path.join(root, f)))) this.hasPackageDependencies = true;
    if (all.some((f) => /(^|[/\\])(Podfile(\.lock)?|Cartfile|Package\.resolved)$/.test(f))) this.hasPackageDependencies = true;
    // Sources compiled only by test bundles are test code too.
    for (const f of [...this.swiftTexts.keys(), ...this.objcTexts.keys()]) {
      let inTest = false;
      let inOther = false;
      for (const p of this.projects) {
        for (const t of p.targets) {
          if (!targetContains(t, f)) continue;
          if (isTestProductType(t.productType)) inTest = true;
          else inOther = true;
        }
      }
      if (inTest && !inOther) {
        this.swiftTexts.delete(f);
        this.objcTexts.delete(f);
        this.testFiles++;
      }
    }
    // Plists named by INFOPLIST_FILE may have any name.
    const outside = new Set<string>();
    for (const p of this.projects) {
      for (const t of p.targets) {
        for (const c of t.configurations) {
          const f = c.infoPlistFile;
          if (!f || this.plists.has(f) || excluded(f)) continue;
          if (!this.confined.inside(f)) {
            // Say so once per file: nothing outside the workspace is read, reported or edited.
            if (!outside.has(f)) this.problems.push({ file: p.file, message: `INFOPLIST_FILE of target ${t.name} (${c.name}) points outside the workspace (${f}): it is not read, so its keys are not checked.`, span: { start: 0, end: 0 } });
            outside.add(f);
            continue;
          }
          this.readPlist(f);
        }
      }
    }
    // xcconfig files no project references still carry INFOPLIST_KEY_* mistakes worth reporting.
    const referenced = new Set(this.projects.flatMap((p) => p.infoPlistKeySettings.map((s) => s.file)));
    for (const file of xcconfigs) {
      if (referenced.has(file)) continue;
      const text = fs.readText(file);
      if (text === undefined) continue;
      for (const e of parseXcconfig(text).entries) if (e.key.startsWith('INFOPLIST_KEY_')) this.looseBuildSettings.push({ key: e.key, value: e.value, file, span: e.keySpan });
    }
    for (const file of yamls) {
      const text = fs.readText(file);
      if (text === undefined) continue;
      const gen = readXcodeGen(file, text);
      this.looseBuildSettings.push(...gen.infoPlistKeySettings);
      for (const pr of gen.problems) this.problems.push({ file, ...pr });
      // Only when the generated plist is not on disk: then project.yml is where the keys live (spans point into it).
      for (const v of gen.plists) if (!this.plists.has(v.file)) this.plists.set(v.file, { file, text, lines: new LineIndex(text), plist: { ...v.plist, file }, virtual: true });
    }
    const tRead = performance.now();
    if (process.env.BGTASKS_TIMING === '1') process.stderr.write(`bgtasks timing: read ${kinds.length} files in ${(tRead - this.created).toFixed(0)} ms\n`);
    await this.parseSwiftUpFront(async () => {
      done++;
      await pause();
    });
    if (this.tsTexts.size || capacitorConfigs.length) await this.tsParsers();
    for (const file of [...this.tsTexts.keys()]) {
      if (!this.tsTexts.includesAny(file, TS_PREFILTER)) continue;
      this.parseTs(file, this.tsTexts.get(file)!);
      done++;
      await pause();
    }
    // react-native-background-fetch registers natively when the app delegate calls TSBackgroundFetch (Swift or
    // Objective-C, possibly from a helper): the files that name it are read for that call.
    if ([...this.parsed.values()].some((sf) => sf.facts.registrations.some((r) => r.library === 'rnbf') || sf.facts.requests.some((r) => r.library === 'rnbf'))) this.parseFilesMentioning('TSBackgroundFetch');
    // Expo tasks defined inside a helper: the files that call the helper tell whether it runs while modules load.
    for (const sf of [...this.parsed.values()]) for (const d of sf.facts.library?.expoDefines ?? []) if (d.inFunction) this.parseFilesMentioning(d.inFunction, 'call');
    for (const file of appJsons) {
      // A dynamic config (app.config.ts/js) can rewrite anything app.json says, plugins included: what prebuild
      // will write is then unknown, so the app gets no Info.plist judgement rather than a wrong one.
      if (['ts', 'js', 'mjs', 'cjs'].some((ext) => fs.exists(path.join(path.dirname(file), `app.config.${ext}`)))) continue;
      const text = fs.readText(file);
      if (text === undefined) continue;
      const expo = readExpoAppJson(file, text);
      if (!expo) continue;
      for (const pr of expo.problems) this.problems.push({ file, ...pr });
      this.expoConfigs.set(path.dirname(file), { file, plugins: expo.plugins });
      this.plists.set(file, { file, text, lines: new LineIndex(text), plist: expo.plist, virtual: true });
    }
    for (const file of capacitorConfigs) {
      const text = fs.readText(file);
      if (text === undefined) continue;
      this.otherTexts.set(file, text);
      this.parsed.set(file, { file, text, lines: new LineIndex(text), facts: file.endsWith('.json') ? capacitorJsonFacts(file, text) : this.capacitorTs(file, text) });
    }
    this.buildScopes();
    this.generation++;
    this.contentGeneration++;
  }

  /** Reads a TypeScript or Objective-C source as bytes (test sources of Objective-C are counted, not kept). */
  private readSource(file: string, kind: 'ts' | 'objc'): void {
    const bytes = this.options.fs.readBytes(file);
    if (bytes === undefined) return;
    if (kind === 'ts') this.tsTexts.set(file, bytes);
    else if (objcImportsTestFramework(bytes)) this.testFiles++;
    else this.objcTexts.set(file, bytes);
  }

  private readPlist(file: string): void {
    const bytes = this.options.fs.readBytes(file);
    if (bytes === undefined) {
      // Listed (or named by the project) but not readable: say so rather than judge the app without it.
      if (this.options.fs.exists(file)) this.problems.push({ file, message: `${path.basename(file)} could not be read (not a regular file, larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, or no permission): its keys are not checked.`, span: { start: 0, end: 0 } });
      return;
    }
    this.setPlist(file, bytes);
  }

  /** Text plists are decoded by the reader (UTF-8, or UTF-16 with a byte-order mark); binary ones are read as values. */
  private setPlist(file: string, content: string | Uint8Array): void {
    const binary = typeof content !== 'string' && content.length >= 8 && Buffer.from(content.subarray(0, 8)).toString('latin1') === 'bplist00';
    const text = typeof content === 'string' ? content : binary ? '' : decodePlistBytes(content).text;
    const plist = readInfoPlist(file, content);
    this.plists.set(file, { file, text, lines: new LineIndex(text), plist });
  }

  /** Parses a Swift file now (cached by content); never throws. */
  private parseSwift(file: string, text: string): SourceFile {
    const existing = this.parsed.get(file);
    if (existing && existing.text === text) return existing;
    const key = createHash('sha1').update(text).digest('hex') + ':' + file;
    let facts = this.factsCache.get(key);
    if (!facts) {
      facts = this.extract(file, text);
      this.factsCache.set(key, facts);
    }
    const sf: SourceFile = { file, text, lines: new LineIndex(text), facts };
    this.parsed.set(file, sf);
    return sf;
  }

  private readonly versions = new Map<string, Version | undefined>();

  /** A package's version in the JavaScript project holding `file` (the nearest folder with a package.json). */
  private jsPackageVersion(file: string, pkg: string): Version | undefined {
    let dir = path.dirname(file);
    for (let i = 0; i < 40 && dir.length > 1; i++) {
      if (this.options.fs.exists(path.join(dir, 'package.json'))) {
        const key = `${dir}\u0000${pkg}`;
        if (!this.versions.has(key)) this.versions.set(key, packageVersion(this.options.fs, dir, pkg));
        return this.versions.get(key);
      }
      if (this.options.roots.some((r) => path.resolve(r) === dir)) break;
      dir = path.dirname(dir);
    }
    return undefined;
  }

  private readonly expoPlugins = new Map<string, boolean>();

  /**
   * Does the Expo config of the JavaScript project holding `file` name `plugin`: in app.json's expo.plugins, or anywhere
   * in a dynamic app.config (whose plugins cannot be read without running it)?
   */
  private expoPluginNamed(file: string, plugin: string): boolean {
    let dir = path.dirname(file);
    for (let i = 0; i < 40 && dir.length > 1; i++) {
      if (this.options.fs.exists(path.join(dir, 'package.json'))) break;
      if (this.options.roots.some((r) => path.resolve(r) === dir)) break;
      dir = path.dirname(dir);
    }
    const key = `${dir}\u0000${plugin}`;
    let found = this.expoPlugins.get(key);
    if (found === undefined) {
      const json = this.options.fs.readText(path.join(dir, 'app.json'));
      found = !!json && !!readExpoAppJson(path.join(dir, 'app.json'), json)?.plugins.includes(plugin);
      for (const ext of ['ts', 'js', 'mjs', 'cjs']) if (!found && this.options.fs.readText(path.join(dir, `app.config.${ext}`))?.includes(plugin)) found = true;
      this.expoPlugins.set(key, found);
    }
    return found;
  }

  /** Parses a TypeScript/JavaScript file now (cached by content); never throws. */
  private parseTs(file: string, text: string): SourceFile {
    const existing = this.parsed.get(file);
    if (existing && existing.text === text) return existing;
    // Library APIs that changed between majors are read per JavaScript project (react-native-background-fetch).
    const rnbfVersion = text.includes('react-native-background-fetch') ? this.jsPackageVersion(file, 'react-native-background-fetch') : undefined;
    const rnbfExpoPlugin = text.includes('react-native-background-fetch') && this.expoPluginNamed(file, 'react-native-background-fetch');
    const key = createHash('sha1').update(text).digest('hex') + ':' + file + (rnbfVersion ? `@${rnbfVersion.join('.')}` : '') + (rnbfExpoPlugin ? '+expo' : '');
    let facts = this.factsCache.get(key);
    if (!facts) {
      const parser = /\.(tsx|jsx|js|mjs|cjs)$/.test(file) ? this.tsxParser : this.tsParser;
      facts = emptyFacts(file, 'typescript');
      if (parser) {
        const r = parseWith(parser, text, null, this.options.parseBudgetMs);
        if ('error' in r) facts.problems.push({ message: `Skipped: ${r.error}.`, span: { start: 0, end: 0 } });
        else {
          try {
            facts = extractTsFacts(file, text, r.tree, { rnbfVersion });
            if (rnbfExpoPlugin && facts.library) facts.library.rnbfExpoPlugin = true;
          } catch (e) {
            facts.problems.push({ message: `Skipped: the analysis failed (${(e as Error).message}).`, span: { start: 0, end: 0 } });
          } finally {
            r.tree.delete();
          }
        }
      }
      this.factsCache.set(key, facts);
    }
    const sf: SourceFile = { file, text, lines: new LineIndex(text), facts };
    this.parsed.set(file, sf);
    return sf;
  }

  private capacitorTs(file: string, text: string): FileFacts {
    const r = this.tsParser ? parseWith(this.tsParser, text) : { error: 'no parser' };
    if ('error' in r) return emptyFacts(file, 'typescript');
    try {
      return capacitorTsFacts(file, text, r.tree);
    } finally {
      r.tree.delete();
    }
  }

  /** Parses an Objective-C file now (cached by content); never throws. */
  private parseObjc(file: string, text: string): SourceFile {
    const existing = this.parsed.get(file);
    if (existing && existing.text === text) return existing;
    const key = createHash('sha1').update(text).digest('hex') + ':' + file;
    let facts = this.factsCache.get(key);
    if (!facts) {
      facts = this.extractObjc(file, text);
      this.factsCache.set(key, facts);
    }
    const sf: SourceFile = { file, text, lines: new LineIndex(text), facts };
    this.parsed.set(file, sf);
    return sf;
  }

  private extractObjc(file: string, text: string): FileFacts {
    if (text.length > 4_000_000 && !swiftNeedsParse(text, OBJC_PREFILTER)) return emptyFacts(file, 'objc');
    const t0 = performance.now();
    // Macros the grammar cannot read are rewritten length-preservingly; facts slice the original `text`.
    const r = parseWith((this.objcParser ??= getParserSync('objc')), maskObjc(text), null, this.options.parseBudgetMs);
    const t1 = performance.now();
    this.stats.parseMs += t1 - t0;
    if ('error' in r) {
      const facts = emptyFacts(file, 'objc');
      facts.problems.push({ message: `Skipped: ${r.error}.`, span: { start: 0, end: 0 } });
      return facts;
    }
    try {
      return extractObjcFacts(file, text, r.tree);
    } catch (e) {
      const facts = emptyFacts(file, 'objc');
      facts.problems.push({ message: `Skipped: the analysis failed (${(e as Error).message}).`, span: { start: 0, end: 0 } });
      return facts;
    } finally {
      r.tree.delete();
      this.stats.extractMs += performance.now() - t1;
    }
  }

  private extract(file: string, text: string): FileFacts {
    if (text.length > 4_000_000 && !swiftNeedsParse(text)) return emptyFacts(file, 'swift');
    const t0 = performance.now();
    // Swift 6 syntax the grammar lacks is rewritten length-preservingly; facts slice the original `text`.
    const r = parseWith(this.parser, prepareSwiftForParse(text), null, this.options.parseBudgetMs);
    const t1 = performance.now();
    this.stats.parseMs += t1 - t0;
    if ('error' in r) {
      const facts = emptyFacts(file, 'swift');
      facts.problems.push({ message: `Skipped: ${r.error}.`, span: { start: 0, end: 0 } });
      return facts;
    }
    try {
      return extractSwiftFacts(file, text, r.tree);
    } catch (e) {
      const facts = emptyFacts(file, 'swift');
      facts.problems.push({ message: `Skipped: the analysis failed (${(e as Error).message}).`, span: { start: 0, end: 0 } });
      return facts;
    } finally {
      r.tree.delete();
      this.stats.extractMs += performance.now() - t1;
    }
  }

  /** Facts of a source file, parsing it on demand. */
  source(file: string): SourceFile | undefined {
    const p = this.parsed.get(file);
    if (p) return p;
    const text = this.swiftTexts.get(file);
    if (text !== undefined) return this.parseSwift(file, text);
    const objc = this.objcTexts.get(file);
    if (objc !== undefined) return this.parseObjc(file, objc);
    const ts = this.tsTexts.get(file);
    return ts === undefined || !this.tsParser ? undefined : this.parseTs(file, ts);
  }

  /**
   * Parses every not-yet-parsed Swift file that mentions `word` as an identifier in `role` (a `func` declaration, a
   * `let`/`var`/`case` binding, a call, a type use, or any use); returns how many were added. The search runs on the
   * bytes, so files that do not match are never decoded.
   */
  parseFilesMentioning(word: string, role: MentionRole = 'any', owner?: string): number {
    // Searches are remembered for the life of the model: later analyses reuse them, and a changed file is checked
    // against them when it changes (recheckSearches). A word that too many unparsed files mention (a common name such
    // as `start` or `submit`) is not searched at all: the question answers -1, "unknown", and the caller stays silent.
    const key = owner && (role === 'call' || role === 'func') ? `${role}\u0000${word}\u0000${owner}` : `${role}\u0000${word}`;
    if (this.overflowed.has(key)) return -1;
    if (this.searches.has(key)) return 0;
    // Only an identifier can be declared or called by name (a call through an expression has no name to look for).
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(word)) return 0;
    const swift: string[] = [];
    const ts: string[] = [];
    const objc: string[] = [];
    for (const file of this.swiftTexts.keys()) if (!this.parsed.has(file) && this.swiftMentions(file, word, role, owner)) swift.push(file);
    if (this.tsParser) for (const file of this.tsTexts.keys()) if (!this.parsed.has(file) && this.tsTexts.mentions(file, word, role)) ts.push(file);
    for (const file of this.objcTexts.keys()) if (!this.parsed.has(file) && this.objcMentions(file, word, role, owner)) objc.push(file);
    if (process.env.BGTASKS_TRACE_SEARCH) console.error(`search ${role} ${word} ${owner ?? ''}: ${swift.length}`, new Error().stack!.split('\n').slice(2, 8).map((l) => l.trim().split(' ')[1]).join(' < '));
    if (swift.length + ts.length + objc.length > LIMITS.filesPerSearch) {
      this.overflowed.add(key);
      this.work.note(`files that mention "${word}" (${role})`, `${swift.length + ts.length + objc.length} unparsed files mention it, over the limit of ${LIMITS.filesPerSearch}; answered "unknown"`);
      return -1;
    }
    this.searches.add(key);
    for (const file of swift) this.parseSwift(file, this.swiftTexts.get(file)!);
    for (const file of ts) this.parseTs(file, this.tsTexts.get(file)!);
    for (const file of objc) this.parseObjc(file, this.objcTexts.get(file)!);
    const n = swift.length + ts.length + objc.length;
    if (n) this.generation++;
    return n;
  }

  /** True when a search for `word` in `role` gave up (too many files): answers built on it are incomplete. */
  searchOverflowed(word: string, role: MentionRole): boolean {
    return this.overflowed.has(`${role}\u0000${word}`);
  }

  /**
   * Does a Swift file mention `word` in `role`? For calls of a method of type `owner`, see `mayCallMethodOf`: calls
   * through another type's name go to that type, and inside a type that has a member of that name an unqualified call
   * finds that member (a subclass or extension of `owner` would name it). Apps where many types share method names (`refresh`, `schedule`, `start`)
   * would otherwise have most of their files parsed for every such question. For declarations (`func`) with an
   * `owner`, only files that name the type can declare the method.
   */
  private swiftMentions(file: string, word: string, role: MentionRole, owner: string | undefined): boolean {
    const t = this.swiftTexts;
    if (!t.mentions(file, word, role)) return false;
    // Declarations of `word` as a method of `owner`: the file must name the type (`class Owner`, `extension Owner`).
    if (owner && role === 'func') return t.mentions(file, owner, 'any');
    if (!owner || role !== 'call') return true;
    const buf = t.bytes(file)!;
    return mayCallMethodOf(
      buf,
      word,
      owner,
      (_start, end) => callFollows(buf, end),
      () => t.mentions(file, word, 'func'),
      () => t.mentions(file, owner, 'any'),
    );
  }

  /**
   * Does an Objective-C file mention `word` in `role`? Declarations of a method of `owner` need the file to name the
   * type too (an `@implementation Owner` or a category of it).
   */
  private objcMentions(file: string, word: string, role: MentionRole, owner: string | undefined): boolean {
    const t = this.objcTexts;
    if (!t.includes(file, word)) return false;
    const buf = t.bytes(file)!;
    if (!objcMentions(buf, word, role)) return false;
    return !(owner && role === 'func') || objcMentions(buf, owner, 'any');
  }

  /**
   * Parses the Swift and Objective-C files that use the BackgroundTasks vocabulary in code, and the launch entry points
   * when some code uses it (Swift, Objective-C, or JavaScript reaching it); otherwise the launch files wait until an edit
   * brings the API in (wakeLaunchFiles). Mentions in comments and strings ("Uses BGTaskScheduler…") do not make a file
   * worth parsing.
   */
  private async parseSwiftUpFront(afterEach: () => Promise<void>): Promise<void> {
    const swiftFiles = [...this.swiftTexts.keys()];
    const usesApi = new Set(swiftFiles.filter((f) => this.swiftTexts.includesAnyInCode(f, SWIFT_API_WORDS)));
    const launch = new Set(swiftFiles.filter((f) => !usesApi.has(f) && this.swiftTexts.includesAnyInCode(f, SWIFT_LAUNCH_WORDS)));
    const objcFiles = [...this.objcTexts.keys()];
    const objcApi = new Set(objcFiles.filter((f) => this.objcTexts.includesAnyInCode(f, OBJC_API_WORDS)));
    // Headers declare; launch code lives in implementation files.
    const objcLaunch = new Set(objcFiles.filter((f) => !objcApi.has(f) && !f.endsWith('.h') && this.objcTexts.includesAnyInCode(f, OBJC_LAUNCH_WORDS)));
    if (usesApi.size === 0 && objcApi.size === 0 && ![...this.tsTexts.keys()].some((f) => this.tsTexts.includesAny(f, TS_PREFILTER))) {
      for (const f of [...launch, ...objcLaunch]) this.deferredLaunch.add(f);
      launch.clear();
      objcLaunch.clear();
    }
    // Loaded here, asynchronously, when there is something to parse now; a parse decided later loads it synchronously.
    if (usesApi.size || launch.size) this.swiftParser = await getParser('swift');
    else await initRuntime();
    if (objcApi.size || objcLaunch.size) this.objcParser = await getParser('objc');
    for (const file of swiftFiles) {
      if (!usesApi.has(file) && !launch.has(file)) continue;
      this.parseSwift(file, this.swiftTexts.get(file)!);
      await afterEach();
    }
    for (const file of objcFiles) {
      if (!objcApi.has(file) && !objcLaunch.has(file)) continue;
      this.parseObjc(file, this.objcTexts.get(file)!);
      await afterEach();
    }
  }

  /** Parses the launch files scan() left aside (the app did not use the API then; now some file does). */
  private wakeLaunchFiles(): void {
    const files = [...this.deferredLaunch];
    this.deferredLaunch.clear();
    for (const f of files) {
      const text = this.swiftTexts.get(f);
      if (text !== undefined && !this.parsed.has(f)) this.parseSwift(f, text);
      const objc = this.objcTexts.get(f);
      if (objc !== undefined && !this.parsed.has(f)) this.parseObjc(f, objc);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Updates from the editor

  /** Replaces a Swift file's text (open document or watched change); facts may be supplied by an incremental parse. */
  updateSwift(file: string, text: string | undefined, facts?: FileFacts, overlay = false): void {
    if (overlay) this.overlays.add(file);
    this.deferredLaunch.delete(file);
    if (text !== undefined && this.deferredLaunch.size && swiftNeedsParse(text, SWIFT_API_WORDS)) this.wakeLaunchFiles();
    const known = this.swiftTexts.has(file);
    if (text === undefined) {
      this.swiftTexts.delete(file);
      this.parsed.delete(file);
    } else {
      this.swiftTexts.set(file, text);
      if (facts) this.parsed.set(file, { file, text, lines: new LineIndex(text), facts });
      else if (this.parsed.has(file) || swiftNeedsParse(text)) {
        this.parsed.delete(file);
        this.parseSwift(file, text);
      } else {
        this.parsed.delete(file);
        this.recheckSearches(file);
      }
    }
    // Scopes depend on which files exist, not on their text.
    if (known !== (text !== undefined)) this.buildScopes();
    this.generation++;
    this.contentGeneration++;
  }

  /** Replaces an Objective-C file's text (open document or watched change), or removes it. */
  updateObjc(file: string, text: string | undefined, overlay = false): void {
    if (overlay) this.overlays.add(file);
    this.deferredLaunch.delete(file);
    const known = this.objcTexts.has(file);
    const wasParsed = this.parsed.delete(file);
    if (text === undefined) this.objcTexts.delete(file);
    else {
      this.objcTexts.set(file, text);
      if (this.deferredLaunch.size && swiftNeedsParse(text, OBJC_API_WORDS)) this.wakeLaunchFiles();
      if (wasParsed || swiftNeedsParse(text, OBJC_PREFILTER)) this.parseObjc(file, text);
      else this.recheckSearches(file);
    }
    if (known !== (text !== undefined)) this.buildScopes();
    this.generation++;
    this.contentGeneration++;
  }

  /** Replaces a TypeScript/JavaScript file's text (open document or watched change), or removes it. */
  async updateTs(file: string, text: string | undefined, overlay = false): Promise<void> {
    if (overlay) this.overlays.add(file);
    const known = this.tsTexts.has(file);
    if (text === undefined) {
      this.tsTexts.delete(file);
      this.parsed.delete(file);
    } else {
      this.tsTexts.set(file, text);
      this.parsed.delete(file);
      if (this.tsTexts.includesAny(file, TS_PREFILTER)) {
        this.wakeLaunchFiles();
        await this.tsParsers();
        this.parseTs(file, text);
      }
    }
    if (known !== (text !== undefined)) this.buildScopes();
    this.generation++;
    this.contentGeneration++;
  }

  /** Replaces an Info.plist's text (or removes it). */
  updatePlist(file: string, content: string | Uint8Array | undefined): void {
    if (content === undefined) this.plists.delete(file);
    else this.setPlist(file, content);
    this.buildScopes();
    this.generation++;
    this.contentGeneration++;
  }

  /**
   * An entitlements file (CODE_SIGN_ENTITLEMENTS) read as a plist, once until it changes; undefined when it is outside
   * the workspace, missing or unreadable (then nothing is judged from it).
   */
  entitlementsDoc(file: string): PlistDoc | undefined {
    if (!this.entitlementDocs.has(file)) {
      const bytes = this.confined.inside(file) ? this.options.fs.readBytes(file) : undefined;
      let doc: PlistDoc | undefined;
      if (bytes !== undefined) {
        const text = decodePlistBytes(bytes).text;
        doc = { file, text, lines: new LineIndex(text), plist: readInfoPlist(file, bytes) };
      }
      this.entitlementDocs.set(file, doc);
    }
    return this.entitlementDocs.get(file);
  }

  /** An entitlements file changed (edited, saved, created or deleted): it is read again when next asked for. */
  entitlementsChanged(file: string): void {
    if (!this.entitlementDocs.delete(file)) return;
    this.generation++;
    this.contentGeneration++;
  }

  /** The file's text comes from an open document (its facts arrive with its changes). */
  markOverlay(file: string): void {
    this.overlays.add(file);
  }

  releaseOverlay(file: string): void {
    this.overlays.delete(file);
  }

  isOverlay(file: string): boolean {
    return this.overlays.has(file);
  }

  /** Facts of a file as last extracted (no parsing). */
  factsOf(file: string): FileFacts | undefined {
    return this.parsed.get(file)?.facts;
  }

  // ---------------------------------------------------------------------------------------------
  // Scopes

  /** Native sources that belong to app scopes: Swift, and Objective-C implementation files (headers compile nowhere). */
  private scopedSources(): string[] {
    return [...this.swiftTexts.keys(), ...[...this.objcTexts.keys()].filter((f) => !f.endsWith('.h'))];
  }

  private buildScopes(): void {
    const sources = this.scopedSources();
    const scopes: AppScope[] = [];
    const claimedPlists = new Set<string>();
    // Files compiled by any target (apps, extensions, frameworks) never fall back to a guessed plist.
    const claimedFiles = new Set<string>();
    for (const project of this.projects) {
      for (const target of project.targets) {
        for (const f of sources) if (targetContains(target, f)) claimedFiles.add(f);
        const plistFiles = [...new Set(target.configurations.map((c) => c.infoPlistFile).filter((x): x is string => !!x))];
        const docs = plistFiles.map((f) => this.plists.get(f)).filter((x): x is PlistDoc => !!x);
        for (const f of plistFiles) claimedPlists.add(f);
        if (!target.isApp && !docs.some((d) => d.plist.permitted || d.plist.modes)) continue;
        const bundleIds = target.configurations.filter((c) => c.bundleId).map((c) => ({ configuration: c.name, bundleId: c.bundleId! }));
        const files = new Set<string>();
        for (const f of sources) if (targetContains(target, f)) files.add(f);
        const generatedOnly = target.isApp && plistFiles.length === 0 && target.configurations.length > 0 && target.configurations.every((c) => c.generateInfoPlist && !c.settings.INFOPLIST_FILE);
        scopes.push({ name: target.name, how: 'target', plists: docs, bundleIds, target, project, files, settings: target.configurations[0]?.settings ?? {}, generatedOnly });
      }
    }
    // Plists without a project: XcodeGen, SwiftPM-style folders, React Native / Capacitor ios/ folders without pbxproj.
    // In a Tuist project the manifest decides which plist a target uses (often one generated from a dictionary in a
    // helper): a plist on disk that no manifest names is not known to govern anything, so it gets no scope.
    const loose = [...this.plists.values()].filter((p) => !claimedPlists.has(p.file) && p.plist.isApp && !isBuildOutput(p.file) && !this.unnamedByTuist(p.file));
    const looseScopes = loose.map((p): AppScope => {
      const id = p.plist.bundleIdentifier && !p.plist.bundleIdentifier.includes('$') ? p.plist.bundleIdentifier : this.options.bundleIdentifier;
      return { name: path.basename(path.dirname(p.file)), how: 'nearest', plists: [p], bundleIds: id ? [{ configuration: 'default', bundleId: id }] : [], files: new Set(), settings: {} };
    });
    const assigned = claimedFiles;
    let union: AppScope | undefined;
    for (const f of sources) {
      if (assigned.has(f)) continue;
      // Nearest app Info.plist up the folder tree.
      let best: AppScope | undefined;
      let bestLen = -1;
      for (const s of looseScopes) {
        const dir = path.dirname(s.plists[0].file);
        const parent = path.dirname(dir);
        const base = f.startsWith(dir + path.sep) ? dir : f.startsWith(parent + path.sep) ? parent : undefined;
        if (base && base.length > bestLen) {
          best = s;
          bestLen = base.length;
        }
      }
      if (best) best.files.add(f);
      else {
        const appPlists = [...scopes.filter((s) => s.target?.isApp !== false).flatMap((s) => s.plists), ...loose];
        if (!appPlists.length) continue;
        union ??= {
          name: 'all app targets',
          how: 'union',
          plists: [...new Set(appPlists)],
          bundleIds: [...new Map(scopes.concat(looseScopes).flatMap((s) => s.bundleIds).map((b) => [b.bundleId, b])).values()],
          files: new Set(),
          settings: scopes[0]?.settings ?? {},
        };
        union.files.add(f);
      }
    }
    if (this.options.bundleIdentifier) for (const s of scopes) if (!s.bundleIds.length) s.bundleIds.push({ configuration: 'default', bundleId: this.options.bundleIdentifier });
    const jsScopes = this.assignJsSources([...scopes, ...looseScopes]);
    this.scopes = [...scopes, ...looseScopes.filter((s) => jsScopes.has(s) || !s.plists.every((p) => path.basename(p.file) === 'app.json')), ...(union ? [union] : [])];
  }

  /**
   * TypeScript sources and framework configs belong to the app of their JavaScript project (the folder with the nearest
   * package.json): the Info.plist under its `ios/` (React Native, Expo bare, Capacitor) or `App_Resources/iOS/`
   * (NativeScript), else its Expo `app.json` (managed workflow, where config plugins add keys at prebuild).
   * Returns the app.json scopes in use (the others are dropped: a bare project ignores app.json's infoPlist).
   */
  private assignJsSources(scopes: AppScope[]): Set<AppScope> {
    const used = new Set<AppScope>();
    const files = [...this.tsTexts.keys(), ...[...this.parsed.keys()].filter((f) => /capacitor\.config\./.test(f))];
    const rootCache = new Map<string, string | undefined>();
    const projectRoot = (file: string): string | undefined => {
      let dir = path.dirname(file);
      const seen: string[] = [];
      while (dir.length > 1) {
        if (rootCache.has(dir)) break;
        seen.push(dir);
        if (this.options.fs.exists(path.join(dir, 'package.json'))) {
          rootCache.set(dir, dir);
          break;
        }
        if (this.options.roots.some((r) => path.resolve(r) === dir)) {
          rootCache.set(dir, undefined);
          break;
        }
        dir = path.dirname(dir);
      }
      const found = rootCache.get(dir);
      for (const d of seen) rootCache.set(d, found);
      return found;
    };
    for (const f of files) {
      const root = projectRoot(f);
      if (!root) continue;
      const under = (p: string) => p.startsWith(path.join(root, 'ios') + path.sep) || p.startsWith(path.join(root, 'App_Resources', 'iOS') + path.sep);
      let targets = scopes.filter((s) => (s.target ? s.target.isApp : true) && s.plists.some((p) => under(p.file)));
      // The JavaScript runs in the iOS app: a template's tvOS/watchOS twin (or a macOS target) does not govern it.
      const iosTargets = targets.filter((s) => !s.target || !otherPlatform(s.target));
      if (iosTargets.length) targets = iosTargets;
      if (!targets.length) {
        const expo = this.expoConfigs.get(root);
        targets = expo ? scopes.filter((s) => s.plists.some((p) => p.file === expo.file)) : [];
        for (const t of targets) {
          used.add(t);
          this.applyExpoPlugins(t, expo!.plugins);
        }
      }
      for (const t of targets) t.files.add(f);
    }
    return used;
  }

  /** Keys Expo config plugins add at prebuild: expo-background-task adds its task id and the processing mode. */
  private applyExpoPlugins(scope: AppScope, plugins: string[]): void {
    if (!plugins.includes('expo-background-task')) return;
    const plist = scope.plists[0].plist;
    const implied = { span: { start: 0, end: 0 }, valueSpan: { start: 0, end: 0 } };
    plist.permitted ??= { keySpan: { start: 0, end: 0 }, entries: [], notAnArray: false };
    if (!plist.permitted.entries.some((e) => e.raw === EXPO_TASK_ID)) plist.permitted.entries.push({ raw: EXPO_TASK_ID, ...implied });
    plist.modes ??= { keySpan: { start: 0, end: 0 }, entries: [], notAnArray: false };
    if (!plist.modes.entries.some((e) => e.raw === 'processing')) plist.modes.entries.push({ raw: 'processing', ...implied });
  }

  private readonly otherTexts = new Map<string, string | undefined>();
  private readonly entitlementDocs = new Map<string, PlistDoc | undefined>();
  /** `role\0word` of every on-demand search done so far. */
  private readonly searches = new Set<string>();
  /** Searches that gave up because too many files matched. */
  private readonly overflowed = new Set<string>();

  /** A not-yet-parsed file that changed may now match an earlier search: parse it if so. */
  private recheckSearches(file: string): void {
    const objc = this.objcTexts.has(file);
    if (this.parsed.has(file) || (!this.swiftTexts.has(file) && !objc)) return;
    const text = objc ? this.objcTexts.get(file) : this.swiftTexts.get(file);
    for (const key of this.searches) {
      const [role, word, owner] = key.split('\u0000') as [MentionRole, string, string | undefined];
      // A plain substring test first: most searched words are not in the file at all (an edit of a big open file
      // would otherwise encode its text once per earlier search).
      if (text !== undefined && !text.includes(word)) continue;
      if (objc ? this.objcMentions(file, word, role, owner) : this.swiftMentions(file, word, role, owner)) {
        if (objc) this.parseObjc(file, text!);
        else this.parseSwift(file, this.swiftTexts.get(file)!);
        return;
      }
    }
  }

  /** Text of any file the model knows (sources, plists, projects), for positions and fixes. */
  textOf(file: string): string | undefined {
    const swift = this.swiftTexts.get(file) ?? this.tsTexts.get(file) ?? this.objcTexts.get(file);
    if (swift !== undefined) return swift;
    for (const doc of this.plists.values()) if (doc.file === file) return doc.text;
    if (!this.otherTexts.has(file)) this.otherTexts.set(file, this.options.fs.readText(file));
    return this.otherTexts.get(file);
  }

  /**
   * True when `plist` lies in a Tuist project (a folder at or above it holds a `ProjectDescription` manifest) and no
   * manifest names it: then which plist the target uses is not known from the files.
   */
  private unnamedByTuist(plist: string): boolean {
    const tuist = [...this.manifests].filter(([, text]) => text.includes('ProjectDescription'));
    if (!tuist.length) return false;
    const roots = tuist.map(([f]) => path.dirname(f).replace(/[/\\]Tuist([/\\].*)?$/, ''));
    const under = roots.filter((r) => plist.startsWith(r + path.sep));
    if (!under.length) return false;
    return !under.some((r) => {
      const rel = path.relative(r, plist).split(path.sep).join('/');
      const base = path.basename(plist);
      return tuist.some(([, text]) => text.includes(`"${rel}"`) || text.includes(`/${rel}"`) || text.includes(`"${path.basename(path.dirname(plist))}/${base}"`));
    });
  }

  /** Scopes whose sources include `file`. */
  scopesOf(file: string): AppScope[] {
    return this.scopes.filter((s) => s.files.has(file));
  }

  /** Permitted entries of a scope, expanded with its build settings (worked out once per scope and model version). */
  permittedEntries(scope: AppScope): readonly PermittedEntry[] {
    const memo = this.permittedMemo.get(scope);
    if (memo && memo.version === this.contentGeneration) return memo.entries;
    const out: PermittedEntry[] = [];
    for (const doc of scope.plists) {
      for (const e of doc.plist.permitted?.entries ?? []) {
        const x = expandPlistValue(e.raw, scope);
        out.push({ raw: e.raw, value: x.value, unresolved: x.unresolved, wildcard: x.value.includes('*'), plist: doc, span: e.span, valueSpan: e.valueSpan });
      }
    }
    this.permittedMemo.set(scope, { version: this.contentGeneration, entries: out });
    return out;
  }
  /** permittedEntries by scope: asked once per identifier checked, and a plist can permit thousands. */
  private readonly permittedMemo = new WeakMap<AppScope, { version: number; entries: readonly PermittedEntry[] }>();
}

/** Thrown out of Workspace.load when `cancelled()` says a newer scan replaces this one. */
export class ScanCancelled extends Error {
  constructor() {
    super('scan cancelled');
  }
}

/** A Tuist or SwiftPM manifest: `Project.swift`, `Workspace.swift`, `Package.swift`, files under `Tuist/`. */
function isManifest(file: string, bytes: Uint8Array): boolean {
  const base = path.basename(file);
  if (!/^(Project|Workspace|Package|Tuist|Config|Dependencies)\.swift$/.test(base) && !/[/\\]Tuist[/\\]/.test(file)) return false;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  return /\bimport\s+(ProjectDescription|PackageDescription)\b/.test(head);
}

/** A target built for tvOS, watchOS or macOS (by SDKROOT or SUPPORTED_PLATFORMS, else by a `-tvOS` style name). */
function otherPlatform(t: XcodeTarget): boolean {
  const sdks = t.configurations.map((c) => `${c.settings.SDKROOT ?? ''} ${c.settings.SUPPORTED_PLATFORMS ?? ''}`).join(' ');
  if (/iphoneos/.test(sdks)) return false;
  if (/appletv|watch|macosx/.test(sdks)) return true;
  return /[-_ ]?(tvOS|watchOS|macOS|TV)$/.test(t.name);
}

function isBuildOutput(file: string): boolean {
  return /[/\\](build|DerivedData|Products)[/\\]/.test(file);
}

/** Expands a plist value with the scope's settings, keeping the bundle id symbolic. */
export function expandPlistValue(raw: string, scope: AppScope): { value: string; unresolved: string[] } {
  // Bundle ids are already RFC 1034 identifiers, so that operator leaves them unchanged: keep the token.
  raw = raw.replace(/\$[({]PRODUCT_BUNDLE_IDENTIFIER:rfc1034identifier[)}]/g, '$(PRODUCT_BUNDLE_IDENTIFIER)');
  const r = expandVariables(raw, (name) => {
    if (name === BUNDLE_ID_VAR) return undefined;
    if (name === 'SRCROOT' || name === 'PROJECT_DIR') return scope.project?.projectDir;
    return scope.settings[name];
  });
  // An unexpanded bundle id stays as the token `$(PRODUCT_BUNDLE_IDENTIFIER)`, which code-side ids use too.
  return { value: r.value, unresolved: r.unresolved.filter((u) => u !== BUNDLE_ID_VAR) };
}
