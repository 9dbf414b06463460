/**
 * Small helpers over tree-sitter-objc nodes: the anatomy of a message send (`[receiver key:arg key:arg]`), selectors
 * as name + labels (the way Swift names the bridged method: `application:didFinishLaunchingWithOptions:` is
 * `application` with labels `_`, `didFinishLaunchingWithOptions`), receivers in the form the call graph reads
 * (`Type.shared`, `Type()`), and identifier expressions (`@"…"`, constants, `stringWithFormat:`, the bundle id).
 */
import type { Node } from 'web-tree-sitter';
import type { IdExpr, IdUse } from '../model/facts';
import type { Span } from '../text/lineIndex';

export const span = (n: Node): Span => ({ start: n.startIndex, end: n.endIndex });
export const textOf = (src: string, n: Node): string => src.slice(n.startIndex, n.endIndex);
export const kids = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c);

export interface MessagePart {
  keyword: string;
  keywordNode: Node;
  /** The argument after `keyword:` (undefined for a unary selector). */
  arg?: Node;
  /** Further arguments of a variadic part (`stringWithFormat:@"%@.x", a, b`). */
  extra: Node[];
}

export interface MessageParts {
  receiver?: Node;
  /** The receiver as the call graph reads it (see receiverText). */
  receiverText?: string;
  parts: MessagePart[];
  /** The first keyword: what a call of the method is indexed under. */
  name: string;
  /** `_` for the first argument, then the later keywords (empty for a unary selector). */
  labels: string[];
  /** The whole selector: `registerForTaskWithIdentifier:usingQueue:launchHandler:`. */
  selector: string;
}

/**
 * Splits a `message_expression`. Arguments carry no field name in the grammar: each is the named node after a `method:`
 * keyword and its `:`. A string concatenation that swallowed the next keyword (`@"a" @"b" usingQueue:` reads as one
 * `concatenated_string` ending in the identifier `usingQueue`) gives that keyword back.
 */
export function messageParts(src: string, n: Node): MessageParts | undefined {
  if (n.type !== 'message_expression') return undefined;
  let receiver: Node | undefined;
  const parts: MessagePart[] = [];
  let afterColon = false;
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i);
    if (!c) continue;
    const field = n.fieldNameForChild(i);
    if (field === 'receiver') receiver = c;
    else if (field === 'method') {
      parts.push({ keyword: textOf(src, c), keywordNode: c, extra: [] });
      afterColon = false;
    } else if (c.type === ':') afterColon = true;
    else if (c.isNamed && c.type !== 'comment' && parts.length) {
      const last = parts[parts.length - 1];
      if (afterColon && !last.arg) last.arg = c;
      else last.extra.push(c);
      const swallowed = swallowedKeyword(c);
      if (swallowed && n.child(i + 1)?.type === ':') {
        parts.push({ keyword: textOf(src, swallowed), keywordNode: swallowed, extra: [] });
        afterColon = false;
      }
    }
  }
  if (!parts.length) return undefined;
  const hasArgs = parts.some((p) => p.arg);
  const name = parts[0].keyword;
  const labels = hasArgs ? ['_', ...parts.slice(1).map((p) => p.keyword)] : [];
  const selector = hasArgs ? parts.map((p) => `${p.keyword}:`).join('') : name;
  return { receiver, receiverText: receiver ? receiverText(src, receiver) : undefined, parts, name, labels, selector };
}

/** The keyword identifier a `concatenated_string` swallowed at its end, if any. */
function swallowedKeyword(n: Node): Node | undefined {
  if (n.type !== 'concatenated_string') return undefined;
  const last = n.namedChild(n.namedChildCount - 1);
  return last?.type === 'identifier' ? last : undefined;
}

/** The argument of the part with this keyword. */
export function argOf(m: MessageParts, keyword: string): Node | undefined {
  return m.parts.find((p) => p.keyword === keyword)?.arg;
}

const MAX_RECEIVER_CHARS = 512;

/**
 * A receiver as the call graph reads receivers: `self`, `super`, a variable, `Type` (a class message), `Type.shared` for
 * `[Type shared]` / `Type.shared`, `Type()` for `[[Type alloc] init…]` / `[Type new]`; anything else its text without
 * white space (long ones cut in the middle).
 */
