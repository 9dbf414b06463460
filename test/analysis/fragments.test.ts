/**
 * Reusing per-function fact fragments gives exactly the facts a fresh extraction gives, and the cache is really used:
 * a counting cache records every lookup, so "equal to a fresh extraction" cannot pass by never hitting the cache.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';
import { extractSwiftFacts, FactsFragmentCache } from '../../server/src/analysis/swift/extract';

/** The extractor's cache, counting what it is asked for and what it stores. */
class CountingCache extends FactsFragmentCache {
  hits = 0;
  misses = 0;
  stores = 0;
  override get(key: string) {
    const f = super.get(key);
    if (f) this.hits++;
    else this.misses++;
    return f;
  }
  override set(key: string, f: Parameters<FactsFragmentCache['set']>[1]) {
    this.stores++;
    super.set(key, f);
  }
  reset() {
    this.hits = this.misses = this.stores = 0;
  }
}

async function facts(file: string, text: string, cache?: FactsFragmentCache) {
  const parser = await getParser('swift');
  const r = parseWith(parser, text);
  if ('error' in r) throw new Error(r.error);
  try {
    return extractSwiftFacts(file, text, r.tree, cache);
  } finally {
    r.tree.delete();
  }
}

/** One parse, two extractions: with the cache, and fresh (as JSON, for comparison). */
async function cachedAndFresh(file: string, text: string, cache: FactsFragmentCache) {
  const parser = await getParser('swift');
  const r = parseWith(parser, text);
  if ('error' in r) throw new Error(r.error);
  try {
    return { cached: JSON.stringify(extractSwiftFacts(file, text, r.tree, cache)), fresh: JSON.stringify(extractSwiftFacts(file, text, r.tree)) };
  } finally {
    r.tree.delete();
  }
}

function swiftFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const f = path.join(dir, e);
    return statSync(f).isDirectory() ? swiftFiles(f) : f.endsWith('.swift') ? [f] : [];
  });
}

describe('fact fragments', () => {
  const files = swiftFiles(path.resolve(__dirname, '../../examples/FilmTracker'));

  it('a second extraction is served entirely from the cache and equals a fresh one, for every example file', async () => {
    let functions = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const cache = new CountingCache();
      await facts(f, text, cache);
      // First extraction: every function is looked up; each miss is extracted and stored.
      expect(cache.stores, f).toBe(cache.misses);
      const lookups = cache.hits + cache.misses;
      functions += lookups;
      cache.reset();
      const { cached, fresh } = await cachedAndFresh(f, text, cache);
      // Unchanged text: every lookup is a hit now, and nothing is extracted again.
      expect({ hits: cache.hits, misses: cache.misses, stores: cache.stores }, f).toEqual({ hits: lookups, misses: 0, stores: 0 });
      expect(cached, f).toBe(fresh);
    }
    // The example app has functions to cache (so the checks above are not vacuous).
    expect(functions).toBeGreaterThan(20);
  });

  it('after an edit above and inside functions, reused fragments are shifted and rebased correctly', async () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const cache = new CountingCache();
      await facts(f, text, cache);
      // Insert lines at the top (every offset moves) and change the body of the first function (re-extracted).
      let edited = '// header comment\n// another\n' + text;
      const i = edited.indexOf('func ');
      const brace = i >= 0 ? edited.indexOf('{', i) : -1;
      if (brace >= 0) edited = edited.slice(0, brace + 1) + '\n        let inserted = 1' + edited.slice(brace + 1);
      const before = cache.hits;
      const { cached, fresh } = await cachedAndFresh(f, edited, cache);
      expect(cached, f).toBe(fresh);
      // Only the edited function is extracted again; the others (shifted by the header) come from the cache.
      if (cache.fragments.size > 1) expect(cache.hits - before, f).toBeGreaterThan(0);
      // Further edits move the previously applied facts in place: still equal to fresh extractions.
      for (const insert of ['// third\n', '', '// fourth line\n// and fifth\n']) {
        edited = insert + edited.replace('let inserted = 1', 'let inserted = 22');
        const again = await cachedAndFresh(f, edited, cache);
        expect(again.cached, f).toBe(again.fresh);
      }
    }
  });
});
