/**
 * Questions about the text of a span, answered for the rules so that they never read source text themselves: the
 * text to copy into a fix, how far a removal reaches (its line, the whitespace before a modifier), the shape of a
 * statement a fix moves or wraps, and whether a cast is `as!` or `as?`. Pure functions of a file's text.
 */
import type { Span } from '../text/lineIndex';

/** How a removal treats what surrounds the removed span. */
export type RemovalMode =
  /** A statement: from its line start when only indentation precedes it, through trailing blanks and one line break. */
  | 'statement'
  /** A modifier (`.backgroundTask(…)`): with the whitespace before it. */
  | 'modifier'
  /** The whole line when the span stands alone on it, else just the span. */
  | 'line-if-alone';

export function removalSpan(text: string, span: Span, mode: RemovalMode): Span {
  let start = span.start;
  let end = span.end;
  if (mode === 'modifier') {
    while (start > 0 && /\s/.test(text[start - 1])) start--;
    return { start, end };
  }
  if (mode === 'line-if-alone') {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', end);
    const alone = text.slice(lineStart, start).trim() === '' && text.slice(end, nl < 0 ? text.length : nl).trim() === '';
    return alone ? { start: lineStart, end: nl < 0 ? text.length : nl + 1 } : span;
  }
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(ls, start).trim() === '') start = ls;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start, end };
}

/** A statement as a fix sees it: its text and the shape that decides where it can go. */
export interface StatementShape {
  span: Span;
  text: string;
  /** The text without surrounding whitespace. */
  trimmed: string;
  /** A call through a type with no arguments (`Sync.shared.schedule()`): compiles anywhere. */
  typeCall: boolean;
  /** An implicit-self (or `self.`) call with no arguments: compiles only inside the same type. */
  selfCall: boolean;
  /** Starts with an unqualified call (`schedule(…)`): inside a closure it would need `self.`. */
  startsWithBareCall: boolean;
  hasTry: boolean;
  hasAwait: boolean;
  multiline: boolean;
}

export function statementShape(text: string, span: Span): StatementShape {
  const s = text.slice(span.start, span.end);
  const trimmed = s.trim();
  return {
    span,
    text: s,
    trimmed,
    typeCall: /^[A-Z]\w*(\.\w+)*\(\)$/.test(trimmed),
    selfCall: /^(self\.)?[a-z_]\w*\(\)$/.test(trimmed),
    startsWithBareCall: /^[a-z_][A-Za-z0-9_]*\s*\(/.test(s),
    hasTry: /\btry\b/.test(s),
    hasAwait: /\bawait\b/.test(s),
    multiline: s.includes('\n'),
  };
}

/** The cast keyword written before a task class (`as! BGProcessingTask`), or 'none' (a parameter type). */
export function castFormAt(text: string, span: Span): 'forced' | 'conditional' | 'none' {
  const before = text.slice(Math.max(0, span.start - 12), span.start);
  return /as!\s*$/.test(before) ? 'forced' : /as\?\s*$/.test(before) ? 'conditional' : 'none';
}

/** `{ _ in`, `{ (_) in` or `{ (_: BGTask) in` at `span` (a closure handler's head): the span of the `_`. */
export function unnamedParamAt(text: string, span: Span): Span | undefined {
  const m = /^\{\s*\(?\s*_(?=\s*(?::[^()]*)?\)?\s*in\b)/.exec(text.slice(span.start, span.start + 200));
  return m ? { start: span.start + m[0].length - 1, end: span.start + m[0].length } : undefined;
}

/**
 * `base`, or `base2`, `base3` …: the first that is not a word already written in `scope`. Comments do not count; string
 * literals do (an interpolation `"\(task)"` uses the name), and are matched first so a `//` inside one is not a comment.
 */
export function unusedName(text: string, scope: Span, base: string): string {
  const code = text.slice(scope.start, scope.end).replace(/"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ' '));
  const words = new Set(code.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  if (!words.has(base)) return base;
  for (let i = 2; ; i++) if (!words.has(`${base}${i}`)) return `${base}${i}`;
}
