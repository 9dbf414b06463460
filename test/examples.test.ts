/** The bundled examples: FilmTracker reports exactly the mistakes listed in its MISTAKES.md; FilmTracker-fixed is clean. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRoot } from '../server/src/lint/run';

const EXAMPLES = path.resolve(__dirname, '../examples');

function expected(): string[] {
  const md = readFileSync(path.join(EXAMPLES, 'FilmTracker/MISTAKES.md'), 'utf8');
  const rows = md.split('\n').filter((l) => /^\|\s*\d+\s*\|/.test(l));
  return rows
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, , rule, file, line, col]) => `${rule} ${file}:${line}:${col}`)
    .sort();
}

describe('examples', () => {
  it('FilmTracker reports exactly the seeded mistakes, at the listed positions', async () => {
    const want = expected();
    expect(want.length).toBe(17);
    const r = await lintRoot(path.join(EXAMPLES, 'FilmTracker'));
    const got = r.findings.map((f) => `${f.ruleId} ${path.relative(path.join(EXAMPLES, 'FilmTracker'), f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`).sort();
    expect(got).toEqual(want);
    // Every rule is seeded at least once.
    expect(new Set(r.findings.map((f) => f.ruleId)).size).toBe(14);
    expect(r.problems).toEqual([]);
  });

  it('FilmTracker-fixed is clean', async () => {
    const r = await lintRoot(path.join(EXAMPLES, 'FilmTracker-fixed'));
    expect(r.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});
