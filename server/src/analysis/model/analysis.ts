/**
 * The analysis the rules read: registrations and requests with their identifiers resolved and their
 * app scopes, handler analyses, launch reachability, and permitted-identifier matching per scope
 * and build configuration.
 */
import { isLogCall } from './logging';
import { checkEntitlement, type EntitlementCheck } from './entitlements';
import { HandlerAnalyzer, type HandlerAnalysis, type HandoffTarget } from '../flow/handlerFlow';
import { BUNDLE_ID_TOKEN } from '../xcode/buildSettings';
import { Budget, LIMITS } from './budget';
import { graphIndexOf } from './graphIndex';
import { CallGraph, labelsCompatible, type Reach } from './callGraph';
import type { BuildSettingSite, XcodeProject } from '../xcode/pbxproj';
import type { Span } from '../text/lineIndex';
import type { BackgroundSpot, CallFact, FileFacts, FunctionFact, HandlerFact, IdUse, LibraryFacts, RegistrationFact, RequestFact, SiteContext, TaskClass } from './facts';
import { hasBundleToken, IdResolver, withBundleId, type ResolvedId } from './resolve';
import { castFormAt, removalSpan, statementShape, unnamedParamAt, unusedName, type RemovalMode, type StatementShape } from './sourceText';
import type { AppScope, PermittedEntry, PlistDoc, Workspace } from './workspace';

export interface RegSite {
  file: string;
  reg: RegistrationFact;
  id: ResolvedId;
  scopes: AppScope[];
}

export interface ReqSite {
  file: string;
  req: RequestFact;
  id: ResolvedId;
  scopes: AppScope[];
}

export interface HandlerRef {
  file: string;
  index: number;
  handler: HandlerFact;
}

export type PermitStatus =
  | { status: 'permitted'; entry?: PermittedEntry }
  | { status: 'not-permitted'; configurations?: string[]; partial: boolean }
  | { status: 'no-key' }
  /** The target only has a generated Info.plist, which cannot hold the key. */
  | { status: 'generated-only' }
  | { status: 'unknown' };

/**
 * What rules read: the analysis without the mutable Workspace, the resolver or the call graph behind it. Facts come
 * through typed accessors, text only as slices and answers about spans (rules never read or scan source text).
 */
export type RuleAnalysis = Omit<Analysis, 'ws' | 'resolver' | 'graph' | 'flow' | 'fresh' | 'contentVersion'>;

export class Analysis {
  readonly resolver: IdResolver;
  readonly graph: CallGraph;
  readonly flow: HandlerAnalyzer;
  private regs?: RegSite[];
  private reqs?: ReqSite[];
  private submitters?: { byName: Map<string, string[][]>; complete: boolean };
  /** The workspace content version this analysis describes. */
  readonly contentVersion: number;

  constructor(readonly ws: Workspace) {
    this.contentVersion = ws.contentVersion;
    this.resolver = new IdResolver(ws);
    this.graph = new CallGraph(ws);
    this.flow = new HandlerAnalyzer({
      resolveHandoff: (h, fromKey) => {
        const t = this.graph.handoffTarget(h.name, h.labels, h.argIndex, h.receiver, fromKey.split('#')[0]);
        return t ? ({ handler: t.handler, key: `${t.file}#${t.handlerIndex}` } satisfies HandoffTarget) : undefined;
      },
      callSubmits: (name, labels) => this.callSubmitsRefresh(name, labels),
      mentionedElsewhere: (word, file) => [...this.ws.swiftTexts.keys()].some((f) => f !== file && this.ws.swiftTexts.mentions(f, word)),
    });
  }

  /** False once the workspace's files changed after this analysis was made. */
  get fresh(): boolean {
    return this.contentVersion === this.ws.contentVersion;
  }

