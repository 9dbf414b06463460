/** The bundled examples report exactly the mistakes listed in their MISTAKES.md; their fixed twins are clean. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRoot } from '../server/src/lint/run';

const EXAMPLES = path.resolve(__dirname, '../examples');
const APPS = ['FilmTracker', 'ClipForge', 'NotesSync', 'rn-podcast', 'expo-fitness', 'expo-fitness-bare', 'capacitor-notes', 'nativescript-news', 'monorepo'];

function expected(app: string): string[] {
  const md = readFileSync(path.join(EXAMPLES, app, 'MISTAKES.md'), 'utf8');
  const rows = md.split('\n').filter((l) => /^\|\s*\d+\s*\|/.test(l));
  return rows
    .map((l) => l.split('|').map((c) => c.trim()))
    .map(([, , rule, file, line, col]) => `${rule} ${file}:${line}:${col}`)
    .sort();
}

describe('examples', () => {
  for (const app of APPS) {
    it(`${app} reports exactly the seeded mistakes, at the listed positions`, async () => {
      const want = expected(app);
      expect(want.length).toBeGreaterThan(0);
      const root = path.join(EXAMPLES, app);
      const r = await lintRoot(root);
      const got = r.findings.map((f) => `${f.ruleId} ${path.relative(root, f.file).split(path.sep).join('/')}:${f.range.start.line + 1}:${f.range.start.character + 1}`).sort();
      expect(got).toEqual(want);
      expect(r.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
    });
    const fixed = path.join(EXAMPLES, `${app}-fixed`);
    if (existsSync(fixed)) {
      it(`${app}-fixed is clean`, async () => {
        const r = await lintRoot(fixed);
        expect(r.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
        expect(r.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([]);
      });
    }
  }

  it('FilmTracker seeds every Swift rule', async () => {
    const r = await lintRoot(path.join(EXAMPLES, 'FilmTracker'));
    expect(new Set(r.findings.map((f) => f.ruleId)).size).toBe(14);
  });

  it('the monorepo keeps each app’s identifiers apart', async () => {
    const r = await lintRoot(path.join(EXAMPLES, 'monorepo'));
    const swift = r.findings.filter((f) => f.file.includes('ios-native'));
    // The Swift app uses an id only the React Native app permits: reported for the Swift app.
    expect(swift.map((f) => f.ruleId)).toEqual(['unpermitted-identifier', 'unpermitted-identifier']);
    expect(swift[0].message).toContain('apps/ios-native/Dockmaster/Info.plist');
  });
});
