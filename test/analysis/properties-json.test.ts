/**
 * Properties of the JSON readers, with fast-check and fixed seeds (a failure prints how to replay it; see
 * test/helpers/properties.ts):
 * - parseJsonSpans (server/src/analysis/typescript/jsonSpans.ts) reads whatever JSON.stringify writes to the same
 *   value, with every string's and key's span on its own text; comments and trailing commas (JSONC, as in
 *   app.json / capacitor.config.json) change nothing; text JSON.parse accepts, it accepts with the same value;
 *   arbitrary text never throws and an error lies inside the text;
 * - the config readers (configs.ts) find the ids, modes, bundle id and Capacitor runner label wherever they are
 *   written, with spans on the JSON strings that hold them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonSpans, type JNode } from '../../server/src/analysis/typescript/jsonSpans';
import { capacitorJsonFacts, readExpoAppJson } from '../../server/src/analysis/typescript/configs';
import { checkProperty } from '../helpers/properties';

type J = null | boolean | number | string | J[] | { [k: string]: J };

/** The reader's tree as plain values, checking that each string's and key's span is its own JSON text. */
function valueOf(n: JNode, text: string): J {
  switch (n.kind) {
    case 'object': {
      const out: { [k: string]: J } = {};
      for (const e of n.entries) {
        expect(JSON.parse(text.slice(e.keySpan.start, e.keySpan.end))).toBe(e.key);
        // defineProperty: a "__proto__" key is data in JSON, not the prototype.
        Object.defineProperty(out, e.key, { value: valueOf(e.value, text), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return n.items.map((i) => valueOf(i, text));
    case 'string':
      expect(JSON.parse(text.slice(n.span.start, n.span.end))).toBe(n.value);
      return n.value;
    default:
      expect(JSON.parse(text.slice(n.span.start, n.span.end))).toBe(n.value);
      return n.value;
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<J>;

/** JSONC the way people write config files: comments between tokens, trailing commas, any indentation. */
function writeJsonc(v: J, choices: number[], indent: string): string {
  let n = 0;
  const pick = () => choices[n++ % choices.length]!;
  const gap = (d: number) => {
    switch (pick() % 5) {
      case 0:
        return ` /* c${n} */ `;
      case 1:
        return ` // c${n}\n${indent.repeat(d)}`;
      case 2:
        return `\n${indent.repeat(d)}`;
      case 3:
        return '';
      default:
        return ' ';
    }
  };
  const node = (x: J, d: number): string => {
    if (x === null || typeof x !== 'object') return JSON.stringify(x);
    const trailing = () => (pick() % 3 === 0 ? ',' : '');
    if (Array.isArray(x)) return x.length ? `[${x.map((i) => gap(d + 1) + node(i, d + 1)).join(',')}${trailing()}${gap(d)}]` : `[${gap(d)}]`;
    const entries = Object.entries(x).map(([k, i]) => `${gap(d + 1)}${JSON.stringify(k)}${gap(d + 1)}:${gap(d + 1)}${node(i, d + 1)}`);
    return entries.length ? `{${entries.join(',')}${trailing()}${gap(d)}}` : `{${gap(d)}}`;
  };
  return `${gap(0)}${node(v, 0)}${gap(0)}`;
}

describe('parseJsonSpans (fast-check)', () => {
  it('reads what JSON.stringify writes, at any indentation, with spans on their own text', () => {
    checkProperty(
      fc.property(jsonValue, fc.constantFrom(undefined, 0, 2, '\t'), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        const r = parseJsonSpans(text);
        expect(r.error).toBeUndefined();
        expect(valueOf(r.root!, text)).toEqual(JSON.parse(text));
      }),
      { seed: 16021, numRuns: 300 },
    );
  });

  it('comments and trailing commas (JSONC) change nothing', () => {
    checkProperty(
      fc.property(jsonValue, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), fc.constantFrom('', '  ', '\t'), (v, choices, indent) => {
        const text = writeJsonc(v, choices, indent);
        const r = parseJsonSpans(text);
        expect(r.error, text).toBeUndefined();
        expect(valueOf(r.root!, text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { seed: 16022, numRuns: 300 },
    );
  });

  it('accepts what JSON.parse accepts, with the same value; never throws; errors lie inside the text', () => {
    const pieces = fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', '\\u00e9', 'true', 'fals', 'null', '-', '0', '12', '.5', 'e+3', ' ', '\n', '//', '/*', '*/', '"a"');
    const text = fc.oneof(fc.array(pieces, { maxLength: 30 }).map((a) => a.join('')), fc.string({ maxLength: 60 }), fc.json({ maxDepth: 3 }));
    checkProperty(
      fc.property(text, (t) => {
        const r = parseJsonSpans(t);
        let parsed: { ok: true; value: J } | { ok: false };
        try {
          parsed = { ok: true, value: JSON.parse(t) as J };
        } catch {
          parsed = { ok: false };
        }
        if (parsed.ok) {
          expect(r.error, t).toBeUndefined();
          expect(valueOf(r.root!, t)).toEqual(parsed.value);
        }
        if (r.error) {
          expect(r.root).toBeUndefined();
          expect(r.error.span.start).toBeGreaterThanOrEqual(0);
          expect(r.error.span.end).toBeLessThanOrEqual(t.length);
        }
      }),
      { seed: 16023, numRuns: 1500 },
    );
  });
});

const taskId = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(\.[a-z0-9-]{1,6}){1,3}$/);

describe('config readers (fast-check)', () => {
  it('app.json: permitted ids, background modes and the bundle id, wherever the keys sit, with spans on their strings', () => {
    const appJson = fc.record({
      ids: fc.array(taskId, { maxLength: 4 }),
      modes: fc.subarray(['fetch', 'processing', 'remote-notification']),
      bundleId: fc.option(taskId, { nil: undefined }),
      extra: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      wrapped: fc.boolean(),
      indent: fc.constantFrom(undefined, 2, '\t'),
    });
    checkProperty(
      fc.property(appJson, (a) => {
        const ios: Record<string, unknown> = { ...a.extra, infoPlist: { ...a.extra, BGTaskSchedulerPermittedIdentifiers: a.ids, UIBackgroundModes: a.modes } };
        if (a.bundleId) ios.bundleIdentifier = a.bundleId;
        const expo = { ...a.extra, name: 'App', ios };
        const text = JSON.stringify(a.wrapped ? { expo } : expo, null, a.indent);
        const r = readExpoAppJson('/p/app.json', text)!;
        expect(r.problems).toEqual([]);
        expect(r.bundleId).toBe(a.bundleId);
        expect(r.plist.permitted?.entries.map((e) => e.raw)).toEqual(a.ids);
        expect(r.plist.modes?.entries.map((e) => e.raw)).toEqual(a.modes);
        for (const e of [...r.plist.permitted!.entries, ...r.plist.modes!.entries]) expect(text.slice(e.span.start, e.span.end)).toBe(JSON.stringify(e.raw));
        expect(text.slice(r.plist.permitted!.keySpan.start, r.plist.permitted!.keySpan.end)).toBe('"BGTaskSchedulerPermittedIdentifiers"');
      }),
      { seed: 16024, numRuns: 200 },
    );
  });

  it('capacitor.config.json: the BackgroundRunner label registers a task, and autoStart submits it', () => {
    const config = fc.record({
      label: fc.option(taskId, { nil: undefined }),
      autoStart: fc.option(fc.boolean(), { nil: undefined }),
      extra: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      indent: fc.constantFrom(undefined, 2),
    });
    checkProperty(
      fc.property(config, (c) => {
        const runner: Record<string, unknown> = { ...c.extra, src: 'runners/background.js', event: 'sync' };
        if (c.label !== undefined) runner.label = c.label;
        if (c.autoStart !== undefined) runner.autoStart = c.autoStart;
        const text = JSON.stringify({ appId: 'com.example.app', ...c.extra, plugins: { ...c.extra, BackgroundRunner: runner } }, null, c.indent);
        const f = capacitorJsonFacts('/p/capacitor.config.json', text);
        expect(f.problems).toEqual([]);
        expect(f.registrations.map((r) => r.id.expr)).toEqual(c.label ? [{ t: 'lit', value: c.label }] : []);
        expect(f.requests.length).toBe(c.label && c.autoStart === true ? 1 : 0);
        for (const r of f.registrations) expect(text.slice(r.span.start, r.span.end)).toBe(JSON.stringify(c.label));
      }),
      { seed: 16025, numRuns: 200 },
    );
  });
});
