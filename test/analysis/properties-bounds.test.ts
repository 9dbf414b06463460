/**
 * Properties of the bounded scans and expansions (issue "Hostile repositories", items 4, 7, 11 and 14), with
 * fast-check and fixed seeds (test/helpers/properties.ts says how to replay a failure):
 * - the byte prefilter (`includesAnyInCode`) and the binding search (`mentions(…, 'binding')`) answer exactly what the
 *   per-occurrence line scans they replaced answered (kept below as the reference), on random lines, short and long;
 * - build-setting expansion over random setting graphs always ends, never throws, and its output is capped;
 * - choosing and applying fixes with the indexed clash test gives what comparing every pair gave.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceStore } from '../../server/src/analysis/project/sourceStore';
import { expandVariables, layerSettings, MAX_EXPANDED_LENGTH } from '../../server/src/analysis/xcode/buildSettings';
import { applyEdits, collectSafeEdits } from '../../server/src/lint/fix';
import type { TextEdit } from '../../server/src/rules/types';
import { checkProperty } from '../helpers/properties';

// ---------------------------------------------------------------------------------------------------------------------
// The scans as they were (quadratic on one long line), as the reference for their meaning.

function refInCommentOrString(buf: Buffer, at: number): boolean {
  const lineStart = buf.lastIndexOf(10, at) + 1;
  let inString = false;
  for (let j = lineStart; j < at; j++) {
    const c = buf[j];
    if (inString) {
      if (c === 92) j++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 47 && buf[j + 1] === 47) return true;
  }
  return inString;
}

function refIncludesAnyInCode(text: string, words: string[]): boolean {
  const buf = Buffer.from(text, 'utf8');
  for (const w of words) {
    for (let i = buf.indexOf(w, 0, 'latin1'); i >= 0; i = buf.indexOf(w, i + 1, 'latin1')) if (!refInCommentOrString(buf, i)) return true;
  }
  return false;
}

const isIdent = (c: number | undefined) => c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);

function refMentionsBinding(text: string, word: string): boolean {
  const buf = Buffer.from(text, 'utf8');
  for (let i = buf.indexOf(word, 0, 'latin1'); i >= 0; i = buf.indexOf(word, i + 1, 'latin1')) {
    const end = i + word.length;
    if (isIdent(buf[i - 1]) || isIdent(buf[end])) continue;
    let e = i;
    while (e > 0 && (buf[e - 1] === 32 || buf[e - 1] === 9 || buf[e - 1] === 10 || buf[e - 1] === 13)) e--;
    let s = e;
    while (s > 0 && isIdent(buf[s - 1])) s--;
    const w = buf.toString('latin1', s, e);
    if (w === 'let' || w === 'var' || w === 'case' || w === 'const') return true;
    const lineStart = buf.lastIndexOf(10, i) + 1;
    if (/\bcase\b/.test(buf.toString('latin1', lineStart, i))) return true;
  }
  return false;
}

// Lines built from the pieces that matter to the scans: quotes, escapes, comments, line breaks, `case`, the words.
const piece = fc.constantFrom('"', '\\', '/', '//', '\n', ' ', ',', '(', ')', 'case', 'cases', 'let', 'BGTask', 'x', 'é', 'name', 'rename', '_name', '= ');
const source = fc.array(piece, { maxLength: 60 }).map((a) => a.join(''));

describe('bounded scans keep their meaning (fast-check)', () => {
  it('includesAnyInCode answers as the line-by-line reference did', () => {
    checkProperty(
      fc.property(source, fc.boolean(), (text, asBytes) => {
        const store = new SourceStore();
        store.set('/a.swift', asBytes ? Buffer.from(text) : text);
        expect(store.includesAnyInCode('/a.swift', ['BGTask', 'name'])).toBe(refIncludesAnyInCode(text, ['BGTask', 'name']));
      }),
      { seed: 1501, numRuns: 800 },
    );
  });

  it('mentions(…, "binding") answers as the line-by-line reference did', () => {
    checkProperty(
      fc.property(source, (text) => {
        const store = new SourceStore();
        store.set('/a.swift', Buffer.from(text));
        expect(store.mentions('/a.swift', 'name', 'binding')).toBe(refMentionsBinding(text, 'name'));
      }),
      { seed: 1502, numRuns: 800 },
    );
  });

  it('long single lines give the same answers (the shapes that were quadratic)', () => {
    checkProperty(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.integer({ min: 2000, max: 6000 }), (unit, times) => {
        const text = unit.join('').replace(/\n/g, ' ').repeat(times);
        const store = new SourceStore();
        store.set('/a.swift', Buffer.from(text));
        expect(store.includesAnyInCode('/a.swift', ['BGTask'])).toBe(refIncludesAnyInCode(text, ['BGTask']));
        expect(store.mentions('/a.swift', 'name', 'binding')).toBe(refMentionsBinding(text, 'name'));
      }),
      { seed: 1503, numRuns: 30 },
    );
  });

  it('720 KB of "BGTask" strings on one line are strings, and a tuple of 800 KB is no binding', () => {
    const store = new SourceStore();
    store.set('/s.swift', Buffer.from(`let s = [${'"BGTask",'.repeat(80_000)}]`));
    expect(store.includesAnyInCode('/s.swift', ['BGTask'])).toBe(false);
    store.set('/t.swift', Buffer.from(`let t = (${'refreshID, '.repeat(72_000)}refreshID)`));
    expect(store.mentions('/t.swift', 'refreshID', 'binding')).toBe(false);
    store.set('/u.swift', Buffer.from(`enum E { case ${'a, '.repeat(72_000)}refreshID }`));
    expect(store.mentions('/u.swift', 'refreshID', 'binding')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

const NAMES = ['A', 'B', 'C', 'D', 'PRODUCT_BUNDLE_IDENTIFIER'];
const ref = fc.constantFrom(...NAMES.map((n) => `$(${n})`), ...NAMES.map((n) => `\${${n}}`), '$(A:rfc1034identifier)', '$(inherited)', '$X', 'com.', 'x'.repeat(50), '.');
const settingValue = fc.array(ref, { maxLength: 8 }).map((a) => a.join(''));
const settings = fc.dictionary(fc.constantFrom(...NAMES), settingValue);

describe('build-setting expansion on random setting graphs (fast-check)', () => {
  it('always ends, never throws, and its output stays within the cap', () => {
    checkProperty(
      fc.property(settings, fc.array(settings, { maxLength: 6 }), settingValue, (s, layers, text) => {
        const merged = layerSettings([...layers, s]);
        for (const v of Object.values(merged)) expect(v.length).toBeLessThanOrEqual(MAX_EXPANDED_LENGTH + 400);
        const r = expandVariables(text, (n) => merged[n]);
        // Kept variables are written `$(NAME)`, at most twice the length of `$X`; everything expanded is capped.
        expect(r.value.length).toBeLessThanOrEqual(2 * text.length + MAX_EXPANDED_LENGTH);
      }),
      { seed: 1504, numRuns: 500 },
    );
  });

  it('thirty-two layers that each double $(inherited) stop at the cap and leave the rest unresolved', () => {
    const layers = Array.from({ length: 32 }, () => ({ OTHER: '$(inherited) $(inherited) x' }));
    const merged = layerSettings([{ OTHER: 'start' }, ...layers]);
    expect(merged.OTHER.length).toBeLessThanOrEqual(MAX_EXPANDED_LENGTH);
    expect(merged.OTHER).toContain('$(inherited)');
    expect(expandVariables('$(OTHER)', (n) => merged[n]).unresolved).toContain('inherited');
  });

  it('a value holding "$&" is inserted as written (no replacement patterns)', () => {
    expect(layerSettings([{ A: 'x$&y' }, { A: '$(inherited) z' }]).A).toBe('x$&y z');
  });
});

// ---------------------------------------------------------------------------------------------------------------------

/** The clash test as it was: every new edit compared with every chosen one. */
function refOverlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.span.start === a.span.end && b.span.start === b.span.end) {
    if (a.span.start !== b.span.start) return false;
    const key = (t: string) => /<key>([^<]*)<\/key>/.exec(t)?.[1];
    return a.newText === b.newText || (key(a.newText) !== undefined && key(a.newText) === key(b.newText));
  }
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

