/**
 * TypeScript/JavaScript → FileFacts. Recognises the ways apps reach BGTaskScheduler from TypeScript:
 * - NativeScript's direct bridge (`BGTaskScheduler.sharedScheduler.registerForTaskWithIdentifierUsingQueueLaunchHandler`,
 *   `BGAppRefreshTaskRequest.alloc().initWithIdentifier`, `submitTaskRequestError`, `task.setTaskCompletedWithSuccess`);
 * - react-native-background-fetch (`configure`, `scheduleTask`, `finish`);
 * - expo-background-task + expo-task-manager (`defineTask`, `registerTaskAsync`);
 * - @capacitor/background-runner (the `BackgroundRunner` config and runner-script event handlers).
 * Calls are matched through the module the receiver was imported from, so other libraries' `finish()`,
 * `configure()` or `defineTask()` stay silent.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { parseDirectives } from '../model/directives';
import {
  emptyFacts,
  type ClosureKind,
  type FileFacts,
  type FunctionFact,
  type HandlerFact,
  type IdExpr,
  type IdUse,
  type RegistrationFact,
  type RequestClass,
  type SiteContext,
} from '../model/facts';
import type { Span } from '../text/lineIndex';
import { isFunction, paramNames, TsHandlerLowering, unwrapTs, type Completion } from './lowerHandler';
import type { Version } from './packageVersions';

export const RNBF_FETCH_ID = 'com.transistorsoft.fetch';
export const EXPO_TASK_ID = 'com.expo.modules.backgroundtask.processing';

const text = (src: string, n: Node) => src.slice(n.startIndex, n.endIndex);
const span = (n: Node): Span => ({ start: n.startIndex, end: n.endIndex });
const kids = (n: Node) => n.namedChildren.filter((c): c is Node => !!c);

const REQUEST_CLASSES = new Set(['BGAppRefreshTaskRequest', 'BGProcessingTaskRequest', 'BGHealthResearchTaskRequest', 'BGContinuedProcessingTaskRequest']);

interface Ctx {
  fn: number;
  closures: ClosureKind[];
  /** Inside any function or closure (for "module top level" checks). */
  nested: boolean;
  owner?: string;
}

interface Imports {
  rnbf: Set<string>;
  taskManager: Set<string>;
  backgroundTask: Set<string>;
  /** Named imports: local name → imported name, per module. */
  named: Map<string, { module: string; name: string }>;
}

export interface TsExtractOptions {
  /** The project's react-native-background-fetch version, when known (its configure() changed at 4.0). */
  rnbfVersion?: Version;
}

export function extractTsFacts(file: string, src: string, tree: Tree, options: TsExtractOptions = {}): FileFacts {
  return new TsExtractor(file, src, options).run(tree.rootNode);
}

/** A string literal without substitutions, as an IdUse; identifiers become constant references. */
export function tsIdUse(src: string, n: Node): IdUse {
  if (n.type === 'string' || (n.type === 'template_string' && !kids(n).some((c) => c.type === 'template_substitution'))) {
    const frag = kids(n).filter((c) => c.type === 'string_fragment');
    const value = frag.map((f) => text(src, f)).join('');
    const start = n.startIndex + 1;
    return { expr: { t: 'lit', value }, span: span(n), literalSpan: { start, end: Math.max(start, n.endIndex - 1) } };
  }
  if (n.type === 'identifier') return { expr: { t: 'ref', path: [text(src, n)], scope: [] }, span: span(n) };
  if (n.type === 'member_expression') {
    const parts = text(src, n).split('.').map((p) => p.trim());
    if (parts.every((p) => /^[A-Za-z_$][\w$]*$/.test(p))) return { expr: { t: 'ref', path: parts, scope: [] }, span: span(n) };
  }
  const bare = unwrapTs(n);
  if (bare !== n) return { ...tsIdUse(src, bare), span: span(n) };
  return { expr: { t: 'unknown', text: text(src, n) } as IdExpr, span: span(n) };
}

