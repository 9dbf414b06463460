/**
 * Length-preserving rewrites of Swift source before it is handed to the vendored tree-sitter-swift 0.7.1 grammar,
 * which predates some Swift 5.9–6.2 syntax and answers it with ERROR nodes (see the "Swift 6 coverage, measured"
 * notes). Every rewrite replaces ASCII characters by ASCII characters one for one, never touches a newline or a
 * non-ASCII character, so every offset into the prepared text is the same offset into the original: trees parsed from
 * the prepared text are read with slices of the ORIGINAL text (syntax.ts `textOf`).
 *
 * Rewritten, only in code (never in string literals — their interpolations included —, comments or regex literals):
 * - `nonisolated(unsafe)` / `nonisolated(nonsending)` → blanks (keeping `nonisolated` alone fails on a local `let`);
 * - `()` where it is a value (`(())`, `.success(())`, `return ()`, `= ()`, `, ()`, `label: ()` in a call) → `[]`;
 *   never a call's or a declaration's empty parentheses, nor `()` in a type (`() -> Void`, `-> ()`, `<(), E>`);
 * - `#isolation` → `nil` + blanks;
 * - `isolated` before `deinit`, and before a type after `:` (`isolation: isolated (any Actor)?`) → blanks;
 * - `throws(E)` → `throws` + blanks; `throws` / `throws(E)` after `do` → blanks;
 * - `sending` before a parameter or result type, `consume` before an operand → blanks.
 * `try` and `await` are kept: they mark throwing/suspending exits for the handler-flow analysis.
 *
 * One linear scan with bounded look-ahead (no regular expressions). A rewrite can enable another whose look-ahead
 * it blanks (`isolated sending deinit`); when a rewrite lands where an earlier decision looked, the scan runs again
 * (at most MAX_PASSES times), so the result is a fixed point; real code takes one pass. The original string object
 * comes back when nothing changed.
 */

import { Buffer } from 'node:buffer';
import { blankOtherPlatforms } from './platformBranches';

const TAB = 9;
const LF = 10;
const VT = 11;
const FF = 12;
const CR = 13;
const SP = 32;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const D0 = 48;
const LT = 60;
const D9 = 57;
const GT = 62;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const LBRACE = 123;
const RBRACE = 125;

/** Look-ahead bound (characters) for every rule, so a pathological line stays linear. */
const LOOK = 256;
/** Nesting bound for string interpolations; deeper text is left alone. */
const MAX_DEPTH = 32;
const MAX_PASSES = 4;

/** Paren kinds on the bracket stack. */
const OTHER = 0;
const CALL = 1;
const DECL = 2;

/** Words that, followed by `(`, do not make a call. */
const NOT_CALLEE = new Set([
  'if', 'guard', 'while', 'switch', 'return', 'in', 'case', 'where', 'else', 'throw', 'try', 'await', 'as', 'is', 'let',
  'var', 'repeat', 'catch', 'for', 'do', 'defer', 'yield', 'then', 'async', 'throws', 'rethrows', 'some', 'any',
  'inout', 'each', 'consume', 'copy', 'sending', 'borrowing', 'consuming', 'isolated', 'nil', 'true', 'false',
]);
/** Words that end an operand rather than start one (`x ? a : consume as T` keeps `consume`). */
const NOT_OPERAND = ['as', 'is', 'in', 'where', 'else'];
const FUNCTION_TYPE_AFTER = ['async', 'throws', 'rethrows', 'in'];
const NONISOLATED_ARGS = ['unsafe', 'nonsending'];
const DEINIT = ['deinit'];

/**
 * Every word the rules compare a token with. Other identifiers become the token IDENT, so the scan allocates no
 * string per identifier: a word is looked up by a hash computed while scanning it.
 */
const KEYWORDS = [
  ...NOT_CALLEE, 'func', 'init', 'subscript', 'typealias', 'associatedtype', 'nonisolated', 'deinit',
];
/** The token for an identifier that is none of KEYWORDS (starts like an identifier, equals no keyword). */
const IDENT = '$ident';

function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

