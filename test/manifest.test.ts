/**
 * The manifest is localisable: every user-visible string in package.json's contributions is a %key% found in
 * package.nls.json (the English bundle VS Code and vsce read), no key is left unused, and the bundle ships.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const manifestText = readFileSync(path.join(root, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText);
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('manifest localisation', () => {
  it('every %key% in package.json has an English string, and every string is used', () => {
    const keys = [...manifestText.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((k) => !(k in nls))).toEqual([]);
    expect(Object.keys(nls).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it('command titles, setting descriptions, views and walkthroughs are keys, not literal English', () => {
    const literal = (v: unknown) => typeof v === 'string' && !/^%[^%]+%$/.test(v);
    const c = manifest.contributes;
    expect(c.commands.filter((x: { title: string; category?: string }) => literal(x.title) || (x.category && literal(x.category)))).toEqual([]);
    for (const conf of [c.configuration].flat()) {
      for (const [k, v] of Object.entries(conf.properties as Record<string, { description?: string; markdownDescription?: string }>)) {
        expect(literal(v.description) || literal(v.markdownDescription), k).toBe(false);
      }
    }
    expect(Object.values(c.views).flat().filter((v) => literal((v as { name: string }).name))).toEqual([]);
    expect(literal(manifest.displayName) || literal(manifest.description)).toBe(false);
  });

  it('the English bundle ships in the VSIX', () => {
    expect(readFileSync(path.join(root, '.vscodeignore'), 'utf8')).toMatch(/^!package\.nls\.json$/m);
  });
});
