/**
 * Lowers an Objective-C task handler (a launch-handler block, or a method / C function that receives a BGTask) into
 * the language-neutral flow IR of model/facts.ts, so the handler rules work unchanged. It follows the task through
 * new names and casts (`BGAppRefreshTask *refresh = (BGAppRefreshTask *)task;`), and records completions
 * (`[task setTaskCompletedWithSuccess:…]`), expiration handlers (`task.expirationHandler = ^{…}` or
 * `[task setExpirationHandler:^{…}]`), exits, blocks passed to other calls (classified like Swift closures), and
 * where the task is handed to another method or escapes.
 *
 * ERROR nodes are transparent (their children are lowered like statements), as in the Swift lowering.
 */
import type { Node } from 'web-tree-sitter';
import type { InsertPoint, Stmt, TaskClass } from '../model/facts';
import type { Span } from '../text/lineIndex';
import { classifyObjcBlock } from './closures';
import { castType, kids, messageParts, span, textOf, unwrap } from './syntax';

export const TASK_CLASSES = new Set<TaskClass>(['BGAppRefreshTask', 'BGProcessingTask', 'BGHealthResearchTask', 'BGContinuedProcessingTask', 'BGTask']);
const FATAL = new Set(['abort', 'exit', '_exit', '__builtin_trap', '__builtin_unreachable']);
const LOGGING = /^(NSLog|NSLogv|os_log\w*|printf|fprintf|puts|DDLog\w*|RCTLog\w*|CLS_LOG|NSAssert|NSCAssert|assert)$/;
/** Deepest nesting lowered (each block level is a few syntax levels); deeper code counts as handled (silence). */
export const MAX_OBJC_LOWER_DEPTH = 800;

interface Scope {
  aliases: Set<string>;
  helpers: Set<string>;
}

export interface LoweredObjc {
  body: Stmt[];
  cast?: { cls: TaskClass; span: Span };
  expirationInsert: InsertPoint;
  expirationTaskName: string;
}

/** A block's parameters: names and the type identifier each is declared with. */
export function blockParams(src: string, block: Node): { name: string; type?: Node }[] {
  const list = kids(block).find((c) => c.type === 'parameter_list');
  const out: { name: string; type?: Node }[] = [];
  for (const p of list ? kids(list) : []) {
    if (p.type !== 'parameter_declaration') continue;
    const d = p.childForFieldName('declarator');
    const id = d ? (d.type === 'identifier' ? d : d.descendantsOfType('identifier')[0]) : undefined;
    const type = p.childForFieldName('type');
    out.push({ name: id ? textOf(src, id) : '', type: type?.type === 'type_identifier' ? type : undefined });
  }
  return out;
}

/** The body (`compound_statement`) of a block literal. */
export function blockBody(block: Node): Node | undefined {
  return kids(block).find((c) => c.type === 'compound_statement');
}

/** The identifier a declarator declares: `*x`, `x`, `(^x)(…)`, `x[3]`. */
export function declaredIdentifier(d: Node | null | undefined): Node | undefined {
  for (let cur = d, i = 0; cur && i < 32; i++) {
    if (cur.type === 'identifier') return cur;
    cur = cur.childForFieldName('declarator') ?? kids(cur).find((c) => c.type !== 'parameter_list' && c.type !== 'type_qualifier');
  }
  return undefined;
}

export function declaredName(src: string, d: Node | null | undefined): string | undefined {
  const id = declaredIdentifier(d);
  return id ? textOf(src, id) : undefined;
}

export class ObjcHandlerLowering {
  private cast?: { cls: TaskClass; span: Span };
  private depth = 0;
  private root?: Node;
  private identifierIndex?: Map<string, number[]>;

  constructor(private readonly src: string) {}

  /** A launch-handler block `^(BGTask *task) { … }`; a parameter typed as a task subclass is the handler's cast. */
  lowerBlock(block: Node): LoweredObjc {
    const params = blockParams(this.src, block);
    const first = params[0];
    if (first?.type) {
      const cls = textOf(this.src, first.type) as TaskClass;
      if (TASK_CLASSES.has(cls) && cls !== 'BGTask') this.cast = { cls, span: span(first.type) };
    }
    return this.lowerBody(block, blockBody(block), first?.name ? [first.name] : []);
  }

