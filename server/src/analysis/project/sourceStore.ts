/**
 * Source texts of a workspace, kept as the bytes read from disk until a string is needed. Most files of a real app
 * are only ever searched for a few words (the prefilter, on-demand lookups), which byte search does without decoding
 * them, and bytes live outside the JavaScript heap.
 */
import { isIdentCode as isIdent, type PrefilterWord } from './discover';

/** Search words as bytes, encoded once (encoding the word on every search was a large share of the prefilter). */
const needles = new Map<string, Buffer>();
export function needle(word: string): Buffer {
  let b = needles.get(word);
  if (!b) {
    b = Buffer.from(word, 'latin1');
    if (needles.size < 10_000) needles.set(word, b);
  }
  return b;
}

export class SourceStore {
  private readonly raw = new Map<string, Buffer | string>();

  get size(): number {
    return this.raw.size;
  }

  has(file: string): boolean {
    return this.raw.has(file);
  }

  keys(): IterableIterator<string> {
    return this.raw.keys();
  }

  set(file: string, content: string | Uint8Array): void {
    this.raw.set(file, typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength));
  }

  delete(file: string): void {
    this.raw.delete(file);
  }

  /** The text, decoded (and kept decoded) on first use. */
  get(file: string): string | undefined {
    const v = this.raw.get(file);
    if (v === undefined || typeof v === 'string') return v;
    const text = v.toString('utf8');
    this.raw.set(file, text);
    return text;
  }

  /** Whether the file contains `word` (ASCII), without decoding it. */
  includes(file: string, word: string): boolean {
    const v = this.raw.get(file);
    if (v === undefined) return false;
    return typeof v === 'string' ? v.includes(word) : v.indexOf(needle(word)) >= 0;
  }

  /**
   * Whether the file contains `word` as a whole identifier in the given role, checked on the bytes around each
   * occurrence (no decoding): a `func` declaration, a `let`/`var`/`case` declaration, a call (`word(` / `word {`),
   * a type use (`Word(` / `Word.`), or any use.
   */
  mentions(file: string, word: string, role: MentionRole = 'any'): boolean {
    const v = this.raw.get(file);
    if (v === undefined || !word) return false;
    const buf = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    const cases = role === 'binding' ? new CaseScan(buf) : undefined;
    const w = needle(word);
    let i = buf.indexOf(w);
    while (i >= 0) {
      const end = i + word.length;
      if (!isIdent(buf[i - 1]) && !isIdent(buf[end]) && roleMatches(buf, i, end, role, cases)) return true;
      i = buf.indexOf(w, i + 1);
    }
    return false;
  }

  /** The file's bytes (encoded from the text when it was decoded already). */
  bytes(file: string): Buffer | undefined {
    const v = this.raw.get(file);
    return v === undefined ? undefined : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  }

  /** True when the file contains any of the words. */
  includesAny(file: string, words: readonly string[]): boolean {
    for (const w of words) if (this.includes(file, w)) return true;
    return false;
  }

  /**
   * True when any of the words occurs in code, not only in a `//` comment or inside a one-line string literal on
   * its line (Swift). Occurrences it cannot place (block comments, multi-line strings) count as code.
   */
  includesAnyInCode(file: string, words: readonly (string | PrefilterWord)[]): boolean {
    const v = this.raw.get(file);
    if (v === undefined) return false;
    const buf = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    const code = (i: number): number | undefined => buf[i];
    for (const entry of words) {
      const word = typeof entry === 'string' ? entry : entry.word;
      const after = typeof entry === 'string' ? undefined : entry.after;
      // One scan per word, carried forward from occurrence to occurrence (never restarted at the line start, which on
      // one long line of strings was quadratic).
      const w = needle(word);
      let i = buf.indexOf(w);
      if (i < 0) continue;
      const scan = new LineScan(buf);
      while (i >= 0) {
        if (!scan.inCommentOrStringAt(i) && (!after || after(code, i + w.length))) return true;
        i = buf.indexOf(w, i + 1);
      }
    }
    return false;
  }
}

export type MentionRole = 'any' | 'func' | 'binding' | 'call' | 'type';

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The word (bytes) just before `at`, skipping spaces. */
function wordBefore(buf: Buffer, at: number): string {
  let e = at;
  while (e > 0 && isSpace(buf[e - 1])) e--;
  let s = e;
  while (s > 0 && isIdent(buf[s - 1])) s--;
  return buf.toString('latin1', s, e);
}

function roleMatches(buf: Buffer, start: number, end: number, role: MentionRole, cases?: CaseScan): boolean {
  switch (role) {
    case 'any':
      return true;
    case 'func':
      return wordBefore(buf, start) === 'func';
    case 'binding': {
      const w = wordBefore(buf, start);
      if (w === 'let' || w === 'var' || w === 'case' || w === 'const') return true;
      // `case a, b, name` / `case a = "x", name`: a case keyword earlier on the same line.
      return (cases ?? new CaseScan(buf)).caseBefore(start);
    }
    case 'call':
    case 'type': {
      let j = end;
      while (j < buf.length && (buf[j] === 32 || buf[j] === 9)) j++;
      const c = buf[j];
      return role === 'call' ? c === 40 /* ( */ || c === 123 /* { */ : c === 40 || c === 46 /* . */;
    }
  }
}

/**
 * Is an offset after a `//` or inside a "…" string that opened earlier on the same line? Asked for rising offsets;
 * the state of the line is carried forward, so a file is scanned once however many occurrences it has.
 */
class LineScan {
  private pos = 0;
  private inString = false;
  private commented = false;
  constructor(private readonly buf: Buffer) {}

  inCommentOrStringAt(at: number): boolean {
    const buf = this.buf;
    if (at < this.pos) {
      // Only reached if asked out of order: start over.
      this.pos = 0;
      this.inString = this.commented = false;
    }
    let j = this.pos;
    for (; j < at; j++) {
      const c = buf[j];
      if (c === 10) {
        this.inString = this.commented = false;
      } else if (this.commented) continue;
      else if (this.inString) {
        // An escape skips the next byte, but never the line break (a new line starts afresh).
        if (c === 92 /* \ */ && buf[j + 1] !== 10) j++;
        else if (c === 34 /* " */) this.inString = false;
      } else if (c === 34) this.inString = true;
      else if (c === 47 && buf[j + 1] === 47) this.commented = true;
    }
    this.pos = Math.max(j, at);
    return this.commented || this.inString;
  }
}

/** Is there a whole word `case` earlier on the line of an offset? Asked for rising offsets, scanned once. */
class CaseScan {
  private pos = 0;
  private seen = false;
  constructor(private readonly buf: Buffer) {}

  caseBefore(at: number): boolean {
    const buf = this.buf;
    if (at < this.pos) {
      this.pos = 0;
      this.seen = false;
    }
    let j = this.pos;
    while (j < at) {
      const c = buf[j];
      if (c === 10) {
        this.seen = false;
        j++;
      } else if (isIdent(c)) {
        // A whole identifier (the caller's word is preceded by a non-identifier byte, so none runs into `at`).
        let e = j;
        while (e < at && isIdent(buf[e])) e++;
        if (e - j === 4 && buf[j] === 99 && buf[j + 1] === 97 && buf[j + 2] === 115 && buf[j + 3] === 101 && !isIdent(buf[e])) this.seen = true;
        j = e;
      } else j++;
    }
    this.pos = j;
    return this.seen;
  }
}