function refCollect(findings: { fixes: { safe: boolean; preferred?: boolean; edits: TextEdit[]; title: string }[] }[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe && x.preferred) ?? f.fixes.find((x) => x.safe);
    if (!fix) continue;
    if (fix.edits.some((e) => (byFile.get(e.file) ?? []).some((o) => refOverlaps(o, e)))) continue;
    for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  }
  return byFile;
}

function refApply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const edit = fc
  .record({ file: fc.constantFrom('/a', '/b'), start: fc.nat(30), length: fc.constantFrom(0, 0, 1, 2, 5), newText: fc.constantFrom('', 'x', 'yy', '<key>K</key>', '<key>L</key>z') })
  .map((e): TextEdit => ({ file: e.file, span: { start: e.start, end: e.start + e.length }, newText: e.newText }));
// A fix's own edits never overlap each other (the rules write them that way); only edits of different fixes clash.
const fixEdits = fc.array(edit, { minLength: 1, maxLength: 3 }).filter((list) => list.every((a, i) => list.slice(0, i).every((b) => !refOverlaps(a, b))));
const finding = fc.record({
  fixes: fc.array(fc.record({ title: fc.constant('t'), safe: fc.boolean(), preferred: fc.boolean(), edits: fixEdits }), { maxLength: 2 }),
});

describe('choosing and applying fixes (fast-check)', () => {
  it('the indexed clash test chooses what comparing every pair chose, and applying gives the same text', () => {
    checkProperty(
      fc.property(fc.array(finding, { maxLength: 25 }), (findings) => {
        const got = collectSafeEdits(findings);
        const want = refCollect(findings);
        expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
        const text = 'abcdefghijklmnopqrstuvwxyz0123456789';
        for (const [file, edits] of want) {
          expect(new Set(got.get(file))).toEqual(new Set(edits));
          expect(applyEdits(text, got.get(file)!)).toBe(refApply(text, edits));
        }
      }),
      { seed: 1505, numRuns: 1000 },
    );
  });
});