  /** A method or function body where `paramName` is the task; `clsSpan` is where its parameter type is written. */
  lowerFunction(owner: Node, body: Node | undefined, paramName: string, cls?: TaskClass, clsSpan?: Span): LoweredObjc {
    if (cls && cls !== 'BGTask' && clsSpan) this.cast = { cls, span: clsSpan };
    return this.lowerBody(owner, body, [paramName]);
  }

  private lowerBody(owner: Node, body: Node | undefined, names: string[]): LoweredObjc {
    this.root = owner;
    const scope: Scope = { aliases: new Set(names), helpers: new Set() };
    const out: Stmt[] = [];
    let binding: { node: Node; name: string } | undefined;
    for (const st of body ? kids(body) : []) {
      const before = scope.aliases.size;
      this.stmt(st, scope, out, false);
      if (!binding && scope.aliases.size > before) binding = { node: st, name: [...scope.aliases][scope.aliases.size - 1] };
    }
    if (body) out.push(this.endExit(body, scope));
    return { body: out, cast: this.cast, expirationInsert: this.expirationPoint(body, binding?.node), expirationTaskName: binding?.name ?? names[0] ?? 'task' };
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  private block(n: Node | null | undefined, scope: Scope, inTry: boolean): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    const inner: Scope = { aliases: new Set(scope.aliases), helpers: new Set(scope.helpers) };
    if (n.type === 'compound_statement') for (const st of kids(n)) this.stmt(st, inner, out, inTry);
    else this.stmt(n, inner, out, inTry);
    return out;
  }

  /** One recursion step; past MAX_OBJC_LOWER_DEPTH the code stands for "handled" (escape + complete), never an overflow. */
  private guarded(n: Node, out: Stmt[], step: () => void): void {
    if (this.depth >= MAX_OBJC_LOWER_DEPTH) {
      out.push({ k: 'escape', span: span(n) }, { k: 'complete', span: span(n) });
      return;
    }
    this.depth++;
    try {
      step();
    } finally {
      this.depth--;
    }
  }

  private stmt(n: Node, scope: Scope, out: Stmt[], inTry: boolean): void {
    this.guarded(n, out, () => this.stmtKind(n, scope, out, inTry));
  }

  private stmtKind(n: Node, scope: Scope, out: Stmt[], inTry: boolean): void {
    switch (n.type) {
      case 'comment':
      case 'preproc_include':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_call':
      case 'break_statement':
      case 'continue_statement':
        return;
      case 'compound_statement':
        out.push(...this.block(n, scope, inTry));
        return;
      case 'return_statement':
        for (const c of kids(n)) this.expr(c, scope, out);
        out.push({ k: 'exit', kind: 'return', span: { start: n.startIndex, end: n.startIndex + 6 }, insert: this.beforePoint(n), taskName: this.nameFor(scope) });
        return;
      case 'throw_statement':
        for (const c of kids(n)) this.expr(c, scope, out);
        out.push({ k: 'exit', kind: 'throw', span: { start: n.startIndex, end: n.startIndex + Math.min(6, n.endIndex - n.startIndex) }, insert: this.beforePoint(n), taskName: this.nameFor(scope) });
        return;
      case 'if_statement':
        return this.ifStmt(n, scope, out, inTry);
      case 'switch_statement':
        return this.switchStmt(n, scope, out, inTry);
      case 'for_statement':
      case 'for_in_statement':
      case 'while_statement':
      case 'do_statement': {
        const body = n.childForFieldName('body') ?? kids(n).find((c) => c.type === 'compound_statement');
        for (const c of kids(n)) if (c.id !== body?.id) this.expr(c, scope, out);
        out.push({ k: 'loop', body: this.block(body, scope, inTry) });
        return;
      }
      case 'try_statement':
        return this.tryStmt(n, scope, out);
      case 'synchronized_statement':
      case 'autoreleasepool_statement':
      case 'labeled_statement':
        for (const c of kids(n)) {
          if (c.type === 'statement_identifier') continue;
          if (c.type === 'compound_statement' || /_statement$/.test(c.type)) this.stmt(c, scope, out, inTry);
          else this.expr(c, scope, out);
        }
        return;
      case 'goto_statement':
        // A jump we do not follow (often to a cleanup label that completes): the path counts as handled.
        out.push({ k: 'escape', span: span(n) });
        return;
      case 'preproc_if':
      case 'preproc_ifdef':
        return this.preprocIf(n, scope, out, inTry);
      case 'declaration':
        return this.declaration(n, scope, out);
      case 'expression_statement':
        for (const c of kids(n)) this.expr(c, scope, out);
        return;
      case 'ERROR':
        for (const c of kids(n)) this.stmt(c, scope, out, inTry);
        return;
      default:
        this.expr(n, scope, out);
    }
  }