export function receiverText(src: string, r: Node): string {
  const bare = unwrap(r);
  if (bare.type === 'identifier' || bare.type === 'self' || bare.type === 'super') return textOf(src, bare);
  if (bare.type === 'message_expression') {
    const inner = messageParts(src, bare);
    const recv = inner?.receiver ? unwrap(inner.receiver) : undefined;
    if (inner && recv && inner.labels.length === 0) {
      const alloc = recv.type === 'message_expression' ? messageParts(src, recv) : undefined;
      if (alloc && alloc.name === 'alloc' && alloc.receiver?.type === 'identifier' && /^init/.test(inner.name)) return `${textOf(src, alloc.receiver)}()`;
      if (recv.type === 'identifier' && /^[A-Z]/.test(textOf(src, recv))) return inner.name === 'new' ? `${textOf(src, recv)}()` : `${textOf(src, recv)}.${inner.name}`;
    }
    if (inner && recv?.type === 'message_expression' && /^init/.test(inner.name)) {
      const alloc = messageParts(src, recv);
      if (alloc?.name === 'alloc' && alloc.receiver?.type === 'identifier') return `${textOf(src, alloc.receiver)}()`;
    }
  }
  const t = textOf(src, bare).replace(/\s+/g, '');
  return t.length <= MAX_RECEIVER_CHARS ? t : `${t.slice(0, MAX_RECEIVER_CHARS / 2)}…${t.slice(-MAX_RECEIVER_CHARS / 2)}`;
}

/** The expression under parentheses and casts: `((BGAppRefreshTask *)task)` → `task`. */
export function unwrap(n: Node): Node {
  let cur = n;
  for (let i = 0; i < 64; i++) {
    if (cur.type === 'parenthesized_expression' && cur.namedChildCount === 1) cur = cur.namedChild(0)!;
    else if (cur.type === 'cast_expression' && cur.childForFieldName('value')) cur = cur.childForFieldName('value')!;
    else break;
  }
  return cur;
}

