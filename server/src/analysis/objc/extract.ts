/**
 * Objective-C (.m, .mm, .h) → FileFacts, the same language-independent facts the Swift and TypeScript extractors
 * produce, so the rules apply unchanged. One walk over the tree records constants (`static NSString *const`, globals,
 * `#define`), methods and C functions with their calls (for launch reachability), registrations
 * (`registerForTaskWithIdentifier:usingQueue:launchHandler:`), requests (`[[BG…TaskRequest alloc] initWithIdentifier:…]`),
 * their options and submits; launch-handler blocks and methods that take a BGTask are lowered to the flow IR by
 * ObjcHandlerLowering.
 *
 * Selectors are recorded the way Swift names the bridged method (first keyword + labels), so a Swift call of an
 * Objective-C method and an Objective-C message of a Swift `@objc` method find each other by name.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { syntaxErrorsOf } from '../parsing/treeSitter';
import { parseDirectives } from '../model/directives';
import { emptyFacts, type BranchStep, type CallFact, type ClosureKind, type ContinuedProcessingWord, type FileFacts, type FunctionFact, type IdUse, type RegistrationFact, type RequestClass, type RequestFact, type SiteContext, type TaskClass } from '../model/facts';
import type { Span } from '../text/lineIndex';
import { classifyObjcBlock } from './closures';
import { blockBody, declaredIdentifier, declaredName, ObjcHandlerLowering, TASK_CLASSES } from './lowerHandler';
import { argOf, idUse, kids, macroValue, messageParts, span, stringValue, textOf, unwrap, type IdScope, type MessageParts } from './syntax';

const REQUEST_CLASSES = new Set<RequestClass>(['BGAppRefreshTaskRequest', 'BGProcessingTaskRequest', 'BGHealthResearchTaskRequest', 'BGContinuedProcessingTaskRequest']);
/** Superclasses that make a class the app delegate (React Native, Expo, Flutter templates). */
const APP_DELEGATE_BASES = new Set(['RCTAppDelegate', 'EXAppDelegateWrapper', 'ExpoAppDelegate', 'FlutterAppDelegate', 'UMAppDelegateWrapper']);
const PENDING_WORDS = /pending|isScheduled|alreadyScheduled|hasScheduled|scheduledRequest/i;
/** Deepest syntax nesting the walk follows; deeper code becomes "unknown" facts (see skipDeep). */
export const MAX_OBJC_VISIT_DEPTH = 800;

/** Lifecycle methods that run after launch, by selector (Swift's names for the same methods in comments). */
const POST_LAUNCH = new Set([
  'applicationDidBecomeActive:',
  'applicationWillEnterForeground:',
  'applicationDidEnterBackground:',
  'applicationWillResignActive:',
  'applicationWillTerminate:',
  'sceneDidBecomeActive:',
  'sceneWillEnterForeground:',
  'sceneDidEnterBackground:',
  'sceneWillResignActive:',
  'sceneDidDisconnect:',
  'scene:willConnectToSession:options:',
  'viewDidLoad',
  'viewWillAppear:',
  'viewDidAppear:',
  'viewWillDisappear:',
  'viewDidDisappear:',
  'viewDidLayoutSubviews',
  'loadView',
  'awakeFromNib',
  'application:openURL:options:',
  'application:performFetchWithCompletionHandler:',
  'application:didReceiveRemoteNotification:fetchCompletionHandler:',
  'application:handleEventsForBackgroundURLSession:completionHandler:',
  'application:continueUserActivity:restorationHandler:',
  'application:performActionForShortcutItem:completionHandler:',
]);

interface Ctx {
  fn: number;
  owner?: string;
  closures: ClosureKind[];
  guarded: boolean;
  branch: BranchStep[];
}

export function extractObjcFacts(file: string, src: string, tree: Tree): FileFacts {
  return new ObjcExtractor(file, src).run(tree.rootNode);
}

function detectIndentUnit(src: string): string {
  let tabs = 0;
  let twos = 0;
  let fours = 0;
  const re = /\n([ \t]+)\S/g;
  let m: RegExpExecArray | null;
  for (let seen = 0; (m = re.exec(src)) && seen < 400; seen++) {
    if (m[1][0] === '\t') tabs++;
    else if (m[1].length % 4 === 0) fours++;
    else if (m[1].length % 2 === 0) twos++;
  }
  if (tabs > fours + twos) return '\t';
  return twos > fours / 3 && twos > 0 ? '  ' : '    ';
}

