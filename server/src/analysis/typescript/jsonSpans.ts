/**
 * JSON with the offsets of every value and key (for diagnostics and fixes in app.json and capacitor.config.json),
 * read with jsonc-parser (the parser VS Code's JSON service uses): comments and trailing commas (JSONC) are allowed;
 * it never throws.
 * The last few texts' trees are kept, so the fixes of thousands of findings in one app.json parse it once.
 */
// The ES module build: the package's default (UMD) build loads its parts with a require() esbuild cannot follow.
import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError, type SyntaxKind } from 'jsonc-parser/lib/esm/main.js';
import type { Span } from '../text/lineIndex';

export type JNode =
  | { kind: 'object'; span: Span; entries: { key: string; keySpan: Span; value: JNode }[] }
  | { kind: 'array'; span: Span; items: JNode[] }
  | { kind: 'string'; span: Span; value: string }
  | { kind: 'number' | 'boolean' | 'null'; span: Span; value: number | boolean | null };

export type JsonSpans = { root?: JNode; error?: { message: string; span: Span } };

// jsonc-parser's SyntaxKind is a const enum, which isolatedModules cannot read: its values, as the package declares them.
const OPEN_BRACE = 1 as SyntaxKind;
const CLOSE_BRACE = 2 as SyntaxKind;
const OPEN_BRACKET = 3 as SyntaxKind;
const CLOSE_BRACKET = 4 as SyntaxKind;
const EOF = 17 as SyntaxKind;

/** Deeper documents are refused: jsonc-parser recurses per level, and no config file nests this deep. */
const MAX_DEPTH = 200;

/** Human wording of jsonc-parser's error codes ("CommaExpected" → "comma expected"). */
const describe = (e: ParseError) =>
  printParseErrorCode(e.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();

/** The offset where nesting passes MAX_DEPTH, scanning tokens without recursion; undefined when it never does. */
function tooDeepAt(text: string): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let t = scanner.scan(); t !== EOF; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      if (++depth > MAX_DEPTH) return scanner.getTokenOffset();
    } else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

function toJNode(n: Node): JNode {
  const span = { start: n.offset, end: n.offset + n.length };
  switch (n.type) {
    case 'object':
      return {
        kind: 'object',
        span,
        entries: (n.children ?? []).map((p) => {
          const [k, v] = p.children!;
          return { key: k.value as string, keySpan: { start: k.offset, end: k.offset + k.length }, value: toJNode(v) };
        }),
      };
    case 'array':
      return { kind: 'array', span, items: (n.children ?? []).map(toJNode) };
    case 'string':
      return { kind: 'string', span, value: n.value as string };
    case 'number':
      return { kind: 'number', span, value: n.value as number };
    case 'boolean':
      return { kind: 'boolean', span, value: n.value as boolean };
    default:
      return { kind: 'null', span, value: null };
  }
}

/**
 * jsonc-parser's tree of `text` (comments and trailing commas allowed), or the first syntax error. Never throws: a
 * document nested deeper than MAX_DEPTH is an error before the recursive parser sees it.
 */
export function parseJsoncTree(text: string): { tree: Node; error?: undefined } | { tree?: undefined; error: { message: string; span: Span } } {
  const n = text.length;
  const deep = tooDeepAt(text);
  if (deep !== undefined) return { error: { message: 'nesting too deep', span: { start: deep, end: Math.min(deep + 1, n) } } };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  // A document with any syntax error has no tree: a half-read config would give wrong answers with confidence.
  if (errors.length || !tree) {
    const e = errors[0];
    const start = Math.min(e?.offset ?? 0, n);
    return { error: { message: e ? describe(e) : 'value expected', span: { start, end: Math.min(start + Math.max(e?.length ?? 0, 1), n) } } };
  }
  return { tree };
}

function parseUncached(text: string): JsonSpans {
  const { tree, error } = parseJsoncTree(text);
  return tree ? { root: toJNode(tree) } : { error };
}

const recent: { text: string; result: JsonSpans }[] = [];

/** The tree of `text`, or where it stops being JSON(C). Callers must not mutate the result (it is shared). */
export function parseJsonSpans(text: string): JsonSpans {
  const hit = recent.find((r) => r.text.length === text.length && r.text === text);
  if (hit) return hit.result;
  const result = parseUncached(text);
  recent.unshift({ text, result });
  if (recent.length > 4) recent.pop();
  return result;
}

export function jget(node: JNode | undefined, ...path: string[]): JNode | undefined {
  let cur = node;
  for (const k of path) {
    if (cur?.kind !== 'object') return undefined;
    cur = cur.entries.find((e) => e.key === k)?.value;
  }
  return cur;
}

export function jentry(node: JNode | undefined, key: string): { key: string; keySpan: Span; value: JNode } | undefined {
  return node?.kind === 'object' ? node.entries.find((e) => e.key === key) : undefined;
}
