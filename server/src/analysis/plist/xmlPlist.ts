/**
 * A position-aware reader for XML property lists. It keeps the offsets of every element so that
 * diagnostics point at the right `<string>` and quick fixes insert text without re-serialising the
 * user's file. It never throws: problems come back with the partial tree.
 */
import type { Span } from '../text/lineIndex';

export type PlistNode = PlistDict | PlistArray | PlistScalar;

export interface PlistDict {
  kind: 'dict';
  span: Span;
  /** The `<dict>` start tag (or the whole `<dict/>`). */
  openTag: Span;
  /** The `</dict>` end tag; undefined for `<dict/>`. */
  closeTag?: Span;
  entries: PlistEntry[];
}

export interface PlistEntry {
  key: string;
  /** The whole `<key>…</key>` element. */
  keySpan: Span;
  /** The key's text between the tags (what diagnostics underline). */
  keyTextSpan: Span;
  value?: PlistNode;
}

export interface PlistArray {
  kind: 'array';
  span: Span;
  openTag: Span;
  closeTag?: Span;
  items: PlistNode[];
}

export interface PlistScalar {
  kind: 'string' | 'integer' | 'real' | 'true' | 'false' | 'date' | 'data';
  span: Span;
  /** Decoded text content (for true/false: "true"/"false"). */
  value: string;
  /** The raw content between the tags. */
  contentSpan: Span;
}

export interface XmlComment {
  text: string;
  span: Span;
}

export interface PlistProblem {
  message: string;
  span: Span;
}

/** A key written twice in one `<dict>` (the later one; the reader keeps the first). */
export interface DuplicateKey {
  key: string;
  span: Span;
  /** In the top-level dictionary. */
  top: boolean;
}

export interface XmlPlistResult {
  root?: PlistNode;
  comments: XmlComment[];
  problems: PlistProblem[];
  duplicates: DuplicateKey[];
}

