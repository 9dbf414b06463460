/**
 * Swift → FileFacts. One walk over the tree records types, functions (with their calls, for the
 * launch call graph), constants, registrations, requests and submissions; task handlers are then
 * lowered to the flow IR by HandlerLowering.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { syntaxErrorsOf } from '../parsing/treeSitter';
import {
  emptyFacts,
  type BranchStep,
  type ClosureKind,
  type FileFacts,
  type FunctionFact,
  type IdUse,
  type RegistrationFact,
  type RequestClass,
  type RequestFact,
  type SiteContext,
  type TaskClass,
} from '../model/facts';
import { parseDirectives } from '../model/directives';
import type { Span } from '../text/lineIndex';
import { swiftSceneFacts } from './backgroundSpots';
import { classifyClosure } from './closures';
import { HandlerLowering, TASK_CLASSES } from './lowerHandler';
import { applyFragment, captureFragment, markOf, type Fragment } from './fragments';
import { callParts, isFunctionReference, idExpr, idUse, memberPath, namedChildren, span, textOf } from './syntax';

const REQUEST_CLASSES = new Set<RequestClass>(['BGAppRefreshTaskRequest', 'BGProcessingTaskRequest', 'BGHealthResearchTaskRequest', 'BGContinuedProcessingTaskRequest']);

const POST_LAUNCH_NAMES = new Set([
  'applicationDidBecomeActive',
  'applicationWillEnterForeground',
  'applicationDidEnterBackground',
  'applicationWillResignActive',
  'applicationWillTerminate',
  'sceneDidBecomeActive',
  'sceneWillEnterForeground',
  'sceneDidEnterBackground',
  'sceneWillResignActive',
  'sceneDidDisconnect',
  'viewDidLoad',
  'viewWillAppear',
  'viewDidAppear',
  'viewWillDisappear',
  'viewDidDisappear',
  'viewDidLayoutSubviews',
  'loadView',
  'awakeFromNib',
  'makeUIView',
  'updateUIView',
  'makeUIViewController',
  'updateUIViewController',
]);

const SINGLETON_MEMBERS = new Set(['shared', 'default', 'instance', 'current', 'sharedInstance', 'standard']);

const PENDING_WORDS = /pending|isScheduled|alreadyScheduled|hasScheduled|scheduledRequest/i;
/** Deepest syntax nesting the fact walk follows (real code stays far below; each closure level is about four). */
export const MAX_VISIT_DEPTH = 1000;

interface TypeCtx {
  name: string;
  inherits: string[];
  isMain: boolean;
  /** Annotated `@MainActor`. */
  mainActor?: boolean;
}

/** Types whose members run on the main actor without saying so: UIKit responders and delegates, SwiftUI views and apps. */
const MAIN_ACTOR_TYPES = new Set(['UIResponder', 'UIViewController', 'UIView', 'UIApplicationDelegate', 'UIWindowSceneDelegate', 'UISceneDelegate', 'View', 'App', 'UITableViewController', 'UICollectionViewController', 'UINavigationController', 'UITabBarController']);

/** Argument labels too generic to name a stored closure by (a call of `completion()` says nothing about which one). */
const GENERIC_CLOSURE_LABELS = new Set(['completion', 'completionHandler', 'handler', 'block', 'action', 'callback', 'onComplete', 'onCompletion', 'then', 'perform', 'execute', 'body', 'content', 'work', 'operation', 'closure', 'task', 'launchHandler', 'expirationHandler', 'label', 'initial', 'transform', 'update', 'operationBlock', 'resultHandler', 'errorHandler', 'success', 'failure']);

const VIEW_PROTOCOLS = new Set(['View', 'UIViewRepresentable', 'UIViewControllerRepresentable']);

interface Ctx {
  types: TypeCtx[];
  fn: number;
  closures: ClosureKind[];
  condGuard: boolean;
  branch: BranchStep[];
  /** Parameter names of the enclosing function: `body()` on a closure parameter calls no function named `body`. */
  params?: Set<string>;
  /** Parallel to `closures`: names of closures stored under an initializer argument label (see SiteContext). */
  closureNames?: (string | undefined)[];
}

/**
 * Cache of per-function fact fragments for one document, kept between extractions (the language server keeps one
 * per open document). `prune` drops fragments the last extraction did not use.
 */
export class FactsFragmentCache {
  readonly fragments = new Map<string, Fragment>();
  used = new Set<string>();

  get(key: string): Fragment | undefined {
    return this.fragments.get(key);
  }

  set(key: string, f: Fragment): void {
    this.fragments.set(key, f);
  }

  prune(): void {
    for (const k of this.fragments.keys()) if (!this.used.has(k)) this.fragments.delete(k);
    this.used = new Set();
  }
}

export function extractSwiftFacts(file: string, src: string, tree: Tree, cache?: FactsFragmentCache): FileFacts {
  const facts = new SwiftExtractor(file, src, cache).run(tree.rootNode);
  cache?.prune();
  return facts;
}

class SwiftExtractor {
  readonly facts: FileFacts;
  /** Requests by (function, variable) for linking `submit(request)` and option assignments. */
  private readonly requestVars = new Map<string, number>();
  /** `#if` regions, for telling `#if`/`#else` sites apart. */
  private readonly ifRegions: { start: number; end: number; at: number; arm: number }[];
  private readonly handlerNodes: { reg: RegistrationFact; lambda: Node }[] = [];
  private readonly syntheticInits = new Map<string, number>();

