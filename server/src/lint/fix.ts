/** Applying fixes as text edits: used by `bgtasks lint --fix` and by tests that re-lint after a fix. */
import type { Finding, TextEdit } from '../rules/types';

/** Safe fixes grouped per file; a fix whose edits overlap an already chosen one is skipped. */
export function collectSafeEdits(findings: Pick<Finding, 'fixes'>[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe && x.preferred) ?? f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const clash = fix.edits.some((e) => (byFile.get(e.file) ?? []).some((o) => overlaps(o, e)));
    if (clash) continue;
    for (const e of fix.edits) {
      const list = byFile.get(e.file) ?? [];
      list.push(e);
      byFile.set(e.file, list);
    }
  }
  return byFile;
}

/**
 * Edits clash when they overlap, when they insert the same text at the same place (one fix found twice), or when two
 * inserts at the same place create the same plist key (two ids for a missing array): a later pass applies the rest.
 */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.span.start === a.span.end && b.span.start === b.span.end) {
    if (a.span.start !== b.span.start) return false;
    const key = (t: string) => /<key>([^<]*)<\/key>/.exec(t)?.[1];
    return a.newText === b.newText || (key(a.newText) !== undefined && key(a.newText) === key(b.newText));
  }
  if (a.span.start === a.span.end || b.span.start === b.span.end) return a.span.start < b.span.end && b.span.start < a.span.end;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** Applies non-overlapping edits to a text (any order in, applied back to front). */
export function applyEdits(text: string, edits: Pick<TextEdit, 'span' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