class ObjcExtractor {
  readonly facts: FileFacts;
  /** Where bare names are looked up first: this file's statics (a header's statics are everyone's). */
  private readonly where: IdScope;
  private readonly header: boolean;
  /** Requests by `fn:variable`, for options and `submitTaskRequest:` linking. */
  private readonly requestVars = new Map<string, number>();
  /** Block literals stored in local variables by `fn:variable` (a launch handler given by name). */
  private readonly blockVars = new Map<string, Node>();
  /** Names assigned anywhere (`fn:name` and `*:name`): such locals and non-const globals are not constants. */
  private readonly assigned = new Set<string>();
  private readonly constConstants = new Set<number>();
  private depth = 0;
  private skippedDeep = false;

  constructor(
    file: string,
    private readonly src: string,
  ) {
    this.facts = emptyFacts(file, 'objc');
    this.facts.directives = parseDirectives(src, '//');
    this.facts.indentUnit = detectIndentUnit(src);
    this.facts.imports = [];
    this.header = file.endsWith('.h');
    this.where = { scope: this.header ? [] : [`#file:${file}`] };
  }

  run(root: Node): FileFacts {
    this.facts.hasSyntaxErrors = root.hasError;
    this.visit(root, { fn: -1, closures: [], guarded: false, branch: [] });
    // A "constant" that code assigns to is a variable: its value is not known.
    this.facts.constants = this.facts.constants.filter((c, i) => this.constConstants.has(i) || !this.assigned.has(`${c.localTo ?? '*'}:${c.name}`));
    return this.facts;
  }

  // ---------------------------------------------------------------------------------------------
  // Walk

  private visitChildren(n: Node, ctx: Ctx): void {
    let guarded = ctx.guarded;
    for (const c of n.namedChildren) {
      if (!c) continue;
      this.visit(c, guarded === ctx.guarded ? ctx : { ...ctx, guarded });
      // `if ([pending containsObject:…]) return;` protects the statements after it.
      if (c.type === 'if_statement' && PENDING_WORDS.test(textOf(this.src, c.childForFieldName('condition') ?? c)) && /\breturn\b/.test(textOf(this.src, c.childForFieldName('consequence') ?? c))) guarded = true;
    }
  }

  private visit(n: Node, ctx: Ctx): void {
    if (this.depth >= MAX_OBJC_VISIT_DEPTH) return this.skipDeep(n, ctx);
    this.depth++;
    try {
      this.visitKind(n, ctx);
    } finally {
      this.depth--;
    }
  }

  private visitKind(n: Node, ctx: Ctx): void {
    switch (n.type) {
      case 'comment':
      case 'string_literal':
      case 'number_literal':
      case 'identifier':
        return;
      case 'class_interface':
        return this.visitInterface(n);
      case 'class_implementation': {
        const name = kids(n).find((c) => c.type === 'identifier');
        return this.visitChildren(n, { ...ctx, owner: name ? textOf(this.src, name) : ctx.owner });
      }
      case 'method_definition':
        return this.visitMethod(n, ctx);
      case 'function_definition':
        return this.visitCFunction(n, ctx);
      case 'preproc_include':
      case 'module_import':
        return this.noteImport(n);
      case 'preproc_def':
        return this.visitMacro(n, ctx);
      case 'declaration':
        return this.visitDeclaration(n, ctx);
      case 'message_expression':
        return this.visitMessage(n, ctx);
      case 'call_expression':
        return this.visitCCall(n, ctx);
      case 'assignment_expression':
        return this.visitAssignment(n, ctx);
      case 'block_literal':
        return this.visitBlock(n, ctx, 'other');
      case 'selector_expression':
        return this.visitSelector(n, ctx);
      case 'field_expression':
        if (textOf(this.src, n.childForFieldName('field') ?? n) === 'supportedResources') this.mention('supportedResources');
        return this.visitChildren(n, ctx);
      case 'if_statement':
        return this.visitIf(n, ctx);
      case 'switch_statement':
        return this.visitSwitch(n, ctx);
      case 'preproc_if':
      case 'preproc_ifdef':
        return this.visitPreprocIf(n, ctx);
      default:
        return this.visitChildren(n, ctx);
    }
  }

