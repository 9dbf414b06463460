/**
 * Does an Objective-C file mention a name in a role, checked on its bytes (no decoding, no parse)? The on-demand
 * searches of the workspace (who declares `refresh`, who calls it, who defines `kRefreshId`) ask this of the files
 * not parsed yet, so that only the few that can answer are parsed.
 */
import { isIdentCode as isIdent } from '../project/discover';
import { needle } from '../project/sourceStore';
import type { MentionRole } from '../project/sourceStore';

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Where the first byte after `end` that is not white space is. */
function nextAt(buf: Buffer, end: number): number {
  let j = end;
  while (j < buf.length && isSpace(buf[j])) j++;
  return j;
}

/** The first byte before `start` that is not white space, and the word ending there. */
function before(buf: Buffer, start: number): { byte: number | undefined; word: string } {
  let e = start;
  while (e > 0 && isSpace(buf[e - 1])) e--;
  let s = e;
  while (s > 0 && isIdent(buf[s - 1])) s--;
  return { byte: buf[e - 1], word: buf.toString('latin1', s, e) };
}

/**
 * - `func`: a method (`- (void)word…`, the name after the return type's `)`) or a C function (`word(`);
 * - `call`: a message part (`word]`, `word:`), a C call (`word(`) or a selector (`@selector(word…)`);
 * - `binding`: a definition (`word = …`, `#define word`);
 * - `type`, `any`: any whole-word use.
 */
export function objcMentions(buf: Buffer, word: string, role: MentionRole): boolean {
  if (!word) return false;
  const w = needle(word);
  for (let i = buf.indexOf(w); i >= 0; i = buf.indexOf(w, i + 1)) {
    const end = i + word.length;
    if (isIdent(buf[i - 1]) || isIdent(buf[end])) continue;
    if (role === 'any' || role === 'type') return true;
    const at = nextAt(buf, end);
    const next = buf[at];
    const prev = before(buf, i);
    if (role === 'func' && (prev.byte === 41 /* ) */ || next === 40 /* ( */)) return true;
    if (role === 'call' && (next === 93 /* ] */ || next === 58 /* : */ || next === 40 /* ( */ || next === 41 /* ) in @selector(word) */)) return true;
    if (role === 'binding' && ((next === 61 /* = */ && buf[at + 1] !== 61) || prev.word === 'define')) return true;
  }
  return false;
}
