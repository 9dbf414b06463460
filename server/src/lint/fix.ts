/** Applying fixes as text edits: used by `bgtasks lint --fix` and by tests that re-lint after a fix. */
import type { Span } from '../analysis/text/lineIndex';
import type { Finding, TextEdit } from '../rules/types';

/** Safe fixes grouped per file; a fix whose edits clash with an already chosen one is skipped. */
export function collectSafeEdits(findings: Pick<Finding, 'fixes'>[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  const chosen = new Map<string, ChosenEdits>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe && x.preferred) ?? f.fixes.find((x) => x.safe);
    if (!fix) continue;
    if (fix.edits.some((e) => chosen.get(e.file)?.clashes(e))) continue;
    for (const e of fix.edits) {
      const list = byFile.get(e.file) ?? [];
      list.push(e);
      byFile.set(e.file, list);
      let c = chosen.get(e.file);
      if (!c) chosen.set(e.file, (c = new ChosenEdits()));
      c.add(e);
    }
  }
  return byFile;
}

/**
 * The edits chosen for one file. Edits clash when they overlap, when they insert the same text at the same place (one
 * fix found twice), or when two inserts at the same place create the same plist key (two ids for a missing array): a
 * later pass applies the rest. Indexed so that a clash is found by binary search rather than by comparing with every
 * chosen edit: thousands of fixes in one file stay near-linear.
 */
class ChosenEdits {
  /** Replacements and deletions (non-empty spans), sorted by start; they never overlap each other. */
  private readonly spans: Span[] = [];
  /** Offsets of inserts, sorted, and the texts and plist keys inserted at each. */
  private readonly insertAt: number[] = [];
  private readonly inserts = new Map<number, { texts: Set<string>; keys: Set<string> }>();

  clashes(e: TextEdit): boolean {
    const { start, end } = e.span;
    if (start === end) {
      // Inside a replaced span (strictly), or the same text or plist key inserted at the same place.
      const i = firstAfter(this.spans, start) - 1;
      if (i >= 0 && this.spans[i].start < start && start < this.spans[i].end) return true;
      const here = this.inserts.get(start);
      const key = keyOf(e.newText);
      return !!here && (here.texts.has(e.newText) || (key !== undefined && here.keys.has(key)));
    }
    // Overlapping a replaced span, or holding an insert strictly inside.
    const i = firstAfter(this.spans, start) - 1;
    if (i >= 0 && this.spans[i].end > start) return true;
    if (i + 1 < this.spans.length && this.spans[i + 1].start < end) return true;
    const j = firstOffsetAfter(this.insertAt, start);
    return j < this.insertAt.length && this.insertAt[j] < end;
  }

  add(e: TextEdit): void {
    const { start, end } = e.span;
    if (start !== end) {
      this.spans.splice(firstAfter(this.spans, start), 0, { start, end });
      return;
    }
    let here = this.inserts.get(start);
    if (!here) {
      this.inserts.set(start, (here = { texts: new Set(), keys: new Set() }));
      this.insertAt.splice(firstOffsetAfter(this.insertAt, start), 0, start);
    }
    here.texts.add(e.newText);
    const key = keyOf(e.newText);
    if (key !== undefined) here.keys.add(key);
  }
}

/** Index of the first span starting after `offset` (spans sorted by start; appends are the common case). */
function firstAfter(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  if (hi && spans[hi - 1].start <= offset) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first offset greater than `offset` in a sorted list. */
function firstOffsetAfter(list: number[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  if (hi && list[hi - 1] <= offset) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The plist key an insert creates (`<key>…</key>`), if any. */
function keyOf(text: string): string | undefined {
  return /<key>([^<]*)<\/key>/.exec(text)?.[1];
}

/** Applies non-overlapping edits to a text (any order in, applied back to front). */
export function applyEdits(text: string, edits: Pick<TextEdit, 'span' | 'newText'>[]): string {
  // Back to front as before (an insert and a replacement at one offset keep their order), then joined once: pasting
  // each edit into the whole text would copy it once per edit.
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  const parts: string[] = [];
  let end = text.length;
  for (const e of sorted) {
    const start = Math.min(e.span.end, end);
    parts.push(text.slice(start, end), e.newText);
    end = Math.min(e.span.start, start);
  }
  parts.push(text.slice(0, end));
  return parts.reverse().join('');
}