  /**
   * Code nested deeper than MAX_OBJC_VISIT_DEPTH is not walked (the walk would overflow the stack). What it may hold
   * stays unknown, never absent: a registration or a request class written there becomes one with an unknown
   * identifier, so the rules that ask "is this id registered / submitted?" stay silent.
   */
  private skipDeep(n: Node, ctx: Ctx): void {
    const text = this.src.slice(n.startIndex, n.endIndex);
    if (!this.skippedDeep) {
      this.skippedDeep = true;
      this.facts.problems.push({ message: `Code nested more than ${MAX_OBJC_VISIT_DEPTH} levels deep is not analysed (from here on); what it registers or submits is treated as unknown.`, span: span(n) });
    }
    const unknown = (): IdUse => ({ expr: { t: 'unknown', text: 'code nested too deeply to analyse' }, span: span(n) });
    const site = this.site(ctx);
    if (/\bregisterForTaskWithIdentifier\b/.test(text)) this.facts.registrations.push({ kind: 'scheduler', id: unknown(), span: span(n), ctx: site });
    for (const cls of new Set(text.match(/\bBG(AppRefresh|Processing|HealthResearch|ContinuedProcessing)TaskRequest\b/g) ?? [])) {
      this.facts.requests.push({ cls: cls as RequestClass, id: unknown(), span: span(n), options: {}, ctx: site });
    }
  }

  /** The device check `[BGTaskScheduler supportedResources]` is used in code (rules look for it in any language). */
  private mention(word: ContinuedProcessingWord): void {
    this.facts.scene ??= { backgroundSpots: [], scenePhaseChanges: [], dataProtection: [], progressRefs: [], mentions: [] };
    const mentions = (this.facts.scene.mentions ??= []);
    if (!mentions.includes(word)) mentions.push(word);
  }

  private site(ctx: Ctx): SiteContext {
    return { fn: ctx.fn, closures: ctx.closures, guarded: ctx.guarded || ctx.closures.includes('pending-callback'), branch: ctx.branch };
  }

