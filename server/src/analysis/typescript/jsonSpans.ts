/**
 * A JSON reader that keeps the offsets of every value and key (for diagnostics in app.json and
 * capacitor.config.json). Tolerates comments and trailing commas (JSONC); never throws.
 */
import type { Span } from '../text/lineIndex';

export type JNode =
  | { kind: 'object'; span: Span; entries: { key: string; keySpan: Span; value: JNode }[] }
  | { kind: 'array'; span: Span; items: JNode[] }
  | { kind: 'string'; span: Span; value: string }
  | { kind: 'number' | 'boolean' | 'null'; span: Span; value: number | boolean | null };

export function parseJsonSpans(text: string): { root?: JNode; error?: { message: string; span: Span } } {
  let i = 0;
  const n = text.length;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { at: i });
  };
  const ws = () => {
    for (;;) {
      while (i < n && /\s/.test(text[i])) i++;
      if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i);
      else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) < 0 ? n : text.indexOf('*/', i) + 2;
      else return;
    }
  };
  const str = (): { value: string; span: Span } => {
    const start = i;
    if (text[i] !== '"') fail('expected a string');
    i++;
    let out = '';
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        i += 2;
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
          i += 4;
        } else out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
      } else out += text[i++];
    }
    if (i >= n) fail('unterminated string');
    i++;
    return { value: out, span: { start, end: i } };
  };
  const value = (depth: number): JNode => {
    if (depth > 200) fail('nesting too deep');
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: { key: string; keySpan: Span; value: JNode }[] = [];
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          return { kind: 'object', span: { start, end: i }, entries };
        }
        const k = str();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        entries.push({ key: k.value, keySpan: k.span, value: value(depth + 1) });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      for (;;) {
        ws();
        if (text[i] === ']') {
          i++;
          return { kind: 'array', span: { start, end: i }, items };
        }
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('expected "," or "]"');
      }
    }
    if (c === '"') {
      const s = str();
      return { kind: 'string', span: s.span, value: s.value };
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 40));
    if (!m) fail(`unexpected ${c === undefined ? 'end of file' : JSON.stringify(c)}`);
    i += m![0].length;
    const t = m![0];
    if (t === 'true' || t === 'false') return { kind: 'boolean', span: { start, end: i }, value: t === 'true' };
    if (t === 'null') return { kind: 'null', span: { start, end: i }, value: null };
    return { kind: 'number', span: { start, end: i }, value: Number(t) };
  };
  try {
    const root = value(0);
    ws();
    if (i < n) fail('content after the JSON value');
    return { root };
  } catch (e) {
    const at = (e as { at?: number }).at ?? 0;
    return { error: { message: (e as Error).message, span: { start: Math.min(at, n), end: Math.min(at + 1, n) } } };
  }
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
