/**
 * Lowers a TypeScript/JavaScript task handler (an arrow function, function expression or declaration, or a method)
 * into the same flow IR the Swift handlers use, so the handler rules work unchanged. What "completes" differs per
 * library and is given by a `Completion` description: `BackgroundFetch.finish(taskId)`, `resolve()`/`reject()` or
 * `task.setTaskCompletedWithSuccess(…)`. A completion function handed on as a value (`.then(resolve, reject)`,
 * `work(resolve)`) counts as completing, like a Swift helper that receives the task.
 */
import type { Node } from 'web-tree-sitter';
import type { InsertPoint, Stmt } from '../model/facts';
import type { Span } from '../text/lineIndex';

export interface Completion {
  /** Calls `receiver.method(…)` that complete (receiver undefined: a bare call `method(…)`). */
  calls: { receiver?: string; names: string[] }[];
  /** Receivers that are the task (NativeScript): `task.setTaskCompletedWithSuccess(…)`. */
  taskNames?: string[];
}

interface Scope {
  aliases: Set<string>;
  helpers: Set<string>;
}

export interface LoweredTs {
  body: Stmt[];
  expirationInsert: InsertPoint;
}

const text = (src: string, n: Node) => src.slice(n.startIndex, n.endIndex);
const span = (n: Node): Span => ({ start: n.startIndex, end: n.endIndex });
const kids = (n: Node) => n.namedChildren.filter((c): c is Node => !!c);

export function functionBody(fn: Node): Node | undefined {
  return fn.childForFieldName('body') ?? undefined;
}

export function paramNames(src: string, fn: Node): string[] {
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return [];
  if (params.type === 'identifier') return [text(src, params)];
  const out: string[] = [];
  for (const p of kids(params)) {
    const pat = p.childForFieldName('pattern') ?? p;
    out.push(pat.type === 'identifier' ? text(src, pat) : '');
  }
  return out;
}

export class TsHandlerLowering {
  constructor(
    private readonly src: string,
    private readonly completion: Completion,
  ) {}

  lower(fn: Node): LoweredTs {
    const scope: Scope = { aliases: new Set(this.completion.taskNames ?? []), helpers: new Set() };
    const body = functionBody(fn);
    const out: Stmt[] = [];
    if (body?.type === 'statement_block') {
      for (const st of kids(body)) this.stmt(st, scope, out, false);
    } else if (body) {
      // Expression body: its value is returned.
      this.expr(body, scope, out);
    }
    out.push(this.endExit(fn, body, scope));
    return { body: out, expirationInsert: this.firstStatementPoint(body) };
  }

  private block(n: Node | null | undefined, scope: Scope, inTry: boolean): Stmt[] {
    const out: Stmt[] = [];
    if (!n) return out;
    const inner: Scope = { aliases: new Set(scope.aliases), helpers: new Set(scope.helpers) };
    if (n.type === 'statement_block') for (const st of kids(n)) this.stmt(st, inner, out, inTry);
    else this.stmt(n, inner, out, inTry);
    return out;
  }