  private readonly usedKeys?: Set<string>;

  constructor(
    file: string,
    private readonly src: string,
    private readonly cache?: FactsFragmentCache,
  ) {
    this.usedKeys = cache?.used;
    this.facts = emptyFacts(file, 'swift');
    this.facts.directives = parseDirectives(src, '//');
    this.facts.indentUnit = detectIndentUnit(src);
    this.ifRegions = conditionalRegions(src);
  }

  run(root: Node): FileFacts {
    this.facts.hasSyntaxErrors = root.hasError;
    const ctx: Ctx = { types: [], fn: -1, closures: [], condGuard: false, branch: [] };
    this.visitChildren(root, ctx);
    this.buildClosureHandlers();
    this.facts.scene = swiftSceneFacts(root, this.src, this.facts.indentUnit);
    return this.facts;
  }

  // ---------------------------------------------------------------------------------------------

  private visitChildren(n: Node, ctx: Ctx): void {
    let guard = ctx.condGuard;
    // One call for all children: crossing into WASM per child is the cost that dominates extraction.
    for (const c of n.namedChildren) {
      if (!c) continue;
      const here = guard === ctx.condGuard ? ctx : { ...ctx, condGuard: guard };
      this.visit(c, here);
      // `guard !pending.contains(…) else { return }` protects the rest of the block.
      if (c.type === 'guard_statement' && PENDING_WORDS.test(this.conditionText(c))) guard = true;
    }
  }

  /** How deep `visit` is now, against MAX_VISIT_DEPTH. */
  private depth = 0;
  /** Set once code too deeply nested was skipped (one note per file). */
  private skippedDeep = false;

  private visit(n: Node, ctx: Ctx): void {
    if (this.depth >= MAX_VISIT_DEPTH) return this.skipDeep(n, ctx);
    this.depth++;
    try {
      this.visitKind(n, ctx);
    } finally {
      this.depth--;
    }
  }

