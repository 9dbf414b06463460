/**
 * Properties of the position-aware XML plist reader (server/src/analysis/plist/xmlPlist.ts), with fast-check and fixed
 * seeds (a failure prints how to replay it; see test/helpers/properties.ts):
 * - any plist written in any of the ways Xcode and people write them reads back to the same values, with no problem,
 *   and every key's and scalar's span points at its own text;
 * - the `plist` package (the cross-check the linter uses) reads the same values;
 * - a document cut short anywhere before its end is reported, never silently taken as complete;
 * - arbitrary text never throws, and every problem lies inside the text.
 */
import fc from 'fast-check';
import * as plist from 'plist';
import { describe, expect, it } from 'vitest';
import { decodeXmlText, readXmlPlist, type PlistNode } from '../../server/src/analysis/plist/xmlPlist';
import { checkProperty } from '../helpers/properties';

type Value = string | number | boolean | Value[] | { [k: string]: Value };

// Text XML 1.0 allows (no control characters but tab and newline; no CR, which XML readers normalise), with the
// characters that need escaping and some beyond ASCII.
const textChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019 .-_/:'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ';', '#', ']', '\t', '\n') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ß', '日', '😀') },
);
const text = fc.array(textChar, { maxLength: 12 }).map((a) => a.join(''));
// Keys are trimmed by readers: generate them without surrounding whitespace, and unique within a dict.
const key = text.map((s) => s.trim()).filter((s) => s.length > 0);

const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.boolean(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.uniqueArray(fc.tuple(key, tie('v')), { maxLength: 4, selector: ([k]) => k }).map((entries) => Object.fromEntries(entries) as Value),
  ),
})).v;

/** How a document is written: indentation, header, comments, CDATA, empty-element forms. */
const style = fc.record({
  indent: fc.constantFrom('', '\t', '  ', '    '),
  newline: fc.constantFrom('\n', ''),
  header: fc.boolean(),
  doctype: fc.boolean(),
  comments: fc.boolean(),
  cdata: fc.boolean(),
  emptyForms: fc.boolean(),
});
type Style = typeof style extends fc.Arbitrary<infer S> ? S : never;

function write(v: Value, s: Style): string {
  const nl = s.newline;
  const pad = (d: number) => (nl ? s.indent.repeat(d) : '');
  const str = (x: string, tag: string) => (s.cdata && x.length > 0 && !x.includes(']]>') ? `<${tag}><![CDATA[${x}]]></${tag}>` : `<${tag}>${x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${tag}>`);
  const node = (x: Value, d: number): string => {
    if (typeof x === 'string') return str(x, 'string');
    if (typeof x === 'number') return `<integer>${x}</integer>`;
    if (typeof x === 'boolean') return x ? '<true/>' : '<false/>';
    if (Array.isArray(x)) {
      if (x.length === 0 && s.emptyForms) return '<array/>';
      return `<array>${nl}${x.map((i) => pad(d + 1) + node(i, d + 1) + nl).join('')}${pad(d)}</array>`;
    }
    const entries = Object.entries(x);
    if (entries.length === 0 && s.emptyForms) return '<dict/>';
    const comment = (k: string) => (s.comments ? `<!-- ${k.replace(/-/g, '=')} -->${nl}${pad(d + 1)}` : '');
    return `<dict>${nl}${entries.map(([k, i]) => `${pad(d + 1)}${comment(k)}${str(k, 'key')}${nl}${pad(d + 1)}${node(i, d + 1)}${nl}`).join('')}${pad(d)}</dict>`;
  };
  const head = `${s.header ? `<?xml version="1.0" encoding="UTF-8"?>${nl || '\n'}` : ''}${s.doctype ? `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">${nl || '\n'}` : ''}`;
  return `${head}<plist version="1.0">${nl}${node(v, 0)}${nl}</plist>${nl}`;
}

/** The reader's tree as plain values, checking on the way that each span holds its own text. */
function valueOf(n: PlistNode | undefined, doc: string): Value | undefined {
  if (!n) return undefined;
  switch (n.kind) {
    case 'dict': {
      const out: { [k: string]: Value } = {};
      for (const e of n.entries) {
        expect(doc.slice(e.keySpan.start, e.keySpan.end)).toMatch(/^<key>[\s\S]*<\/key>$/);
        const keyText = doc.slice(e.keyTextSpan.start, e.keyTextSpan.end);
        if (!keyText.includes('<![CDATA[')) expect(decodeXmlText(keyText)).toBe(e.key);
        out[e.key] = valueOf(e.value, doc)!;
      }
      return out;
    }
    case 'array':
      return n.items.map((i) => valueOf(i, doc)!);
    case 'true':
    case 'false':
      return n.kind === 'true';
    case 'integer':
      expect(doc.slice(n.contentSpan.start, n.contentSpan.end)).toBe(n.value);
      return Number(n.value);
    default: {
      const raw = doc.slice(n.contentSpan.start, n.contentSpan.end);
      expect(raw.startsWith('<![CDATA[') ? raw.slice(9, -3) : decodeXmlText(raw)).toBe(n.value);
      return n.value;
    }
  }
}

describe('XML plist reader (fast-check)', () => {
  it('reads back every written plist, with no problem and with spans on their own text', () => {
    checkProperty(
      fc.property(value, style, (v, s) => {
        const doc = write(v, s);
        const r = readXmlPlist(doc);
        expect(r.problems).toEqual([]);
        expect(valueOf(r.root, doc)).toEqual(v);
        expect(doc.slice(r.root!.span.start, r.root!.span.end).trimStart().startsWith('<')).toBe(true);
      }),
      { seed: 16001, numRuns: 300 },
    );
  });

  it('agrees with the plist package on the values', () => {
    checkProperty(
      fc.property(value, style, (v, s) => {
        const doc = write(v, s);
        expect(valueOf(readXmlPlist(doc).root, doc)).toEqual(plist.parse(doc) as Value);
      }),
      { seed: 16002, numRuns: 150 },
    );
  });

  it('reports a document cut short anywhere before its end', () => {
    const containers = value.filter((v) => typeof v === 'object');
    checkProperty(
      fc.property(containers, style, fc.double({ min: 0, max: 1, noNaN: true }), (v, s, at) => {
        const doc = write(v, s);
        const end = doc.lastIndexOf('</plist>') + '</plist>'.length;
        const cut = doc.slice(0, Math.floor(at * (end - 1)));
        const r = readXmlPlist(cut);
        expect(r.problems.length, JSON.stringify(cut)).toBeGreaterThan(0);
      }),
      { seed: 16003, numRuns: 300 },
    );
  });

  it('never throws on arbitrary text, and keeps every problem inside it', () => {
    const pieces = fc.constantFrom('<plist>', '</plist>', '<dict>', '</dict>', '<array>', '<key>', '</key>', '<string>', '</string>', '<true/>', '<!--', '-->', '<![CDATA[', ']]>', '<!DOCTYPE x [', '&amp;', '&#x1F600;', '<', '>', '/', 'x', ' ', '\n');
    const junk = fc.oneof(fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')), fc.string({ unit: 'binary', maxLength: 200 }));
    checkProperty(
      fc.property(junk, (t) => {
        const r = readXmlPlist(t);
        for (const p of r.problems) {
          expect(p.span.start).toBeGreaterThanOrEqual(0);
          expect(p.span.end).toBeLessThanOrEqual(t.length);
          expect(p.span.start).toBeLessThanOrEqual(p.span.end);
        }
      }),
      { seed: 16004, numRuns: 1000 },
    );
  });
});
