/** Reusing per-function fact fragments gives exactly the facts a fresh extraction gives. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';
import { extractSwiftFacts, FactsFragmentCache } from '../../server/src/analysis/swift/extract';

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

function swiftFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const f = path.join(dir, e);
    return statSync(f).isDirectory() ? swiftFiles(f) : f.endsWith('.swift') ? [f] : [];
  });
}

describe('fact fragments', () => {
  const files = swiftFiles(path.resolve(__dirname, '../../examples/FilmTracker'));

  it('a second extraction served from the cache equals a fresh one, for every example file', async () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const cache = new FactsFragmentCache();
      await facts(f, text, cache);
      expect(cache.fragments.size).toBeGreaterThanOrEqual(0);
      const cached = await facts(f, text, cache);
      expect(JSON.stringify(cached), f).toBe(JSON.stringify(await facts(f, text)));
    }
  });

  it('after an edit above and inside functions, reused fragments are shifted and rebased correctly', async () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const cache = new FactsFragmentCache();
      await facts(f, text, cache);
      // Insert lines at the top (every offset moves) and change the body of the first function (re-extracted).
      let edited = '// header comment\n// another\n' + text;
      const i = edited.indexOf('func ');
      const brace = i >= 0 ? edited.indexOf('{', i) : -1;
      if (brace >= 0) edited = edited.slice(0, brace + 1) + '\n        let inserted = 1' + edited.slice(brace + 1);
      const cached = await facts(f, edited, cache);
      expect(JSON.stringify(cached), f).toBe(JSON.stringify(await facts(f, edited)));
      // Further edits move the previously applied facts in place: still equal to fresh extractions.
      for (const insert of ['// third\n', '', '// fourth line\n// and fifth\n']) {
        edited = insert + edited.replace('let inserted = 1', 'let inserted = 22');
        const again = await facts(f, edited, cache);
        expect(JSON.stringify(again), f).toBe(JSON.stringify(await facts(f, edited)));
      }
    }
  });
});