  registrations(): RegSite[] {
    if (!this.regs) {
      const out: RegSite[] = [];
      for (const sf of [...this.ws.parsed.values()]) {
        for (const reg of sf.facts.registrations) out.push({ file: sf.file, reg, id: this.resolver.resolve(reg.id, sf.file, reg.ctx.fn), scopes: this.ws.scopesOf(sf.file) });
      }
      this.regs = out;
    }
    return this.regs;
  }

  requests(): ReqSite[] {
    if (!this.reqs) {
      const out: ReqSite[] = [];
      for (const sf of [...this.ws.parsed.values()]) {
        for (const req of sf.facts.requests) out.push({ file: sf.file, req, id: this.resolver.resolve(req.id, sf.file, req.ctx.fn), scopes: this.ws.scopesOf(sf.file) });
      }
      this.reqs = out;
    }
    return this.reqs;
  }

  reach(file: string, ctx: SiteContext, at: number): Reach {
    return this.graph.reach(file, ctx, at);
  }

  /** The handler a registration runs: its closure, or the function it names. */
  handlerOf(site: RegSite): HandlerRef | undefined {
    const h = site.reg.handler;
    if (!h) return undefined;
    if ('closure' in h) {
      const handler = this.ws.source(site.file)?.facts.handlers[h.closure];
      return handler ? { file: site.file, index: h.closure, handler } : undefined;
    }
    const t = this.graph.functionHandler(h.functionName);
    return t ? { file: t.file, index: t.handlerIndex, handler: t.handler } : undefined;
  }

  /**
   * Where findings about the handler as a whole belong: a closure that only hands the task to a
   * function (`{ self.handle(task: $0 as! X) }`) is reported at that function.
   */
  primaryHandler(ref: HandlerRef): HandlerRef {
    let cur = ref;
    for (let i = 0; i < 4; i++) {
      // Logging before the hand-off (`print("refresh"); self.handle(task)`) does not make the closure the handler.
      const body = cur.handler.body.filter((s) => !(s.k === 'exit' && s.kind === 'end') && !(s.k === 'call' && isLogCall(s.name)));
      const only = body.length === 1 ? body[0] : undefined;
      if (!only || only.k !== 'handoff') return cur;
      const t = this.graph.handoffTarget(only.name, only.labels, only.argIndex, only.receiver, cur.file);
      if (!t) return cur;
      cur = { file: t.file, index: t.handlerIndex, handler: t.handler };
    }
    return cur;
  }

  analyzeHandler(ref: HandlerRef): HandlerAnalysis {
    return this.flow.analyze(ref.handler, `${ref.file}#${ref.index}`);
  }

  /** Task class a registration's handler expects: the first cast, or the function's parameter type. */
  handlerClass(site: RegSite): { cls: TaskClass; file: string; span: { start: number; end: number } } | undefined {
    const ref = this.handlerOf(site);
    if (!ref) return undefined;
    for (let cur: HandlerRef | undefined = ref, i = 0; cur && i < 4; i++) {
      if (cur.handler.cast) return { cls: cur.handler.cast.cls, file: cur.file, span: cur.handler.cast.span };
      const only = cur.handler.body.find((s) => s.k === 'handoff');
      if (!only || only.k !== 'handoff') return undefined;
      const t = this.graph.handoffTarget(only.name, only.labels, only.argIndex, only.receiver, cur.file);
      cur = t ? { file: t.file, index: t.handlerIndex, handler: t.handler } : undefined;
    }
    return undefined;
  }

  /**
   * Does calling `name` submit a refresh request (directly, or through a few more calls)? true, false, or undefined
   * for "unknown". Answered backwards, once per analysis: from the functions that build or submit a refresh request
   * (all parsed up front, since their files mention BackgroundTasks) up through their callers, a few calls deep. The
   * set of names found is small; a caller search that gives up (a name too common to search) makes every "no" an
   * "unknown", so the rules stay silent rather than guess.
   */
  private callSubmitsRefresh(name: string, labels: string[]): boolean | undefined {
    // Depends only on the call shape of the parsed files: reused across keystrokes that do not change it.
    const s = (this.submitters ??= graphIndexOf(this.ws).byCallShape('refresh-submitters', this.ws.parsed, () => this.findRefreshSubmitters()));
    const fns = s.byName.get(name);
    if (fns?.some((l) => labelsCompatible(labels, l))) return true;
    return s.complete ? false : undefined;
  }