  private stmt(n: Node, scope: Scope, out: Stmt[], inTry: boolean): void {
    switch (n.type) {
      case 'comment':
        return;
      case 'statement_block':
        out.push(...this.block(n, scope, inTry));
        return;
      case 'return_statement': {
        const value = kids(n)[0];
        if (value) this.expr(value, scope, out);
        out.push({ k: 'exit', kind: 'return', span: { start: n.startIndex, end: n.startIndex + 6 }, insert: this.beforePoint(n), taskName: this.nameFor(scope) });
        return;
      }
      case 'throw_statement':
        for (const c of kids(n)) this.expr(c, scope, out);
        if (inTry) out.push({ k: 'throws', span: span(n) });
        out.push({ k: 'exit', kind: 'throw', span: { start: n.startIndex, end: n.startIndex + 5 }, insert: this.beforePoint(n), taskName: this.nameFor(scope) });
        return;
      case 'if_statement': {
        const cond = n.childForFieldName('condition');
        if (cond) this.expr(cond, scope, out);
        const arms = [this.block(n.childForFieldName('consequence'), scope, inTry)];
        const alt = n.childForFieldName('alternative');
        if (alt) arms.push(this.block(kids(alt)[0], scope, inTry));
        out.push({ k: 'if', arms, exhaustive: !!alt });
        return;
      }
      case 'switch_statement': {
        const value = n.childForFieldName('value');
        if (value) this.expr(value, scope, out);
        const body = n.childForFieldName('body');
        const arms: Stmt[][] = [];
        let hasDefault = false;
        for (const c of body ? kids(body) : []) {
          if (c.type !== 'switch_case' && c.type !== 'switch_default') continue;
          if (c.type === 'switch_default') hasDefault = true;
          const arm: Stmt[] = [];
          for (const st of c.childrenForFieldName('body')) if (st) this.stmt(st, scope, arm, inTry);
          arms.push(arm);
        }
        out.push({ k: 'if', arms: arms.length ? arms : [[]], exhaustive: hasDefault });
        return;
      }
      case 'try_statement': {
        const body = this.block(n.childForFieldName('body'), scope, true);
        const handler = n.childForFieldName('handler');
        const catches = handler ? [this.block(handler.childForFieldName('body'), scope, inTry)] : [];
        const finalizer = n.childForFieldName('finalizer');
        // `finally` runs on every exit, like Swift's defer.
        if (finalizer) out.push({ k: 'defer', body: this.block(finalizer.childForFieldName('body') ?? kids(finalizer)[0], scope, false) });
        out.push({ k: 'do', body, catches });
        return;
      }
      case 'for_statement':
      case 'for_in_statement':
      case 'while_statement':
      case 'do_statement': {
        const body = n.childForFieldName('body');
        for (const c of kids(n)) if (c !== body) this.expr(c, scope, out);
        out.push({ k: 'loop', body: this.block(body, scope, inTry) });
        return;
      }
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of kids(n)) {
          if (d.type !== 'variable_declarator') continue;
          const name = d.childForFieldName('name');
          const value = d.childForFieldName('value');
          if (name?.type === 'identifier' && value && this.isTaskValue(value, scope)) {
            scope.aliases.add(text(this.src, name));
            continue;
          }
          if (name?.type === 'identifier' && value && isFunction(value) && this.completesSomewhere(value, scope)) {
            scope.helpers.add(text(this.src, name));
            continue;
          }
          if (value) this.expr(value, scope, out);
        }
        if (inTry) out.push({ k: 'throws', span: span(n) });
        return;
      case 'function_declaration': {
        const name = n.childForFieldName('name');
        if (name && this.completesSomewhere(n, scope)) scope.helpers.add(text(this.src, name));
        return;
      }
      case 'expression_statement':
        for (const c of kids(n)) this.expr(c, scope, out);
        if (inTry) out.push({ k: 'throws', span: span(n) });
        return;
      default:
        this.expr(n, scope, out);
    }
  }

  private expr(n: Node, scope: Scope, out: Stmt[]): void {
    switch (n.type) {
      case 'call_expression':
        return this.call(n, scope, out);
      case 'await_expression':
        for (const c of kids(n)) this.expr(c, scope, out);
        out.push({ k: 'await', span: span(n) });
        return;
      case 'assignment_expression': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (left?.type === 'member_expression' && text(this.src, left.childForFieldName('property') ?? left) === 'expirationHandler') {
          const obj = left.childForFieldName('object');
          if (obj && this.isTaskValue(obj, scope)) {
            const body = right && isFunction(right) ? this.closureBody(right, scope) : [];
            out.push({ k: 'expiration', body, span: span(n), onlyLogs: right ? this.onlyLogs(right) : false });
            return;
          }
        }
        if (right && this.isTaskValue(right, scope)) {
          out.push({ k: 'escape', span: span(n) });
          return;
        }
        if (right && isFunction(right)) {
          out.push({ k: 'closure', kind: 'stored', body: this.closureBody(right, scope), span: span(right), refsTask: this.refsTask(right, scope), end: closeOf(right), start: this.firstStatementPoint(functionBody(right)) });
          return;
        }
        if (right) this.expr(right, scope, out);
        return;
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
        out.push({ k: 'closure', kind: 'other', body: this.closureBody(n, scope), span: span(n), refsTask: this.refsTask(n, scope), end: closeOf(n), start: this.firstStatementPoint(functionBody(n)) });
        return;
      case 'identifier':
      case 'string':
      case 'number':
      case 'template_string':
        return;
      default:
        for (const c of kids(n)) this.expr(c, scope, out);
    }
  }

  private call(n: Node, scope: Scope, out: Stmt[]): void {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    let name = '';
    let receiver: string | undefined;
    if (fn?.type === 'identifier') name = text(this.src, fn);
    else if (fn?.type === 'member_expression') {
      name = text(this.src, fn.childForFieldName('property') ?? fn);
      const obj = fn.childForFieldName('object');
      // `(task as BGProcessingTask).setTaskCompletedWithSuccess(…)` is a call on the task.
      const bare = obj ? unwrapTs(obj) : undefined;
      receiver = bare ? text(this.src, bare).replace(/\s+/g, '').replace(/[?!]/g, '') : undefined;
      if (bare && bare.type !== 'identifier' && bare.type !== 'this') this.expr(bare, scope, out);
    }
    if (this.isCompletion(name, receiver, scope)) {
      for (const a of args ? kids(args) : []) if (!isFunction(a)) this.expr(a, scope, out);
      out.push({ k: 'complete', span: span(n) });
      return;
    }
    const argNodes = args ? kids(args) : [];
    const labels = argNodes.map(() => '_');
    let handedOff = false;
    argNodes.forEach((a, i) => {
      if (isFunction(a)) return;
      if (a.type === 'identifier' && this.isCompletion(text(this.src, a), undefined, scope)) {
        // `.then(resolve, reject)`, `work(resolve)`: whoever receives the completion function calls it.
        out.push({ k: 'complete', span: span(a) });
        return;
      }
      if (this.isTaskValue(a, scope)) {
        handedOff = true;
        out.push(/^[a-z_]/.test(name) ? { k: 'handoff', name, labels, argIndex: i, span: span(n), receiver } : { k: 'escape', span: span(n) });
      } else this.expr(a, scope, out);
    });
    if (name === 'submitTaskRequestError' || name === 'submitTaskRequestCompletionHandler') out.push({ k: 'submit', span: span(n) });
    else if (!handedOff) out.push({ k: 'call', name, labels, span: span(n) });
    for (const a of argNodes) {
      if (!isFunction(a)) continue;
      const kind = name === 'setTimeout' || name === 'setInterval' ? 'delayed' : name === 'forEach' || name === 'map' || name === 'filter' ? 'sync' : 'other';
      out.push({ k: 'closure', kind, body: this.closureBody(a, scope), span: span(a), refsTask: this.refsTask(a, scope), end: closeOf(a), start: this.firstStatementPoint(functionBody(a)) });
    }
  }

  private isCompletion(name: string, receiver: string | undefined, scope: Scope): boolean {
    if (scope.helpers.has(name) && (!receiver || receiver === 'this')) return true;
    if (receiver && scope.aliases.has(receiver) && (name === 'setTaskCompletedWithSuccess' || name === 'setTaskCompleted')) return true;
    return this.completion.calls.some((c) => c.names.includes(name) && (c.receiver === undefined ? receiver === undefined : c.receiver === receiver));
  }

  private closureBody(fn: Node, scope: Scope): Stmt[] {
    const params = paramNames(this.src, fn);
    const inner: Scope = { aliases: new Set([...scope.aliases].filter((a) => !params.includes(a))), helpers: new Set(scope.helpers) };
    const body = functionBody(fn);
    const out: Stmt[] = [];
    if (body?.type === 'statement_block') for (const st of kids(body)) this.stmt(st, inner, out, false);
    else if (body) this.expr(body, inner, out);
    out.push(this.endExit(fn, body, inner));
    return out;
  }

  private isTaskValue(n: Node, scope: Scope): boolean {
    const bare = unwrapTs(n);
    return bare.type === 'identifier' && scope.aliases.has(text(this.src, bare));
  }

  private refsTask(n: Node, scope: Scope): boolean {
    for (const id of n.descendantsOfType('identifier')) if (id && (scope.aliases.has(text(this.src, id)) || scope.helpers.has(text(this.src, id)))) return true;
    for (const m of n.descendantsOfType('member_expression')) {
      if (!m) continue;
      const obj = m.childForFieldName('object');
      const prop = m.childForFieldName('property');
      if (obj && prop && this.isCompletion(text(this.src, prop), text(this.src, obj), scope)) return true;
    }
    for (const c of n.descendantsOfType('call_expression')) {
      const f = c?.childForFieldName('function');
      if (f?.type === 'identifier' && this.isCompletion(text(this.src, f), undefined, scope)) return true;
    }
    return false;
  }

  private completesSomewhere(n: Node, scope: Scope): boolean {
    for (const c of n.descendantsOfType('call_expression')) {
      if (!c) continue;
      const f = c.childForFieldName('function');
      if (f?.type === 'identifier' && this.isCompletion(text(this.src, f), undefined, scope)) return true;
      if (f?.type === 'member_expression') {
        const obj = f.childForFieldName('object');
        const prop = f.childForFieldName('property');
        if (obj && prop && this.isCompletion(text(this.src, prop), text(this.src, obj), scope)) return true;
      }
    }
    return false;
  }

  private onlyLogs(fn: Node): boolean {
    const body = functionBody(fn);
    const stmts = body?.type === 'statement_block' ? kids(body) : body ? [body] : [];
    return stmts.every((s) => s.type === 'comment' || /^(console\.\w+|\w*log\w*\.\w+|print)\s*\(/.test(text(this.src, s).trim()));
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

  private beforePoint(n: Node): InsertPoint {
    const indent = this.indentOf(n.startIndex);
    // `if (x) return;`: a statement added before the exit has to share a new block with it.
    const parent = n.parent;
    const braceless = !!parent && (parent.type === 'else_clause' || (parent.type === 'if_statement' && parent.childForFieldName('condition')?.id !== n.id) || ((parent.type === 'for_statement' || parent.type === 'for_in_statement' || parent.type === 'while_statement' || parent.type === 'do_statement') && parent.childForFieldName('body')?.id === n.id));
    if (braceless) return { offset: n.startIndex, indent, prefix: '{ ', suffix: ' ', wrapEnd: n.endIndex };
    if (this.onOwnLine(n.startIndex)) return { offset: n.startIndex, indent, prefix: '', suffix: '\n' + indent };
    return { offset: n.startIndex, indent, prefix: '', suffix: ' ' };
  }

  private endExit(fn: Node, body: Node | undefined, scope: Scope): Stmt {
    const close = closeOf(fn);
    const stmts = body?.type === 'statement_block' ? kids(body).filter((c) => c.type !== 'comment') : [];
    const last = stmts[stmts.length - 1];
    let insert: InsertPoint;
    if (last) {
      const indent = this.indentOf(last.startIndex);
      insert = this.onOwnLine(last.startIndex) ? { offset: last.endIndex, indent, prefix: '\n' + indent, suffix: '' } : { offset: last.endIndex, indent, prefix: ' ', suffix: '' };
    } else insert = { offset: close.start, indent: this.indentOf(close.start), prefix: ' ', suffix: ' ' };
    return { k: 'exit', kind: 'end', span: close, insert, taskName: this.nameFor(scope) };
  }

  private firstStatementPoint(body: Node | undefined): InsertPoint {
    const first = body?.type === 'statement_block' ? kids(body).find((c) => c.type !== 'comment') : undefined;
    if (first && this.onOwnLine(first.startIndex)) {
      const indent = this.indentOf(first.startIndex);
      return { offset: first.startIndex, indent, prefix: '', suffix: '\n' + indent };
    }
    const at = first ? first.startIndex : body ? body.startIndex + 1 : 0;
    return { offset: at, indent: this.indentOf(at), prefix: ' ', suffix: ' ' };
  }
}

/** The expression under type-only wrappers: `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`. */
export function unwrapTs(n: Node): Node {
  let cur = n;
  while (cur.type === 'parenthesized_expression' || cur.type === 'as_expression' || cur.type === 'satisfies_expression' || cur.type === 'non_null_expression' || cur.type === 'type_assertion') {
    const inner = kids(cur);
    const next = cur.type === 'type_assertion' ? inner[inner.length - 1] : inner[0];
    if (!next) break;
    cur = next;
  }
  return cur;
}

export function isFunction(n: Node): boolean {
  return n.type === 'arrow_function' || n.type === 'function_expression' || n.type === 'function';
}

/** The closing brace of a function's body (or the end of an expression body). */
export function closeOf(fn: Node): Span {
  const body = fn.childForFieldName('body') ?? fn;
  return body.type === 'statement_block' ? { start: body.endIndex - 1, end: body.endIndex } : { start: body.endIndex, end: body.endIndex };
}
