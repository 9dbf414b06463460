/**
 * The per-function fact-fragment cache (server/src/analysis/swift/fragments.ts) under random edits, with fast-check
 * and a fixed seed (a failure prints how to replay it; see test/helpers/properties.ts): after every edit of an
 * example Swift file — lines inserted, deleted or duplicated, text typed anywhere, half-typed code, `#if` regions —
 * the facts extracted with the cache carried over from the previous versions equal a fresh extraction of the same
 * text. A counting cache checks that the runs really reuse fragments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';
import { extractSwiftFacts, FactsFragmentCache } from '../../server/src/analysis/swift/extract';
import type { FileFacts } from '../../server/src/analysis/model/facts';
import { checkProperty } from '../helpers/properties';

const DIR = path.resolve(__dirname, '../../examples/FilmTracker/FilmTracker');
const FILES = [
  'AppDelegate.swift',
  'Background/DatabaseMaintenance.swift',
  'Background/LibraryExportSession.swift',
  'Background/SyncManager.swift',
  'Background/TrailerSync.swift',
  'Background/StudyUploader.swift',
].map((f) => path.join(DIR, f));
const TEXTS = new Map(FILES.map((f) => [f, readFileSync(f, 'utf8')]));

class CountingCache extends FactsFragmentCache {
  hits = 0;
  override get(key: string) {
    const f = super.get(key);
    if (f) this.hits++;
    return f;
  }
}

let parser: Parser;
beforeAll(async () => {
  parser = await getParser('swift');
});

/** Facts of `text` extracted twice from one parse: with `cache`, and fresh (as JSON). */
function bothExtractions(file: string, text: string, cache: FactsFragmentCache): { cached: string; fresh: string } {
  const r = parseWith(parser, text);
  if ('error' in r) throw new Error(r.error);
  const show = (f: FileFacts) => JSON.stringify(f);
  try {
    return { cached: show(extractSwiftFacts(file, text, r.tree, cache)), fresh: show(extractSwiftFacts(file, text, r.tree)) };
  } finally {
    r.tree.delete();
  }
}

/** Typed anywhere: text, half-typed code, unbalanced brackets, whole functions, `#if` lines. */
const PIECES = [
  '\n',
  '// a comment\n',
  '        let extra = 1\n',
  '{',
  '}',
  '(',
  '"',
  '/*',
  '*/',
  ' ',
  'x',
  'func added() {\n    print("added")\n}\n',
  '#if DEBUG\n',
  '#endif\n',
];
/** Typed at the start of a function body: statements about tasks. */
const STATEMENTS = [
  '        let id = "com.example.filmtracker.refresh"\n',
  '        task.setTaskCompleted(success: true)\n',
  '        BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.filmtracker.refresh", using: nil) { task in\n            task.setTaskCompleted(success: false)\n        }\n',
  '        try? BGTaskScheduler.shared.submit(BGAppRefreshTaskRequest(identifier: "com.example.filmtracker.refresh"))\n',
  '        task.expirationHandler = { }\n',
  '        guard let task = task as? BGProcessingTask else { return }\n',
];

type Edit =
  | { kind: 'insert'; at: number; lineStart: boolean; piece: string }
  | { kind: 'statement'; fn: number; piece: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, lineStart: fc.boolean(), piece: fc.constantFrom(...PIECES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('statement' as const), fn: fc.nat(40), piece: fc.constantFrom(...STATEMENTS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteLine' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicateLine' as const), at }) },
);

function apply(text: string, e: Edit): string {
  if (e.kind === 'statement') {
    // After the line that opens the (fn mod count)-th function.
    const opens = [...text.matchAll(/^[^\n]*\bfunc\b[^\n]*\{[ \t]*\n/gm)].map((m) => m.index! + m[0].length);
    if (!opens.length) return text;
    const pos = opens[e.fn % opens.length]!;
    return text.slice(0, pos) + e.piece + text.slice(pos);
  }
  let pos = Math.floor(e.at * text.length);
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos) + 1;
  switch (e.kind) {
    case 'insert':
      if (e.lineStart) pos = lineStart;
      return text.slice(0, pos) + e.piece + text.slice(pos);
    case 'delete':
      return text.slice(0, pos) + text.slice(pos + e.length);
    case 'deleteLine':
      return text.slice(0, lineStart) + text.slice(lineEnd);
    case 'duplicateLine':
      return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
  }
}

describe('fact-fragment cache under random edits (fast-check)', () => {
  it('after every edit, the facts extracted with the carried-over cache equal a fresh extraction', () => {
    let hits = 0;
    checkProperty(
      fc.property(fc.constantFrom(...FILES), fc.array(edit, { minLength: 1, maxLength: 6 }), (file, edits) => {
        const cache = new CountingCache();
        let text = TEXTS.get(file)!;
        bothExtractions(file, text, cache);
        for (const e of edits) {
          text = apply(text, e);
          const { cached, fresh } = bothExtractions(file, text, cache);
          expect(cached).toBe(fresh);
        }
        hits += cache.hits;
      }),
      { seed: 16031, numRuns: 40 },
    );
    // Most functions survive an edit somewhere else: the runs above really served fragments from the cache.
    expect(hits).toBeGreaterThan(40);
  });
});

/** The two bugs the property above found, shrunk by hand to a few lines (fixed in fragments.ts / extract.ts). */
describe('fact-fragment cache: bugs found by the property', () => {
  const extract = (text: string, cache?: FactsFragmentCache) => {
    const r = parseWith(parser, text);
    if ('error' in r) throw new Error(r.error);
    try {
      return extractSwiftFacts('/p/App/A.swift', text, r.tree, cache);
    } finally {
      r.tree.delete();
    }
  };

  it('a function added above a cached function: its local constants still name their own function (localTo)', () => {
    const before = `final class A {
    func one() {
        let id = "com.example.refresh"
        BGTaskScheduler.shared.register(forTaskWithIdentifier: id, using: nil) { task in task.setTaskCompleted(success: true) }
    }
}
`;
    const after = before.replace('    func one() {', '    func zero() {}\n    func one() {');
    const cache = new FactsFragmentCache();
    extract(before, cache);
    // Fresh: the constant belongs to function 1 (one); from the cache it still says 0 (zero).
    expect(extract(after, cache).constants.map((c) => c.localTo)).toEqual(extract(after).constants.map((c) => c.localTo));
  });

  it('a launch-handler closure outside any function is not taken into the next function’s fragment', () => {
    const before = `BGTaskScheduler.shared.register(forTaskWithIdentifier: "com.example.refresh", using: nil) { task in
    task.setTaskCompleted(success: true)
}
func one() {
    print("x")
}
`;
    const cache = new FactsFragmentCache();
    extract(before, cache);
    // Fresh: one handler. From the cache: the fragment of one() brought the top-level closure's handler along, and
    // the closure was lowered again, so there are two.
    expect(extract('\n' + before, cache).handlers.length).toBe(extract('\n' + before).handlers.length);
  });
});
