/**
 * Properties of the OpenStep (project.pbxproj) reader, server/src/analysis/xcode/openStep.ts, with fast-check and
 * fixed seeds (a failure prints how to replay it; see test/helpers/properties.ts):
 * - any value written the ways Xcode writes project files (quoted or bare strings, `<data>`, trailing commas,
 *   comments, the UTF8 header) reads back to the same value, and each dictionary key's span is its own text;
 * - a project cut short anywhere before its last character is reported and yields no value;
 * - arbitrary text never throws, and every problem lies inside the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDict, parseOpenStep, type ODict, type OValue } from '../../server/src/analysis/xcode/openStep';
import { checkProperty } from '../helpers/properties';

/** A written value: the data kind is kept apart because it reads back as the text `<…>`. */
type W = { s: string } | { data: string } | W[] | { dict: [string, W][] };

const BARE = /^[A-Za-z0-9_$/:.\-+<>~@]+$/;
const strChars = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abAZ09_$/:.-+~@'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '"', '\\', '\n', '\t', ';', '=', '{', '}', '(', ')', ',', '<', '>', '*', '/') },
  { weight: 1, arbitrary: fc.constantFrom('é', '日', '😀') },
);
const str = fc.array(strChars, { maxLength: 10 }).map((a) => a.join(''));
const hex = fc.array(fc.constantFrom(...'0123456789abcdef '.split('')), { maxLength: 12 }).map((a) => a.join(''));

const written: fc.Arbitrary<W> = fc.letrec<{ w: W }>((tie) => ({
  w: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: str.map((s) => ({ s })) },
    { weight: 1, arbitrary: hex.map((data) => ({ data })) },
    { weight: 2, arbitrary: fc.array(tie('w'), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.uniqueArray(fc.tuple(str, tie('w')), { maxLength: 4, selector: ([k]) => k }).map((dict) => ({ dict })) },
  ),
})).w;
const container = written.filter((w) => Array.isArray(w) || 'dict' in w);

const layout = fc.record({
  indent: fc.constantFrom('', '\t', '  '),
  newline: fc.constantFrom('\n', ' ', ''),
  header: fc.boolean(),
  blockComments: fc.boolean(),
  lineComments: fc.boolean(),
  trailingComma: fc.boolean(),
  quoteAll: fc.boolean(),
});
type Layout = typeof layout extends fc.Arbitrary<infer L> ? L : never;

/** A string token: bare when it can be (and does not start a comment or data), else quoted with escapes. */
function token(s: string, l: Layout): string {
  if (!l.quoteAll && BARE.test(s) && !s.startsWith('<') && !s.startsWith('/')) return s;
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

/** Writes `w`; returns the text and, for every dict key, the token written for it (for the span check). */
function write(w: W, l: Layout): { text: string; keyTokens: Map<string, string>[] } {
  const keyTokens: Map<string, string>[] = [];
  const gap = (d: number) => `${l.newline}${l.newline === '\n' ? l.indent.repeat(d) : ''}`;
  const comment = (what: string) => (l.blockComments ? ` /* ${what.replace(/\*\//g, '* /')} */` : '');
  const node = (x: W, d: number): string => {
    if (Array.isArray(x)) {
      const items = x.map((i) => `${gap(d + 1)}${node(i, d + 1)}`);
      return `(${items.join(',')}${items.length && l.trailingComma ? ',' : ''}${gap(d)})`;
    }
    if ('s' in x) return token(x.s, l);
    if ('data' in x) return `<${x.data}>`;
    const tokens = new Map<string, string>();
    keyTokens.push(tokens);
    const entries = x.dict.map(([k, v]) => {
      tokens.set(k, token(k, l));
      const line = l.lineComments ? ` // ${k.replace(/\n/g, ' ')}` : '';
      return `${gap(d + 1)}${tokens.get(k)}${comment(k)} = ${node(v, d + 1)};${line ? line + '\n' : ''}`;
    });
    return `{${entries.join('')}${gap(d)}}`;
  };
  return { text: `${l.header ? '// !$*UTF8*$!\n' : ''}${node(w, 0)}\n`, keyTokens };
}

/** What the reader should return for `w`. */
function expected(w: W): OValue {
  if (Array.isArray(w)) return w.map(expected);
  if ('s' in w) return w.s;
  if ('data' in w) return `<${w.data}>`;
  return Object.fromEntries(w.dict.map(([k, v]) => [k, expected(v)])) as ODict;
}

/** Plain objects (the reader makes prototype-less dicts) for a deep comparison. */
function plain(v: OValue | undefined): unknown {
  if (v === undefined || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(plain);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

/** Dicts in the order they were written (depth first, as `write` records them). */
function dictsInOrder(v: OValue, out: ODict[] = []): ODict[] {
  if (Array.isArray(v)) v.forEach((x) => dictsInOrder(x, out));
  else if (isDict(v)) {
    out.push(v);
    for (const x of Object.values(v)) dictsInOrder(x, out);
  }
  return out;
}

describe('OpenStep reader (fast-check)', () => {
  it('reads back every written value, with no problem and key spans on their own text', () => {
    checkProperty(
      fc.property(written, layout, (w, l) => {
        const { text, keyTokens } = write(w, l);
        const r = parseOpenStep(text);
        expect(r.problems).toEqual([]);
        expect(plain(r.value)).toEqual(plain(expected(w)));
        const dicts = dictsInOrder(r.value!);
        expect(dicts.length).toBe(keyTokens.length);
        dicts.forEach((d, n) => {
          const spans = r.keySpans.get(d)!;
          for (const [k, tok] of keyTokens[n]!) expect(text.slice(spans.get(k)!.start, spans.get(k)!.end)).toBe(tok);
        });
      }),
      { seed: 16011, numRuns: 400 },
    );
  });

  it('reports a project cut short anywhere before its end, and makes up no value', () => {
    checkProperty(
      fc.property(container, layout, fc.double({ min: 0, max: 1, noNaN: true }), (w, l, at) => {
        const { text } = write(w, l);
        const end = text.trimEnd().length; // the root's closing bracket is the last character written
        const cut = text.slice(0, Math.floor(at * (end - 1)));
        const r = parseOpenStep(cut);
        expect(r.problems.length, JSON.stringify(cut)).toBeGreaterThan(0);
        expect(r.value).toBeUndefined();
      }),
      { seed: 16012, numRuns: 400 },
    );
  });

  it('never throws on arbitrary text, and keeps every problem inside it', () => {
    const pieces = fc.constantFrom('{', '}', '(', ')', '=', ';', ',', '"', '\\', '<', '>', '/*', '*/', '//', '\n', ' ', 'a', 'Z9', '// !$*UTF8*$!\n', '\\U00e9');
    const junk = fc.oneof(fc.array(pieces, { maxLength: 50 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 200 }));
    checkProperty(
      fc.property(junk, (t) => {
        const r = parseOpenStep(t);
        for (const p of r.problems) {
          expect(p.span.start).toBeGreaterThanOrEqual(0);
          expect(p.span.end).toBeLessThanOrEqual(t.length);
        }
      }),
      { seed: 16013, numRuns: 1000 },
    );
  });
});
