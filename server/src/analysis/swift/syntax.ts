/**
 * Small helpers over tree-sitter-swift nodes: call anatomy, identifier expressions, string literals.
 * All offsets are UTF-16 indices into the source string.
 */
import type { Node } from 'web-tree-sitter';
import type { IdExpr, IdUse } from '../model/facts';
import type { Span } from '../text/lineIndex';

export function span(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

export function textOf(src: string, n: Node): string {
  return src.slice(n.startIndex, n.endIndex);
}

export function namedChildren(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c);
}

export interface CallArg {
  label?: string;
  value: Node;
  node: Node;
}

export interface CallParts {
  /** The called expression (identifier, member access …). */
  callee: Node;
  /** The last name in the callee: `register` for `BGTaskScheduler.shared.register(…)`. */
  name: string;
  /** The expression before `.name`, when there is one. */
  receiver?: Node;
  /** Receiver text without optional-chaining marks (`self.task?` → `self.task`). */
  receiverText?: string;
  args: CallArg[];
  /** Trailing closures, with their labels for the second and later ones. */
  trailing: { label?: string; node: Node }[];
  /** The callee is an implicit member (`.appRefresh(…)`). */
  implicitMember: boolean;
}

/** Splits a `call_expression` into callee, receiver, arguments and trailing closures. */
/** `name(label:other:)`: a reference to a function by its full name, not a call. */
export function isFunctionReference(call: Node): boolean {
  const suffix = call.namedChild(call.namedChildCount - 1);
  if (suffix?.type !== 'call_suffix') return false;
  const args = suffix.namedChildren.find((c) => c?.type === 'value_arguments');
  if (!args || !args.namedChildCount) return false;
  return args.namedChildren.every((a) => a?.type === 'value_argument' && !!a.childForFieldName('reference_specifier'));
}

export function callParts(src: string, call: Node): CallParts | undefined {
  const callee = call.namedChild(0);
  const suffix = call.namedChild(call.namedChildCount - 1);
  if (!callee || !suffix || suffix.type !== 'call_suffix' || callee === suffix) return undefined;
  let name = '';
  let receiver: Node | undefined;
  let implicitMember = false;
  if (callee.type === 'simple_identifier') name = textOf(src, callee);
  else if (callee.type === 'navigation_expression') {
    const suf = callee.childForFieldName('suffix');
    const id = suf?.childForFieldName('suffix') ?? suf?.namedChild(0);
    name = id ? textOf(src, id) : '';
    receiver = callee.childForFieldName('target') ?? undefined;
  } else if (callee.type === 'prefix_expression') {
    const target = callee.childForFieldName('target');
    if (target?.type === 'simple_identifier') {
      name = textOf(src, target);
      implicitMember = true;
    }
  } else if (callee.type === 'user_type' || callee.type === 'type_identifier') {
    name = textOf(src, callee);
  }
  const args: CallArg[] = [];
  const trailing: { label?: string; node: Node }[] = [];
  let pendingLabel: string | undefined;
  for (let i = 0; i < suffix.childCount; i++) {
    const c = suffix.child(i);
    if (!c) continue;
    if (c.type === 'value_arguments') {
      for (let j = 0; j < c.namedChildCount; j++) {
        const a = c.namedChild(j);
        if (!a || a.type !== 'value_argument') continue;
        const labelNode = a.childForFieldName('name');
        const value = a.childForFieldName('value') ?? a.namedChild(a.namedChildCount - 1);
        if (!value) continue;
        args.push({ label: labelNode ? textOf(src, labelNode).trim() : undefined, value, node: a });
      }
    } else if (c.type === 'lambda_literal') {
      trailing.push({ label: pendingLabel, node: c });
      pendingLabel = undefined;
    } else if (c.type === 'simple_identifier') {
      pendingLabel = textOf(src, c);
    }
  }
  let receiverText: string | undefined;
  if (receiver) receiverText = receiverTextOf(src, receiver.startIndex, receiver.endIndex);
  return { callee, name, receiver, receiverText, args, trailing, implicitMember };
}