  /**
   * Code nested deeper than MAX_VISIT_DEPTH (a thousand closures inside each other) is not walked: the walk recurses,
   * and the stack would overflow and lose the whole file. What it may hold stays unknown, never absent: a registration
   * or a request class named there becomes one with an unknown identifier, so the rules that ask "is this id
   * registered / submitted?" stay silent rather than report a false "never".
   */
  private skipDeep(n: Node, ctx: Ctx): void {
    const text = this.src.slice(n.startIndex, n.endIndex);
    if (!this.skippedDeep) {
      this.skippedDeep = true;
      this.facts.problems.push({ message: `Code nested more than ${MAX_VISIT_DEPTH} levels deep is not analysed (from here on); what it registers or submits is treated as unknown.`, span: span(n) });
    }
    const unknown = (): IdUse => ({ expr: { t: 'unknown', text: 'code nested too deeply to analyse' }, span: span(n) });
    const site = this.siteContext(ctx, n.startIndex);
    if (/\b(register|registerForTaskWithIdentifier|backgroundTask)\s*\(/.test(text)) this.facts.registrations.push({ kind: 'scheduler', id: unknown(), span: span(n), ctx: site });
    for (const cls of new Set(text.match(/\bBG(AppRefresh|Processing|HealthResearch|ContinuedProcessing)TaskRequest(?=\s*\()/g) ?? [])) {
      this.facts.requests.push({ cls: cls as RequestClass, id: unknown(), span: span(n), options: {}, ctx: site });
    }
  }

  private visitKind(n: Node, ctx: Ctx): void {
    switch (n.type) {
      case 'class_declaration':
      case 'protocol_declaration':
        return this.visitType(n, ctx);
      case 'function_declaration':
      case 'init_declaration':
        return this.visitFunction(n, ctx);
      case 'property_declaration':
        return this.visitProperty(n, ctx);
      case 'call_expression':
        return this.visitCall(n, ctx);
      case 'assignment':
        return this.visitAssignment(n, ctx);
      case 'lambda_literal':
        return this.visitChildren(n, { ...ctx, closures: [...ctx.closures, n.parent?.type === 'property_declaration' ? 'stored' : 'other'] });
      case 'navigation_expression':
        this.noteSingletonRead(n, ctx);
        return this.visitChildren(n, ctx);
      case 'if_statement':
        this.noteConditionBindings(n, ctx);
        return this.visitIf(n, ctx);
      case 'switch_statement':
        return this.visitSwitch(n, ctx);
      case 'guard_statement':
        this.noteConditionBindings(n, ctx);
        return this.visitGuard(n, ctx);
      default:
        return this.visitChildren(n, ctx);
    }
  }

  private visitType(n: Node, ctx: Ctx): void {
    const kind = n.childForFieldName('declaration_kind');
    const nameNode = n.childForFieldName('name');
    if (!nameNode) return this.visitChildren(n, ctx);
    const name = (kind && textOf(this.src, kind) === 'extension' ? textOf(this.src, nameNode).split('.').pop() : textOf(this.src, nameNode)) ?? '';
    const inherits: string[] = [];
    let isMain = false;
    let mainActor = false;
    for (const c of namedChildren(n)) {
      if (c.type === 'inheritance_specifier') inherits.push(textOf(this.src, c).trim());
      if (c.type === 'modifiers' && /@(main|UIApplicationMain)\b/.test(textOf(this.src, c))) isMain = true;
      if (c.type === 'modifiers' && /@MainActor\b/.test(textOf(this.src, c))) mainActor = true;
    }
    const t: TypeCtx = { name, inherits, isMain, ...(mainActor ? { mainActor } : {}) };
    if (isMain || inherits.includes('UIApplicationDelegate')) this.facts.launchTypes.push(name);
    const inner: Ctx = { ...ctx, types: [...ctx.types, t], fn: -1, closures: [], condGuard: false, branch: [] };
    const body = n.childForFieldName('body');
    if (!body) return;
    if (kind && textOf(this.src, kind) === 'enum') this.enumConstants(body, inner, inherits.includes('String'));
    this.visitChildren(body, inner);
  }

  private enumConstants(body: Node, ctx: Ctx, stringRaw: boolean): void {
    for (const entry of namedChildren(body)) {
      if (entry.type !== 'enum_entry') continue;
      let lastName: Node | undefined;
      for (let i = 0; i < entry.childCount; i++) {
        const c = entry.child(i)!;
        const field = entry.fieldNameForChild(i);
        if (field === 'name') {
          if (lastName && stringRaw) this.addEnumCase(lastName, undefined, ctx);
          lastName = c;
        } else if (field === 'raw_value' && lastName) {
          this.addEnumCase(lastName, c, ctx);
          lastName = undefined;
        }
      }
      if (lastName && stringRaw) this.addEnumCase(lastName, undefined, ctx);
    }
  }

  private addEnumCase(name: Node, raw: Node | undefined, ctx: Ctx): void {
    const caseName = textOf(this.src, name).replace(/^`|`$/g, '');
    const owner = ctx.types.map((t) => t.name);
    if (raw) {
      const use = idUse(this.src, raw, owner);
      this.facts.constants.push({ name: caseName, owner, value: use.expr, span: span(name), literalSpan: use.literalSpan });
    } else this.facts.constants.push({ name: caseName, owner, value: { t: 'lit', value: caseName }, span: span(name) });
  }

  /**
   * A function's facts depend only on its text and the types around it, so an unchanged function reuses the facts
   * from the previous extraction of the file (shifted to its new position): editing one function of a large file
   * re-extracts that function only. Functions inside `#if` regions are always extracted (their branch facts depend on
   * text outside them).
   */
  private visitFunction(n: Node, ctx: Ctx): void {
    // Handlers of launch-handler closures written before this function (outside any function) are built now, so they
    // are not taken into this function's cached fragment (which would bring them back a second time).
    this.buildClosureHandlers();
    const cache = this.cache;
    if (!cache || this.ifRegions.some((r) => r.start < n.endIndex && r.end > n.startIndex)) return this.extractFunction(n, ctx);
    const key = `${ctx.types.map((t) => `${t.name}:${t.inherits.join(',')}:${t.isMain}:${!!t.mainActor}`).join('/')}\u0000${ctx.fn >= 0 ? 'nested' : ''}\u0000${this.src.slice(n.startIndex, n.endIndex)}`;
    const hit = cache.get(key);
    if (hit) {
      applyFragment(this.facts, hit, n.startIndex);
      this.usedKeys?.add(key);
      return;
    }
    const mark = markOf(this.facts);
    this.extractFunction(n, ctx);
    cache.set(key, captureFragment(this.facts, mark, n.startIndex));
    this.usedKeys?.add(key);
  }

  private extractFunction(n: Node, ctx: Ctx): void {
    const isInit = n.type === 'init_declaration' || n.childForFieldName('name') === null;
    const nameNode = n.childForFieldName('name');
    const name = isInit ? 'init' : nameNode ? textOf(this.src, nameNode) : '?';
    const labels: string[] = [];
    const taskParams: FunctionFact['taskParams'] = [];
    const params = new Set<string>();
    let index = 0;
    for (const p of namedChildren(n)) {
      if (p.type !== 'parameter') continue;
      const ext = p.childForFieldName('external_name');
      const names = p.childrenForFieldName('name').filter((x): x is Node => !!x);
      const internal = names.find((x) => x.type === 'simple_identifier');
      const typeNode = names.find((x) => x.type !== 'simple_identifier');
      const label = ext ? textOf(this.src, ext) : internal ? textOf(this.src, internal) : '_';
      labels.push(label);
      if (internal) params.add(textOf(this.src, internal));
      if (typeNode && internal) {
        const cls = textOf(this.src, typeNode).replace(/[?!]$/, '').trim() as TaskClass;
        if (TASK_CLASSES.has(cls)) taskParams.push({ index, label, name: textOf(this.src, internal), cls });
      }
      index++;
    }
    const owner = ctx.types[ctx.types.length - 1];
    const fact: FunctionFact = {
      name,
      labels,
      owner: owner?.name,
      isInit,
      nameSpan: nameNode ? span(nameNode) : { start: n.startIndex, end: n.startIndex + 4 },
      bodySpan: span(n.childForFieldName('body') ?? n),
      calls: [],
      taskParams,
      pendingChecks: [],
    };
    const mods = n.children.find((c) => c?.type === 'modifiers');
    const modText = mods ? textOf(this.src, mods) : '';
    if (/\b(private|fileprivate)\b/.test(modText)) fact.fileOnly = true;
    if (n.children.some((c) => c?.type === 'async')) fact.isAsync = true;
    const ownerOnMain = !!owner && (!!owner.mainActor || owner.inherits.some((i) => MAIN_ACTOR_TYPES.has(i.replace(/^.*\./, ''))));
    if (/@MainActor\b/.test(modText) || (ownerOnMain && !/\bnonisolated\b/.test(modText))) fact.mainActor = true;
    this.assignRole(fact, owner);
    this.facts.functions.push(fact);
    const fnIndex = this.facts.functions.length - 1;
    const body = n.childForFieldName('body');
    if (body) this.visitChildren(body, { ...ctx, fn: fnIndex, closures: [], condGuard: false, branch: [], params });
    this.buildClosureHandlers();
    this.buildFunctionHandler(fnIndex, n);
  }

  private assignRole(fact: FunctionFact, owner: TypeCtx | undefined): void {
    if (fact.name === 'application' && fact.labels.some((l) => l === 'didFinishLaunchingWithOptions' || l === 'willFinishLaunchingWithOptions')) {
      fact.role = 'launch';
      fact.roleLabel = `application(_:${fact.labels.find((l) => l.endsWith('LaunchingWithOptions'))}:)`;
    } else if (fact.isInit && owner && (owner.isMain || owner.inherits.includes('UIApplicationDelegate'))) {
      fact.role = 'launch';
      fact.roleLabel = `${owner.name}.init()`;
    } else if (fact.isInit && owner && owner.inherits.some((i) => VIEW_PROTOCOLS.has(i))) {
      // A SwiftUI view is created when its scene builds its content: after launch, and not at all in a background launch.
      fact.role = 'post-launch';
      fact.roleLabel = `${owner.name}.init() (a SwiftUI view, created when its scene connects)`;
    } else if (POST_LAUNCH_NAMES.has(fact.name) || (fact.name === 'scene' && fact.labels.includes('willConnectTo'))) {
      fact.role = 'post-launch';
      fact.roleLabel = fact.name === 'scene' ? 'scene(_:willConnectTo:options:)' : `${fact.name}`;
    } else if (fact.name === 'application' && fact.labels.some((l) => /^(open|performFetchWithCompletionHandler|didReceiveRemoteNotification|handleEventsForBackgroundURLSession|continue|performActionFor)$/.test(l))) {
      fact.role = 'post-launch';
      fact.roleLabel = `application(_:${fact.labels[1] ?? ''}:)`;
    }
  }

  private visitProperty(n: Node, ctx: Ctx): void {
    const nameNode = n.childForFieldName('name');
    const name = nameNode ? textOf(this.src, nameNode).trim() : '';
    const owner = ctx.types[ctx.types.length - 1];
    // `@UIApplicationDelegateAdaptor(AppDelegate.self) var appDelegate` makes AppDelegate a launch type.
    const mods = namedChildren(n).find((c) => c.type === 'modifiers');
    if (mods) {
      const m = /@UIApplicationDelegateAdaptor\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\.self/.exec(textOf(this.src, mods));
      if (m) this.facts.launchTypes.push(m[1]);
    }
    const computed = n.childForFieldName('computed_value');
    if (computed) {
      // A computed property runs like a function when read; `body` of a View runs after launch.
      const isView = owner?.inherits.some((i) => i === 'View' || i === 'UIViewRepresentable' || i === 'UIViewControllerRepresentable');
      const fact: FunctionFact = {
        name,
        labels: [],
        owner: owner?.name,
        isInit: false,
        nameSpan: nameNode ? span(nameNode) : span(n),
        bodySpan: span(computed),
        calls: [],
        taskParams: [],
        pendingChecks: [],
      };
      if (isView && name === 'body') {
        fact.role = 'post-launch';
        fact.roleLabel = `${owner?.name}.body`;
      } else if (name === 'body' && owner?.inherits.includes('App')) {
        // An App's scenes are built when a scene connects, after launch (and never in a background launch).
        fact.role = 'post-launch';
        fact.roleLabel = `${owner.name}.body (evaluated when its scene connects)`;
      }
      this.facts.functions.push(fact);
      this.visitChildren(computed, { ...ctx, fn: this.facts.functions.length - 1, closures: [], condGuard: false, branch: [], params: undefined });
      return;
    }
    const value = n.childForFieldName('value');
    const isLet = namedChildren(n).some((c) => c.type === 'value_binding_pattern' && /^let\b/.test(textOf(this.src, c)));
    if (value && isLet && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      const use = idUse(this.src, value, ctx.types.map((t) => t.name));
      if (use.expr.t !== 'unknown') {
        this.facts.constants.push({
          name,
          owner: ctx.types.map((t) => t.name),
          localTo: ctx.fn >= 0 ? ctx.fn : undefined,
          value: use.expr,
          span: nameNode ? span(nameNode) : span(n),
          literalSpan: use.literalSpan,
        });
      }
    }
    if (value) {
      const before = this.facts.requests.length;
      // Instance stored properties (`let manager = TaskManager()`) are initialised by the type's init.
      const modText = mods ? textOf(this.src, mods) : '';
      if (ctx.fn < 0 && !ctx.closures.length && owner && !/\b(static|class|lazy)\b/.test(modText) && value.type !== 'lambda_literal') {
        ctx = { ...ctx, fn: this.storedPropertyInit(owner, nameNode ? span(nameNode) : span(n), span(value)) };
      }
      this.visit(value, value.type === 'lambda_literal' ? { ...ctx, closures: [...ctx.closures, 'stored'] } : ctx);
      // `let request = BGAppRefreshTaskRequest(identifier: …)`
      if (this.facts.requests.length > before && value.type === 'call_expression' && name) {
        this.requestVars.set(`${ctx.fn}:${name}`, this.facts.requests.length - 1);
      }
    }
  }

  /** `Manager.shared` read anywhere initialises Manager on first use: record it as a call to Manager.init. */
  private noteSingletonRead(n: Node, ctx: Ctx): void {
    if (ctx.fn < 0) return;
    const path = memberPath(this.src, n);
    if (!path || path.length < 2 || !/^[A-Z]/.test(path[0]) || !SINGLETON_MEMBERS.has(path[1])) return;
    this.facts.functions[ctx.fn].calls.push({ name: `${path[0]}.init`, labels: [], span: span(n), ctx: this.siteContext(ctx, n.startIndex) });
  }

  /** Stored-property initialisers run in the type's initialiser: attribute them to a synthetic `init`. */
  private storedPropertyInit(type: TypeCtx, nameSpan: Span, valueSpan: Span): number {
    const existing = this.syntheticInits.get(type.name);
    if (existing !== undefined) return existing;
    const fact: FunctionFact = { name: 'init', labels: [], owner: type.name, isInit: true, nameSpan, bodySpan: valueSpan, calls: [], taskParams: [], pendingChecks: [] };
    this.assignRole(fact, type);
    this.facts.functions.push(fact);
    this.syntheticInits.set(type.name, this.facts.functions.length - 1);
    return this.facts.functions.length - 1;
  }

  private visitAssignment(n: Node, ctx: Ctx): void {
    const target = n.childForFieldName('target');
    const result = n.childForFieldName('result');
    const path = target ? memberPath(this.src, target.namedChild(0) ?? target) : undefined;
    if (path && path.length >= 2 && result) {
      const prop = path[path.length - 1];
      const variable = path[path.length - 2];
      const ri = this.requestVars.get(`${ctx.fn}:${variable}`);
      if (ri !== undefined) this.applyOption(this.facts.requests[ri], prop, result);
    }
    if (result?.type === 'lambda_literal') {
      const kind: ClosureKind = path?.[path.length - 1] === 'expirationHandler' ? 'expiration' : 'stored';
      if (target) this.visit(target, ctx);
      this.visitChildren(result, { ...ctx, closures: [...ctx.closures, kind] });
      return;
    }
    // `request = BGProcessingTaskRequest(identifier: …)` on an existing variable.
    const before = this.facts.requests.length;
    this.visitChildren(n, ctx);
    if (this.facts.requests.length > before && path?.length === 1) this.requestVars.set(`${ctx.fn}:${path[0]}`, this.facts.requests.length - 1);
  }

  private applyOption(req: RequestFact, prop: string, value: Node): void {
    const text = textOf(this.src, value).trim();
    if (prop === 'requiresExternalPower' || prop === 'requiresNetworkConnectivity') {
      if (text === 'true' || text === 'false') req.options[prop] = text === 'true';
    } else if (prop === 'earliestBeginDate') {
      const secs = dateOffsetSeconds(text);
      if (secs !== undefined) req.options.earliestBeginDelaySeconds = secs;
    } else if (prop === 'requiredResources' && req.cls === 'BGContinuedProcessingTaskRequest') {
      // `.gpu`, `[.gpu]`, `BGContinuedProcessingTaskRequest.Resources.gpu`, `[]`, `.default`.
      req.options.requiredResources = { gpu: /(^|[^\w])gpu\b/.test(text), span: span(value) };
    }
  }

  private visitIf(n: Node, ctx: Ctx): void {
    const cond = this.conditionText(n);
    const guarded = ctx.condGuard || PENDING_WORDS.test(cond);
    let arm = 0;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type === 'else') {
        arm = 1;
        continue;
      }
      if (!c.isNamed) continue;
      if (c.type === 'statements' || (arm === 1 && c.type === 'if_statement')) {
        this.visit(c, { ...ctx, condGuard: arm === 0 ? guarded : ctx.condGuard, branch: [...ctx.branch, { at: n.startIndex, arm }] });
      } else this.visit(c, ctx);
    }
  }