  private findRefreshSubmitters(): { byName: Map<string, string[][]>; complete: boolean } {
    const byName = new Map<string, string[][]>();
    let complete = true;
    const budget = new Budget('which functions lead to a refresh submit', LIMITS.submitWalkVisits, this.ws.work);
    const seen = new Set<string>();
    const parsedBefore = this.ws.parsed.size;
    let frontier: { file: string; index: number }[] = [];
    for (const sf of [...this.ws.parsed.values()]) {
      sf.facts.functions.forEach((_fn, i) => {
        // Where a refresh request is made; a submit helper that takes any request (`submit(_ r: BGTaskRequest)`) is
        // not a seed: the functions that build a refresh request and hand it over are.
        if (sf.facts.requests.some((r) => r.ctx.fn === i && r.cls === 'BGAppRefreshTaskRequest')) frontier.push({ file: sf.file, index: i });
      });
    }
    for (let depth = 0; frontier.length && depth <= LIMITS.submitWalkDepth; depth++) {
      const next: typeof frontier = [];
      for (const f of frontier) {
        const key = `${f.file}#${f.index}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fn = this.graph.functionAt(f.file, f.index);
        if (!fn) continue;
        if (!budget.spend()) return { byName, complete: false };
        if (this.ws.parsed.size - parsedBefore > LIMITS.submitWalkParses) {
          this.ws.work.note('which functions lead to a refresh submit (files parsed)', `parsed ${this.ws.parsed.size - parsedBefore} files on demand, over the limit of ${LIMITS.submitWalkParses}; names not found yet answer "unknown"`);
          return { byName, complete: false };
        }
        const labels = byName.get(fn.name);
        if (labels) labels.push(fn.labels);
        else byName.set(fn.name, [fn.labels]);
        const callers = this.graph.callersOf(fn, true, f.file);
        if (!callers) {
          complete = false;
          continue;
        }
        for (const c of callers) if (c.fn >= 0) next.push({ file: c.file, index: c.fn });
      }
      frontier = next;
    }
    // Callers deeper than the walk goes are not known: a "no" past that depth is only a guess.
    if (frontier.some((f) => !seen.has(`${f.file}#${f.index}`))) complete = false;
    return { byName, complete };
  }

  // ---------------------------------------------------------------------------------------------
  // Permitted identifiers

  /** Is `value` permitted by the scope's Info.plist, in every build configuration? */
  permitted(scope: AppScope, value: string | undefined): PermitStatus {
    if (value !== undefined && scope.generatedOnly) return { status: 'generated-only' };
    if (value === undefined || !scope.plists.length) return { status: 'unknown' };
    // A plist we could only partly read may hold the key past the error: say nothing.
    if (!scope.plists.some((p) => p.plist.permitted)) return scope.plists.some((p) => p.plist.problems.length) ? { status: 'unknown' } : { status: 'no-key' };
    const entries = this.ws.permittedEntries(scope);
    const configs = scope.bundleIds.length ? scope.bundleIds : [undefined];
    const failing: string[] = [];
    let unknown = false;
    let hit: PermittedEntry | undefined;
    for (const cfg of configs) {
      let ok = false;
      for (const e of entries) {
        if (e.unresolved.length) {
          unknown = true;
          continue;
        }
        const m = matchEntry(value, e, cfg?.bundleId);
        if (m === 'match') {
          ok = true;
          hit ??= e;
          break;
        }
        if (m === 'unknown') unknown = true;
      }
      if (!ok) failing.push(cfg ? `${cfg.configuration} (${cfg.bundleId})` : 'default');
    }
    if (!failing.length) return { status: 'permitted', entry: hit };
    if (unknown) return { status: 'unknown' };
    const partial = failing.length < configs.length;
    return { status: 'not-permitted', configurations: configs[0] ? failing : undefined, partial };
  }

  /**
   * Could `id` be `value`? Resolved ids compare exactly (the bundle-id token expanded with each known
   * bundle id); unresolved ones by their known shape, so a dynamic id never causes a false report.
   */
  couldBe(id: ResolvedId, value: string, bundleIds: string[]): boolean {
    const forms = (v: string) => [v, ...bundleIds.map((b) => withBundleId(v, b))];
    if (id.value !== undefined) {
      const mine = forms(id.value);
      return forms(value).some((v) => mine.includes(v));
    }
    const re = id.pattern;
    return !re || forms(value).some((v) => re.test(v));
  }

  /**
   * Is the stored-closure name `word` used other than as its declaration or an argument label (`word:`) anywhere —
   * read as a value, passed on, or called without a receiver? Then who runs it cannot be told.
   */
  usedAsValue(word: string): boolean {
    const re = new RegExp(`\\b${word.replace(/[^A-Za-z0-9_]/g, '')}\\b(?!\\s*:)`, 'g');
    for (const f of this.ws.swiftTexts.keys()) {
      if (!this.ws.swiftTexts.includes(f, word)) continue;
      const text = this.ws.swiftTexts.get(f)!;
      for (const m of text.matchAll(re)) {
        if (/\b(var|let|func)\s+$/.test(text.slice(Math.max(0, m.index! - 12), m.index))) continue;
        return true;
      }
    }
    return false;
  }

  /** Does `word` appear as an identifier in any workspace source other than inside `span` of `file`? */
  mentionedOutside(word: string, file: string, span: { start: number; end: number }): boolean {
    const re = new RegExp(`\\b${word.replace(/[^A-Za-z0-9_]/g, '')}\\b`, 'g');
    for (const f of this.ws.swiftTexts.keys()) {
      if (!this.ws.swiftTexts.includes(f, word)) continue;
      const text = this.ws.swiftTexts.get(f)!;
      for (const m of text.matchAll(re)) {
        if (f === file && m.index! >= span.start && m.index! < span.end) continue;
        // The declaration itself (`func name`, `init`) is not a use.
        if (/\bfunc\s+$/.test(text.slice(Math.max(0, m.index! - 10), m.index))) continue;
        // Nor is a mention in a `//` comment or in plain string text (an interpolation `\(name())` is code).
        if (inCommentOrPlainString(text.slice(text.lastIndexOf('\n', m.index!) + 1, m.index))) continue;
        return true;
      }
    }
    return false;
  }

  /** A concrete, display-ready id for a scope (the bundle id token replaced when known). */
  display(value: string, scope?: AppScope): string {
    const b = scope?.bundleIds[0]?.bundleId;
    return b ? withBundleId(value, b) : value;
  }

  // ---------------------------------------------------------------------------------------------
  // Read-only facts for rules

  /** Facts of every source file parsed so far. */
  files(): readonly FileFacts[] {
    return [...this.ws.parsed.values()].map((sf) => sf.facts);
  }

  /** Facts of a source file as extracted so far (never parses: undefined for a file not parsed yet). */
  factsOf(file: string): FileFacts | undefined {
    return this.ws.factsOf(file);
  }

  /** Facts of a source file, parsing it on demand; undefined for files that are not sources. */
  sourceFacts(file: string): FileFacts | undefined {
    return this.ws.source(file)?.facts;
  }

  /** What each TypeScript source says about the task libraries' own APIs. */
  libraries(): { file: string; lib: LibraryFacts }[] {
    const out: { file: string; lib: LibraryFacts }[] = [];
    for (const sf of [...this.ws.parsed.values()]) if (sf.facts.library) out.push({ file: sf.file, lib: sf.facts.library });
    return out;
  }

  scopes(): readonly AppScope[] {
    return this.ws.scopes;
  }

  scopesOf(file: string): AppScope[] {
    return this.ws.scopesOf(file);
  }

  permittedEntries(scope: AppScope): readonly PermittedEntry[] {
    return this.ws.permittedEntries(scope);
  }

  /** What the scope's entitlements files say about `key` (see checkEntitlement). */
  entitlement(scope: AppScope, key: string): EntitlementCheck {
    return checkEntitlement(scope, key, (f) => this.ws.entitlementsDoc(f));
  }

  plists(): PlistDoc[] {
    return [...this.ws.plists.values()];
  }

  plist(file: string): PlistDoc | undefined {
    return this.ws.plists.get(file);
  }

  projects(): readonly XcodeProject[] {
    return this.ws.projects;
  }

  /** INFOPLIST_KEY_* settings outside a pbxproj (xcconfig files, XcodeGen). */
  looseBuildSettings(): readonly BuildSettingSite[] {
    return this.ws.looseBuildSettings;
  }

  /** The project uses package managers (CocoaPods, Carthage, SwiftPM): code we cannot see may use identifiers. */
  hasPackageDependencies(): boolean {
    return this.ws.hasPackageDependencies;
  }

  roots(): readonly string[] {
    return this.ws.options.roots;
  }

  resolveId(use: IdUse, file: string, fn: number): ResolvedId {
    return this.resolver.resolve(use, file, fn);
  }

  functionAt(file: string, index: number): FunctionFact | undefined {
    return this.graph.functionAt(file, index);
  }

  handoffTarget(name: string, labels: string[], argIndex: number, receiver?: string, fromFile?: string): HandlerRef | undefined {
    const t = this.graph.handoffTarget(name, labels, argIndex, receiver, fromFile);
    return t ? { file: t.file, index: t.handlerIndex, handler: t.handler } : undefined;
  }

  /** False when no launch entry point was found (then "never called" cannot be said). */
  launchKnown(): boolean {
    return this.graph.launchKnown();
  }

  /** The call written at exactly `span` in `file`. */
  callAt(file: string, span: Span): CallFact | undefined {
    for (const fn of this.sourceFacts(file)?.functions ?? []) for (const c of fn.calls) if (c.span.start === span.start && c.span.end === span.end) return c;
    return undefined;
  }

  /** The calls that start at `offset` in `file` (a chain `A.b().c()` has several). */
  callsAt(file: string, offset: number): CallFact[] {
    const out: CallFact[] = [];
    for (const fn of this.sourceFacts(file)?.functions ?? []) for (const c of fn.calls) if (c.span.start === offset) out.push(c);
    return out;
  }

  /**
   * Where code runs as the app moves to the background, in the Swift files of the scopes `file` belongs to. Files that
   * declare those places are parsed first (they need not mention BackgroundTasks).
   */
  backgroundSpots(file: string): (BackgroundSpot & { file: string })[] {
    this.ws.parseFilesMentioning('scenePhase');
    this.ws.parseFilesMentioning('sceneDidEnterBackground', 'func');
    this.ws.parseFilesMentioning('applicationDidEnterBackground', 'func');
    const scopes = new Set(this.ws.scopesOf(file));
    const out: (BackgroundSpot & { file: string })[] = [];
    for (const other of this.ws.parsed.values()) {
      if (other.facts.language !== 'swift' || !other.facts.scene?.backgroundSpots.length) continue;
      if (!this.ws.scopesOf(other.file).some((s) => scopes.has(s))) continue;
      for (const spot of other.facts.scene.backgroundSpots) out.push({ ...spot, file: other.file });
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Text for fixes and messages: slices and answers about spans, never whole files

  /** The text of `span` in `file` (to copy into a fix). */
  textSlice(file: string, span: Span): string | undefined {
    return this.ws.textOf(file)?.slice(span.start, span.end);
  }

  /** 1-based line of `offset` in `file`. */
  lineOf(file: string, offset: number): number {
    const text = this.ws.textOf(file) ?? '';
    let n = 1;
    for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  }

  /** The line ending a fix writes into a source file (its own). */
  eolOf(file: string): string {
    return this.ws.source(file)?.lines.eol ?? '\n';
  }

  /** The indentation of the line holding `offset` in a source file. */
  indentationAt(file: string, offset: number): string {
    return this.ws.source(file)?.lines.indentationAt(offset) ?? '';
  }

  /** How far removing `span` reaches (its line, the whitespace before a modifier). */
  removalSpan(file: string, span: Span, mode: RemovalMode): Span | undefined {
    const text = this.ws.source(file)?.text;
    return text === undefined ? undefined : removalSpan(text, span, mode);
  }

  /** The statement at `span` as a fix sees it (its text, and whether it is a plain call that can move). */
  statement(file: string, span: Span): StatementShape | undefined {
    const text = this.ws.source(file)?.text;
    return text === undefined ? undefined : statementShape(text, span);
  }

  /** Whether the task class at `span` is written after `as!`, `as?` or neither (a parameter type). */
  castForm(file: string, span: Span): 'forced' | 'conditional' | 'none' {
    return castFormAt(this.ws.textOf(file) ?? '', span);
  }

  /**
   * A closure handler that ignores its task (`{ _ in … }`): the `_` to replace and a name for the task that the code in
   * `scope` (the registration holding the closure) does not use yet, so a fix can name the task and then use it.
   */
  nameForUnnamedTask(file: string, handlerSpan: Span, scope: Span): { span: Span; name: string } | undefined {
    const text = this.ws.source(file)?.text;
    const at = text === undefined ? undefined : unnamedParamAt(text, handlerSpan);
    return text === undefined || !at ? undefined : { span: at, name: unusedName(text, scope, 'task') };
  }

  /** Whether a branch step starts with `guard` (its else arm must leave the scope). */
  isGuardAt(file: string, offset: number): boolean {
    return this.ws.source(file)?.text.startsWith('guard', offset) ?? false;
  }
}

function matchEntry(value: string, e: PermittedEntry, bundleId: string | undefined): 'match' | 'no' | 'unknown' {
  let v = value;
  let p = e.value;
  if (bundleId) {
    v = withBundleId(v, bundleId);
    p = withBundleId(p, bundleId);
  } else if (hasBundleToken(v) !== hasBundleToken(p)) return 'unknown';
  // iOS rejects the literal wildcard string itself; it only permits concrete ids under it.
  if (v === p) return e.wildcard ? 'no' : 'match';
  if (e.wildcard && p.endsWith('.*')) {
    const base = p.slice(0, -1);
    if (v.startsWith(base) && v.length > base.length) return 'match';
  }
  return 'no';
}

export { BUNDLE_ID_TOKEN };

/**
 * Whether the end of `linePrefix` (the text of a line before some word) lies in a `//` comment or in the plain text of
 * a one-line string literal. A string segment that has opened an interpolation (`\(`) counts as code.
 */
export function inCommentOrPlainString(linePrefix: string): boolean {
  let inString = false;
  let interpolating = false;
  for (let i = 0; i < linePrefix.length; i++) {
    const c = linePrefix[i];
    if (inString) {
      if (c === '\\') {
        if (linePrefix[i + 1] === '(') interpolating = true;
        i++;
      } else if (c === '"') {
        inString = false;
        interpolating = false;
      }
    } else if (c === '"') inString = true;
    else if (c === '/' && linePrefix[i + 1] === '/') return true;
  }
  return inString && !interpolating;
}
