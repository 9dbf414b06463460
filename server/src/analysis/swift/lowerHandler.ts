/**
 * Lowers the body of a Swift task handler (a launch-handler closure, or a function that receives a
 * BGTask) into the language-neutral control-flow IR of model/facts.ts. It follows the task through
 * renames and casts (`guard let t = task as? BGProcessingTask`), and records where it is completed,
 * handed off, captured, or where a path leaves without completing it.
 *
 * ERROR nodes are treated as transparent: their children are lowered like statements, so one
 * unparseable line does not hide the facts around it.
 */
import type { Node } from 'web-tree-sitter';
import type { InsertPoint, Stmt, TaskClass } from '../model/facts';
import type { Span } from '../text/lineIndex';
import { classifyClosure } from './closures';
import { callParts, memberPath, namedChildren, span, textOf } from './syntax';

export const TASK_CLASSES = new Set<TaskClass>(['BGAppRefreshTask', 'BGProcessingTask', 'BGHealthResearchTask', 'BGContinuedProcessingTask', 'BGTask']);
const FATAL = new Set(['fatalError', 'preconditionFailure', 'exit', 'abort']);
const LOGGING = /^(print|debugPrint|NSLog|os_log|dump|log|logger|Logger|os_signpost|assert|assertionFailure)$/;

interface Scope {
  aliases: Set<string>;
  helpers: Set<string>;
}

export interface LoweredHandler {
  body: Stmt[];
  cast?: { cls: TaskClass; span: Span };
  expirationInsert: InsertPoint;
  expirationTaskName: string;
  cancellable?: { name: string; kind: 'task' | 'queue'; end: number; indent: string };
  unnamedTask?: { offset: number; end: number; indent: string };
}

/** Deepest nesting of statements and expressions lowered (each closure level is about four). */
export const MAX_LOWER_DEPTH = 1000;

export class HandlerLowering {
  private cast?: { cls: TaskClass; span: Span };

  constructor(private readonly src: string) {}

  // ---------------------------------------------------------------------------------------------
  // Entry points

  /** Lowers a closure `{ task in … }` (or `{ … $0 … }`) whose first parameter is the task. */
  lowerClosure(lambda: Node, fallbackNames: string[] = []): LoweredHandler {
    const params = lambdaParams(this.src, lambda);
    const names = params.length ? [params[0]] : ['$0', ...fallbackNames];
    return this.lowerBody(lambda, names);
  }

  /** Lowers a function body where `paramName` is the task parameter. */
  lowerFunction(fn: Node, paramName: string, cls?: TaskClass, clsSpan?: Span): LoweredHandler {
    if (cls && cls !== 'BGTask' && clsSpan) this.cast = { cls, span: clsSpan };
    const body = fn.childForFieldName('body') ?? undefined;
    return this.lowerBody(body, [paramName]);
  }