/** Receivers longer than this keep their start and end, joined by `…` (no name or path is that long). */
const MAX_RECEIVER_CHARS = 512;

/**
 * A call's receiver without `?`, `!` and white space. In a chain (`a.b(…).c(…)…`) each call's receiver is the whole
 * chain before it: kept whole, a chain of n calls held n² characters (a 5 MB chain ran out of memory). A long one keeps
 * its head (the type or name it starts from) and its tail (the member it ends with), which is what is asked of it.
 */
function receiverTextOf(src: string, start: number, end: number): string {
  const clean = (t: string) => t.replace(/[?!]/g, '').replace(/\s+/g, '');
  if (end - start <= MAX_RECEIVER_CHARS) return clean(src.slice(start, end));
  const half = MAX_RECEIVER_CHARS / 2;
  return `${clean(src.slice(start, start + half))}…${clean(src.slice(end - half, end))}`;
}

/** The text of a string literal when it has no interpolation (escapes decoded), else undefined. */
export function plainString(src: string, n: Node): { value: string; textSpan: Span } | undefined {
  if (n.type !== 'line_string_literal' && n.type !== 'multi_line_string_literal') return undefined;
  let value = '';
  let start = -1;
  let end = -1;
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i)!;
    if (c.type === 'interpolated_expression') return undefined;
    if (c.type === 'line_str_text' || c.type === 'multi_line_str_text') value += textOf(src, c);
    else if (c.type === 'str_escaped_char') value += unescape(textOf(src, c));
    else continue;
    if (start < 0) start = c.startIndex;
    end = c.endIndex;
  }
  if (start < 0) {
    // Empty literal: the text span is between the quotes.
    const q = n.type === 'line_string_literal' ? 1 : 3;
    start = end = Math.min(n.startIndex + q, n.endIndex);
  }
  return { value, textSpan: { start, end } };
}

function unescape(esc: string): string {
  switch (esc) {
    case '\\n':
      return '\n';
    case '\\t':
      return '\t';
    case '\\"':
      return '"';
    case "\\'":
      return "'";
    case '\\\\':
      return '\\';
    default: {
      const u = /^\\u\{([0-9a-fA-F]+)\}$/.exec(esc);
      return u ? String.fromCodePoint(parseInt(u[1], 16)) : esc;
    }
  }
}

/** Flattens a member-access chain into names: `Self.TaskID.refresh.rawValue` → ['Self','TaskID','refresh','rawValue']. */
export function memberPath(src: string, n: Node): string[] | undefined {
  if (n.type === 'simple_identifier' || n.type === 'type_identifier') return [textOf(src, n)];
  if (n.type === 'self_expression') return ['self'];
  if (n.type === 'user_type') {
    const parts = namedChildren(n).filter((c) => c.type === 'type_identifier').map((c) => textOf(src, c));
    return parts.length ? parts : undefined;
  }
  if (n.type === 'navigation_expression') {
    const target = n.childForFieldName('target');
    const suffix = n.childForFieldName('suffix');
    const id = suffix?.childForFieldName('suffix') ?? suffix?.namedChild(0);
    if (!target || !id) return undefined;
    const head = memberPath(src, target);
    if (!head) return undefined;
    return [...head, textOf(src, id)];
  }
  if (n.type === 'postfix_expression') {
    const t = n.childForFieldName('target');
    return t ? memberPath(src, t) : undefined;
  }
  return undefined;
}

function isBundleIdentifier(path: string[]): boolean {
  const p = path.filter((x) => x !== 'self');
  return p.length >= 3 && p[p.length - 1] === 'bundleIdentifier' && p[p.length - 2] === 'main' && p[p.length - 3] === 'Bundle';
}