  private ifStmt(n: Node, scope: Scope, out: Stmt[], inTry: boolean): void {
    const cond = n.childForFieldName('condition');
    if (cond && this.alwaysAvailable(cond)) {
      // `if (@available(iOS 13.0, *))` in a task handler: BackgroundTasks exists only from iOS 13, so it always holds.
      out.push(...this.block(n.childForFieldName('consequence'), scope, inTry));
      return;
    }
    if (cond) this.expr(cond, scope, out);
    const arms = [this.block(n.childForFieldName('consequence'), scope, inTry)];
    const alt = n.childForFieldName('alternative');
    if (alt) arms.push(this.block(alt.type === 'else_clause' ? kids(alt)[0] : alt, scope, inTry));
    out.push({ k: 'if', arms, exhaustive: !!alt });
  }

  /** `@available(iOS 13.0, *)` (or an earlier iOS, or no iOS clause): true wherever a BGTask exists. */
  private alwaysAvailable(cond: Node): boolean {
    let c = cond;
    while (c.type === 'parenthesized_expression' && c.namedChildCount === 1) c = c.namedChild(0)!;
    if (c.type !== 'available_expression') return false;
    const ios = /\biOS\s+(\d+)(?:\.(\d+))?/.exec(textOf(this.src, c));
    if (!ios) return true;
    const major = Number(ios[1]);
    return major < 13 || (major === 13 && !Number(ios[2] ?? 0));
  }

  /** Each `case` runs its statements up to a `break`/`return`, falling through into the next case otherwise. */
  private switchStmt(n: Node, scope: Scope, out: Stmt[], inTry: boolean): void {
    const cond = n.childForFieldName('condition');
    if (cond) this.expr(cond, scope, out);
    const body = n.childForFieldName('body');
    const cases = body ? kids(body).filter((c) => c.type === 'case_statement') : [];
    const own: { stmts: Stmt[]; ends: boolean }[] = cases.map((c) => {
      const stmts: Stmt[] = [];
      let ends = false;
      const inner: Scope = { aliases: new Set(scope.aliases), helpers: new Set(scope.helpers) };
      for (const st of kids(c)) {
        if (st.id === c.childForFieldName('value')?.id) continue;
        if (st.type === 'break_statement') {
          ends = true;
          break;
        }
        this.stmt(st, inner, stmts, inTry);
        if (st.type === 'return_statement' || st.type === 'throw_statement') {
          ends = true;
          break;
        }
      }
      return { stmts, ends };
    });
    const arms: Stmt[][] = new Array<Stmt[]>(own.length);
    for (let i = own.length - 1; i >= 0; i--) arms[i] = own[i].ends || i === own.length - 1 ? own[i].stmts : [...own[i].stmts, ...arms[i + 1]];
    const hasDefault = cases.some((c) => !c.childForFieldName('value'));
    out.push({ k: 'if', arms: arms.length ? arms : [[]], exhaustive: hasDefault });
  }

  private tryStmt(n: Node, scope: Scope, out: Stmt[]): void {
    const parts = kids(n);
    const body = this.block(parts.find((c) => c.type === 'compound_statement'), scope, true);
    const catches = parts.filter((c) => c.type === 'catch_clause').map((c) => this.block(kids(c).find((x) => x.type === 'compound_statement'), scope, false));
    const fin = parts.find((c) => c.type === 'finally_clause');
    // `@finally` runs on every exit, like Swift's defer.
    if (fin) out.push({ k: 'defer', body: this.block(kids(fin).find((x) => x.type === 'compound_statement'), scope, false) });
    out.push({ k: 'do', body, catches });
  }

