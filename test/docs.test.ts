/**
 * Each rule's doc page agrees with its metadata, and its examples behave as documented:
 * every "Incorrect" example makes the rule report, every "Correct" example keeps it silent.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../server/src/rules';
import { build, lintFiles } from './helpers/project';

interface Example {
  kind: 'Incorrect' | 'Correct';
  title: string;
  files: Record<string, string>;
}

export function parseDoc(md: string): { front: Record<string, string>; title: string; description: string; examples: Example[]; headings: string[] } {
  const front: Record<string, string> = {};
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (fm) for (const line of fm[1].split('\n')) { const m = /^(\w+):\s*(.*)$/.exec(line); if (m) front[m[1]] = m[2].trim(); }
  const body = fm ? md.slice(fm[0].length) : md;
  const lines = body.split('\n');
  const title = (lines.find((l) => l.startsWith('# ')) ?? '').slice(2).trim();
  const ti = lines.findIndex((l) => l.startsWith('# '));
  const description = lines.slice(ti + 1).find((l) => l.trim()) ?? '';
  const examples: Example[] = [];
  const headings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
  let current: Example | undefined;
  for (let i = 0; i < lines.length; i++) {
    const h = /^### (Incorrect|Correct)\b:?\s*(.*)$/.exec(lines[i]);
    if (h) {
      current = { kind: h[1] as Example['kind'], title: h[2], files: {} };
      examples.push(current);
      continue;
    }
    if (lines[i].startsWith('## ') || (lines[i].startsWith('### ') && !h)) current = undefined;
    const fence = /^```(swift|xml|ts|tsx|js|json|text)(?:\s+title="?([^"\s]+)"?)?\s*$/.exec(lines[i]);
    if (fence && current) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) code.push(lines[i++]);
      const n = Object.keys(current.files).length || '';
      const defaults: Record<string, string> = { xml: 'App/Info.plist', swift: `App/Example${n}.swift`, ts: `src/example${n}.ts`, tsx: `src/Example${n}.tsx`, js: `src/example${n}.js`, json: 'app.json' };
      const file = fence[2] ?? defaults[fence[1]];
      current.files[file] = code.join('\n') + '\n';
    }
  }
  return { front, title, description, examples, headings };
}

describe('rule documentation', () => {
  for (const rule of allRules) {
    describe(rule.meta.id, () => {
      const file = path.resolve(__dirname, '..', 'docs', 'rules', `${rule.meta.id}.md`);
      it('has a doc page that matches its metadata', () => {
        expect(existsSync(file), `${file} is missing`).toBe(true);
        const doc = parseDoc(readFileSync(file, 'utf8'));
        expect(doc.front.id).toBe(rule.meta.id);
        expect(doc.front.severity).toBe(rule.meta.defaultSeverity);
        expect(doc.front.category).toBe(rule.meta.category);
        expect(doc.front.fixable).toBe(String(rule.meta.fixable));
        expect(doc.title).toBe(rule.meta.id);
        expect(doc.description).toBe(rule.meta.description);
        for (const h of ['Rule details', 'Examples', 'When not to use it', 'Options']) expect(doc.headings).toContain(h);
        expect(doc.examples.filter((e) => e.kind === 'Incorrect').length).toBeGreaterThan(0);
        expect(doc.examples.filter((e) => e.kind === 'Correct').length).toBeGreaterThan(0);
      });
      if (!existsSync(file)) return;
      for (const ex of parseDoc(readFileSync(file, 'utf8')).examples) {
        it(`${ex.kind}: ${ex.title}`, async () => {
          const b = build(ex.files);
          const r = await lintFiles(b.files);
          const mine = r.findings.filter((f) => f.ruleId === rule.meta.id);
          if (ex.kind === 'Incorrect') expect(mine.length, 'the rule should report on this example').toBeGreaterThan(0);
          else expect(mine.map((f) => f.message)).toEqual([]);
        });
      }
    });
  }
});