interface Tag {
  type: 'open' | 'close' | 'empty';
  name: string;
  span: Span;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlText(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

export function encodeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` written as XML character data that reads back as exactly `text`: markup characters escaped (so `<`, `&` and
 * `]]>` cannot end or open anything), tab and line breaks as character references (a raw CR would be normalised away).
 * Undefined when XML 1.0 cannot hold the text at all, even escaped (other C0 controls, U+FFFE/U+FFFF, lone
 * surrogates): the caller then withholds its edit.
 */
export function xmlTextOf(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return undefined;
  return encodeXmlText(text).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Most problems one plist reports: past it the file is junk, and reading on would only list more of the same. */
export const MAX_PLIST_PROBLEMS = 1000;

/** Thrown (and caught in readXmlPlist) when a file has too many problems to go on. */
class TooManyProblems extends Error {}

class Reader {
  pos = 0;
  readonly comments: XmlComment[] = [];
  readonly problems: PlistProblem[] = [];
  readonly duplicates: DuplicateKey[] = [];
  /** The root dictionary once reading it has begun (duplicates in it are the ones an Info.plist reader cares about). */
  rootDict?: PlistDict;
  /** The last answer of `find` per searched character: searches move forward, so each is reused (linear reading). */
  private readonly found = new Map<string, { from: number; at: number }>();
  constructor(readonly text: string) {}

  problem(message: string, start: number, end = start + 1): void {
    this.problems.push({ message, span: { start, end: Math.min(Math.max(end, start), this.text.length) } });
    if (this.problems.length >= MAX_PLIST_PROBLEMS) {
      this.problems.push({ message: `too many problems (${MAX_PLIST_PROBLEMS}): stopped reading the plist here`, span: { start, end: Math.min(Math.max(end, start), this.text.length) } });
      throw new TooManyProblems();
    }
  }

  /**
   * `text.indexOf(ch, from)`, remembering the answer: a later search from a point between the last start and its
   * answer has the same answer. Without this, a file of a million `<` and no `>` scans to its end once per `<`.
   */
  find(ch: string, from: number): number {
    const last = this.found.get(ch);
    if (last && from >= last.from && (last.at < 0 || from <= last.at)) return last.at;
    const at = this.text.indexOf(ch, from);
    this.found.set(ch, { from, at });
    return at;
  }

  /** Skips whitespace, comments, processing instructions and DOCTYPE; returns the next tag or undefined at EOF. */
  nextTag(): Tag | undefined {
    const t = this.text;
    for (;;) {
      const lt = this.find('<', this.pos);
      if (lt < 0) {
        const rest = t.slice(this.pos).trim();
        if (rest) this.problem('unexpected text outside of any element', this.pos, t.length);
        this.pos = t.length;
        return undefined;
      }
      if (t.slice(this.pos, lt).trim()) this.problem('unexpected text between elements', this.pos, lt);
      if (t.startsWith('<!--', lt)) {
        const end = t.indexOf('-->', lt + 4);
        const stop = end < 0 ? t.length : end + 3;
        this.comments.push({ text: t.slice(lt + 4, end < 0 ? t.length : end), span: { start: lt, end: stop } });
        if (end < 0) this.problem('unterminated comment', lt, t.length);
        this.pos = stop;
        continue;
      }
      if (t.startsWith('<?', lt)) {
        const end = t.indexOf('?>', lt + 2);
        this.pos = end < 0 ? t.length : end + 2;
        continue;
      }
      if (t.startsWith('<!DOCTYPE', lt) || t.startsWith('<!doctype', lt)) {
        const end = this.doctypeEnd(lt);
        const decl = t.slice(lt, end);
        if (/<!ENTITY/i.test(decl)) this.problem('DOCTYPE entity declarations are not supported (they are never expanded)', lt, end);
        this.pos = end;
        continue;
      }
      if (t.startsWith('<![CDATA[', lt)) {
        this.problem('CDATA outside of a value', lt, lt + 9);
        const end = t.indexOf(']]>', lt);
        this.pos = end < 0 ? t.length : end + 3;
        continue;
      }
      const gt = this.find('>', lt + 1);
      const nextLt = this.find('<', lt + 1);
      if (gt < 0 || (nextLt >= 0 && nextLt < gt)) {
        this.problem('unterminated tag', lt, nextLt >= 0 ? nextLt : t.length);
        this.pos = nextLt >= 0 ? nextLt : t.length;
        continue;
      }
      this.pos = gt + 1;
      const inner = t.slice(lt + 1, gt);
      if (inner.startsWith('/')) return { type: 'close', name: inner.slice(1).trim(), span: { start: lt, end: gt + 1 } };
      const empty = inner.endsWith('/');
      const name = (empty ? inner.slice(0, -1) : inner).trim().split(/\s+/)[0] ?? '';
      return { type: empty ? 'empty' : 'open', name, span: { start: lt, end: gt + 1 } };
    }
  }

  private doctypeEnd(start: number): number {
    const t = this.text;
    let depth = 0;
    for (let i = start + 2; i < t.length; i++) {
      const c = t[i];
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) return i + 1;
    }
    return t.length;
  }

  /** Reads raw text content up to the matching close tag of a scalar element. */
  scalarContent(name: string, open: Tag): { raw: string; contentSpan: Span; closeEnd: number } {
    const t = this.text;
    const start = this.pos;
    let i = start;
    let raw = '';
    for (;;) {
      const lt = this.find('<', i);
      if (lt < 0) {
        this.problem(`<${name}> is not closed`, open.span.start, open.span.end);
        raw += t.slice(i);
        this.pos = t.length;
        return { raw, contentSpan: { start, end: t.length }, closeEnd: t.length };
      }
      if (t.startsWith('<![CDATA[', lt)) {
        raw += t.slice(i, lt);
        const end = t.indexOf(']]>', lt + 9);
        const stop = end < 0 ? t.length : end;
        // Mark CDATA content so decoding leaves it as written.
        raw += '\u0000' + t.slice(lt + 9, stop) + '\u0001';
        i = end < 0 ? t.length : end + 3;
        continue;
      }
      if (t.startsWith('<!--', lt)) {
        raw += t.slice(i, lt);
        const end = t.indexOf('-->', lt + 4);
        i = end < 0 ? t.length : end + 3;
        continue;
      }
      raw += t.slice(i, lt);
      const gt = this.find('>', lt);
      const closeName = gt < 0 ? '' : t.slice(lt + 1, gt).trim();
      if (closeName === '/' + name) {
        this.pos = gt + 1;
        return { raw, contentSpan: { start, end: lt }, closeEnd: gt + 1 };
      }
      this.problem(`<${name}> is not closed before ${t.slice(lt, Math.min(gt + 1, lt + 20))}`, open.span.start, lt);
      this.pos = lt;
      return { raw, contentSpan: { start, end: lt }, closeEnd: lt };
    }
  }
}

function decodeWithCdata(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const s = raw.indexOf('\u0000', i);
    if (s < 0) {
      out += decodeXmlText(raw.slice(i));
      break;
    }
    out += decodeXmlText(raw.slice(i, s));
    const e = raw.indexOf('\u0001', s);
    out += raw.slice(s + 1, e < 0 ? raw.length : e);
    i = e < 0 ? raw.length : e + 1;
  }
  return out;
}

const SCALARS = new Set(['string', 'integer', 'real', 'date', 'data']);

function readValue(r: Reader, tag: Tag): PlistNode | undefined {
  const name = tag.name;
  if (name === 'true' || name === 'false') {
    if (tag.type === 'open') {
      const close = r.nextTag();
      if (!close || close.type !== 'close' || close.name !== name) r.problem(`<${name}> must be written <${name}/>`, tag.span.start, tag.span.end);
      return { kind: name, span: { start: tag.span.start, end: close?.span.end ?? tag.span.end }, value: name, contentSpan: { start: tag.span.end, end: tag.span.end } };
    }
    return { kind: name, span: tag.span, value: name, contentSpan: { start: tag.span.end, end: tag.span.end } };
  }
  if (SCALARS.has(name)) {
    const kind = name as PlistScalar['kind'];
    if (tag.type === 'empty') return { kind, span: tag.span, value: '', contentSpan: { start: tag.span.end, end: tag.span.end } };
    const { raw, contentSpan, closeEnd } = r.scalarContent(name, tag);
    return { kind, span: { start: tag.span.start, end: closeEnd }, value: decodeWithCdata(raw), contentSpan };
  }
  if (name === 'array') {
    const node: PlistArray = { kind: 'array', span: { ...tag.span }, openTag: tag.span, items: [] };
    if (tag.type === 'empty') return node;
    for (;;) {
      const t = r.nextTag();
      if (!t) {
        r.problem('<array> is not closed', tag.span.start, tag.span.end);
        node.span.end = r.text.length;
        return node;
      }
      if (t.type === 'close') {
        if (t.name !== 'array') {
          r.problem(`expected </array> but found </${t.name}>`, t.span.start, t.span.end);
          r.pos = t.span.start;
          node.span.end = t.span.start;
          return node;
        }
        node.closeTag = t.span;
        node.span.end = t.span.end;
        return node;
      }
      const v = readValue(r, t);
      if (v) node.items.push(v);
    }
  }
  if (name === 'dict') return readDict(r, tag);
  r.problem(`unknown plist element <${name}>`, tag.span.start, tag.span.end);
  if (tag.type === 'open') skipElement(r, name);
  return undefined;
}

function skipElement(r: Reader, name: string): void {
  let depth = 1;
  for (;;) {
    const t = r.nextTag();
    if (!t) return;
    if (t.type === 'open' && t.name === name) depth++;
    if (t.type === 'close' && t.name === name && --depth === 0) return;
  }
}

function readDict(r: Reader, tag: Tag): PlistDict {
  const node: PlistDict = { kind: 'dict', span: { ...tag.span }, openTag: tag.span, entries: [] };
  r.rootDict ??= node;
  if (tag.type === 'empty') return node;
  let pending: PlistEntry | undefined;
  const keys = new Set<string>();
  for (;;) {
    const t = r.nextTag();
    if (!t) {
      r.problem('<dict> is not closed', tag.span.start, tag.span.end);
      node.span.end = r.text.length;
      return node;
    }
    if (t.type === 'close') {
      if (pending) r.problem(`key "${pending.key}" has no value`, pending.keySpan.start, pending.keySpan.end);
      if (t.name !== 'dict') {
        r.problem(`expected </dict> but found </${t.name}>`, t.span.start, t.span.end);
        r.pos = t.span.start;
        node.span.end = t.span.start;
        return node;
      }
      node.closeTag = t.span;
      node.span.end = t.span.end;
      return node;
    }
    if (t.name === 'key') {
      if (pending) r.problem(`key "${pending.key}" has no value`, pending.keySpan.start, pending.keySpan.end);
      if (t.type === 'empty') {
        pending = { key: '', keySpan: t.span, keyTextSpan: t.span };
      } else {
        const { raw, contentSpan, closeEnd } = r.scalarContent('key', t);
        pending = { key: decodeWithCdata(raw).trim(), keySpan: { start: t.span.start, end: closeEnd }, keyTextSpan: trimSpan(r.text, contentSpan) };
      }
      // Which of two equal keys a reader keeps is the reader's choice: say so, and read the first as before.
      if (keys.has(pending.key)) {
        if (r.duplicates.length < MAX_PLIST_PROBLEMS) r.duplicates.push({ key: pending.key, span: pending.keyTextSpan, top: node === r.rootDict });
      } else keys.add(pending.key);
      node.entries.push(pending);
      continue;
    }
    const v = readValue(r, t);
    if (!pending) {
      r.problem('value without a <key> in <dict>', t.span.start, t.span.end);
      continue;
    }
    pending.value = v;
    pending = undefined;
  }
}

/** Reads an XML plist. The root is the first value inside `<plist>` (or a bare top-level value). */
export function readXmlPlist(text: string): XmlPlistResult {
  const r = new Reader(text);
  let root: PlistNode | undefined;
  try {
    let t = r.nextTag();
    if (t && t.name === 'plist' && t.type === 'open') {
      const inner = r.nextTag();
      if (inner && !(inner.type === 'close' && inner.name === 'plist')) root = readValue(r, inner);
      const end = r.nextTag();
      if (!end || end.type !== 'close' || end.name !== 'plist') r.problem('</plist> is missing or misplaced', end?.span.start ?? text.length, end?.span.end ?? text.length);
      t = r.nextTag();
      if (t) r.problem('content after </plist>', t.span.start, t.span.end);
    } else if (t && t.type !== 'close') {
      root = readValue(r, t);
    } else if (!t) {
      r.problem('the file holds no plist', 0, Math.min(text.length, 1));
    } else {
      r.problem(`unexpected </${t.name}>`, t.span.start, t.span.end);
    }
  } catch (e) {
    // The reader is written not to throw (it stops on purpose after too many problems); this is a last line of
    // defence for pathological input, such as nesting deeper than the stack.
    if (!(e instanceof TooManyProblems)) r.problems.push({ message: `could not read the plist: ${(e as Error).message}`, span: { start: 0, end: Math.min(text.length, 1) } });
  }
  return { root, comments: r.comments, problems: r.problems, duplicates: r.duplicates };
}

/** Narrows a span to its non-whitespace content. */
export function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

export function dictGet(dict: PlistDict | undefined, key: string): PlistEntry | undefined {
  return dict?.entries.find((e) => e.key === key);
}
