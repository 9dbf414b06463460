/** The registry lists exactly the rule files; every rule has a doc page and a test file. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../server/src/rules';

const rulesDir = path.resolve(__dirname, '../../server/src/rules');
const NOT_RULES = new Set(['index.ts', 'types.ts']);

describe('rule registry', () => {
  it('lists every rule file exactly once, sorted by id', () => {
    const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    const ids = allRules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(files);
  });
  it('the .bgtasksrc.json schema and the bgtasks.rules setting list exactly the registered rules', () => {
    const ids = allRules.map((r) => r.meta.id).sort();
    const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../schemas/bgtasksrc.schema.json'), 'utf8'));
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual(ids);
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const sections = [manifest.contributes.configuration].flat();
    const setting = sections.map((s: { properties: Record<string, { properties?: object }> }) => s.properties['bgtasks.rules']).find(Boolean);
    expect(Object.keys(setting?.properties ?? {}).sort()).toEqual(ids);
  });
  for (const rule of allRules) {
    it(`${rule.meta.id}: kebab-case id, description, doc page and tests`, () => {
      expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.meta.description.endsWith('.')).toBe(true);
      expect(existsSync(path.resolve(__dirname, '../../docs/rules', `${rule.meta.id}.md`))).toBe(true);
      expect(existsSync(path.resolve(__dirname, `${rule.meta.id}.test.ts`))).toBe(true);
    });
  }
});