  private visitSwitch(n: Node, ctx: Ctx): void {
    let arm = 0;
    for (const c of namedChildren(n)) {
      if (c.type === 'switch_entry') this.visitChildren(c, { ...ctx, branch: [...ctx.branch, { at: n.startIndex, arm: arm++ }] });
      else this.visit(c, ctx);
    }
  }

  /**
   * `guard let id = Bundle.main.bundleIdentifier else { … }` / `if let id = …`: the bound name is a local constant of
   * the function (an identifier built from it resolves like one from `let`).
   */
  private noteConditionBindings(n: Node, ctx: Ctx): void {
    if (ctx.fn < 0) return;
    for (let i = 0; i + 2 < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type !== 'value_binding_pattern' || !/^let\b/.test(textOf(this.src, c))) continue;
      const nameNode = n.child(i + 1);
      let value = n.child(i + 2);
      if (value?.type === '=') value = n.child(i + 3);
      if (!nameNode || nameNode.type !== 'simple_identifier' || !value || !value.isNamed) continue;
      const use = idUse(this.src, value, ctx.types.map((t) => t.name));
      if (use.expr.t === 'unknown') continue;
      this.facts.constants.push({ name: textOf(this.src, nameNode), owner: ctx.types.map((t) => t.name), localTo: ctx.fn, value: use.expr, span: span(nameNode), literalSpan: use.literalSpan });
    }
  }

  private visitGuard(n: Node, ctx: Ctx): void {
    let seenElse = false;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type === 'else') seenElse = true;
      else if (c.isNamed) this.visit(c, seenElse ? { ...ctx, branch: [...ctx.branch, { at: n.startIndex, arm: 1 }] } : ctx);
    }
  }

  private conditionText(n: Node): string {
    let out = '';
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type === 'statements' || c.type === 'else') break;
      out += textOf(this.src, c) + ' ';
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  private siteContext(ctx: Ctx, at: number): SiteContext {
    const branch = [...ctx.branch];
    for (const r of this.ifRegions) if (at >= r.start && at < r.end) branch.push({ at: r.at, arm: r.arm });
    const out: SiteContext = { fn: ctx.fn, closures: ctx.closures, guarded: ctx.condGuard || ctx.closures.includes('pending-callback'), branch };
    if (ctx.closureNames?.some((x) => x !== undefined)) out.closureNames = ctx.closureNames;
    return out;
  }

  private statementSpan(n: Node): Span | undefined {
    let s: Node = n;
    const p = s.parent;
    if (p && (p.type === 'try_expression' || p.type === 'await_expression')) s = p;
    const pp = s.parent;
    if (pp && (pp.type === 'try_expression' || pp.type === 'await_expression')) s = pp;
    return s.parent?.type === 'statements' ? span(s) : undefined;
  }

  private visitCall(n: Node, ctx: Ctx): void {
    // `handleRefresh(_:)` names a function; it does not call it (a launch handler given by reference runs later).
    if (isFunctionReference(n)) return;
    const parts = callParts(this.src, n);
    if (!parts) return this.visitChildren(n, ctx);
    const { name, receiverText } = parts;
    const scope = ctx.types.map((t) => t.name);

    const callsParameter = parts.callee.type === 'simple_identifier' && !!ctx.params?.has(name);
    if (ctx.fn >= 0 && !callsParameter) {
      const fn = this.facts.functions[ctx.fn];
      fn.calls.push({ name, labels: parts.args.map((a) => a.label ?? '_'), receiver: receiverText, span: span(n), ctx: this.siteContext(ctx, n.startIndex), statementSpan: this.statementSpan(n) });
      if (name === 'getPendingTaskRequests' || name === 'pendingTaskRequests') fn.pendingChecks.push(n.startIndex);
    }

    // BGTaskScheduler.shared.register(forTaskWithIdentifier:using:launchHandler:)
    if ((name === 'register' || name === 'registerForTaskWithIdentifier') && parts.args[0]?.label === 'forTaskWithIdentifier') {
      const reg: RegistrationFact = {
        kind: 'scheduler',
        id: this.requestIdOr(idUse(this.src, parts.args[0].value, scope), ctx),
        span: span(n),
        statementSpan: this.statementSpan(n),
        ctx: this.siteContext(ctx, n.startIndex),
      };
      const handlerArg = parts.args.find((a) => a.label === 'launchHandler');
      const lambda = handlerArg?.value.type === 'lambda_literal' ? handlerArg.value : parts.trailing[0]?.node;
      if (lambda) this.handlerNodes.push({ reg, lambda });
      else if (handlerArg) {
        // `launchHandler: handleRefresh` or `launchHandler: handleRefresh(_:)` (the function named by reference).
        const named = isFunctionReference(handlerArg.value) ? (handlerArg.value.namedChild(0) ?? handlerArg.value) : handlerArg.value;
        const path = memberPath(this.src, named);
        if (path) reg.handler = { functionName: path[path.length - 1], span: span(handlerArg.value) };
      }
      this.facts.registrations.push(reg);
    }

    // SwiftUI: .backgroundTask(.appRefresh("id")) { … }
    if (name === 'backgroundTask' && parts.args[0]?.value.type === 'call_expression') {
      const inner = callParts(this.src, parts.args[0].value);
      if (inner?.implicitMember && (inner.name === 'appRefresh' || inner.name === 'processingTask') && inner.args[0]) {
        // The modifier alone (`.backgroundTask(…) { … }`), without the view chain before it.
        const suffix = parts.callee.type === 'navigation_expression' ? parts.callee.childForFieldName('suffix') : null;
        const modifier = suffix ? { start: suffix.startIndex, end: n.endIndex } : undefined;
        this.facts.registrations.push({
          kind: 'swiftui',
          swiftuiKind: inner.name,
          id: idUse(this.src, inner.args[0].value, scope),
          span: modifier ?? span(n),
          statementSpan: modifier,
          ctx: this.siteContext(ctx, n.startIndex),
        });
      }
    }

    // BGxxxTaskRequest(identifier: …)
    if (REQUEST_CLASSES.has(name as RequestClass) && !receiverText) {
      const idArg = parts.args.find((a) => a.label === 'identifier');
      if (idArg) {
        const options: RequestFact['options'] = {};
        if (name === 'BGContinuedProcessingTaskRequest') {
          // Shown in the system's Live Activity: an empty title or subtitle leaves the user a blank card.
          const empty = parts.args.filter((a) => (a.label === 'title' || a.label === 'subtitle') && textOf(this.src, a.value).trim() === '""');
          if (empty.length) options.emptyTexts = empty.map((a) => ({ label: a.label as 'title' | 'subtitle', span: span(a.value) }));
        }
        this.facts.requests.push({ cls: name as RequestClass, id: idUse(this.src, idArg.value, scope), span: span(n), options, ctx: this.siteContext(ctx, n.startIndex) });
      }
    }

    const requestsBefore = this.facts.requests.length;
    // Visit the callee (chained calls) and arguments; closures get their kind.
    const callee = parts.callee;
    if (callee.type !== 'simple_identifier') this.visit(callee, ctx);
    const kindOf = (label: string | undefined): ClosureKind => {
      const k = classifyClosure(name, receiverText, label);
      // `.onAppear {}` / `.task {}` written in an App's `body` (on its root view) run on every cold start.
      if (k === 'ui-event' && (name === 'onAppear' || name === 'task') && ctx.fn >= 0) {
        const fn = this.facts.functions[ctx.fn];
        const owner = ctx.types[ctx.types.length - 1];
        if (fn.name === 'body' && owner?.inherits.includes('App')) return 'cold-start';
      }
      return k;
    };
    // `Client(scheduleRefresh: { … })`: a closure stored under a name, run when something calls `x.scheduleRefresh()`.
    const byName = (label: string | undefined): (string | undefined)[] | undefined => {
      const initializer = /^[A-Z]/.test(name) && !parts.receiverText && label && /^[a-z]\w*$/.test(label) && !GENERIC_CLOSURE_LABELS.has(label);
      if (!initializer && !ctx.closureNames) return undefined;
      const names = [...(ctx.closureNames ?? [])];
      names.length = ctx.closures.length;
      names.push(initializer ? label : undefined);
      return names;
    };
    for (const arg of parts.args) {
      if (arg.value.type === 'lambda_literal') this.visitChildren(arg.value, { ...ctx, closures: [...ctx.closures, kindOf(arg.label)], closureNames: byName(arg.label) });
      else this.visit(arg.value, ctx);
    }
    for (const t of parts.trailing) this.visitChildren(t.node, { ...ctx, closures: [...ctx.closures, kindOf(t.label)] });

    // submit(request) / submitTaskRequest(request)
    if ((name === 'submit' || name === 'submitTaskRequest') && parts.args.length >= 1 && (!receiverText || /BGTaskScheduler|scheduler/i.test(receiverText))) {
      const arg = parts.args[0].value;
      let ri: number | undefined;
      if (this.facts.requests.length > requestsBefore) ri = this.facts.requests.length - 1;
      else if (arg.type === 'simple_identifier') ri = this.requestVars.get(`${ctx.fn}:${textOf(this.src, arg)}`);
      if (ri !== undefined && !this.facts.requests[ri].submit) {
        const tryNode = n.parent?.type === 'try_expression' ? n.parent : undefined;
        const nameNode = parts.callee.type === 'navigation_expression' ? parts.callee.childForFieldName('suffix')?.namedChild(0) : parts.callee;
        this.facts.requests[ri].submit = {
          span: span(n),
          statementSpan: this.statementSpan(n),
          ctx: this.siteContext(ctx, n.startIndex),
          form: name === 'submit' ? 'submit' : 'submitTaskRequest',
          ...(nameNode && textOf(this.src, nameNode) === name ? { nameSpan: span(nameNode) } : {}),
          ...(tryNode ? { trySpan: span(tryNode) } : {}),
        };
      }
    }
  }

  /** `register(forTaskWithIdentifier: request.identifier)`: the id of the request built just before. */
  private requestIdOr(use: IdUse, ctx: Ctx): IdUse {
    const e = use.expr;
    if (e.t === 'ref' && e.path.length === 2 && e.path[1] === 'identifier') {
      const ri = this.requestVars.get(`${ctx.fn}:${e.path[0]}`);
      if (ri !== undefined) return { ...use, expr: this.facts.requests[ri].id.expr };
    }
    return use;
  }

  // ---------------------------------------------------------------------------------------------
  // Handlers

  /** Lowers the launch-handler closures collected so far (registrations since the last call). */
  private buildClosureHandlers(): void {
    const pending = this.handlerNodes.splice(0);
    for (const { reg, lambda } of pending) {
      const lowered = new HandlerLowering(this.src).lowerClosure(lambda);
      const params = lambda.descendantsOfType('lambda_parameter');
      const first = params[0];
      this.facts.handlers.push({
        kind: 'closure',
        taskNames: [],
        span: { start: lambda.startIndex, end: first ? first.endIndex : lambda.startIndex + 1 },
        closureSpan: span(lambda),
        cast: lowered.cast,
        body: lowered.body,
        expirationInsert: lowered.expirationInsert,
        expirationTaskName: lowered.expirationTaskName,
        throwsEscape: true,
        cancellable: lowered.cancellable,
        unnamedTask: lowered.unnamedTask,
        ...syntaxErrorsOf(lambda),
      });
      reg.handler = { closure: this.facts.handlers.length - 1 };
    }
  }

  /** Lowers a function that receives a BGTask as a handler of its own (handoffs resolve to it). */
  private buildFunctionHandler(i: number, node: Node): void {
    const fn = this.facts.functions[i];
    const p = fn.taskParams[0];
    if (!p) return;
    const typeSpan = this.paramTypeSpan(node, p.index);
    const lowered = new HandlerLowering(this.src).lowerFunction(node, p.name, p.cls, typeSpan);
    this.facts.handlers.push({
      kind: 'function',
      fn: i,
      taskNames: [p.name],
      span: fn.nameSpan,
      cast: lowered.cast,
      body: lowered.body,
      expirationInsert: lowered.expirationInsert,
      expirationTaskName: lowered.expirationTaskName,
      throwsEscape: false,
      cancellable: lowered.cancellable,
      unnamedTask: lowered.unnamedTask,
      ...syntaxErrorsOf(node.childForFieldName('body') ?? node),
    });
  }

  private paramTypeSpan(fn: Node, index: number): Span | undefined {
    // (Only real declarations reach here; synthetic inits have no parameters.)
    const params = namedChildren(fn).filter((c) => c.type === 'parameter');
    const p = params[index];
    const t = p?.childrenForFieldName('name').find((x) => x && x.type !== 'simple_identifier');
    return t ? span(t) : undefined;
  }
}

