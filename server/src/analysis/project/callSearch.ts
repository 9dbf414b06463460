/**
 * Which files may call a method of a given type, decided on the bytes before any file is parsed. Apps where many
 * types share method names (`register`, `refresh`, `start`) would otherwise have most of their files parsed for each
 * "who calls `Owner.register`?" question. The answers over-approximate: a file is skipped only when every call of the
 * name in it clearly goes elsewhere.
 */

const SINGLETONS = new Set(['shared', 'default', 'instance', 'current', 'sharedInstance', 'standard']);

function isIdent(c: number | undefined): boolean {
  return c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
}

function skipSpacesBack(buf: Buffer, at: number): number {
  while (at > 0 && (buf[at - 1] === 32 || buf[at - 1] === 9)) at--;
  return at;
}

/** The identifier ending at `end` (exclusive), as [start, text]. */
function identBefore(buf: Buffer, end: number): [number, string] {
  let s = end;
  while (s > 0 && isIdent(buf[s - 1])) s--;
  return [s, buf.toString('latin1', s, end)];
}

/**
 * The type a qualified call's receiver names (`Type.word(`, `Type.shared.word(`), `self` for `self.word(`, '' for an
 * unqualified call, or undefined when the receiver is an expression whose type the bytes do not tell (`x.word(`).
 */
export function receiverTypeAt(buf: Buffer, start: number): string | undefined {
  const dot = skipSpacesBack(buf, start);
  if (buf[dot - 1] !== 46 /* . */) return '';
  const [s1, first] = identBefore(buf, skipSpacesBack(buf, dot - 1));
  if (!first) return undefined;
  if (first === 'self') return buf[s1 - 1] === 46 ? undefined : 'self';
  if (SINGLETONS.has(first) && buf[s1 - 1] === 46) {
    const [s2, type] = identBefore(buf, s1 - 1);
    return type && /^[A-Z]/.test(type) && buf[s2 - 1] !== 46 ? type : undefined;
  }
  return /^[A-Z]/.test(first) && buf[s1 - 1] !== 46 ? first : undefined;
}

/**
 * May this file call `word` of type `owner`? Calls through another type's name (`Other.shared.word(`) go to that type;
 * unqualified calls in a file that declares its own `func word` and never names `owner` go to that one.
 * `isCall(start, end)` says whether an occurrence is a call; `declaresOwn` and `namesOwner` are asked lazily.
 */
export function mayCallMethodOf(buf: Buffer, word: string, owner: string, isCall: (start: number, end: number) => boolean, declaresOwn: () => boolean, namesOwner: () => boolean): boolean {
  let i = buf.indexOf(word, 0, 'latin1');
  let own: boolean | undefined;
  while (i >= 0) {
    const end = i + word.length;
    if (!isIdent(buf[i - 1]) && !isIdent(buf[end]) && isCall(i, end)) {
      const recv = receiverTypeAt(buf, i);
      if (recv === undefined) return true;
      if (recv === '' || recv === 'self') {
        own ??= declaresOwn() && !namesOwner();
        if (!own) return true;
      } else if (recv === owner) return true;
    }
    i = buf.indexOf(word, end, 'latin1');
  }
  return false;
}

/** `word(` or `word {` (a call, or a trailing closure) after the occurrence ending at `end`. */
export function callFollows(buf: Buffer, end: number): boolean {
  let j = end;
  while (j < buf.length && (buf[j] === 32 || buf[j] === 9)) j++;
  return buf[j] === 40 || buf[j] === 123;
}