const KEYWORD_BY_HASH = new Map<number, string>();
for (const k of KEYWORDS) {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = hashStep(h, k.charCodeAt(i));
  if (KEYWORD_BY_HASH.has(h) && KEYWORD_BY_HASH.get(h) !== k) throw new Error(`swift6Rewrite: keyword hash clash ${k}`);
  KEYWORD_BY_HASH.set(h, k);
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE || c === DOLLAR || c >= 0x80;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= D0 && c <= D9);
}

function isHSpace(c: number): boolean {
  return c === SP || c === TAB;
}

function isWordToken(t: string): boolean {
  if (t === '') return false;
  const c = t.charCodeAt(0);
  return isIdentPart(c) || c === BACKTICK || c === HASH;
}

/**
 * The text to hand to the Swift parser: `text` with the rewrites above, of the same length (UTF-16 units), equal to it
 * everywhere except ASCII characters turned into ` `, `[`, `]` or `nil`. The same string object when nothing applies.
 */
export function prepareSwiftForParse(text: string): string {
  // First the iOS build: branches that are never compiled for iOS are blanked (platformBranches.ts).
  let out = blankOtherPlatforms(text);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const rewriter = new Rewriter(out);
    out = rewriter.run();
    if (!rewriter.mayCascade) break;
  }
  return out;
}

/**
 * A scratch buffer reused across calls for the UTF-16LE bytes of the text being rewritten (a fresh multi-megabyte
 * buffer per file costs more than the scan); texts over 4 MB get their own.
 */
let scratch: Buffer | undefined;

function utf16Of(s: string): Buffer {
  const bytes = s.length * 2;
  if (bytes > 8 << 20) return Buffer.from(s, 'utf16le');
  if (!scratch || scratch.length < bytes) scratch = Buffer.allocUnsafe(Math.max(bytes, 1 << 16));
  scratch.write(s, 0, 'utf16le');
  return scratch.subarray(0, bytes);
}

class Rewriter {
  private readonly n: number;
  /**
   * The rewritten text as UTF-16LE bytes, made on the first rewrite (Buffer's UTF-16 conversions are fast and keep
   * lone surrogates as they are).
   */
  private out: Buffer | null = null;
  /** The last two code tokens (identifier/keyword text, or one punctuation character), with positions. */
  private tok1 = '';
  private tok2 = '';
  private tok1Start = -1;
  private tok1End = -1;
  private tok2End = -1;
  /** One past the furthest character any rule has looked at, and its value when the current decision began. */
  private reach = 0;
  private decisionReach = 0;
  private lastEditEnd = 0;
  /** A rewrite touched what an earlier decision looked at: another pass may rewrite more. */
  mayCascade = false;
  /** Kinds of the open brackets in top-level code (a stack; typed, since a pathological line opens a million). */
  private kinds = new Uint8Array(64);
  private depthOpen = 0;
  /** The current line declares a type alias (`typealias X = ()` keeps its `()`). */
  private typeDeclLine = false;
  /** Regex look-ahead that failed up to this offset (keyed by hash count), so retries on the same line are free. */
  private readonly regexFailUntil = new Map<number, number>();

  constructor(private readonly s: string) {
    this.n = s.length;
  }

  run(): string {
    this.code(0, 0);
    return this.out ? this.out.toString('utf16le') : this.s;
  }

  /** Replaces ASCII characters from `at` by the ASCII `replacement`, one for one. */
  private edit(at: number, replacement: string): void {
    this.noteEdit(at, at + replacement.length);
    const out = (this.out ??= utf16Of(this.s));
    for (let k = 0; k < replacement.length; k++) {
      out[2 * (at + k)] = replacement.charCodeAt(k);
      out[2 * (at + k) + 1] = 0;
    }
  }

  /** Blanks [a, b): the callers only pass ASCII ranges without line breaks. */
  private blank(a: number, b: number): void {
    this.noteEdit(a, b);
    const out = (this.out ??= utf16Of(this.s));
    for (let k = a; k < b; k++) {
      out[2 * k] = SP;
      out[2 * k + 1] = 0;
    }
  }