// -----------------------------------------------------------------------------------------------

/** Seconds from simple `earliestBeginDate` expressions: `Date(timeIntervalSinceNow: 15 * 60)`, `.now.addingTimeInterval(3600)`. */
export function dateOffsetSeconds(text: string): number | undefined {
  const m = /(?:timeIntervalSinceNow|addingTimeInterval)\s*[:(]\s*([^)]+)\)?/.exec(text) ?? /Date\(\)\s*\+\s*(.+)$/.exec(text);
  if (!m) return undefined;
  return evalArithmetic(m[1].replace(/\)\s*$/, ''));
}

/** Evaluates `15 * 60`, `60*60*4`, `(2 * 3600)` and `TimeInterval(900)`; undefined for anything else. */
export function evalArithmetic(expr: string): number | undefined {
  const cleaned = expr.replace(/TimeInterval\(([^)]*)\)/g, '$1').replace(/_/g, '').trim();
  if (!/^[0-9.\s+\-*/()]+$/.test(cleaned)) return undefined;
  let i = 0;
  const s = cleaned.replace(/\s+/g, '');
  const num = (): number | undefined => {
    if (s[i] === '(') {
      i++;
      const v = sum();
      if (s[i] !== ')') return undefined;
      i++;
      return v;
    }
    const m = /^[0-9]+(\.[0-9]+)?/.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return parseFloat(m[0]);
  };
  const prod = (): number | undefined => {
    let v = num();
    while (v !== undefined && (s[i] === '*' || s[i] === '/')) {
      const op = s[i++];
      const r = num();
      if (r === undefined) return undefined;
      v = op === '*' ? v * r : r === 0 ? undefined : v / r;
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = prod();
    while (v !== undefined && (s[i] === '+' || s[i] === '-')) {
      const op = s[i++];
      const r = prod();
      if (r === undefined) return undefined;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return i === s.length ? v : undefined;
}

function detectIndentUnit(src: string): string {
  let tabs = 0;
  let twos = 0;
  let fours = 0;
  const re = /\n([ \t]+)\S/g;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(src)) && seen++ < 400) {
    const ws = m[1];
    if (ws[0] === '\t') tabs++;
    else if (ws.length % 4 === 0) fours++;
    else if (ws.length % 2 === 0) twos++;
  }
  if (tabs > fours + twos) return '\t';
  return twos > fours / 3 && twos > 0 ? '  ' : '    ';
}

/** `#if … #elseif … #else … #endif` regions as branch arms (directives are line-based in Swift). */
function conditionalRegions(src: string): { start: number; end: number; at: number; arm: number }[] {
  if (!src.includes('#if')) return [];
  const out: { start: number; end: number; at: number; arm: number }[] = [];
  const stack: { at: number; arm: number; armStart: number }[] = [];
  const re = /^[ \t]*#(if|elseif|else|endif)\b.*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const kind = m[1];
    if (kind === 'if') stack.push({ at: m.index, arm: 0, armStart: m.index + m[0].length });
    else {
      const top = stack[stack.length - 1];
      if (!top) continue;
      out.push({ start: top.armStart, end: m.index, at: top.at, arm: top.arm });
      if (kind === 'endif') stack.pop();
      else {
        top.arm++;
        top.armStart = m.index + m[0].length;
      }
    }
  }
  return out;
}

export { idExpr };
