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
  /** Offsets of dictionary keys, per dictionary object. */
  keySpans: WeakMap<ODict, Map<string, Span>>;
  problems: { message: string; span: Span }[];
}

/** Characters of an unquoted word (`[A-Za-z0-9_$/:.\-+<>~@]`), as a table: the scanner tests one per character. */
const UNQUOTED = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$/:.-+<>~@') UNQUOTED[ch.charCodeAt(0)] = 1;

export function parseOpenStep(text: string): OpenStepResult {
  let i = 0;
  const n = text.length;
  const keySpans = new WeakMap<ODict, Map<string, Span>>();
  const problems: OpenStepResult['problems'] = [];
  const fail = (message: string, at = i): never => {
    problems.push({ message, span: { start: Math.min(at, n), end: Math.min(at + 1, n) } });
    throw new StopParse();
  };

  function skip(): void {
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
  }

  function str(): { value: string; span: Span } {
    skip();
    const start = i;
    const q = text[i];
    if (q === '"' || q === "'") {
      i++;
      // Most strings have no escapes: take the run up to the closing quote in one slice.
      const close = text.indexOf(q, i);
      const esc = text.indexOf('\\', i);
      if (close >= 0 && (esc < 0 || esc > close)) {
        const value = text.slice(i, close);
        i = close + 1;
        return { value, span: { start, end: i } };
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
      if (i >= n) fail('unterminated string', start);
      i++;
      return { value: out, span: { start, end: i } };
    }
    for (let c = text.charCodeAt(i); i < n && c < 128 && UNQUOTED[c] === 1; c = text.charCodeAt(++i));
    if (i === start) fail(`unexpected character ${JSON.stringify(text[i] ?? 'end of file')}`);
    return { value: text.slice(start, i), span: { start, end: i } };
  }

  function value(depth: number): OValue {
    if (depth > 200) fail('nesting too deep');
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const dict: ODict = Object.create(null);
      const spans = new Map<string, Span>();
      keySpans.set(dict, spans);
      for (;;) {
        skip();
        if (text[i] === '}') {
          i++;
          return dict;
        }
        if (i >= n) fail('unterminated dictionary');
        const k = str();
        skip();
        if (text[i] !== '=') fail('expected "="');
        i++;
        const v = value(depth + 1);
        skip();
        if (text[i] !== ';') fail('expected ";"');
        i++;
        dict[k.value] = v;
        spans.set(k.value, k.span);
      }
    }
    if (c === '(') {
      i++;
      const arr: OValue[] = [];
      for (;;) {
        skip();
        if (text[i] === ')') {
          i++;
          return arr;
        }
        if (i >= n) fail('unterminated array');
        arr.push(value(depth + 1));
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== ')') fail('expected "," or ")"');
      }
    }
    if (c === '<') {
      const e = text.indexOf('>', i);
      if (e < 0) fail('unterminated data');
      const v = text.slice(i, e + 1);
      i = e + 1;
      return v;
    }
    return str().value;
  }

  try {
    if (text.startsWith('// !$*UTF8*$!')) i = text.indexOf('\n') + 1 || n;
    const v = value(0);
    skip();
    // Anything after the root value means the file is not what it looks like (truncated, concatenated or junk): the
    // value is still returned, with the problem, so what could be read is used.
    if (i < n) problems.push({ message: 'unexpected content after the end of the project', span: { start: i, end: Math.min(i + 1, n) } });
    return { value: v, keySpans, problems };
  } catch (e) {
    if (!(e instanceof StopParse)) problems.push({ message: `could not read the project: ${(e as Error).message}`, span: { start: 0, end: 1 } });
    return { keySpans, problems };
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