  /**
   * An edit of [a, b) that an earlier decision looked at (its look-ahead reached past `a`) may change that decision on
   * the next pass; only then is a next pass needed.
   */
  private noteEdit(a: number, b: number): void {
    if (a < this.decisionReach) this.mayCascade = true;
    if (b > this.lastEditEnd) this.lastEditEnd = b;
  }

  private push(tok: string, start: number, end: number): void {
    this.tok2 = this.tok1;
    this.tok2End = this.tok1End;
    this.tok1 = tok;
    this.tok1Start = start;
    this.tok1End = end;
  }

  /**
   * Scans code from `i`. At depth 0 (top level) rewrites apply and the scan runs to the end; at depth > 0 it is the
   * inside of a string interpolation: nothing is rewritten and the scan returns after the `)` that closes it.
   */
  private code(i: number, depth: number): number {
    const s = this.s;
    const n = this.n;
    let parens = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === SP || c === TAB || c === CR || c === FF || c === VT) {
        i++;
        continue;
      }
      if (c === LF) {
        if (depth === 0) this.typeDeclLine = false;
        i++;
        continue;
      }
      if (c === SLASH) {
        const d = s.charCodeAt(i + 1);
        if (d === SLASH) {
          const nl = s.indexOf('\n', i);
          i = nl < 0 ? n : nl;
          continue;
        }
        if (d === STAR) {
          i = this.blockComment(i);
          continue;
        }
        if (this.mayStartRegex(i)) {
          const e = this.regexEnd(i, 0);
          if (e > 0) {
            this.push('/', i, e);
            i = e;
            continue;
          }
        }
        this.push('/', i, i + 1);
        i++;
        continue;
      }
      if (c === QUOTE) {
        const e = this.string(i, 0, depth);
        this.push('"', i, e);
        i = e;
        continue;
      }
      if (c === HASH) {
        let h = i;
        while (h < n && s.charCodeAt(h) === HASH) h++;
        const d = s.charCodeAt(h);
        if (d === QUOTE) {
          const e = this.string(h, h - i, depth);
          this.push('"', i, e);
          i = e;
          continue;
        }
        if (d === SLASH) {
          const e = this.regexEnd(h, h - i);
          if (e > 0) {
            this.push('/', i, e);
            i = e;
            continue;
          }
        }
        if (h === i + 1 && isIdentStart(d)) {
          const e = this.identEnd(h + 1);
          if (depth === 0 && e - i === 10 && s.startsWith('#isolation', i)) {
            this.decisionReach = this.reach;
            this.edit(i, 'nil       ');
            this.push('nil', i, i + 3);
          } else this.push('#ident', i, e);
          i = e;
          continue;
        }
        this.push('#', i, h);
        i = h;
        continue;
      }
      if (c === BACKTICK) {
        let e = i + 1;
        while (e < n && e - i < LOOK) {
          const x = s.charCodeAt(e);
          if (x === BACKTICK || x === LF || x === CR) break;
          e++;
        }
        if (s.charCodeAt(e) === BACKTICK) {
          this.push(IDENT, i, e + 1);
          i = e + 1;
        } else {
          this.push('`', i, i + 1);
          i++;
        }
        continue;
      }
      if (isIdentStart(c)) {
        i = this.word(i, depth);
        continue;
      }
      if (c >= D0 && c <= D9) {
        let e = i + 1;
        for (;;) {
          const x = s.charCodeAt(e);
          if (isIdentPart(x)) e++;
          else if (x === DOT && s.charCodeAt(e + 1) >= D0 && s.charCodeAt(e + 1) <= D9) e += 2;
          else break;
        }
        this.push('0', i, e);
        i = e;
        continue;
      }
      if (c === LPAREN) {
        if (depth > 0) parens++;
        else if (s.charCodeAt(i + 1) === RPAREN && ((this.decisionReach = this.reach), this.isUnitValue(i))) {
          this.edit(i, '[]');
          this.push('[', i, i + 1);
          this.push(']', i + 1, i + 2);
          i += 2;
          continue;
        } else this.open(this.parenKind(i));
        this.push('(', i, i + 1);
        i++;
        continue;
      }
      if (c === RPAREN) {
        if (depth > 0) {
          if (parens === 0) return i + 1;
          parens--;
        } else if (this.depthOpen > 0) this.depthOpen--;
        this.push(')', i, i + 1);
        i++;
        continue;
      }
      if (c === LBRACKET || c === LBRACE) {
        if (depth === 0) this.open(OTHER);
      } else if (c === RBRACKET || c === RBRACE) {
        if (depth === 0 && this.depthOpen > 0) this.depthOpen--;
      }
      this.push(s[i], i, i + 1);
      i++;
    }
    return n;
  }

  private open(kind: number): void {
    if (this.depthOpen === this.kinds.length) {
      const grown = new Uint8Array(this.kinds.length * 2);
      grown.set(this.kinds);
      this.kinds = grown;
    }
    this.kinds[this.depthOpen++] = kind;
  }

  private top(): number {
    return this.depthOpen > 0 ? this.kinds[this.depthOpen - 1] : OTHER;
  }

  private identEnd(i: number): number {
    const s = this.s;
    while (i < this.n && isIdentPart(s.charCodeAt(i))) i++;
    return i;
  }

  /** A character a rule looks at (ahead of the scan): recorded, see `reach`. */
  private at(j: number): number {
    if (j >= this.reach) this.reach = j + 1;
    return this.s.charCodeAt(j);
  }

  private skipH(i: number): number {
    const stop = Math.min(this.n, i + LOOK);
    while (i < stop && isHSpace(this.at(i))) i++;
    return i;
  }

  private skipWs(i: number): number {
    const stop = Math.min(this.n, i + LOOK);
    while (i < stop) {
      const c = this.at(i);
      if (!(isHSpace(c) || c === LF || c === CR)) break;
      i++;
    }
    return i;
  }

  /** End of the identifier at `i` (`i` when none starts there), bounded. */
  private wordEnd(i: number): number {
    if (!isIdentStart(this.at(i))) return i;
    let e = i + 1;
    const stop = Math.min(this.n, i + LOOK);
    while (e < stop && isIdentPart(this.at(e))) e++;
    return e;
  }

  /** The identifier at `i` is one of `words`. */
  private wordIn(i: number, words: readonly string[]): boolean {
    const len = this.wordEnd(i) - i;
    if (len === 0) return false;
    for (const w of words) if (w.length === len && this.s.startsWith(w, i)) return true;
    return false;
  }

  private word(i: number, depth: number): number {
    const s = this.s;
    let e = i;
    let h = 0;
    while (e < this.n) {
      const c = s.charCodeAt(e);
      if (!isIdentPart(c)) break;
      h = hashStep(h, c);
      e++;
    }
    const k = KEYWORD_BY_HASH.get(h);
    const w = k !== undefined && k.length === e - i && s.startsWith(k, i) ? k : IDENT;
    if (depth === 0 && w !== IDENT && this.tok1 !== '.') {
      this.decisionReach = this.reach;
      switch (w) {
        case 'nonisolated': {
          const end = this.nonisolatedEnd(e);
          if (end > 0) {
            this.blank(i, end);
            return end;
          }
          break;
        }
        case 'isolated':
          if (this.dropIsolated(e)) {
            this.blank(i, e);
            return e;
          }
          break;
        case 'sending':
          if (this.dropSending(e)) {
            this.blank(i, e);
            return e;
          }
          break;
        case 'consume':
          if (this.dropConsume(e)) {
            this.blank(i, e);
            return e;
          }
          break;
        case 'throws': {
          const end = this.typedThrowsEnd(e);
          if (this.tok1 === 'do') {
            // `do throws(E) {` / `do throws {`: the grammar knows neither; `do {` means the same to the analysis.
            const to = end > 0 ? end : e;
            if (this.at(this.skipWs(to)) === LBRACE) {
              this.blank(i, to);
              return to;
            }
          }
          if (end > 0) {
            // Blank `(E)`, and a second `(…)` the blanks would bring next to `throws` on another pass.
            let to = end;
            for (let more = this.typedThrowsEnd(to); more > 0; more = this.typedThrowsEnd(to)) to = more;
            this.blank(e, to);
            this.push(w, i, e);
            return to;
          }
          break;
        }
        case 'typealias':
        case 'associatedtype':
          this.typeDeclLine = true;
          break;
      }
    }
    this.push(w, i, e);
    return e;
  }

  /** `nonisolated` at `e`'s left: the end of `(unsafe)` / `(nonsending)` after it, or -1. */
  private nonisolatedEnd(e: number): number {
    let j = this.skipH(e);
    if (this.at(j) !== LPAREN) return -1;
    j = this.skipH(j + 1);
    const we = this.wordEnd(j);
    if (!this.wordIn(j, NONISOLATED_ARGS)) return -1;
    j = this.skipH(we);
    return this.at(j) === RPAREN ? j + 1 : -1;
  }

  /** Something that starts a type follows at `j`. */
  private typeStartsAt(j: number): boolean {
    const c = this.at(j);
    if (c === LPAREN || c === LBRACKET || c === AT) return true;
    return isIdentStart(c) && !this.wordIn(j, NOT_OPERAND);
  }

  private dropIsolated(e: number): boolean {
    const j = this.skipWs(e);
    if (j > e && this.wordIn(j, DEINIT)) return true;
    if (this.tok1 !== ':') return false;
    const k = this.skipH(e);
    return k > e && this.typeStartsAt(k);
  }

  private dropSending(e: number): boolean {
    const t = this.tok1;
    const typePos = t === ':' || (t === '>' && this.tok2 === '-' && this.tok2End === this.tok1Start);
    if (!typePos && t !== '(' && t !== ',') return false;
    const k = this.skipH(e);
    if (k === e) return false;
    if (typePos) return this.typeStartsAt(k);
    const c = this.at(k);
    return (c === AT || isIdentStart(c)) && !this.wordIn(k, NOT_OPERAND);
  }

  private dropConsume(e: number): boolean {
    const t = this.tok1;
    if (t === 'func' || t === 'var' || t === 'let' || t === 'case') return false;
    const k = this.skipH(e);
    if (k === e || !isIdentStart(this.at(k))) return false;
    return !this.wordIn(k, NOT_OPERAND);
  }

  /** `throws` ends at `e`: the end of a `(Type)` right after it (a plain or qualified name, `any P`), or -1. */
  private typedThrowsEnd(e: number): number {
    const j = this.skipH(e);
    if (this.at(j) !== LPAREN) return -1;
    const stop = Math.min(this.n, j + 1 + 128);
    for (let k = j + 1; k < stop; k++) {
      const c = this.at(k);
      if (c === RPAREN) return k > j + 1 ? k + 1 : -1;
      if (!(c < 0x80 && (isIdentPart(c) || c === DOT || c === SP || c === TAB || c === LT || c === GT || c === 44 /* , */ || c === 38 /* & */))) return -1;
    }
    return -1;
  }

  /** Kind of the paren opened at `i`, from the tokens before it. */
  private parenKind(i: number): number {
    const t = this.tok1;
    const top = this.top();
    // A type: a result type (`-> (…)`), or inside a declaration's parameters (`f(x: (() -> ()))`).
    if (t === '>' && this.tok2 === '-' && this.tok2End === this.tok1Start) return DECL;
    if (top === DECL && (t === ':' || t === '(' || t === ',')) return DECL;
    if (isWordToken(t)) {
      if (NOT_CALLEE.has(t)) return OTHER;
      if (this.tok2 === 'func' || this.tok2 === 'case') return DECL;
      if ((t === 'init' || t === 'subscript') && this.tok2 !== '.') return DECL;
      return CALL;
    }
    if (t === ')' || t === ']' || t === '}') return CALL;
    if ((t === '?' || t === '!') && this.tok1End === i) return CALL;
    return OTHER;
  }

  /** Whether the `()` at `i` is a value (the empty tuple) rather than empty parentheses of a call, declaration or type. */
  private isUnitValue(i: number): boolean {
    if (!this.unitValueBefore(i)) return false;
    // Not before `->`, `async`/`throws`/`in` (a function type or closure signature), nor `>` (a generic argument).
    const a = this.skipWs(i + 2);
    const c = this.at(a);
    if (c === MINUS && this.at(a + 1) === GT) return false;
    if (c === GT) return false;
    if (this.wordIn(a, FUNCTION_TYPE_AFTER)) return false;
    if (c === RPAREN) {
      // `(()) -> Void`, `(Int, ()) async -> Void`
      const b = this.skipWs(a + 1);
      if (this.at(b) === MINUS && this.at(b + 1) === GT) return false;
      if (this.wordIn(b, FUNCTION_TYPE_AFTER)) return false;
    }
    if (this.tok1 === '[') return c === 44; // `[(), …]`; a lone `[()]` may be the type [Void]
    return true;
  }

  /** Whether the tokens before the `()` at `i` put it where a value goes. */
  private unitValueBefore(i: number): boolean {
    const top = this.top();
    switch (this.tok1) {
      case '(':
      case ',':
        return top !== DECL;
      case '[':
      case '{':
        return true;
      case '=':
        return !this.typeDeclLine;
      case ':':
        if (top === DECL) return false;
        // A labelled argument, the ternary `? a : ()`, or a statement of its own after `case …:` / `default:`.
        return top === CALL || this.tok1Start > this.tok2End || this.aloneOnLine(i);
      case ';':
        return this.aloneOnLine(i);
      case '?':
        return this.tok1End !== i || this.tok2 === '?'; // `c ? () : x`, `x ?? ()`; not `f?()`
      case 'return':
      case 'in':
        return true;
      default:
        return false;
    }
  }

  /** The `()` at `i` is the only thing on its line (a statement of its own). */
  private aloneOnLine(i: number): boolean {
    const s = this.s;
    let b = i - 1;
    while (b >= 0 && i - b < LOOK && isHSpace(s.charCodeAt(b))) b--;
    if (b >= 0 && s.charCodeAt(b) !== LF && s.charCodeAt(b) !== CR) {
      // An earlier rewrite there blanks what stopped this look back: the next pass may decide otherwise.
      if (b < this.lastEditEnd) this.mayCascade = true;
      return false;
    }
    const a = this.skipH(i + 2);
    const c = this.at(a);
    return a >= this.n || c === LF || c === CR || c === RBRACE || c === 59 /* ; */ || (c === SLASH && this.at(a + 1) === SLASH);
  }

  /** A `/` at `i` (not a comment) may open a bare regex literal `/…/` (not division). */
  private mayStartRegex(i: number): boolean {
    const d = this.s.charCodeAt(i + 1);
    if (i + 1 >= this.n || d === SP || d === TAB || d === LF || d === CR || d === 61 /* = */) return false;
    const t = this.tok1;
    switch (t) {
      case '':
      case '(':
      case ',':
      case '=':
      case ':':
      case '[':
      case '{':
      case ';':
      case '!':
      case '&':
      case '|':
      case '?':
      case 'return':
      case 'case':
      case 'in':
      case 'where':
      case 'if':
      case 'guard':
      case 'while':
      case 'try':
      case 'await':
        return true;
      default:
        return false;
    }
  }

  /**
   * End of a regex literal whose `/` is at `i`, with `hashes` `#` before it (extended `#/…/#`), or -1. A bare or
   * single-line literal ends on its line; an extended one opened by `#/` + newline may span lines.
   */
  private regexEnd(i: number, hashes: number): number {
    const s = this.s;
    const n = this.n;
    const multi = hashes > 0 && (s.charCodeAt(i + 1) === LF || s.charCodeAt(i + 1) === CR);
    const key = multi ? -hashes : hashes;
    const failed = this.regexFailUntil.get(key);
    if (failed !== undefined && i < failed) return -1;
    let k = i + 1;
    while (k < n) {
      const c = s.charCodeAt(k);
      if ((c === LF || c === CR) && !multi) break;
      if (c === BACKSLASH) {
        k += 2;
        continue;
      }
      if (c === SLASH && k > i + 1) {
        let h = 0;
        while (h < hashes && s.charCodeAt(k + 1 + h) === HASH) h++;
        if (h === hashes) {
          if (hashes === 0 && s.charCodeAt(k - 1) === SP) break; // `/ …` ` /`: division
          return k + 1 + hashes;
        }
      }
      k++;
    }
    this.regexFailUntil.set(key, k);
    return -1;
  }

  private blockComment(i: number): number {
    const s = this.s;
    const n = this.n;
    let depth = 0;
    let k = i;
    while (k < n) {
      const c = s.charCodeAt(k);
      if (c === SLASH && s.charCodeAt(k + 1) === STAR) {
        depth++;
        k += 2;
      } else if (c === STAR && s.charCodeAt(k + 1) === SLASH) {
        depth--;
        k += 2;
        if (depth === 0) return k;
      } else k++;
    }
    return n;
  }

  /**
   * A string literal whose opening `"` is at `q`, with `hashes` `#` before it (raw string): returns the offset after
   * it. Interpolations are scanned as code without rewrites; an unterminated single-line string ends at its line.
   */
  private string(q: number, hashes: number, depth: number): number {
    const s = this.s;
    const n = this.n;
    const multi = s.charCodeAt(q + 1) === QUOTE && s.charCodeAt(q + 2) === QUOTE;
    let k = multi ? q + 3 : q + 1;
    while (k < n) {
      const c = s.charCodeAt(k);
      if (c === BACKSLASH) {
        let m = k + 1;
        while (m - k - 1 < hashes && s.charCodeAt(m) === HASH) m++;
        if (m - k - 1 < hashes) {
          k++;
          continue;
        }
        const d = s.charCodeAt(m);
        if (d === LPAREN) {
          if (depth + 1 > MAX_DEPTH) return n;
          k = this.code(m + 1, depth + 1);
          continue;
        }
        if ((d === LF || d === CR) && !multi) return m;
        k = m + 1;
        continue;
      }
      if (c === QUOTE) {
        if (multi) {
          if (s.charCodeAt(k + 1) === QUOTE && s.charCodeAt(k + 2) === QUOTE) {
            let h = 0;
            while (h < hashes && s.charCodeAt(k + 3 + h) === HASH) h++;
            if (h === hashes) return k + 3 + hashes;
          }
        } else {
          let h = 0;
          while (h < hashes && s.charCodeAt(k + 1 + h) === HASH) h++;
          if (h === hashes) return k + 1 + hashes;
        }
        k++;
        continue;
      }
      if ((c === LF || c === CR) && !multi) return k;
      k++;
    }
    return n;
  }
}

