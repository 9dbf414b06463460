/**
 * Parser for the old-style (OpenStep) property lists that Xcode writes as project.pbxproj.
 * Written here rather than taken from `xcode`/`@bacons/xcode` because the linter needs the offset of
 * every dictionary key (to point a diagnostic at `INFOPLIST_KEY_…`), and because a single-pass
 * scanner is several times faster on large projects. Never throws; returns problems instead.
 */
import type { Span } from '../text/lineIndex';

export type OValue = string | OValue[] | ODict;

export interface ODict {
  [key: string]: OValue;
}

export interface OpenStepResult {
  value?: OValue;
  /**
   * Offsets of dictionary keys, per dictionary object. Worked out when asked (a project has tens of thousands of
   * dictionaries, and only build settings need their keys placed): the dictionary's text is read again.
   */
  keySpans: { get(dict: ODict): Map<string, Span> | undefined };
  problems: { message: string; span: Span }[];
}

/** Characters of an unquoted word (`[A-Za-z0-9_$/:.\-+<>~@]`), as a table: the scanner tests one per character. */
const UNQUOTED = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$/:.-+<>~@') UNQUOTED[ch.charCodeAt(0)] = 1;

export function parseOpenStep(text: string): OpenStepResult {
  const problems: OpenStepResult['problems'] = [];
  const starts = new WeakMap<ODict, number>();
  const reader = new OpenStepReader(text, problems, starts);
  const memo = new WeakMap<ODict, Map<string, Span>>();
  const keySpans = {
    get(dict: ODict): Map<string, Span> | undefined {
      let m = memo.get(dict);
      if (!m) {
        const at = starts.get(dict);
        if (at === undefined) return undefined;
        m = new OpenStepReader(text, [], new WeakMap()).keySpansAt(at);
        memo.set(dict, m);
      }
      return m;
    },
  };
  try {
    if (text.startsWith('// !$*UTF8*$!')) reader.i = text.indexOf('\n') + 1 || text.length;
    const v = reader.value(0);
    reader.skip();
    // Anything after the root value means the file is not what it looks like (truncated, concatenated or junk): the
    // value is still returned, with the problem, so what could be read is used.
    const i = reader.i;
    if (i < text.length) problems.push({ message: 'unexpected content after the end of the project', span: { start: i, end: Math.min(i + 1, text.length) } });
    return { value: v, keySpans, problems };
  } catch (e) {
    if (!(e instanceof StopParse)) problems.push({ message: `could not read the project: ${(e as Error).message}`, span: { start: 0, end: 1 } });
    return { keySpans, problems };
  }
}

/** One pass over the text; `i` is the position. Strings are returned as values; `tokenStart` is where the last began. */
class OpenStepReader {
  i = 0;
  private readonly n: number;
  /** Start of the last string read (its span ends at `i`). */
  private tokenStart = 0;
  /** Position of the next backslash at or after `i` (-1: none), so that each quoted string does not search anew. */
  private nextEscape = -2;

  constructor(
    private readonly text: string,
    private readonly problems: OpenStepResult['problems'],
    private readonly starts: WeakMap<ODict, number>,
  ) {
    this.n = text.length;
  }

  private fail(message: string, at = this.i): never {
    const n = this.n;
    this.problems.push({ message, span: { start: Math.min(at, n), end: Math.min(at + 1, n) } });
    throw new StopParse();
  }

  skip(): void {
    const text = this.text;
    const n = this.n;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const e = text.indexOf('*/', i + 2);
        i = e < 0 ? n : e + 2;
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        const e = text.indexOf('\n', i + 2);
        i = e < 0 ? n : e + 1;
      } else break;
    }
    this.i = i;
  }

  str(): string {
    this.skip();
    const text = this.text;
    const n = this.n;
    const start = this.i;
    this.tokenStart = start;
    const q = text[start];
    if (q === '"' || q === "'") {
      let i = start + 1;
      // Most strings have no escapes: take the run up to the closing quote in one slice.
      const close = text.indexOf(q, i);
      if (this.nextEscape !== -1 && this.nextEscape < i) this.nextEscape = text.indexOf('\\', i);
      const esc = this.nextEscape;
      if (close >= 0 && (esc < 0 || esc > close)) {
        this.i = close + 1;
        return text.slice(i, close);
      }
      let out = '';
      while (i < n && text[i] !== q) {
        if (text[i] === '\\') {
          const e = text[i + 1];
          i += 2;
          if (e === 'n') out += '\n';
          else if (e === 't') out += '\t';
          else if (e === 'U' || e === 'u') {
            const hex = text.slice(i, i + 4);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 4;
          } else out += e ?? '';
        } else out += text[i++];
      }
      this.i = i;
      if (i >= n) this.fail('unterminated string', start);
      this.i = i + 1;
      return out;
    }
    let i = start;
    for (let c = text.charCodeAt(i); i < n && c < 128 && UNQUOTED[c] === 1; c = text.charCodeAt(++i));
    this.i = i;
    if (i === start) this.fail(`unexpected character ${JSON.stringify(text[i] ?? 'end of file')}`);
    return text.slice(start, i);
  }

  value(depth: number): OValue {
    if (depth > 200) this.fail('nesting too deep');
    this.skip();
    const text = this.text;
    const c = text[this.i];
    if (c === '{') {
      const dict: ODict = Object.create(null);
      this.starts.set(dict, this.i);
      this.i++;
      for (;;) {
        this.skip();
        if (text[this.i] === '}') {
          this.i++;
          return dict;
        }
        if (this.i >= this.n) this.fail('unterminated dictionary');
        const k = this.str();
        this.skip();
        if (text[this.i] !== '=') this.fail('expected "="');
        this.i++;
        const v = this.value(depth + 1);
        this.skip();
        if (text[this.i] !== ';') this.fail('expected ";"');
        this.i++;
        dict[k] = v;
      }
    }
    if (c === '(') {
      this.i++;
      const arr: OValue[] = [];
      for (;;) {
        this.skip();
        if (text[this.i] === ')') {
          this.i++;
          return arr;
        }
        if (this.i >= this.n) this.fail('unterminated array');
        arr.push(this.value(depth + 1));
        this.skip();
        if (text[this.i] === ',') this.i++;
        else if (text[this.i] !== ')') this.fail('expected "," or ")"');
      }
    }
    if (c === '<') {
      const e = text.indexOf('>', this.i);
      if (e < 0) this.fail('unterminated data');
      const v = text.slice(this.i, e + 1);
      this.i = e + 1;
      return v;
    }
    return this.str();
  }

  /** The span of each key of the dictionary whose `{` is at `at` (a later duplicate key wins, as in the value). */
  keySpansAt(at: number): Map<string, Span> {
    const spans = new Map<string, Span>();
    const text = this.text;
    this.i = at + 1;
    try {
      for (;;) {
        this.skip();
        if (text[this.i] === '}' || this.i >= this.n) return spans;
        const k = this.str();
        const span = { start: this.tokenStart, end: this.i };
        this.skip();
        if (text[this.i] !== '=') return spans;
        this.i++;
        this.value(1);
        this.skip();
        if (text[this.i] !== ';') return spans;
        this.i++;
        spans.set(k, span);
      }
    } catch {
      return spans;
    }
  }
}

class StopParse extends Error {}

export function isDict(v: OValue | undefined): v is ODict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asString(v: OValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asArray(v: OValue | undefined): OValue[] {
  return Array.isArray(v) ? v : [];
}