  private statementSpan(n: Node): Span | undefined {
    return n.parent?.type === 'expression_statement' ? span(n.parent) : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Declarations

  /** `@interface X : Base <UIApplicationDelegate>`: an app delegate is a launch type. */
  private visitInterface(n: Node): void {
    const name = kids(n).find((c) => c.type === 'identifier');
    if (!name) return;
    const superclass = n.childForFieldName('superclass');
    const protocols = kids(n)
      .filter((c) => c.type === 'parameterized_arguments' || c.type === 'protocol_qualifiers')
      .flatMap((c) => c.descendantsOfType('type_identifier').map((t) => (t ? textOf(this.src, t) : '')));
    if (protocols.includes('UIApplicationDelegate') || (superclass && APP_DELEGATE_BASES.has(textOf(this.src, superclass)))) {
      const cls = textOf(this.src, name);
      if (!this.facts.launchTypes.includes(cls)) this.facts.launchTypes.push(cls);
    }
  }

  private noteImport(n: Node): void {
    const p = n.childForFieldName('path');
    if (!p) return;
    const path = textOf(this.src, p).replace(/^[<"]|[>"]$/g, '');
    let conditional = false;
    for (let a = n.parent; a; a = a.parent) if (/^preproc_(if|ifdef|else|elif)/.test(a.type)) conditional = true;
    this.facts.imports!.push({ path, span: span(n), conditional });
  }

  /** `#define kRefreshId @"com.example.refresh"` (a macro in a header is everyone's; in a .m, its file's). */
  private visitMacro(n: Node, ctx: Ctx): void {
    const name = n.childForFieldName('name');
    const value = n.childForFieldName('value');
    if (!name || !value) return;
    const v = macroValue(textOf(this.src, value), value.startIndex, this.where);
    if (!v) return;
    this.constConstants.add(this.facts.constants.length);
    this.facts.constants.push({ name: textOf(this.src, name), owner: this.header ? [] : this.where.scope, localTo: ctx.fn >= 0 ? ctx.fn : undefined, value: v.expr, span: span(name), literalSpan: v.literalSpan });
  }

  /** Constants, local requests and blocks: `static NSString *const kId = @"…";`, `BGAppRefreshTaskRequest *r = …;`. */
  private visitDeclaration(n: Node, ctx: Ctx): void {
    const isStatic = kids(n).some((c) => c.type === 'storage_class_specifier' && textOf(this.src, c) === 'static');
    for (const d of kids(n)) {
      if (d.type !== 'init_declarator') {
        if (d.type !== 'type_identifier' && d.type !== 'primitive_type') this.visit(d, ctx);
        continue;
      }
      const declarator = d.childForFieldName('declarator');
      const value = d.childForFieldName('value');
      const name = declaredName(this.src, declarator);
      if (!value) continue;
      if (name) {
        const use = idUse(this.src, value, this.where);
        if (use.expr.t !== 'unknown' && value.type !== 'block_literal') {
          const isConst = !!declarator && /\bconst\b/.test(textOf(this.src, declarator));
          if (isConst) this.constConstants.add(this.facts.constants.length);
          const owner = ctx.fn >= 0 || !isStatic || this.header ? [] : this.where.scope;
          this.facts.constants.push({ name, owner, localTo: ctx.fn >= 0 ? ctx.fn : undefined, value: use.expr, span: span(declaredIdentifier(declarator) ?? d), literalSpan: use.literalSpan });
        }
      }
      if (value.type === 'block_literal') {
        if (name && ctx.fn >= 0) this.blockVars.set(`${ctx.fn}:${name}`, value);
        this.visitBlock(value, ctx, 'stored');
        continue;
      }
      const before = this.facts.requests.length;
      this.visit(value, ctx);
      if (name && this.facts.requests.length > before) this.requestVars.set(`${ctx.fn}:${name}`, this.facts.requests.length - 1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Functions

  private visitMethod(n: Node, ctx: Ctx): void {
    const keywords: Node[] = [];
    const params: { name: string; type?: Node; typeText: string }[] = [];
    let body: Node | undefined;
    for (const c of kids(n)) {
      if (c.type === 'identifier') keywords.push(c);
      else if (c.type === 'method_parameter') {
        const id = kids(c).filter((x) => x.type === 'identifier').pop();
        const mt = kids(c).find((x) => x.type === 'method_type');
        params.push({ name: id ? textOf(this.src, id) : '', type: mt?.descendantsOfType('type_identifier')[0] ?? undefined, typeText: mt ? textOf(this.src, mt) : '' });
      } else if (c.type === 'compound_statement') body = c;
    }
    if (!keywords.length) return this.visitChildren(n, ctx);
    const name = textOf(this.src, keywords[0]);
    let labels = params.length ? ['_', ...keywords.slice(1).map((k) => textOf(this.src, k))] : [];
    const selector = params.length ? keywords.map((k) => `${textOf(this.src, k)}:`).join('') : name;
    // UIKit calls this one `scene(_:willConnectTo:options:)` in Swift: cold-start code is recognised by that name.
    if (selector === 'scene:willConnectToSession:options:') labels = ['_', 'willConnectTo', 'options'];
    const classMethod = n.child(0)?.type === '+';
    const fact: FunctionFact = {
      name,
      labels,
      owner: ctx.owner,
      // `+initialize` runs when the class is first used, like an initializer: its callers are the class's uses.
      isInit: /^init([A-Z_]|$)/.test(name) || (classMethod && selector === 'initialize'),
      nameSpan: span(keywords[0]),
      bodySpan: span(body ?? n),
      calls: [],
      taskParams: [],
      pendingChecks: [],
    };
    params.forEach((p, index) => {
      const cls = taskClassOf(p.typeText);
      if (cls && p.name) fact.taskParams.push({ index, label: labels[index] ?? '_', name: p.name, cls });
    });
    if (name === 'application' && (labels.includes('didFinishLaunchingWithOptions') || labels.includes('willFinishLaunchingWithOptions'))) {
      // Only UIApplication sends this (to its delegate, which may forward it to plugins while launching): wherever it
      // is implemented, it runs as the app finishes launching, as Swift's `application(_:didFinishLaunchingWithOptions:)`.
      fact.role = 'launch';
      fact.roleLabel = selector;
    } else if (classMethod && selector === 'load') {
      // The runtime calls `+load` when the class is loaded, before main(): earlier than launch finishing.
      fact.role = 'launch';
      fact.roleLabel = `+[${ctx.owner ?? '?'} load]`;
    } else if (POST_LAUNCH.has(selector)) {
      fact.role = 'post-launch';
      fact.roleLabel = selector;
    }
    const p = fact.taskParams[0];
    this.addFunction(fact, body, ctx, p ? { owner: n, param: p, typeNode: params[p.index].type } : undefined);
  }

  private visitCFunction(n: Node, ctx: Ctx): void {
    let decl = n.childForFieldName('declarator');
    while (decl && decl.type !== 'function_declarator') decl = decl.childForFieldName('declarator');
    const nameNode = decl?.childForFieldName('declarator');
    const body = n.childForFieldName('body') ?? undefined;
    if (!decl || !nameNode || nameNode.type !== 'identifier') return body ? this.visitChildren(body, ctx) : undefined;
    const paramList = decl.childForFieldName('parameters');
    const params = (paramList ? kids(paramList) : []).filter((p) => p.type === 'parameter_declaration' && textOf(this.src, p) !== 'void');
    const fact: FunctionFact = { name: textOf(this.src, nameNode), labels: params.map(() => '_'), owner: undefined, isInit: false, nameSpan: span(nameNode), bodySpan: span(body ?? n), calls: [], taskParams: [], pendingChecks: [] };
    if (kids(n).some((c) => c.type === 'storage_class_specifier' && textOf(this.src, c) === 'static')) fact.fileOnly = true;
    const types: (Node | undefined)[] = [];
    params.forEach((p, index) => {
      const t = p.childForFieldName('type');
      const name = declaredName(this.src, p.childForFieldName('declarator'));
      const cls = t ? taskClassOf(textOf(this.src, p)) : undefined;
      types.push(t ?? undefined);
      if (cls && name) fact.taskParams.push({ index, label: '_', name, cls });
    });
    const p = fact.taskParams[0];
    this.addFunction(fact, body, { ...ctx, owner: undefined }, p ? { owner: n, param: p, typeNode: types[p.index] } : undefined);
  }

  /** Adds a function, walks its body, and lowers it as a handler when it takes a task. */
  private addFunction(fact: FunctionFact, body: Node | undefined, ctx: Ctx, handler: { owner: Node; param: FunctionFact['taskParams'][number]; typeNode?: Node } | undefined): void {
    this.facts.functions.push(fact);
    const fn = this.facts.functions.length - 1;
    if (body) this.visitChildren(body, { fn, owner: ctx.owner, closures: [], guarded: false, branch: [] });
    if (!handler) return;
    const { param, typeNode } = handler;
    const lowered = new ObjcHandlerLowering(this.src).lowerFunction(handler.owner, body, param.name, param.cls, typeNode && TASK_CLASSES.has(textOf(this.src, typeNode) as TaskClass) ? span(typeNode) : undefined);
    this.facts.handlers.push({
      kind: 'function',
      fn,
      taskNames: [param.name],
      span: fact.nameSpan,
      cast: lowered.cast,
      body: lowered.body,
      expirationInsert: lowered.expirationInsert,
      expirationTaskName: lowered.expirationTaskName,
      throwsEscape: false,
      ...OBJC_COMPLETION,
      ...syntaxErrorsOf(body ?? handler.owner),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private visitBlock(block: Node, ctx: Ctx, kind: ClosureKind): void {
    const body = blockBody(block);
    if (body) this.visitChildren(body, { ...ctx, closures: [...ctx.closures, kind] });
  }

  private addCall(ctx: Ctx, call: Omit<CallFact, 'ctx'>): void {
    if (ctx.fn < 0) return;
    this.facts.functions[ctx.fn].calls.push({ ...call, ctx: this.site(ctx) });
  }

  private visitMessage(n: Node, ctx: Ctx): void {
    const m = messageParts(this.src, n);
    if (!m) return this.visitChildren(n, ctx);
    this.recordMessageCall(n, m, ctx);
    if (m.name === 'supportedResources') this.mention('supportedResources');
    if (m.name === 'registerForTaskWithIdentifier' && m.parts[0].arg) this.registration(n, m, ctx);
    const request = this.requestClassOf(m);
    if (request && m.parts[0].arg) this.request(n, m, request, ctx);
    const before = this.facts.requests.length;
    if (m.receiver) this.visit(m.receiver, ctx);
    for (const p of m.parts) {
      for (const a of p.arg ? [p.arg, ...p.extra] : p.extra) {
        // A launch handler's block is visited as the handler it is (see registration).
        if (a.type === 'block_literal') this.visitBlock(a, ctx, classifyObjcBlock(m.name, p.keyword));
        else this.visit(a, ctx);
      }
    }
    const recv = m.receiver ? unwrap(m.receiver) : undefined;
    // `[request setRequiresExternalPower:YES]`
    if (recv?.type === 'identifier' && /^set[A-Z]/.test(m.name) && m.parts[0].arg) {
      const ri = this.requestVars.get(`${ctx.fn}:${textOf(this.src, recv)}`);
      if (ri !== undefined) this.applyOption(this.facts.requests[ri], m.name[3].toLowerCase() + m.name.slice(4), m.parts[0].arg);
    }
    if (m.name === 'submitTaskRequest' && m.parts[0].arg && m.receiverText && /BGTaskScheduler|scheduler/i.test(m.receiverText)) this.submit(n, m, before, ctx);
  }

  /** The call, for the call graph: `[[X alloc] init…]` / `[X new]` use the type (like Swift's `X(…)`). */
  private recordMessageCall(n: Node, m: MessageParts, ctx: Ctx): void {
    if (ctx.fn < 0) return;
    const recv = m.receiver ? unwrap(m.receiver) : undefined;
    const allocInit = recv?.type === 'message_expression' && /^init/.test(m.name) ? messageParts(this.src, recv) : undefined;
    if (allocInit?.name === 'alloc' && allocInit.receiver?.type === 'identifier') {
      this.addCall(ctx, { name: textOf(this.src, allocInit.receiver), labels: m.labels, span: span(n), statementSpan: this.statementSpan(n) });
      return;
    }
    if (m.name === 'alloc') return;
    if (m.name === 'new' && recv?.type === 'identifier' && /^[A-Z]/.test(textOf(this.src, recv))) {
      this.addCall(ctx, { name: textOf(this.src, recv), labels: [], span: span(n), statementSpan: this.statementSpan(n) });
      return;
    }
    this.addCall(ctx, { name: m.name, labels: m.labels, receiver: m.receiverText, span: span(n), statementSpan: this.statementSpan(n) });
    // `[Manager sharedManager]` creates the manager on first use: it stands for a call of its initializer.
    if (recv?.type === 'identifier' && /^[A-Z]/.test(textOf(this.src, recv)) && m.labels.length === 0 && /^(shared|default|instance$|current$)/.test(m.name)) {
      this.addCall(ctx, { name: `${textOf(this.src, recv)}.init`, labels: [], span: span(n) });
    }
    if (m.name === 'getPendingTaskRequestsWithCompletionHandler') this.facts.functions[ctx.fn].pendingChecks.push(n.startIndex);
  }

  private registration(n: Node, m: MessageParts, ctx: Ctx): void {
    const reg: RegistrationFact = { kind: 'scheduler', id: this.requestIdOr(idUse(this.src, m.parts[0].arg!, this.where), m.parts[0].arg!, ctx), span: span(n), statementSpan: this.statementSpan(n), ctx: this.site(ctx) };
    const h = argOf(m, 'launchHandler');
    const bare = h ? unwrap(h) : undefined;
    const block = bare?.type === 'block_literal' ? bare : bare?.type === 'identifier' ? this.blockVars.get(`${ctx.fn}:${textOf(this.src, bare)}`) : undefined;
    if (block) reg.handler = { closure: this.closureHandler(block) };
    this.facts.registrations.push(reg);
  }

  /** Lowers a launch-handler block into a handler; returns its index. */
  private closureHandler(block: Node): number {
    const lowered = new ObjcHandlerLowering(this.src).lowerBlock(block);
    const params = kids(block).find((c) => c.type === 'parameter_list');
    const body = blockBody(block);
    this.facts.handlers.push({
      kind: 'closure',
      taskNames: [],
      span: { start: block.startIndex, end: params ? params.endIndex : block.startIndex + 1 },
      closureSpan: span(block),
      cast: lowered.cast,
      body: lowered.body,
      expirationInsert: lowered.expirationInsert,
      expirationTaskName: lowered.expirationTaskName,
      throwsEscape: false,
      ...OBJC_COMPLETION,
      ...syntaxErrorsOf(body ?? block),
    });
    return this.facts.handlers.length - 1;
  }

  /** `registerForTaskWithIdentifier:request.identifier`: the identifier of the request built before. */
  private requestIdOr(use: IdUse, arg: Node, ctx: Ctx): IdUse {
    const bare = unwrap(arg);
    if (bare.type !== 'field_expression') return use;
    const obj = bare.childForFieldName('argument');
    const field = bare.childForFieldName('field');
    if (obj?.type !== 'identifier' || !field || textOf(this.src, field) !== 'identifier') return use;
    const ri = this.requestVars.get(`${ctx.fn}:${textOf(this.src, obj)}`);
    return ri === undefined ? use : { ...use, expr: this.facts.requests[ri].id.expr };
  }

  /** `[[BGAppRefreshTaskRequest alloc] initWithIdentifier:…]` (and `initWithIdentifier:title:subtitle:`). */
  private requestClassOf(m: MessageParts): RequestClass | undefined {
    if (m.name !== 'initWithIdentifier' || !m.receiver) return undefined;
    const alloc = messageParts(this.src, unwrap(m.receiver));
    if (alloc?.name !== 'alloc' || alloc.receiver?.type !== 'identifier') return undefined;
    const cls = textOf(this.src, alloc.receiver) as RequestClass;
    return REQUEST_CLASSES.has(cls) ? cls : undefined;
  }

  private request(n: Node, m: MessageParts, cls: RequestClass, ctx: Ctx): void {
    const options: RequestFact['options'] = {};
    if (cls === 'BGContinuedProcessingTaskRequest') {
      // Shown in the system's Live Activity: an empty title or subtitle leaves the user a blank card.
      const empty = m.parts.filter((p) => (p.keyword === 'title' || p.keyword === 'subtitle') && p.arg && stringValue(this.src, unwrap(p.arg))?.value === '');
      if (empty.length) options.emptyTexts = empty.map((p) => ({ label: p.keyword as 'title' | 'subtitle', span: span(p.arg!) }));
    }
    this.facts.requests.push({ cls, id: idUse(this.src, m.parts[0].arg!, this.where), span: span(n), options, ctx: this.site(ctx) });
  }

  private submit(n: Node, m: MessageParts, requestsBefore: number, ctx: Ctx): void {
    const arg = unwrap(m.parts[0].arg!);
    let ri: number | undefined;
    if (this.facts.requests.length > requestsBefore) ri = this.facts.requests.length - 1;
    else if (arg.type === 'identifier') ri = this.requestVars.get(`${ctx.fn}:${textOf(this.src, arg)}`);
    if (ri === undefined || this.facts.requests[ri].submit) return;
    this.facts.requests[ri].submit = { span: span(n), statementSpan: this.statementSpan(n), ctx: this.site(ctx), form: m.labels.includes('completionHandler') ? 'submitTaskRequest' : 'submit' };
  }

  private applyOption(req: RequestFact, prop: string, value: Node): void {
    const text = textOf(this.src, value).trim();
    if (prop === 'requiresExternalPower' || prop === 'requiresNetworkConnectivity') {
      if (/^(YES|NO|true|false)$/.test(text)) req.options[prop] = text === 'YES' || text === 'true';
    } else if (prop === 'earliestBeginDate') {
      const secs = dateOffsetSeconds(text);
      if (secs !== undefined) req.options.earliestBeginDelaySeconds = secs;
    } else if (prop === 'requiredResources' && req.cls === 'BGContinuedProcessingTaskRequest') {
      req.options.requiredResources = { gpu: /GPU\b/.test(text), span: span(value) };
    }
  }

  private visitCCall(n: Node, ctx: Ctx): void {
    const fn = n.childForFieldName('function');
    const argList = n.childForFieldName('arguments');
    const args = argList ? kids(argList) : [];
    const name = fn?.type === 'identifier' ? textOf(this.src, fn) : '';
    if (name) this.addCall(ctx, { name, labels: args.map(() => '_'), span: span(n), statementSpan: this.statementSpan(n) });
    // `UIApplicationMain(argc, argv, nil, NSStringFromClass([AppDelegate class]))` names the app delegate.
    if (name === 'UIApplicationMain') {
      const m = /NSStringFromClass\s*\(\s*\[\s*([A-Za-z_]\w*)\s+class\s*\]\s*\)/.exec(textOf(this.src, n));
      if (m && !this.facts.launchTypes.includes(m[1])) this.facts.launchTypes.push(m[1]);
    }
    if (fn && fn.type !== 'identifier') this.visit(fn, ctx);
    for (const a of args) {
      if (a.type === 'block_literal') this.visitBlock(a, ctx, classifyObjcBlock(name, undefined));
      else this.visit(a, ctx);
    }
  }

  private visitAssignment(n: Node, ctx: Ctx): void {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type === 'identifier') {
      const name = textOf(this.src, left);
      this.assigned.add(`${ctx.fn}:${name}`).add(`*:${name}`);
    }
    let kind: ClosureKind = 'stored';
    if (left?.type === 'field_expression') {
      const obj = left.childForFieldName('argument');
      const field = left.childForFieldName('field');
      const prop = field ? textOf(this.src, field) : '';
      if (prop === 'expirationHandler') kind = 'expiration';
      const ri = obj?.type === 'identifier' ? this.requestVars.get(`${ctx.fn}:${textOf(this.src, obj)}`) : undefined;
      if (ri !== undefined && right) this.applyOption(this.facts.requests[ri], prop, right);
      this.visit(left, ctx);
    }
    if (!right) return;
    if (right.type === 'block_literal') return this.visitBlock(right, ctx, kind);
    const before = this.facts.requests.length;
    this.visit(right, ctx);
    // `request = [[BGProcessingTaskRequest alloc] initWithIdentifier:…];` on an existing variable.
    if (left?.type === 'identifier' && this.facts.requests.length > before) this.requestVars.set(`${ctx.fn}:${textOf(this.src, left)}`, this.facts.requests.length - 1);
  }

  /**
   * `@selector(refresh:)` hands a method to code that calls it later (a timer, a notification, a target-action): a call
   * of that method from a block of unknown timing, so a search for its callers finds one and reach says "unknown".
   */
  private visitSelector(n: Node, ctx: Ctx): void {
    const sel = /@selector\s*\(\s*([^)]*)\)/.exec(textOf(this.src, n))?.[1]?.replace(/\s+/g, '');
    if (!sel || ctx.fn < 0) return;
    const keywords = sel.split(':');
    const name = keywords[0];
    if (!/^[A-Za-z_]\w*$/.test(name)) return;
    const labels = sel.includes(':') ? ['_', ...keywords.slice(1).filter((k) => k)] : [];
    this.addCall({ ...ctx, closures: [...ctx.closures, 'other'] }, { name, labels, span: span(n) });
  }

  private visitIf(n: Node, ctx: Ctx): void {
    const cond = n.childForFieldName('condition');
    const guarded = ctx.guarded || (!!cond && PENDING_WORDS.test(textOf(this.src, cond)));
    if (cond) this.visit(cond, ctx);
    const then = n.childForFieldName('consequence');
    if (then) this.visit(then, { ...ctx, guarded, branch: [...ctx.branch, { at: n.startIndex, arm: 0 }] });
    const alt = n.childForFieldName('alternative');
    if (alt) this.visit(alt, { ...ctx, branch: [...ctx.branch, { at: n.startIndex, arm: 1 }] });
  }

  private visitSwitch(n: Node, ctx: Ctx): void {
    const cond = n.childForFieldName('condition');
    if (cond) this.visit(cond, ctx);
    const body = n.childForFieldName('body');
    let arm = 0;
    for (const c of body ? kids(body) : []) {
      if (c.type === 'case_statement') this.visitChildren(c, { ...ctx, branch: [...ctx.branch, { at: n.startIndex, arm: arm++ }] });
      else this.visit(c, ctx);
    }
  }

  /** `#if` / `#ifdef` … `#else`: one branch arm each (a DEBUG registration and a release one are not duplicates). */
  private visitPreprocIf(n: Node, ctx: Ctx): void {
    let arm = 0;
    for (let cur: Node | null = n; cur; cur = cur.childForFieldName('alternative')) {
      const alt = cur.childForFieldName('alternative');
      const cond = cur.childForFieldName('condition');
      const inner = { ...ctx, branch: [...ctx.branch, { at: n.startIndex, arm: arm++ }] };
      const skip = new Set([alt?.id, cond?.id, cur.type === 'preproc_ifdef' ? cur.childForFieldName('name')?.id : undefined]);
      for (const c of kids(cur)) if (!skip.has(c.id)) this.visit(c, inner);
    }
  }
}

/** What completes an Objective-C handler, and the statement a "complete here" fix inserts. */
const OBJC_COMPLETION = { completionCall: 'setTaskCompletedWithSuccess:', fixStatement: '[$TASK setTaskCompletedWithSuccess:NO];', expirationApplies: true, resubmitApplies: true } as const;

/** `(BGAppRefreshTask *)`, `(__kindof BGTask * _Nonnull)`, `BGProcessingTask *task` → the task class. */
function taskClassOf(typeText: string): TaskClass | undefined {
  const m = /\b(BGAppRefreshTask|BGProcessingTask|BGHealthResearchTask|BGContinuedProcessingTask|BGTask)\s*\*/.exec(typeText);
  return m ? (m[1] as TaskClass) : undefined;
}

/** Seconds from `[NSDate dateWithTimeIntervalSinceNow:15 * 60]` and `[[NSDate date] dateByAddingTimeInterval:3600]`. */
function dateOffsetSeconds(text: string): number | undefined {
  const m = /(?:dateWithTimeIntervalSinceNow|dateByAddingTimeInterval|initWithTimeIntervalSinceNow)\s*:\s*([^\]]+)\]/.exec(text);
  return m ? evalArithmetic(m[1]) : undefined;
}

/** `15 * 60`, `(60*60*4)`, `3600.0`; undefined for anything else. */
function evalArithmetic(expr: string): number | undefined {
  const s = expr.replace(/\s+/g, '');
  if (!/^[0-9.+\-*/()]+$/.test(s) || s.length > 64) return undefined;
  let i = 0;
  const num = (): number | undefined => {
    if (s[i] === '(') {
      i++;
      const v = sum();
      if (s[i++] !== ')') return undefined;
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
      v = r === undefined ? undefined : op === '*' ? v * r : r === 0 ? undefined : v / r;
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = prod();
    while (v !== undefined && (s[i] === '+' || s[i] === '-')) {
      const op = s[i++];
      const r = prod();
      v = r === undefined ? undefined : op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return i === s.length ? v : undefined;
}