/** `{ key: value, … }` pairs of an object literal by key name. */
function objectPairs(src: string, obj: Node | undefined): Map<string, { key: Node; value: Node }> {
  const out = new Map<string, { key: Node; value: Node }>();
  if (obj) obj = unwrapTs(obj);
  if (!obj || obj.type !== 'object') return out;
  for (const p of kids(obj)) {
    if (p.type === 'pair') {
      const key = p.childForFieldName('key');
      const value = p.childForFieldName('value');
      if (key && value) out.set(text(src, key).replace(/^['"]|['"]$/g, ''), { key, value });
    } else if (p.type === 'shorthand_property_identifier') out.set(text(src, p), { key: p, value: p });
  }
  return out;
}

class TsExtractor {
  readonly facts: FileFacts;
  private readonly imports: Imports = { rnbf: new Set(), taskManager: new Set(), backgroundTask: new Set(), named: new Map() };
  /** Top-level functions by name (for handlers given by reference). */
  private readonly localFunctions = new Map<string, Node>();
  private readonly requestVars = new Map<string, number>();
  /** `const name = { … }` anywhere in the file, by name (names declared more than once are left out). */
  private objectVars?: Map<string, Node | undefined>;
  private root?: Node;

  constructor(
    file: string,
    private readonly src: string,
    private readonly options: TsExtractOptions = {},
  ) {
    this.facts = emptyFacts(file, 'typescript');
    this.facts.directives = parseDirectives(src, '//');
    this.facts.indentUnit = /\n\t/.test(src) ? '\t' : /\n {4}\S/.test(src) && !/\n {2}\S/.test(src) ? '    ' : '  ';
    this.facts.library = { rnbfScheduleTasks: [], expoDefines: [], expoRegisters: [], moduleCalls: [], rnbfVersion: this.options.rnbfVersion };
  }

  run(root: Node): FileFacts {
    this.facts.hasSyntaxErrors = root.hasError;
    this.root = root;
    for (const c of kids(root)) this.collectTopLevel(c);
    this.visit(root, { fn: -1, closures: [], nested: false });
    return this.facts;
  }

  // ---------------------------------------------------------------------------------------------
  // Imports, top-level functions and constants

  private collectTopLevel(n: Node): void {
    const decl = n.type === 'export_statement' ? (n.childForFieldName('declaration') ?? kids(n)[0]) : n;
    if (!decl) return;
    if (n.type === 'import_statement') return this.noteImport(n);
    if (decl.type === 'function_declaration') {
      const name = decl.childForFieldName('name');
      if (name) this.localFunctions.set(text(this.src, name), decl);
    }
    if (decl.type === 'lexical_declaration' || decl.type === 'variable_declaration') {
      for (const d of kids(decl)) {
        if (d.type !== 'variable_declarator') continue;
        const name = d.childForFieldName('name');
        const value = d.childForFieldName('value');
        if (!name || !value || name.type !== 'identifier') continue;
        const id = text(this.src, name);
        if (isFunction(value)) this.localFunctions.set(id, value);
        // `const X = require('react-native-background-fetch')`
        const req = /^require\(\s*['"]([^'"]+)['"]\s*\)/.exec(text(this.src, value));
        if (req) this.noteModule(req[1], id);
        const use = tsIdUse(this.src, value);
        if (use.expr.t === 'lit') this.facts.constants.push({ name: id, owner: [], value: use.expr, span: span(name), literalSpan: use.literalSpan });
      }
    }
  }

  private noteImport(n: Node): void {
    const source = n.childForFieldName('source');
    if (!source) return;
    const module = text(this.src, source).replace(/^['"]|['"]$/g, '');
    const clause = kids(n).find((c) => c.type === 'import_clause');
    if (!clause) return;
    for (const c of kids(clause)) {
      if (c.type === 'identifier') this.noteModule(module, text(this.src, c));
      else if (c.type === 'namespace_import') {
        const id = kids(c).find((x) => x.type === 'identifier');
        if (id) this.noteModule(module, text(this.src, id));
      } else if (c.type === 'named_imports') {
        for (const spec of kids(c)) {
          const name = spec.childForFieldName('name');
          const alias = spec.childForFieldName('alias');
          if (name) this.imports.named.set(text(this.src, alias ?? name), { module, name: text(this.src, name) });
          // `import { default as BackgroundFetch }`
          if (name && text(this.src, name) === 'default') this.noteModule(module, text(this.src, alias ?? name));
        }
      }
    }
  }

  private noteModule(module: string, local: string): void {
    if (module === 'react-native-background-fetch') this.imports.rnbf.add(local);
    else if (module === 'expo-task-manager') this.imports.taskManager.add(local);
    else if (module === 'expo-background-task') this.imports.backgroundTask.add(local);
  }

  private isNamed(local: string, module: string, name: string): boolean {
    const n = this.imports.named.get(local);
    return !!n && n.module === module && n.name === name;
  }

  // ---------------------------------------------------------------------------------------------
  // Walk

  private visit(n: Node, ctx: Ctx): void {
    switch (n.type) {
      case 'function_declaration':
      case 'method_definition':
      case 'generator_function_declaration':
        return this.visitFunction(n, ctx);
      case 'class_declaration':
      case 'class': {
        const name = n.childForFieldName('name');
        const body = n.childForFieldName('body');
        if (body) for (const c of kids(body)) this.visit(c, { ...ctx, owner: name ? text(this.src, name) : ctx.owner });
        return;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of kids(n)) {
          const name = d.childForFieldName('name');
          const value = d.childForFieldName('value');
          // `const onEvent = async (taskId) => { … }` at any level is a function named onEvent.
          if (name?.type === 'identifier' && value && isFunction(value)) this.visitFunction(value, ctx, text(this.src, name));
          else if (value) {
            const before = this.facts.requests.length;
            this.visit(value, ctx);
            if (name?.type === 'identifier' && this.facts.requests.length > before) this.requestVars.set(`${ctx.fn}:${text(this.src, name)}`, this.facts.requests.length - 1);
          }
        }
        return;
      case 'call_expression':
        return this.visitCall(n, ctx);
      case 'assignment_expression': {
        const right = n.childForFieldName('right');
        for (const c of kids(n)) if (c !== right) this.visit(c, ctx);
        if (right && isFunction(right)) this.visitClosure(right, ctx, 'stored');
        else if (right) this.visit(right, ctx);
        return;
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
        return this.visitClosure(n, ctx, 'other');
      default:
        for (const c of kids(n)) this.visit(c, ctx);
    }
  }

  private visitFunction(n: Node, ctx: Ctx, givenName?: string): void {
    const nameNode = n.childForFieldName('name');
    const name = givenName ?? (nameNode ? text(this.src, nameNode) : '?');
    const fact: FunctionFact = {
      name,
      labels: paramNames(this.src, n).map(() => '_'),
      owner: ctx.owner,
      isInit: name === 'constructor',
      nameSpan: nameNode ? span(nameNode) : { start: n.startIndex, end: n.startIndex + 1 },
      bodySpan: span(n.childForFieldName('body') ?? n),
      calls: [],
      taskParams: [],
      pendingChecks: [],
    };
    if (/^application(Did|Will)FinishLaunchingWithOptions$/.test(name)) {
      fact.role = 'launch';
      fact.roleLabel = `${name}()`;
    } else if (/^application(DidBecomeActive|WillEnterForeground|DidEnterBackground|WillResignActive)$/.test(name)) {
      fact.role = 'post-launch';
      fact.roleLabel = `${name}()`;
    }
    // NativeScript handlers typed `task: BGProcessingTask` take the task as their first parameter.
    const params = n.childForFieldName('parameters');
    kids(params ?? n).forEach((p, index) => {
      const type = p.childForFieldName('type');
      const t = type ? text(this.src, type).replace(/^:\s*/, '') : '';
      const cls = /^(BGAppRefreshTask|BGProcessingTask|BGHealthResearchTask|BGContinuedProcessingTask|BGTask)\b/.exec(t)?.[1];
      const pat = p.childForFieldName('pattern');
      if (cls && pat) fact.taskParams.push({ index, label: '_', name: text(this.src, pat), cls: cls as never });
    });
    this.facts.functions.push(fact);
    const fnIndex = this.facts.functions.length - 1;
    const body = n.childForFieldName('body');
    if (body) this.visit(body, { ...ctx, fn: fnIndex, closures: [], nested: true });
    const p = fact.taskParams[0];
    if (p) this.addHandler(n, { calls: [], taskNames: [p.name] }, { kind: 'function', fn: fnIndex, span: fact.nameSpan, nativeScript: true });
  }

  private visitClosure(n: Node, ctx: Ctx, kind: ClosureKind): void {
    const body = n.childForFieldName('body');
    if (body) this.visit(body, { ...ctx, closures: [...ctx.closures, kind], nested: true });
  }

  private site(ctx: Ctx): SiteContext {
    return { fn: ctx.fn, closures: ctx.closures, guarded: ctx.closures.includes('pending-callback'), branch: [] };
  }

  private visitCall(n: Node, ctx: Ctx): void {
    const fn = n.childForFieldName('function');
    const argsNode = n.childForFieldName('arguments');
    const args = argsNode ? kids(argsNode) : [];
    let name = '';
    let receiver: string | undefined;
    let prop: Node | undefined;
    if (fn?.type === 'identifier') name = text(this.src, fn);
    else if (fn?.type === 'member_expression') {
      prop = fn.childForFieldName('property') ?? undefined;
      name = prop ? text(this.src, prop) : '';
      const obj = fn.childForFieldName('object');
      receiver = obj ? text(this.src, obj).replace(/\s+/g, '') : undefined;
    }
    const where = prop ?? fn ?? n;
    // Calls made while the module loads (top level, outside any function): a helper that defines tasks runs then.
    if (!ctx.nested && name) this.facts.library!.moduleCalls.push(name);
    if (ctx.fn >= 0) {
      const f = this.facts.functions[ctx.fn];
      f.calls.push({ name, labels: args.map(() => '_'), receiver, span: span(n), statementSpan: n.parent?.type === 'expression_statement' ? span(n.parent) : undefined, ctx: this.site(ctx) });
      if (name === 'getPendingTaskRequestsWithCompletionHandler') f.pendingChecks.push(n.startIndex);
    }
    let closureKind: ClosureKind = name === 'setTimeout' || name === 'setInterval' ? 'delayed' : name === 'useEffect' || name === 'useFocusEffect' || name === 'addListener' || name === 'on' ? 'ui-event' : 'other';

    // NativeScript: BGTaskScheduler.sharedScheduler.registerForTaskWithIdentifierUsingQueueLaunchHandler(id, queue, handler)
    if (name === 'registerForTaskWithIdentifierUsingQueueLaunchHandler' && args[0]) {
      const reg: RegistrationFact = { kind: 'scheduler', id: tsIdUse(this.src, args[0]), span: span(n), statementSpan: n.parent?.type === 'expression_statement' ? span(n.parent) : undefined, ctx: this.site(ctx) };
      const h = args[2];
      if (h && isFunction(h)) reg.handler = { closure: this.addHandler(h, { calls: [], taskNames: paramNames(this.src, h).slice(0, 1) }, { kind: 'closure', span: { start: h.startIndex, end: h.startIndex + 1 }, nativeScript: true }) };
      else if (h?.type === 'identifier' || h?.type === 'member_expression') reg.handler = { functionName: text(this.src, h).split('.').pop()!, span: span(h) };
      this.facts.registrations.push(reg);
      closureKind = 'task-handler';
    }
    // NativeScript: BGAppRefreshTaskRequest.alloc().initWithIdentifier(id)
    if ((name === 'initWithIdentifier' || name === 'initWithIdentifierTitleSubtitle') && receiver && args[0]) {
      const cls = receiver.split('.')[0];
      if (REQUEST_CLASSES.has(cls)) this.facts.requests.push({ cls: cls as RequestClass, id: tsIdUse(this.src, args[0]), span: span(n), options: {}, ctx: this.site(ctx) });
    }
    if (name === 'submitTaskRequestError' && args[0]) {
      const ri = args[0].type === 'identifier' ? this.requestVars.get(`${ctx.fn}:${text(this.src, args[0])}`) : undefined;
      if (ri !== undefined && !this.facts.requests[ri].submit) {
        this.facts.requests[ri].submit = { span: span(n), statementSpan: n.parent?.type === 'expression_statement' ? span(n.parent) : undefined, ctx: this.site(ctx) };
      }
    }
    if (name === 'getPendingTaskRequestsWithCompletionHandler') closureKind = 'pending-callback';

    // react-native-background-fetch
    if (receiver && this.imports.rnbf.has(receiver)) {
      if (name === 'configure') {
        this.rnbfConfigure(n, where, args, ctx);
        closureKind = 'task-handler';
      } else if (name === 'scheduleTask') this.rnbfScheduleTask(n, where, args, ctx);
    }
    // expo-task-manager: TaskManager.defineTask(name, fn) / defineTask(name, fn)
    if ((name === 'defineTask' && receiver && this.imports.taskManager.has(receiver)) || (!receiver && this.isNamed(name, 'expo-task-manager', 'defineTask'))) {
      this.expoDefine(where, args, ctx);
      closureKind = 'task-handler';
    }
    // expo-background-task: BackgroundTask.registerTaskAsync(name, { minimumInterval })
    if ((name === 'registerTaskAsync' && receiver && this.imports.backgroundTask.has(receiver)) || (!receiver && this.isNamed(name, 'expo-background-task', 'registerTaskAsync'))) {
      this.expoRegister(n, where, args, ctx);
    }
    // @capacitor/background-runner scripts: addEventListener('event', (resolve, reject, args) => { … })
    if (name === 'addEventListener' && !receiver && args[1] && isFunction(args[1])) {
      const params = paramNames(this.src, args[1]);
      if (params.length >= 2 && params[0] && params[1]) {
        const event = args[0] ? tsIdUse(this.src, args[0]).expr : undefined;
        this.addHandler(args[1], { calls: [{ names: [params[0], params[1]] }] }, {
          kind: 'closure',
          span: { start: args[1].startIndex, end: args[1].startIndex + 1 },
          completionCall: `${params[0]}() or ${params[1]}()`,
          fixStatement: `${params[0]}();`,
          standalone: `runner event ${event?.t === 'lit' ? `"${event.value}"` : 'handler'}`,
        });
        closureKind = 'task-handler';
      }
    }

    if (fn && fn.type !== 'identifier') this.visit(fn, ctx);
    for (const a of args) {
      if (isFunction(a)) this.visitClosure(a, ctx, closureKind);
      else this.visit(a, ctx);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Libraries

  private rnbfConfigure(n: Node, where: Node, args: Node[], ctx: Ctx): void {
    const receiver = [...this.imports.rnbf][0];
    const completion: Completion = { calls: [...this.imports.rnbf].map((r) => ({ receiver: r, names: ['finish'] })) };
    const reg: RegistrationFact = { kind: 'library', library: 'rnbf', reportAtPlist: true, id: { expr: { t: 'lit', value: RNBF_FETCH_ID }, span: span(where) }, span: span(n), ctx: this.site(ctx) };
    const onEvent = this.functionArg(args[1]);
    // Before 4.0, configure's third argument is a failure callback (status) => …, not onTimeout: it gets no task id,
    // has nothing to finish, and the library has no timeout callback to ask for.
    const legacy = !!this.options.rnbfVersion && this.options.rnbfVersion[0] < 4;
    if (legacy) args = args.slice(0, 2);
    const onTimeout = args[2] ? this.functionArg(args[2]) : undefined;
    if (!onEvent && args[1]) {
      // The event callback is defined elsewhere (imported): its completion cannot be followed here, but whether a
      // timeout callback was given is known.
      this.facts.handlers.push({
        kind: 'closure',
        taskNames: [],
        span: args[2] ? span(args[1]) : span(where),
        body: [{ k: 'escape', span: span(args[1]) }],
        expirationInsert: { offset: args[1].endIndex, indent: '', prefix: '', suffix: '' },
        expirationTaskName: 'taskId',
        throwsEscape: false,
        hasSyntaxErrors: false,
        expiration: args[2] ? 'set' : 'missing',
        expirationApplies: !legacy,
        resubmitApplies: false,
      });
      reg.handler = { closure: this.facts.handlers.length - 1 };
    }
    const taskIdName = (onEvent && paramNames(this.src, onEvent)[0]) || 'taskId';
    // A throw out of onEvent/onTimeout (a rejected promise) skips finish(): the library never completes the task.
    const common = { completionCall: `${receiver}.finish(taskId)`, fixStatement: `${receiver}.finish(${taskIdName});`, throwsEscape: true };
    if (onEvent) {
      reg.handler = {
        closure: this.addHandler(onEvent, completion, {
          kind: 'closure',
          span: args[2] ? { start: onEvent.startIndex, end: onEvent.startIndex + 1 } : span(where),
          taskFromParam: true,
          // The timeout callback is the expiration handler; no third argument means none (4.x).
          hasExpiration: !!args[2],
          ...(legacy ? { expirationApplies: false } : {}),
          ...common,
        }),
      };
    }
    if (onTimeout) reg.extraHandlers = [this.addHandler(onTimeout, completion, { kind: 'closure', span: { start: onTimeout.startIndex, end: onTimeout.startIndex + 1 }, taskFromParam: true, expirationApplies: false, ...common })];
    this.facts.registrations.push(reg);
    // configure() submits the library's refresh request.
    this.facts.requests.push({ cls: 'BGAppRefreshTaskRequest', library: 'rnbf', id: { expr: { t: 'lit', value: RNBF_FETCH_ID }, span: span(where) }, span: span(n), options: {}, ctx: this.site(ctx) });
  }

  private rnbfScheduleTask(n: Node, where: Node, args: Node[], ctx: Ctx): void {
    const pairs = objectPairs(this.src, this.optionsArg(args[0]));
    const taskId = pairs.get('taskId');
    const id = taskId ? tsIdUse(this.src, taskId.value) : undefined;
    this.facts.library!.rnbfScheduleTasks.push({ taskId: id, keys: [...pairs].map(([name, p]) => ({ name, span: span(p.key), quote: p.key.type === 'string' ? text(this.src, p.key)[0] : undefined, shorthand: p.key === p.value || undefined })), span: span(where) });
    if (!id) return;
    const delay = pairs.get('delay');
    const options: FileFacts['requests'][number]['options'] = {};
    if (delay && /^\d+$/.test(text(this.src, delay.value))) options.earliestBeginDelaySeconds = Math.round(Number(text(this.src, delay.value)) / 1000);
    const bool = (k: string) => {
      const v = pairs.get(k);
      return v ? text(this.src, v.value) === 'true' : undefined;
    };
    if (bool('requiresCharging') !== undefined) options.requiresExternalPower = bool('requiresCharging');
    if (bool('requiresNetworkConnectivity') !== undefined) options.requiresNetworkConnectivity = bool('requiresNetworkConnectivity');
    this.facts.requests.push({ cls: 'BGProcessingTaskRequest', library: 'rnbf', id, span: span(n), options, ctx: this.site(ctx) });
  }

  private expoDefine(where: Node, args: Node[], ctx: Ctx): void {
    if (!args[0]) return;
    const name = tsIdUse(this.src, args[0]);
    // Directly in a function's body (not in a callback or effect inside it): the function's name, so a call of it at
    // module top level (`defineTasks()` in the entry file) counts as defining the task at startup.
    const inFunction = ctx.nested && ctx.fn >= 0 && ctx.closures.length === 0 ? this.facts.functions[ctx.fn].name : undefined;
    this.facts.library!.expoDefines.push({ name, span: span(where), topLevel: !ctx.nested, inFunction });
    // No handler facts: the module completes the BGTask when the task function's promise settles, whatever it returns
    // (a non-BackgroundTaskResult value counts as "no data"), so no path can leave the task open.
  }

  private expoRegister(n: Node, where: Node, args: Node[], ctx: Ctx): void {
    if (!args[0]) return;
    const name = tsIdUse(this.src, args[0]);
    const interval = objectPairs(this.src, this.optionsArg(args[1])).get('minimumInterval');
    const minutes = interval && /^\d+$/.test(text(this.src, interval.value)) ? { value: Number(text(this.src, interval.value)), span: span(interval.value) } : undefined;
    this.facts.library!.expoRegisters.push({ name, span: span(args[0]), minimumInterval: minutes });
    // The module registers and submits one processing task for all Expo background tasks.
    const id: IdUse = { expr: { t: 'lit', value: EXPO_TASK_ID }, span: span(where) };
    this.facts.registrations.push({ kind: 'library', library: 'expo', reportAtPlist: true, id, span: span(n), ctx: this.site(ctx) });
    this.facts.requests.push({ cls: 'BGProcessingTaskRequest', library: 'expo', id, span: span(n), options: {}, ctx: this.site(ctx) });
  }

  /** An options object given inline (possibly cast) or by the name of a constant declared once in this file. */
  private optionsArg(a: Node | undefined): Node | undefined {
    if (!a) return undefined;
    const n = unwrapTs(a);
    if (n.type === 'object') return n;
    if (n.type !== 'identifier' || !this.root) return undefined;
    if (!this.objectVars) {
      this.objectVars = new Map();
      for (const d of this.root.descendantsOfType('variable_declarator')) {
        const name = d?.childForFieldName('name');
        const value = d?.childForFieldName('value');
        if (!name || name.type !== 'identifier') continue;
        const id = text(this.src, name);
        const obj = value ? unwrapTs(value) : undefined;
        this.objectVars.set(id, this.objectVars.has(id) || obj?.type !== 'object' ? undefined : obj);
      }
    }
    return this.objectVars.get(text(this.src, n));
  }

  /** A function given inline or by the name of a function in this file. */
  private functionArg(a: Node | undefined): Node | undefined {
    if (!a) return undefined;
    if (isFunction(a)) return a;
    if (a.type === 'identifier') return this.localFunctions.get(text(this.src, a));
    return undefined;
  }

  private addHandler(
    fn: Node,
    completion: Completion,
    o: {
      kind: 'closure' | 'function';
      fn?: number;
      span: Span;
      nativeScript?: boolean;
      taskFromParam?: boolean;
      hasExpiration?: boolean;
      expirationApplies?: boolean;
      /** An uncaught throw leaves the handler without completing (the library does not complete for it). */
      throwsEscape?: boolean;
      completionCall?: string;
      fixStatement?: string;
      standalone?: string;
    },
  ): number {
    const params = paramNames(this.src, fn);
    const taskNames = o.nativeScript ? (completion.taskNames?.length ? completion.taskNames : params.slice(0, 1)) : o.taskFromParam ? params.slice(0, 1) : [];
    const lowered = new TsHandlerLowering(this.src, { ...completion, taskNames: o.nativeScript ? taskNames : undefined }).lower(fn);
    const body = lowered.body;
    // react-native-background-fetch: a timeout callback stands for the expiration handler.
    if (o.hasExpiration) body.unshift({ k: 'expiration', body: [], span: o.span, onlyLogs: false });
    const h: HandlerFact = {
      kind: o.kind,
      fn: o.fn,
      taskNames,
      span: o.span,
      body,
      expirationInsert: lowered.expirationInsert,
      expirationTaskName: taskNames[0] ?? 'task',
      throwsEscape: !!o.nativeScript || !!o.throwsEscape,
      hasSyntaxErrors: fn.hasError,
      completionCall: o.nativeScript ? 'setTaskCompletedWithSuccess()' : o.completionCall,
      fixStatement: o.nativeScript ? '$TASK.setTaskCompletedWithSuccess(false);' : o.fixStatement,
      expirationApplies: o.nativeScript ? true : (o.expirationApplies ?? !o.standalone),
      resubmitApplies: !!o.nativeScript,
      standalone: o.standalone ? { label: o.standalone } : undefined,
      expiration: o.hasExpiration === undefined ? undefined : o.hasExpiration ? 'set' : 'missing',
    };
    this.facts.handlers.push(h);
    return this.facts.handlers.length - 1;
  }
}
