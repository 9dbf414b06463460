/**
 * The iOS build of a Swift file: code in `#if` branches that cannot be compiled for iOS (`#if os(macOS)`, the `#else`
 * of `#if os(iOS)`, `#if !os(iOS)` …) is blanked before parsing, so a call path never crosses branches that are never
 * built together (a macOS-only `.task` reaching an iOS-only submit). Length-preserving: every blanked character becomes
 * a space and line breaks stay, so offsets into the original text remain valid. Conditions the linter cannot decide
 * (`DEBUG`, `canImport(…)`, `targetEnvironment(…)`) keep both branches, as before.
 */

type Tri = 'T' | 'F' | 'U';

const OTHER_OS = new Set(['macOS', 'OSX', 'watchOS', 'tvOS', 'visionOS', 'xrOS', 'Linux', 'Windows', 'Android', 'FreeBSD', 'OpenBSD', 'WASI', 'Cygwin', 'Haiku', 'PS4']);

const not3 = (a: Tri): Tri => (a === 'T' ? 'F' : a === 'F' ? 'T' : 'U');
const and3 = (a: Tri, b: Tri): Tri => (a === 'F' || b === 'F' ? 'F' : a === 'T' && b === 'T' ? 'T' : 'U');
const or3 = (a: Tri, b: Tri): Tri => (a === 'T' || b === 'T' ? 'T' : a === 'F' && b === 'F' ? 'F' : 'U');

/** Evaluates a compilation condition for an iOS build: true, false or unknown. */
export function evalCondition(cond: string): Tri {
  const tokens = cond.match(/os\s*\(\s*\w+\s*\)|\w+\s*\([^()]*\)|&&|\|\||!|\(|\)|\w+/g) ?? [];
  let i = 0;
  const primary = (): Tri => {
    const t = tokens[i++];
    if (t === undefined) return 'U';
    if (t === '!') return not3(primary());
    if (t === '(') {
      const v = or();
      if (tokens[i] === ')') i++;
      return v;
    }
    const os = /^os\s*\(\s*(\w+)\s*\)$/.exec(t);
    if (os) return os[1] === 'iOS' ? 'T' : OTHER_OS.has(os[1]) ? 'F' : 'U';
    if (t === 'true') return 'T';
    if (t === 'false') return 'F';
    return 'U';
  };
  const and = (): Tri => {
    let v = primary();
    while (tokens[i] === '&&') {
      i++;
      v = and3(v, primary());
    }
    return v;
  };
  const or = (): Tri => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      v = or3(v, and());
    }
    return v;
  };
  if (tokens.length > 200) return 'U';
  const v = or();
  return i === tokens.length ? v : 'U';
}

interface Frame {
  /** Some earlier branch of this #if is taken (T), none is (F), or unknown. */
  taken: Tri;
  /** Whether the current branch is compiled for iOS. */
  branch: Tri;
}

const DIRECTIVE = /^[ \t]*#(if|elseif|else|endif)\b(.*)$/;

/** Blanks the lines of `#if` branches that an iOS build never compiles; returns `text` itself when nothing changes. */
export function blankOtherPlatforms(text: string): string {
  if (!text.includes('#if')) return text;
  const stack: Frame[] = [];
  let out: string[] | undefined;
  let lineStart = 0;
  let dead = 0; // number of frames whose branch is definitely not compiled
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const d = line.includes('#') ? DIRECTIVE.exec(line.replace(/\r$/, '').replace(/\/\/.*$/, '')) : null;
    if (d) {
      const kind = d[1];
      if (kind === 'if') {
        const v = evalCondition(d[2]);
        stack.push({ taken: v, branch: v });
        if (v === 'F') dead++;
      } else if (stack.length && (kind === 'elseif' || kind === 'else')) {
        const f = stack[stack.length - 1];
        if (f.branch === 'F') dead--;
        const v = kind === 'else' ? 'T' : evalCondition(d[2]);
        f.branch = f.taken === 'T' ? 'F' : f.taken === 'F' ? v : v === 'F' ? 'F' : 'U';
        f.taken = or3(f.taken, v);
        if (f.branch === 'F') dead++;
      } else if (stack.length && kind === 'endif') {
        const f = stack.pop()!;
        if (f.branch === 'F') dead--;
      }
    } else if (dead > 0 && line.trim()) {
      out ??= [text.slice(0, lineStart)];
      out.push(line.replace(/[^\r]/g, ' '));
      out.push(lineEnd < text.length ? '\n' : '');
      lineStart = lineEnd + 1;
      continue;
    }
    if (out) out.push(line, lineEnd < text.length ? '\n' : '');
    lineStart = lineEnd + 1;
  }
  return out ? out.join('') : text;
}