  /** `#if … #else … #endif` inside a body: one arm per branch (exhaustive with an `#else`). */
  private preprocIf(n: Node, scope: Scope, out: Stmt[], inTry: boolean): void {
    const arms: Stmt[][] = [];
    let exhaustive = false;
    for (let cur: Node | null = n; cur; ) {
      const arm: Stmt[] = [];
      const inner: Scope = { aliases: new Set(scope.aliases), helpers: new Set(scope.helpers) };
      const alt: Node | null = cur.childForFieldName('alternative');
      const cond = cur.childForFieldName('condition');
      for (const c of kids(cur)) if (c.id !== alt?.id && c.id !== cond?.id && !(cur.type === 'preproc_ifdef' && c.type === 'identifier')) this.stmt(c, inner, arm, inTry);
      arms.push(arm);
      if (cur.type === 'preproc_else') exhaustive = true;
      cur = alt;
    }
    out.push({ k: 'if', arms, exhaustive });
  }

  private declaration(n: Node, scope: Scope, out: Stmt[]): void {
    for (const d of kids(n)) {
      if (d.type !== 'init_declarator') continue;
      const value = d.childForFieldName('value');
      const name = declaredName(this.src, d.childForFieldName('declarator'));
      if (!value) continue;
      if (name && this.isTaskValue(value, scope)) {
        // `BGAppRefreshTask *refresh = (BGAppRefreshTask *)task;`, `__weak BGTask *weakTask = task;`
        this.noteCast(value);
        scope.aliases.add(name);
        continue;
      }
      if (name && value.type === 'block_literal' && this.completesSomewhere(value, scope)) {
        // `void (^finish)(BOOL) = ^(BOOL ok) { [task setTaskCompletedWithSuccess:ok]; };`: calling it completes.
        scope.helpers.add(name);
        continue;
      }
      if (value.type === 'block_literal') out.push(this.closure(value, 'stored', scope));
      else this.expr(value, scope, out);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private expr(n: Node, scope: Scope, out: Stmt[]): void {
    this.guarded(n, out, () => this.exprKind(n, scope, out));
  }

  private exprKind(n: Node, scope: Scope, out: Stmt[]): void {
    switch (n.type) {
      case 'message_expression':
        return this.message(n, scope, out);
      case 'call_expression':
        return this.cCall(n, scope, out);
      case 'assignment_expression':
        return this.assignment(n, scope, out);
      case 'block_literal':
        out.push(this.closure(n, 'other', scope));
        return;
      case 'identifier':
      case 'string_literal':
      case 'number_literal':
      case 'field_identifier':
      case 'comment':
        return;
      default:
        for (const c of kids(n)) this.expr(c, scope, out);
    }
  }

  private message(n: Node, scope: Scope, out: Stmt[]): void {
    const m = messageParts(this.src, n);
    if (!m) {
      for (const c of kids(n)) this.expr(c, scope, out);
      return;
    }
    const onTask = !!m.receiver && this.isTaskValue(m.receiver, scope);
    if (onTask) this.noteCast(m.receiver!);
    if (onTask && m.name === 'setTaskCompletedWithSuccess') {
      for (const p of m.parts) if (p.arg && p.arg.type !== 'block_literal') this.expr(p.arg, scope, out);
      out.push({ k: 'complete', span: span(n) });
      return;
    }
    if (onTask && m.name === 'setExpirationHandler') {
      const b = m.parts[0].arg;
      const block = b?.type === 'block_literal' ? b : undefined;
      out.push({ k: 'expiration', body: block ? this.closureBody(block, scope) : [], span: span(n), onlyLogs: block ? this.onlyLogs(block) : false, stopsNothing: block ? this.emptyBlock(block) : false });
      return;
    }
    if (m.receiver && !onTask && m.receiver.type !== 'identifier') this.expr(m.receiver, scope, out);
    let handedOff = false;
    const blocks: { keyword: string; node: Node }[] = [];
    m.parts.forEach((p, index) => {
      for (const a of p.arg ? [p.arg, ...p.extra] : p.extra) {
        if (a.type === 'block_literal') blocks.push({ keyword: p.keyword, node: a });
        else if (this.isTaskValue(a, scope)) {
          this.noteCast(a);
          handedOff = true;
          // A method we can look up by its selector; an initializer (`[[Worker alloc] initWithTask:task]`) keeps the task.
          const init = /^init/.test(m.name) || m.name === 'new';
          out.push(init || !/^[a-z_]/.test(m.name) ? { k: 'escape', span: span(n) } : { k: 'handoff', name: m.name, labels: m.labels, argIndex: index, span: span(n), receiver: m.receiverText });
        } else if (unwrap(a).type === 'identifier' && scope.helpers.has(textOf(this.src, unwrap(a)))) {
          // A completion block handed on as a value (`[self refresh:finish]`): whoever receives it calls it.
          out.push({ k: 'complete', span: span(a) });
        } else this.expr(a, scope, out);
      }
    });
    if (m.name === 'submitTaskRequest') out.push({ k: 'submit', span: span(n) });
    else if (!handedOff) out.push({ k: 'call', name: m.name, labels: m.labels, span: span(n) });
    for (const b of blocks) out.push(this.closure(b.node, classifyObjcBlock(m.name, b.keyword), scope));
  }

  private cCall(n: Node, scope: Scope, out: Stmt[]): void {
    const fn = n.childForFieldName('function');
    const argList = n.childForFieldName('arguments');
    const args = argList ? kids(argList) : [];
    const name = fn?.type === 'identifier' ? textOf(this.src, fn) : '';
    if (name && scope.helpers.has(name)) {
      out.push({ k: 'complete', span: span(n) });
      return;
    }
    if (FATAL.has(name)) {
      out.push({ k: 'exit', kind: 'fatal', span: span(n), insert: this.beforePoint(n), taskName: this.nameFor(scope) });
      return;
    }
    if (fn && fn.type !== 'identifier') this.expr(fn, scope, out);
    const labels = args.map(() => '_');
    let handedOff = false;
    args.forEach((a, index) => {
      if (a.type === 'block_literal') return;
      if (this.isTaskValue(a, scope)) {
        this.noteCast(a);
        handedOff = true;
        out.push(name && /^[a-z_]/.test(name) ? { k: 'handoff', name, labels, argIndex: index, span: span(n) } : { k: 'escape', span: span(n) });
      } else this.expr(a, scope, out);
    });
    if (!handedOff && name) out.push({ k: 'call', name, labels, span: span(n) });
    for (const a of args) if (a.type === 'block_literal') out.push(this.closure(a, classifyObjcBlock(name, undefined), scope));
  }

  private assignment(n: Node, scope: Scope, out: Stmt[]): void {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type === 'field_expression') {
      const field = left.childForFieldName('field');
      const obj = left.childForFieldName('argument');
      if (field && obj && textOf(this.src, field) === 'expirationHandler' && this.isTaskValue(obj, scope)) {
        const block = right?.type === 'block_literal' ? right : undefined;
        out.push({ k: 'expiration', body: block ? this.closureBody(block, scope) : [], span: span(n), onlyLogs: block ? this.onlyLogs(block) : false, stopsNothing: block ? this.emptyBlock(block) : false });
        return;
      }
    }
    if (right && this.isTaskValue(right, scope)) {
      this.noteCast(right);
      // `t = task` on a local keeps the name; `self.currentTask = task`, an instance variable or a static stores it
      // (followed no further).
      if (left?.type === 'identifier' && this.localNames().has(textOf(this.src, left))) scope.aliases.add(textOf(this.src, left));
      else out.push({ k: 'escape', span: span(n) });
      return;
    }
    if (left && left.type !== 'identifier') this.expr(left, scope, out);
    if (right?.type === 'block_literal') out.push(this.closure(right, 'stored', scope));
    else if (right) this.expr(right, scope, out);
  }

  private closure(block: Node, kind: Extract<Stmt, { k: 'closure' }>['kind'], scope: Scope): Stmt {
    const body = blockBody(block);
    return { k: 'closure', kind, body: this.closureBody(block, scope), span: span(block), refsTask: this.refsTask(block, scope), end: closeOf(block), start: this.firstStatementPoint(body) };
  }

  /** A nested block's body; its own parameters shadow the task's names. */
  private closureBody(block: Node, scope: Scope): Stmt[] {
    const params = blockParams(this.src, block).map((p) => p.name);
    const inner: Scope = { aliases: new Set([...scope.aliases].filter((a) => !params.includes(a))), helpers: new Set(scope.helpers) };
    const body = blockBody(block);
    const out: Stmt[] = [];
    for (const st of body ? kids(body) : []) this.stmt(st, inner, out, false);
    if (body) out.push(this.endExit(body, inner));
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The task

  private isTaskValue(n: Node, scope: Scope): boolean {
    const bare = unwrap(n);
    return bare.type === 'identifier' && scope.aliases.has(textOf(this.src, bare));
  }

  /** The first cast of the task to a task class tells which class the handler expects. */
  private noteCast(n: Node): void {
    if (this.cast) return;
    const t = castType(n);
    if (!t) return;
    const cls = textOf(this.src, t) as TaskClass;
    if (TASK_CLASSES.has(cls)) this.cast = { cls, span: span(t) };
  }

  private locals?: Set<string>;

  /** Names declared inside the handler (locals and parameters): anything else assigned to is state that outlives it. */
  private localNames(): Set<string> {
    if (this.locals) return this.locals;
    const out = new Set<string>();
    for (const d of this.root ? this.root.descendantsOfType(['declaration', 'parameter_declaration']) : []) {
      for (const x of d ? d.childrenForFieldName('declarator') : []) {
        const name = declaredName(this.src, x);
        if (name) out.add(name);
      }
    }
    for (const m of this.root ? this.root.descendantsOfType('method_parameter') : []) {
      const id = m ? kids(m).filter((x) => x.type === 'identifier').pop() : undefined;
      if (id) out.add(textOf(this.src, id));
    }
    this.locals = out;
    return out;
  }

  /** Offsets of the identifiers under the handler's root by name, built once (nested blocks ask again and again). */
  private identifiers(): Map<string, number[]> {
    if (this.identifierIndex) return this.identifierIndex;
    const byName = new Map<string, number[]>();
    for (const id of this.root ? this.root.descendantsOfType('identifier') : []) {
      if (!id) continue;
      const name = textOf(this.src, id);
      const list = byName.get(name);
      if (list) list.push(id.startIndex);
      else byName.set(name, [id.startIndex]);
    }
    this.identifierIndex = byName;
    return byName;
  }

  /** The subtree names the task (or a completion helper standing for it). */
  private refsTask(n: Node, scope: Scope): boolean {
    const byName = this.identifiers();
    for (const name of [...scope.aliases, ...scope.helpers]) {
      const offsets = byName.get(name);
      if (offsets?.some((o) => o >= n.startIndex && o < n.endIndex)) return true;
    }
    return false;
  }

  private completesSomewhere(n: Node, scope: Scope): boolean {
    for (const msg of n.descendantsOfType('message_expression')) {
      const m = msg ? messageParts(this.src, msg) : undefined;
      if (m?.name === 'setTaskCompletedWithSuccess' && m.receiver && this.isTaskValue(m.receiver, scope)) return true;
    }
    return false;
  }

  /** An expiration block whose statements only log. */
  private onlyLogs(block: Node): boolean {
    const body = blockBody(block);
    const stmts = body ? kids(body).filter((c) => c.type !== 'comment') : [];
    if (!stmts.length) return false;
    return stmts.every((s) => {
      const e = s.type === 'expression_statement' ? kids(s)[0] : undefined;
      if (e?.type === 'call_expression') {
        const f = e.childForFieldName('function');
        return !!f && f.type === 'identifier' && LOGGING.test(textOf(this.src, f));
      }
      if (e?.type === 'message_expression') {
        const m = messageParts(this.src, e);
        return !!m?.receiverText && /log(ger)?$/i.test(m.receiverText.replace(/^self\./, ''));
      }
      return false;
    });
  }

  /** An expiration block with nothing in it: it neither stops the work nor completes the task. */
  private emptyBlock(block: Node): boolean {
    const body = blockBody(block);
    return !!body && !kids(body).some((c) => c.type !== 'comment');
  }

  private nameFor(scope: Scope): string {
    const names = [...scope.aliases];
    return names[names.length - 1] ?? 'task';
  }

  // ---------------------------------------------------------------------------------------------
  // Insertion points

  private indentOf(offset: number): string {
    const lineStart = this.src.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.src.slice(lineStart, offset))?.[0] ?? '';
  }

  private onOwnLine(offset: number): boolean {
    const lineStart = this.src.lastIndexOf('\n', offset - 1) + 1;
    return this.src.slice(lineStart, offset).trim() === '';
  }

  /** Before a statement; a braceless `if (x) return;` gets braces around the new statement and the exit. */
  private beforePoint(n: Node): InsertPoint {
    const stmt = n.parent?.type === 'expression_statement' ? n.parent : n;
    const indent = this.indentOf(stmt.startIndex);
    const p = stmt.parent;
    const braceless =
      !!p &&
      (p.type === 'else_clause' ||
        (p.type === 'if_statement' && p.childForFieldName('consequence')?.id === stmt.id) ||
        ((p.type === 'for_statement' || p.type === 'for_in_statement' || p.type === 'while_statement' || p.type === 'do_statement') && p.childForFieldName('body')?.id === stmt.id));
    if (braceless) return { offset: stmt.startIndex, indent, prefix: '{ ', suffix: ' ', wrapEnd: stmt.endIndex };
    if (this.onOwnLine(stmt.startIndex)) return { offset: stmt.startIndex, indent, prefix: '', suffix: '\n' + indent };
    return { offset: stmt.startIndex, indent, prefix: '', suffix: ' ' };
  }

  /** The implicit exit at the closing brace: after the last statement, or inside empty braces. */
  private endExit(body: Node, scope: Scope): Stmt {
    const close = { start: Math.max(body.startIndex, body.endIndex - 1), end: body.endIndex };
    const stmts = kids(body).filter((c) => c.type !== 'comment');
    const last = stmts[stmts.length - 1];
    let insert: InsertPoint;
    if (last) {
      const indent = this.indentOf(last.startIndex);
      insert = this.onOwnLine(last.startIndex) && this.src.slice(last.endIndex, close.start).includes('\n') ? { offset: last.endIndex, indent, prefix: '\n' + indent, suffix: '' } : { offset: last.endIndex, indent, prefix: ' ', suffix: '' };
    } else insert = { offset: close.start, indent: this.indentOf(close.start), prefix: ' ', suffix: ' ' };
    return { k: 'exit', kind: 'end', span: close, insert, taskName: this.nameFor(scope) };
  }

  private firstStatementPoint(body: Node | undefined): InsertPoint {
    const first = body ? kids(body).find((c) => c.type !== 'comment') : undefined;
    if (first && this.onOwnLine(first.startIndex)) {
      const indent = this.indentOf(first.startIndex);
      return { offset: first.startIndex, indent, prefix: '', suffix: '\n' + indent };
    }
    const at = first ? first.startIndex : body ? body.startIndex + 1 : 0;
    return { offset: at, indent: this.indentOf(at), prefix: ' ', suffix: ' ' };
  }

  private expirationPoint(body: Node | undefined, afterBinding: Node | undefined): InsertPoint {
    if (afterBinding) {
      const indent = this.indentOf(afterBinding.startIndex);
      return { offset: afterBinding.endIndex, indent, prefix: '\n' + indent, suffix: '' };
    }
    return this.firstStatementPoint(body);
  }
}

/** The closing brace of a block literal. */
function closeOf(block: Node): Span {
  const body = blockBody(block) ?? block;
  return { start: Math.max(body.startIndex, body.endIndex - 1), end: body.endIndex };
}