/** Lowers an expression that yields a task identifier into an IdExpr. `scope` is the enclosing type path. */
export function idExpr(src: string, n: Node, scope: string[], depth = 0): IdExpr {
  if (depth > 20) return { t: 'unknown', text: textOf(src, n) };
  switch (n.type) {
    case 'line_string_literal':
    case 'multi_line_string_literal': {
      const parts: IdExpr[] = [];
      for (let i = 0; i < n.namedChildCount; i++) {
        const c = n.namedChild(i)!;
        if (c.type === 'line_str_text' || c.type === 'multi_line_str_text') parts.push({ t: 'lit', value: textOf(src, c) });
        else if (c.type === 'str_escaped_char') parts.push({ t: 'lit', value: unescape(textOf(src, c)) });
        else if (c.type === 'interpolated_expression') {
          const v = c.childForFieldName('value') ?? c.namedChild(0);
          parts.push(v ? idExpr(src, v, scope, depth + 1) : { t: 'unknown', text: textOf(src, c) });
        }
      }
      return simplifyConcat(parts);
    }
    case 'additive_expression': {
      const op = n.childForFieldName('op');
      const lhs = n.childForFieldName('lhs');
      const rhs = n.childForFieldName('rhs');
      if (op && textOf(src, op) === '+' && lhs && rhs) return simplifyConcat([idExpr(src, lhs, scope, depth + 1), idExpr(src, rhs, scope, depth + 1)]);
      break;
    }
    case 'nil_coalescing_expression': {
      const v = n.childForFieldName('value') ?? n.namedChild(0);
      if (v) {
        const inner = idExpr(src, v, scope, depth + 1);
        if (inner.t !== 'unknown') return inner;
      }
      break;
    }
    case 'tuple_expression':
    case 'parenthesized_expression': {
      if (n.namedChildCount === 1) return idExpr(src, n.namedChild(0)!, scope, depth + 1);
      break;
    }
    case 'postfix_expression': {
      const t = n.childForFieldName('target');
      if (t) return idExpr(src, t, scope, depth + 1);
      break;
    }
    case 'as_expression': {
      const e = n.childForFieldName('expr');
      if (e) return idExpr(src, e, scope, depth + 1);
      break;
    }
    case 'simple_identifier':
    case 'navigation_expression': {
      const path = memberPath(src, n);
      if (!path) break;
      if (isBundleIdentifier(path)) return { t: 'bundle' };
      let p = path;
      if (p[p.length - 1] === 'rawValue' && p.length > 1) p = p.slice(0, -1);
      if (p[0] === 'Self' || p[0] === 'self') p = p.slice(1);
      if (p.length === 0) break;
      return { t: 'ref', path: p, scope };
    }
    case 'call_expression': {
      // String("…") and String(describing:) wrappers.
      const callee = n.namedChild(0);
      const args = n.namedChild(1)?.namedChild(0);
      if (callee && textOf(src, callee) === 'String' && args?.type === 'value_arguments' && args.namedChildCount === 1) {
        const v = args.namedChild(0)?.childForFieldName('value');
        if (v) return idExpr(src, v, scope, depth + 1);
      }
      break;
    }
  }
  return { t: 'unknown', text: textOf(src, n) };
}

function simplifyConcat(parts: IdExpr[]): IdExpr {
  const flat: IdExpr[] = [];
  for (const p of parts) {
    if (p.t === 'concat') flat.push(...p.parts);
    else if (p.t === 'lit' && flat.length && flat[flat.length - 1].t === 'lit') {
      const prev = flat.pop() as { t: 'lit'; value: string };
      flat.push({ t: 'lit', value: prev.value + p.value });
    } else flat.push(p);
  }
  if (flat.length === 0) return { t: 'lit', value: '' };
  return flat.length === 1 ? flat[0] : { t: 'concat', parts: flat };
}

export function idUse(src: string, n: Node, scope: string[]): IdUse {
  const lit = plainString(src, n);
  return { expr: idExpr(src, n, scope), span: span(n), literalSpan: lit?.textSpan };
}

