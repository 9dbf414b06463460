/**
 * Comment directives that silence findings, in the spirit of ESLint:
 *   // bgtasks-disable-next-line missing-expiration-handler
 *   // bgtasks-disable-line            (every rule, this line)
 *   // bgtasks-disable unused-permitted-identifier   (whole file)
 * In XML plists the same words go in <!-- … --> comments.
 */
import type { Directive } from './facts';

const RE = /bgtasks-(disable-next-line|disable-line|disable)\b([^\n]*)/g;

export function parseDirectives(text: string, style: '//' | '<!--' | '#'): Directive[] {
  if (!text.includes('bgtasks-disable')) return [];
  const out: Directive[] = [];
  let m: RegExpExecArray | null;
  RE.lastIndex = 0;
  while ((m = RE.exec(text))) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const before = text.slice(lineStart, m.index);
    // Only inside a comment of the file's style.
    const inComment = style === '//' ? /\/\/\s*$|\/\*\s*$/.test(before) : style === '#' ? /#\s*$/.test(before) : /<!--\s*$/.test(before);
    if (!inComment) continue;
    const line = countLines(text, m.index);
    const rest = m[2].replace(/-->.*$/, '').replace(/\*\/.*$/, '').replace(/--\s.*$/, '');
    const rules = rest.split(/[\s,]+/).map((r) => r.trim()).filter((r) => /^[a-z][a-z0-9-]*$/.test(r));
    const kind = m[1] === 'disable' ? 'disable-file' : (m[1] as Directive['kind']);
    out.push({ kind, rules, line: kind === 'disable-file' ? -1 : kind === 'disable-next-line' ? line + 1 : line });
  }
  return out;
}

function countLines(text: string, upTo: number): number {
  let n = 0;
  for (let i = 0; i < upTo; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function isSuppressed(directives: Directive[], ruleId: string, line: number): boolean {
  for (const d of directives) {
    if (d.rules.length && !d.rules.includes(ruleId)) continue;
    if (d.kind === 'disable-file' || d.line === line) return true;
  }
  return false;
}