/** The class a cast names (`(BGAppRefreshTask *)x` → its type identifier), looking through parentheses. */
export function castType(n: Node): Node | undefined {
  let cur = n;
  for (let i = 0; i < 64; i++) {
    if (cur.type === 'parenthesized_expression' && cur.namedChildCount === 1) cur = cur.namedChild(0)!;
    else if (cur.type === 'cast_expression') {
      const t = cur.childForFieldName('type');
      const id = t?.childForFieldName('type') ?? t?.descendantsOfType('type_identifier')[0] ?? undefined;
      return id ?? undefined;
    } else return undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Identifier expressions

/** A string literal's value (escapes decoded) and the span between its quotes. */
export function stringValue(src: string, n: Node): { value: string; inner: Span } | undefined {
  if (n.type !== 'string_literal') return undefined;
  let value = '';
  for (const c of kids(n)) {
    if (c.type === 'string_content') value += textOf(src, c);
    else if (c.type === 'escape_sequence') value += unescape(textOf(src, c));
  }
  const raw = textOf(src, n);
  const open = raw.indexOf('"');
  if (open < 0 || !raw.endsWith('"') || raw.length < open + 2) return undefined;
  return { value, inner: { start: n.startIndex + open + 1, end: n.endIndex - 1 } };
}

function unescape(e: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '0': '\0' };
  return map[e.slice(1)] ?? e.slice(1);
}

/** `[[NSBundle mainBundle] bundleIdentifier]`, `NSBundle.mainBundle.bundleIdentifier`, `[NSBundle.mainBundle bundleIdentifier]`. */
export function isBundleIdentifier(src: string, n: Node): boolean {
  const t = textOf(src, unwrap(n)).replace(/\s+/g, '');
  return /^(\[\[NSBundlemainBundle\]bundleIdentifier\]|NSBundle\.mainBundle\.bundleIdentifier|\[NSBundle\.mainBundlebundleIdentifier\]|\[\[NSBundlemainBundle\]objectForInfoDictionaryKey:@"CFBundleIdentifier"\]|\[NSBundle\.mainBundleobjectForInfoDictionaryKey:@"CFBundleIdentifier"\])$/.test(t);
}

export interface IdScope {
  /** Where a bare name is looked up first: the file's own statics (see ObjcExtractor.fileScope). */
  scope: string[];
}

/**
 * An identifier expression: `@"…"` (and `@"a" @"b"`), a constant or macro name, the bundle identifier, `[NSString
 * stringWithFormat:@"%@.refresh", …]` with `%@` arguments, `[a stringByAppendingString:b]`, `[NSString
 * stringWithString:x]`; anything else is unknown (and never reported on).
 */
export function idUse(src: string, n: Node, where: IdScope, depth = 0): IdUse {
  const s = span(n);
  const unknown = (): IdUse => ({ expr: { t: 'unknown', text: textOf(src, n).slice(0, 200) }, span: s });
  if (depth > 8) return unknown();
  const bare = unwrap(n);
  if (bare.type === 'string_literal') {
    const v = stringValue(src, bare);
    return v ? { expr: { t: 'lit', value: v.value }, span: s, literalSpan: v.inner } : unknown();
  }
  if (bare.type === 'concatenated_string') {
    const parts: IdExpr[] = [];
    for (const c of kids(bare)) {
      // A trailing identifier followed by `:` is a selector keyword the grammar took in (see messageParts).
      if (c.type === 'identifier' && c.id === bare.namedChild(bare.namedChildCount - 1)?.id && bare.nextSibling?.type === ':') continue;
      parts.push(idUse(src, c, where, depth + 1).expr);
    }
    if (parts.every((p) => p.t === 'lit')) return { expr: { t: 'lit', value: parts.map((p) => (p as { value: string }).value).join('') }, span: s };
    return { expr: { t: 'concat', parts }, span: s };
  }
  if (bare.type === 'identifier') return { expr: { t: 'ref', path: [textOf(src, bare)], scope: where.scope }, span: s };
  if (isBundleIdentifier(src, bare)) return { expr: { t: 'bundle' }, span: s };
  if (bare.type === 'message_expression') {
    const m = messageParts(src, bare);
    if (!m) return unknown();
    if (m.selector === 'stringWithFormat:' && m.parts[0].arg) return formatUse(src, m.parts[0].arg, m.parts[0].extra, where, depth, s) ?? unknown();
    if ((m.selector === 'stringWithString:' || m.selector === 'copy') && m.parts[0].arg) return { ...idUse(src, m.parts[0].arg, where, depth + 1), span: s };
    if (m.selector === 'stringByAppendingString:' && m.receiver && m.parts[0].arg) {
      const parts = [idUse(src, m.receiver, where, depth + 1).expr, idUse(src, m.parts[0].arg, where, depth + 1).expr];
      return { expr: { t: 'concat', parts }, span: s };
    }
    if (m.selector === 'stringByAppendingFormat:' && m.receiver && m.parts[0].arg) {
      const tail = formatUse(src, m.parts[0].arg, m.parts[0].extra, where, depth, s);
      return tail ? { expr: { t: 'concat', parts: [idUse(src, m.receiver, where, depth + 1).expr, tail.expr] }, span: s } : unknown();
    }
  }
  return unknown();
}

/** `@"%@.refresh"` with its arguments: literal runs and one argument per `%@`; other conversions are unknown parts. */
function formatUse(src: string, format: Node, args: Node[], where: IdScope, depth: number, s: Span): IdUse | undefined {
  const f = stringValue(src, unwrap(format));
  if (!f) return undefined;
  const parts: IdExpr[] = [];
  let argIndex = 0;
  let run = '';
  const re = /%(%|@|[-+ #0-9.*]*(?:hh|h|ll|l|q|z|t|j|L)?[diouxXeEfgGcsSp])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(f.value))) {
    run += f.value.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1] === '%') {
      run += '%';
      continue;
    }
    if (run) parts.push({ t: 'lit', value: run });
    run = '';
    const a = args[argIndex++];
    parts.push(m[1] === '@' && a ? idUse(src, a, where, depth + 1).expr : { t: 'unknown', text: m[0] });
  }
  run += f.value.slice(last);
  if (run) parts.push({ t: 'lit', value: run });
  if (parts.length === 1 && parts[0].t === 'lit') return { expr: parts[0], span: s };
  return { expr: { t: 'concat', parts }, span: s };
}

/** The value of a `#define NAME value` when it is a string literal or another name (else undefined). */
export function macroValue(raw: string, rawStart: number, where: IdScope): { expr: IdExpr; literalSpan?: Span } | undefined {
  const lit = /^(\s*@?)"((?:[^"\\\r\n]|\\.)*)"\s*$/.exec(raw);
  if (lit) {
    const value = lit[2].replace(/\\(.)/g, (_m, c: string) => unescape('\\' + c));
    const start = rawStart + lit[1].length + 1;
    return { expr: { t: 'lit', value }, literalSpan: { start, end: start + lit[2].length } };
  }
  const name = /^\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*$/.exec(raw);
  if (name) return { expr: { t: 'ref', path: [name[1]], scope: where.scope } };
  return undefined;
}