  private lowerBody(owner: Node | undefined, names: string[]): LoweredHandler {
    this.handlerRoot = owner;
    const scope: Scope = { aliases: new Set(names), helpers: new Set() };
    const statements = owner ? firstStatements(owner) : undefined;
    const body: Stmt[] = [];
    let bindingEnd: { node: Node; name: string } | undefined;
    let cancellable: LoweredHandler['cancellable'];
    let unnamedTask: LoweredHandler['unnamedTask'];
    if (statements) {
      for (const st of namedChildren(statements)) {
        const before = new Set(scope.aliases);
        this.lowerStatement(st, scope, body);
        const added = [...scope.aliases].find((a) => !before.has(a));
        if (added && !bindingEnd) bindingEnd = { node: st, name: added };
        const c = this.cancellableOf(st);
        if (c && !cancellable) cancellable = c;
        if (!unnamedTask && isTaskStatement(this.src, st)) unnamedTask = { offset: st.startIndex, end: st.endIndex, indent: this.indentOf(st.startIndex) };
      }
    }
    if (owner) body.push(this.endExit(owner, statements, scope));
    const taskName = bindingEnd?.name ?? names[0];
    return {
      body,
      cast: this.cast,
      expirationInsert: this.expirationPoint(owner, statements, bindingEnd?.node),
      expirationTaskName: taskName === '$0' ? '$0' : taskName,
      cancellable,
      unnamedTask,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  private lowerBlock(n: Node | null | undefined, scope: Scope): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    const inner: Scope = { aliases: new Set(scope.aliases), helpers: new Set(scope.helpers) };
    if (n.type === 'statements') for (const st of namedChildren(n)) this.lowerStatement(st, inner, out);
    else this.lowerStatement(n, inner, out);
    return out;
  }

  /** How deep the lowering recursion is now, against MAX_LOWER_DEPTH. */
  private depth = 0;

  /**
   * Runs one recursive lowering step, or, past MAX_LOWER_DEPTH (a thousand closures or conditions inside each other),
   * stands for the subtree with code the analysis cannot follow: an escape (the task counts as handled: expiration
   * set, resubmission unknown) and a completion (so a synchronous closure around it counts as completing too). The
   * deep part yields silence instead of a stack overflow.
   */
  private guarded(n: Node, out: Stmt[], step: () => void): void {
    if (this.depth >= MAX_LOWER_DEPTH) {
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

  private lowerStatement(n: Node, scope: Scope, out: Stmt[]): void {
    this.guarded(n, out, () => this.lowerStatementKind(n, scope, out));
  }

  private lowerStatementKind(n: Node, scope: Scope, out: Stmt[]): void {
    switch (n.type) {
      case 'comment':
      case 'multiline_comment':
      case 'directive':
        return;
      case 'control_transfer_statement':
        return this.lowerTransfer(n, scope, out);
      case 'if_statement':
        return this.lowerIf(n, scope, out);
      case 'guard_statement':
        return this.lowerGuard(n, scope, out);
      case 'switch_statement':
        return this.lowerSwitch(n, scope, out);
      case 'do_statement':
        return this.lowerDo(n, scope, out);
      case 'for_statement':
      case 'while_statement':
      case 'repeat_while_statement': {
        for (const c of namedChildren(n)) if (c.type !== 'statements') this.lowerExpr(c, scope, out);
        const body = namedChildren(n).find((c) => c.type === 'statements');
        out.push({ k: 'loop', body: this.lowerBlock(body, scope) });
        return;
      }
      case 'property_declaration':
        return this.lowerDeclaration(n, scope, out);
      case 'function_declaration': {
        // A local function that completes the task is a completion helper: calling it completes.
        const name = n.childForFieldName('name');
        if (name && this.completesSomewhere(n, scope)) scope.helpers.add(textOf(this.src, name));
        return;
      }
      case 'assignment':
        return this.lowerAssignment(n, scope, out);
      case 'ERROR':
        for (const c of namedChildren(n)) this.lowerStatement(c, scope, out);
        return;
      default:
        this.lowerExpr(n, scope, out);
    }
  }

  private lowerTransfer(n: Node, scope: Scope, out: Stmt[]): void {
    const keyword = this.src.slice(n.startIndex, n.endIndex).trimStart();
    const kind = keyword.startsWith('throw') ? 'throw' : keyword.startsWith('return') ? 'return' : undefined;
    for (const c of namedChildren(n)) if (c.type !== 'throw_keyword') this.lowerExpr(c, scope, out);
    if (!kind) return; // break / continue / fallthrough end the arm, not the handler.
    out.push({ k: 'exit', kind, span: { start: n.startIndex, end: n.startIndex + (kind === 'throw' ? 5 : 6) }, insert: this.beforePoint(n), taskName: this.nameFor(scope) });
  }

  private lowerIf(n: Node, scope: Scope, out: Stmt[]): void {
    const arms: Stmt[][] = [];
    let exhaustive = false;
    const thenScope: Scope = { aliases: new Set(scope.aliases), helpers: new Set(scope.helpers) };
    this.bindFromCondition(n, n, thenScope);
    let seenElse = false;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type === 'else') {
        if (arms.length === 0) arms.push([]);
        seenElse = true;
        continue;
      }
      if (!c.isNamed) continue;
      if (!seenElse && c.type !== 'statements') {
        this.lowerExpr(c, scope, out);
        continue;
      }
      if (!seenElse) arms.push(this.lowerBlock(c, thenScope));
      else {
        exhaustive = true;
        arms.push(this.lowerBlock(c, scope));
      }
    }
    // `if cond { }` with an empty then-block has no statements node.
    if (arms.length === 0) arms.push([]);
    out.push({ k: 'if', arms, exhaustive });
  }

  private lowerGuard(n: Node, scope: Scope, out: Stmt[]): void {
    let elseBlock: Node | undefined;
    let seenElse = false;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type === 'else') {
        seenElse = true;
        continue;
      }
      if (!c.isNamed) continue;
      if (seenElse && c.type === 'statements') elseBlock = c;
      else if (!seenElse) this.lowerExpr(c, scope, out);
    }
    const elseArm = this.lowerBlock(elseBlock, scope);
    // The else arm must leave; the guard's bindings hold for the rest of the block.
    this.bindFromCondition(n, n, scope);
    out.push({ k: 'if', arms: [elseArm, []], exhaustive: true });
  }

  private lowerSwitch(n: Node, scope: Scope, out: Stmt[]): void {
    const arms: Stmt[][] = [];
    for (const c of namedChildren(n)) {
      if (c.type === 'switch_entry') {
        const st = namedChildren(c).find((x) => x.type === 'statements');
        arms.push(this.lowerBlock(st, scope));
      } else this.lowerExpr(c, scope, out);
    }
    out.push({ k: 'if', arms, exhaustive: true });
  }

  private lowerDo(n: Node, scope: Scope, out: Stmt[]): void {
    let body: Stmt[] = [];
    const catches: Stmt[][] = [];
    for (const c of namedChildren(n)) {
      if (c.type === 'statements') body = this.lowerBlock(c, scope);
      else if (c.type === 'catch_block') catches.push(this.lowerBlock(namedChildren(c).find((x) => x.type === 'statements'), scope));
    }
    out.push({ k: 'do', body, catches });
  }

  private lowerDeclaration(n: Node, scope: Scope, out: Stmt[]): void {
    const value = n.childForFieldName('value');
    const nameNode = n.childForFieldName('name');
    const name = nameNode ? textOf(this.src, nameNode).trim() : undefined;
    if (value && name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      // `let t = task as! BGProcessingTask` / `let t = task`: a new name for the task.
      if (this.isTaskValue(value, scope)) {
        this.noteCast(value, scope);
        scope.aliases.add(name);
        return;
      }
      // `let complete = { ok in task.setTaskCompleted(success: ok) }`: a completion helper.
      if (value.type === 'lambda_literal' && this.completesSomewhere(value, scope)) {
        scope.helpers.add(name);
        return;
      }
    }
    for (const c of namedChildren(n)) if (c !== nameNode) this.lowerExpr(c, scope, out);
  }

  private lowerAssignment(n: Node, scope: Scope, out: Stmt[]): void {
    const target = n.childForFieldName('target');
    const result = n.childForFieldName('result');
    const path = target ? memberPath(this.src, target.namedChild(0) ?? target) : undefined;
    if (path && path.length >= 2 && path[path.length - 1] === 'expirationHandler' && scope.aliases.has(path[path.length - 2])) {
      const body = result?.type === 'lambda_literal' ? this.lowerClosureBody(result, scope) : [];
      const lambda = result?.type === 'lambda_literal' ? result : undefined;
      const onlyLogs = lambda ? this.onlyLogs(lambda) : false;
      out.push({ k: 'expiration', body, span: span(n), onlyLogs, stopsNothing: lambda && !onlyLogs ? this.stopsNothing(lambda) : false });
      return;
    }
    if (result && this.isTaskValue(result, scope)) {
      // `self.currentTask = task`: the task now lives in a property. Its completion is followed no further (silence),
      // but whether anything ever gives it an expiration handler can be told from the file (see storedTaskExpiration).
      const prop = path && (path.length === 1 || (path.length === 2 && path[0] === 'self')) ? path[path.length - 1] : undefined;
      out.push({ k: 'escape', span: span(n), ...(prop ? { storedIn: prop, storedExpiration: this.storedTaskExpiration(prop) } : {}) });
      return;
    }
    if (result?.type === 'lambda_literal') {
      const body = this.lowerClosureBody(result, scope);
      out.push({ k: 'closure', kind: 'stored', body, span: span(result), refsTask: this.refsTask(result, scope), end: closeBrace(result), start: this.bodyStart(result) });
      return;
    }
    if (result) this.lowerExpr(result, scope, out);
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private lowerExpr(n: Node, scope: Scope, out: Stmt[]): void {
    this.guarded(n, out, () => this.lowerExprKind(n, scope, out));
  }

  private lowerExprKind(n: Node, scope: Scope, out: Stmt[]): void {
    switch (n.type) {
      case 'call_expression':
        return this.lowerCall(n, scope, out);
      case 'try_expression': {
        const op = namedChildren(n).find((c) => c.type === 'try_operator');
        const plain = op ? textOf(this.src, op).trim() === 'try' : true;
        const inner = n.childForFieldName('expr');
        if (inner) this.lowerExpr(inner, scope, out);
        if (plain) out.push({ k: 'throws', span: span(n) });
        return;
      }
      case 'await_expression': {
        const inner = n.childForFieldName('expr');
        if (inner) this.lowerExpr(inner, scope, out);
        out.push({ k: 'await', span: span(n) });
        return;
      }
      case 'lambda_literal':
        out.push({ k: 'closure', kind: 'other', body: this.lowerClosureBody(n, scope), span: span(n), refsTask: this.refsTask(n, scope), end: closeBrace(n), start: this.bodyStart(n) });
        return;
      case 'assignment':
        return this.lowerAssignment(n, scope, out);
      case 'if_statement':
        return this.lowerIf(n, scope, out);
      case 'switch_statement':
        return this.lowerSwitch(n, scope, out);
      case 'simple_identifier':
      case 'line_string_literal':
      case 'integer_literal':
      case 'boolean_literal':
        return;
      default:
        for (const c of namedChildren(n)) this.lowerExpr(c, scope, out);
    }
  }

  private lowerCall(n: Node, scope: Scope, out: Stmt[]): void {
    const parts = callParts(this.src, n);
    if (!parts) {
      for (const c of namedChildren(n)) this.lowerExpr(c, scope, out);
      return;
    }
    const { name, receiver, receiverText } = parts;
    // Completion.
    if ((name === 'setTaskCompleted' || name === 'setTaskCompletedWithSuccess') && receiverText && scope.aliases.has(receiverText)) {
      out.push({ k: 'complete', span: span(n) });
      return;
    }
    if (!receiverText && scope.helpers.has(name)) {
      out.push({ k: 'complete', span: span(n) });
      return;
    }
    if ((receiverText === 'self' || receiverText === undefined) && scope.helpers.has(name)) {
      out.push({ k: 'complete', span: span(n) });
      return;
    }
    if (name === 'defer' && !receiver && parts.trailing.length) {
      out.push({ k: 'defer', body: this.lowerClosureBody(parts.trailing[0].node, scope) });
      return;
    }
    if (FATAL.has(name) && !receiver) {
      out.push({ k: 'exit', kind: 'fatal', span: span(n), insert: this.beforePoint(n), taskName: this.nameFor(scope) });
      return;
    }
    // Receiver first: `foo().bar()` runs foo first.
    if (receiver && receiver.type !== 'simple_identifier') this.lowerExpr(receiver, scope, out);
    const labels = parts.args.map((a) => a.label ?? '_');
    let handedOff = false;
    parts.args.forEach((arg, index) => {
      if (arg.value.type === 'lambda_literal') return;
      if (this.isTaskValue(arg.value, scope)) {
        this.noteCast(arg.value, scope);
        handedOff = true;
        // A lowercase name is a function or method we can look up; an initializer or unknown receiver is an escape.
        if (/^[a-z_]/.test(name)) out.push({ k: 'handoff', name, labels, argIndex: index, span: span(n), receiver: receiverText });
        else out.push({ k: 'escape', span: span(n) });
      } else this.lowerExpr(arg.value, scope, out);
    });
    if (receiverText && scope.aliases.has(receiverText) && !handedOff) {
      // Any other method on the task itself (e.g. updateTitle) is not a completion.
    }
    if (name === 'submit' || name === 'submitTaskRequest' || name === 'submitTaskRequestError') out.push({ k: 'submit', span: span(n) });
    else if (!handedOff) out.push({ k: 'call', name, labels, span: span(n) });
    const closures = [...parts.args.filter((a) => a.value.type === 'lambda_literal').map((a) => ({ label: a.label, node: a.value })), ...parts.trailing];
    for (const c of closures) {
      const kind = classifyClosure(name, receiverText, c.label);
      const body = this.lowerClosureBody(c.node, scope);
      out.push({ k: 'closure', kind, body, span: span(c.node), refsTask: this.refsTask(c.node, scope), end: closeBrace(c.node), start: this.bodyStart(c.node) });
    }
  }

  /** A nested closure's body; its own parameters shadow task names. */
  private lowerClosureBody(lambda: Node, scope: Scope): Stmt[] {
    const params = lambdaParams(this.src, lambda);
    const inner: Scope = { aliases: new Set([...scope.aliases].filter((a) => !params.includes(a))), helpers: new Set(scope.helpers) };
    const st = firstStatements(lambda);
    const out: Stmt[] = [];
    if (st) for (const c of namedChildren(st)) this.lowerStatement(c, inner, out);
    out.push(this.endExit(lambda, st, inner));
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Task tracking

  /** The expression is the task itself (`task`, `task!`, `task as? X`, `(task)`), not a member of it. */
  private isTaskValue(n: Node, scope: Scope): boolean {
    switch (n.type) {
      case 'simple_identifier':
        return scope.aliases.has(textOf(this.src, n));
      case 'as_expression': {
        const e = n.childForFieldName('expr');
        return !!e && this.isTaskValue(e, scope);
      }
      case 'postfix_expression': {
        const t = n.childForFieldName('target');
        const op = n.childForFieldName('operation');
        return !!t && !!op && textOf(this.src, op) === '!' && this.isTaskValue(t, scope);
      }
      case 'tuple_expression':
      case 'parenthesized_expression':
        return n.namedChildCount === 1 && this.isTaskValue(n.namedChild(0)!, scope);
      default:
        return false;
    }
  }

  /** Records the first cast of the task (`as?`/`as!`), which tells the task class the handler expects. */
  private noteCast(n: Node, scope: Scope): void {
    if (this.cast) return;
    if (n.type === 'as_expression') {
      const e = n.childForFieldName('expr');
      const typeNode = n.childForFieldName('name') ?? n.namedChild(n.namedChildCount - 1);
      if (e && typeNode && this.isTaskValue(e, scope)) {
        const cls = textOf(this.src, typeNode).replace(/[?!]$/, '').trim() as TaskClass;
        if (TASK_CLASSES.has(cls)) this.cast = { cls, span: span(typeNode) };
      }
    } else if (n.type === 'tuple_expression' || n.type === 'parenthesized_expression') {
      const c = n.namedChild(0);
      if (c) this.noteCast(c, scope);
    }
  }

  /** Handles `if let t = task as? X` / `guard let t = task as? X` bindings. */
  private bindFromCondition(stmt: Node, _cond: Node, scope: Scope): void {
    // Conditions are flattened children: value_binding_pattern, bound_identifier, "=", value …
    let bound: string | undefined;
    for (let i = 0; i < stmt.childCount; i++) {
      const c = stmt.child(i)!;
      const field = stmt.fieldNameForChild(i);
      if (field === 'bound_identifier') bound = textOf(this.src, c);
      else if (field === 'condition' && bound && c.isNamed && c.type !== 'value_binding_pattern') {
        if (this.isTaskValue(c, scope)) {
          this.noteCast(c, scope);
          scope.aliases.add(bound);
        }
        bound = undefined;
      } else if (c.type === 'else' || c.type === 'statements') break;
    }
  }

  /**
   * Offsets of the identifiers of the handler being lowered, by name (member names after a `.` left out), built once:
   * `refsTask` is asked for every nested closure, and scanning each closure's subtree again made a thousand nested
   * closures quadratic.
   */
  private identifierIndex?: { root: Node; byName: Map<string, number[]> };

  private identifiersOf(root: Node): Map<string, number[]> {
    if (this.identifierIndex?.root === root) return this.identifierIndex.byName;
    const byName = new Map<string, number[]>();
    // Member names are found from their `navigation_suffix` downwards: asking each identifier for its parent costs
    // the depth of the tree in tree-sitter, which is quadratic on deep nesting.
    const members = new Set<number>();
    for (const suffix of root.descendantsOfType('navigation_suffix')) {
      for (const c of suffix ? namedChildren(suffix) : []) if (c.type === 'simple_identifier') members.add(c.startIndex);
    }
    for (const id of root.descendantsOfType('simple_identifier')) {
      if (!id || members.has(id.startIndex)) continue;
      const name = textOf(this.src, id);
      const list = byName.get(name);
      if (list) list.push(id.startIndex);
      else byName.set(name, [id.startIndex]);
    }
    this.identifierIndex = { root, byName };
    return byName;
  }

  /** The handler's root node, once lowering has begun (the index of its identifiers is built from it). */
  private handlerRoot?: Node;

  /** The subtree mentions the task (or calls a completion helper, which stands for it). */
  private refsTask(n: Node, scope: Scope): boolean {
    const root = this.handlerRoot;
    if (root && root.startIndex <= n.startIndex && n.endIndex <= root.endIndex) {
      const byName = this.identifiersOf(root);
      for (const name of [...scope.aliases, ...scope.helpers]) {
        const offsets = byName.get(name);
        if (!offsets) continue;
        const i = firstAtOrAfter(offsets, n.startIndex);
        if (i < offsets.length && offsets[i] < n.endIndex) return true;
      }
      return false;
    }
    for (const id of n.descendantsOfType('simple_identifier')) {
      if (!id) continue;
      const name = textOf(this.src, id);
      if (!scope.aliases.has(name) && !scope.helpers.has(name)) continue;
      const p = id.parent;
      if (p?.type === 'navigation_suffix') continue;
      return true;
    }
    return false;
  }

  private completesSomewhere(n: Node, scope: Scope): boolean {
    for (const call of n.descendantsOfType('call_expression')) {
      if (!call) continue;
      const parts = callParts(this.src, call);
      if (!parts) continue;
      if ((parts.name === 'setTaskCompleted' || parts.name === 'setTaskCompletedWithSuccess') && parts.receiverText && scope.aliases.has(parts.receiverText)) return true;
    }
    return false;
  }

  /** An expiration handler body that only logs (no cancel, no completion, no state change). */
  private onlyLogs(lambda: Node): boolean {
    const st = firstStatements(lambda);
    // An empty body does not even log: stopsNothing covers it.
    if (!st || !namedChildren(st).some((c) => c.type !== 'comment' && c.type !== 'multiline_comment')) return false;
    for (const c of namedChildren(st)) {
      if (c.type === 'comment' || c.type === 'multiline_comment') continue;
      if (c.type !== 'call_expression') return false;
      const parts = callParts(this.src, c);
      if (!parts) return false;
      const head = parts.receiverText ? parts.receiverText.replace(/^(self|Self)\./, '').split('.')[0] : parts.name;
      if (!LOGGING.test(head) && !LOGGING.test(parts.name) && !/log(ger)?$/i.test(head)) return false;
    }
    return true;
  }

  /**
   * An expiration handler that neither completes the task nor acts on anything the code uses: an empty body, or
   * cancelling a queue / setting a flag that no other code in the file mentions. Calls of functions, and anything it
   * cannot read, count as doing something (silence).
   */
  private stopsNothing(lambda: Node): boolean {
    const st = firstStatements(lambda);
    const names: string[] = [];
    for (const c of st ? namedChildren(st) : []) {
      if (c.type === 'comment' || c.type === 'multiline_comment') continue;
      if (c.type === 'call_expression') {
        const parts = callParts(this.src, c);
        if (!parts || !parts.receiverText || parts.name === 'setTaskCompleted') return false;
        const head = parts.receiverText.replace(/^(self|Self)\./, '').split(/[.?!([]/)[0];
        if (LOGGING.test(head) || /log(ger)?$/i.test(head)) continue;
        // A call on a type or singleton (`Uploader.shared.cancel()`) may stop work anywhere: it does something.
        if (!/^[a-z_][A-Za-z0-9_]*$/.test(head) || head === 'task' || head === 'self') return false;
        names.push(head);
      } else if (c.type === 'assignment') {
        const target = c.childForFieldName('target');
        const path = target ? memberPath(this.src, target.namedChild(0) ?? target) : undefined;
        if (!path?.length) return false;
        names.push(path[path.length - 1]);
      } else return false;
    }
    const from = lambda.startIndex;
    const to = lambda.endIndex;
    for (const name of names) {
      const re = new RegExp(`\\b${name}\\b`, 'g');
      for (const m of this.src.matchAll(re)) {
        if (m.index! >= from && m.index! < to) continue;
        // A declaration that only creates an idle object (`let queue = OperationQueue()`, `var stop = false`) is not a
        // use; one that starts work (`let work = Task { … }`) is.
        if (/\b(let|var)\s+$/.test(this.src.slice(Math.max(0, m.index! - 12), m.index))) {
          const lineEnd = this.src.indexOf('\n', m.index!);
          const rest = this.src.slice(m.index! + name.length, lineEnd < 0 ? undefined : lineEnd);
          if (/^\s*(:\s*[\w.<>?![\]]+\s*)?(=\s*(OperationQueue|DispatchQueue|NSOperationQueue)\s*\([^{}]*\)|=\s*(true|false|nil|\d+))?\s*(\/\/.*)?\r?$/.test(rest)) continue;
        }
        return false;
      }
    }
    return true;
  }

  /**
   * A task stored in a property (`activeTask = task`): 'set' when the file assigns `<prop>.expirationHandler`;
   * 'never' when the file completes it through the property (`prop?.setTaskCompleted`), every other use is a member
   * access or an assignment, and nothing sets one; 'unknown' otherwise (handed on as a value, or managed elsewhere).
   */
  private storedTaskExpiration(prop: string): 'set' | 'never' | 'unknown' {
    const re = new RegExp(`\\b${prop}\\b`, 'g');
    let sets = false;
    let completes = false;
    for (const m of this.src.matchAll(re)) {
      const after = this.src.slice(m.index! + prop.length, m.index! + prop.length + 40);
      const before = this.src.slice(Math.max(0, m.index! - 12), m.index);
      if (/^\s*[?!]?\s*\.\s*expirationHandler\b/.test(after)) sets = true;
      else if (/^\s*[?!]?\s*\.\s*setTaskCompleted\b/.test(after)) completes = true;
      else if (/^\s*[?!]?\s*\./.test(after)) continue; // a member use: prop?.setTaskCompleted(…)
      else if (/^\s*=[^=]/.test(after)) continue; // assigned (task stored, or cleared with nil)
      else if (/\b(let|var)\s+$/.test(before) || /^\s*:/.test(after)) continue; // its declaration
      else return 'unknown';
    }
    // Only a file that manages the stored task itself (completes it through the property) is judged.
    return sets ? 'set' : completes ? 'never' : 'unknown';
  }

  private cancellableOf(st: Node): LoweredHandler['cancellable'] {
    if (st.type !== 'property_declaration') return undefined;
    const value = st.childForFieldName('value');
    const nameNode = st.childForFieldName('name');
    if (!value || !nameNode) return undefined;
    const name = textOf(this.src, nameNode).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
    if (value.type === 'call_expression') {
      const parts = callParts(this.src, value);
      const at = { end: st.endIndex, indent: this.indentOf(st.startIndex) };
      if (parts && ((parts.name === 'Task' && !parts.receiverText) || (parts.receiverText === 'Task' && parts.name === 'detached'))) return { name, kind: 'task', ...at };
      if (parts && parts.name === 'OperationQueue') return { name, kind: 'queue', ...at };
    }
    return undefined;
  }

  private nameFor(scope: Scope): string {
    const names = [...scope.aliases];
    return names[names.length - 1] ?? 'task';
  }

  // ---------------------------------------------------------------------------------------------
  // Insertion points

  private indentOf(offset: number): string {
    const lineStart = this.src.lastIndexOf('\n', offset - 1) + 1;
    const m = /^[ \t]*/.exec(this.src.slice(lineStart, offset));
    return m ? m[0] : '';
  }

  private onOwnLine(offset: number): boolean {
    const lineStart = this.src.lastIndexOf('\n', offset - 1) + 1;
    return this.src.slice(lineStart, offset).trim() === '';
  }

  /** Insert before a statement: on its own line above it, or `stmt; ` inline for one-line blocks. */
  private beforePoint(n: Node): InsertPoint {
    const indent = this.indentOf(n.startIndex);
    if (this.onOwnLine(n.startIndex)) return { offset: n.startIndex, indent, prefix: '', suffix: '\n' + indent };
    return { offset: n.startIndex, indent, prefix: '', suffix: '; ' };
  }

  /** The implicit exit at the end of a body: after its last statement, or inside empty braces. */
  private endExit(owner: Node, statements: Node | undefined, scope: Scope): Stmt {
    const close = closeBrace(owner);
    const last = statements ? statements.namedChild(statements.namedChildCount - 1) : undefined;
    let insert: InsertPoint;
    if (last) {
      const indent = this.indentOf(last.startIndex);
      insert = this.onOwnLine(last.startIndex) && this.src.slice(last.endIndex, close.start).includes('\n')
        ? { offset: last.endIndex, indent, prefix: '\n' + indent, suffix: '' }
        : { offset: last.endIndex, indent, prefix: '; ', suffix: '' };
    } else insert = { offset: close.start, indent: this.indentOf(close.start), prefix: ' ', suffix: ' ' };
    return { k: 'exit', kind: 'end', span: close, insert, taskName: this.nameFor(scope) };
  }

  /** Before the first statement of a closure body (or inside its empty braces). */
  private bodyStart(lambda: Node): InsertPoint {
    return this.expirationPoint(lambda, firstStatements(lambda), undefined);
  }

  private expirationPoint(owner: Node | undefined, statements: Node | undefined, afterBinding: Node | undefined): InsertPoint {
    if (afterBinding) {
      const indent = this.indentOf(afterBinding.startIndex);
      return { offset: afterBinding.endIndex, indent, prefix: '\n' + indent, suffix: '' };
    }
    const first = statements?.namedChild(0);
    if (first && this.onOwnLine(first.startIndex)) {
      const indent = this.indentOf(first.startIndex);
      return { offset: first.startIndex, indent, prefix: '', suffix: '\n' + indent };
    }
    const at = first ? first.startIndex : owner ? closeBrace(owner).start : 0;
    return { offset: at, indent: this.indentOf(at), prefix: '', suffix: '; ' };
  }
}

// -----------------------------------------------------------------------------------------------

/** The `statements` node of a lambda, function, or computed property. */
/** Index of the first offset >= `offset` in a sorted list. */
function firstAtOrAfter(list: number[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function firstStatements(n: Node): Node | undefined {
  if (n.type === 'statements') return n;
  for (const c of namedChildren(n)) {
    if (c.type === 'statements') return c;
    if (c.type === 'function_body' || c.type === 'computed_property') return firstStatements(c);
  }
  return undefined;
}

export function lambdaParams(src: string, lambda: Node): string[] {
  const type = lambda.childForFieldName('type') ?? namedChildren(lambda).find((c) => c.type === 'lambda_function_type');
  if (!type) return [];
  const out: string[] = [];
  for (const d of type.descendantsOfType('lambda_parameter')) {
    if (!d) continue;
    const name = d.childForFieldName('name') ?? d.namedChild(0);
    if (name) out.push(textOf(src, name));
  }
  if (out.length === 0) {
    // `{ task in … }` without parentheses sometimes parses as a bare identifier list.
    const ids = type.descendantsOfType('simple_identifier');
    for (const id of ids) if (id) out.push(textOf(src, id));
  }
  return out;
}

/** The span of the closing brace of a lambda or function body. */
export function closeBrace(n: Node): Span {
  const body = n.type === 'function_declaration' ? n.childForFieldName('body') ?? n : n;
  const end = body.endIndex;
  return { start: Math.max(body.startIndex, end - 1), end };
}

function isTaskStatement(src: string, st: Node): boolean {
  if (st.type !== 'call_expression') return false;
  const parts = callParts(src, st);
  return !!parts && parts.name === 'Task' && !parts.receiverText && parts.trailing.length === 1;
}