/**
 * For an incremental reparse. The old tree was parsed from `oldPrepared` and edited for the change from `oldText` to
 * `newText`; a rewrite can still differ outside the changed text (a rule looks a little ahead and behind: typing
 * `return` before `()` turns it into `[]`). Returns the range, in new offsets, that spans every such difference (to
 * mark as edited too), or undefined when the prepared texts differ only where the texts do.
 */
export function preparedChangeOutsideEdit(oldText: string, oldPrepared: string, newText: string, newPrepared: string): { start: number; end: number } | undefined {
  if (oldText === oldPrepared && newText === newPrepared) return undefined;
  const min = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < min && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let q = 0;
  while (q < min - p && oldText.charCodeAt(oldText.length - 1 - q) === newText.charCodeAt(newText.length - 1 - q)) q++;
  let start = -1;
  let end = -1;
  for (let i = 0; i < p; i++) {
    if (oldPrepared.charCodeAt(i) !== newPrepared.charCodeAt(i)) {
      if (start < 0) start = i;
      end = i + 1;
    }
  }
  const shift = newText.length - oldText.length;
  for (let i = newText.length - q; i < newText.length; i++) {
    if (oldPrepared.charCodeAt(i - shift) !== newPrepared.charCodeAt(i)) {
      if (start < 0) start = i;
      end = i + 1;
    }
  }
  return start < 0 ? undefined : { start, end };
}
