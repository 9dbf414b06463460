/**
 * A RuleTester in the spirit of ESLint's: valid cases must produce no finding of the rule, invalid
 * cases must produce exactly the findings marked «…» in their sources (same file, same start), and
 * a case with `output` must turn into that output when its fixes are applied — after which the rule
 * no longer reports there, no other rule reports anything new, the Swift still parses cleanly, and fixed Objective-C
 * gains no syntax errors.
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { maskObjc } from '../../server/src/analysis/objc/mask';
import { getParser, parseWith } from '../../server/src/analysis/parsing/treeSitter';
import { applyEdits } from '../../server/src/lint/fix';
import { rulesById } from '../../server/src/rules';
import type { Fix } from '../../server/src/rules/types';
import { build, lintFiles, ROOT } from '../helpers/project';
import path from 'node:path';

export interface ValidCase {
  name: string;
  files: Record<string, string>;
  autoPlist?: boolean;
}

export interface InvalidCase extends ValidCase {
  /** Optional checks per marked finding, in order of the marks (message substring or regex, severity). */
  expect?: { message?: string | RegExp; severity?: 'error' | 'warning' | 'info' }[];
  /** Expected file contents (relative path → text) after applying one fix per finding. */
  output?: Record<string, string>;
  /** Which fix to apply when a finding has several (title substring); default: the preferred one. */
  fixTitle?: string;
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = rulesById.get(ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`duplicate case name "${dup}" in ${ruleId}`);

  describe(ruleId, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, async () => {
          const b = build(c.files, { autoPlist: c.autoPlist });
          if (b.marks.length) throw new Error('valid cases must not contain «» marks');
          const r = await lintFiles(b.files);
          const mine = r.findings.filter((f) => f.ruleId === ruleId);
          expect(mine.map((f) => `${path.relative(ROOT, f.file)}:${f.range.start.line + 1} ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, async () => {
          const b = build(c.files, { autoPlist: c.autoPlist });
          if (!b.marks.length) throw new Error('invalid cases need at least one «» mark');
          const r = await lintFiles(b.files);
          const mine = r.findings.filter((f) => f.ruleId === ruleId);
          const got = mine.map((f) => `${path.relative(ROOT, f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}`).sort();
          const want = b.marks.map((m) => `${path.relative(ROOT, m.file)}:${m.start.line + 1}:${m.start.character + 1}`).sort();
          expect(got, mine.map((f) => f.message).join('\n')).toEqual(want);
          c.expect?.forEach((e, i) => {
            const m = b.marks[i];
            const f = mine.find((x) => x.file === m.file && x.range.start.line === m.start.line && x.range.start.character === m.start.character)!;
            if (e.message instanceof RegExp) expect(f.message).toMatch(e.message);
            else if (e.message) expect(f.message).toContain(e.message);
            if (e.severity) expect(f.severity).toBe(e.severity);
          });
          if (c.output) {
            const texts = { ...b.files };
            // One fix per finding, all applied together (offsets refer to the original text).
            const byFile = new Map<string, Fix['edits']>();
            for (const f of mine) {
              const fix: Fix | undefined = c.fixTitle ? f.fixes.find((x) => x.title.includes(c.fixTitle!)) : (f.fixes.find((x) => x.preferred) ?? f.fixes[0]);
              expect(fix, `no fix for: ${f.message}`).toBeDefined();
              for (const e of fix!.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
            }
            for (const [file, edits] of byFile) texts[file] = applyEdits(texts[file], edits);
            for (const [rel, want] of Object.entries(c.output)) expect(texts[path.join(ROOT, rel)]).toBe(want);
            const after = await lintFiles(texts);
            const key = (f: { ruleId: string; file: string; message: string }) => `${f.ruleId}|${path.relative(ROOT, f.file)}|${f.message}`;
            const before = new Set(r.findings.map(key));
            // The fixed findings are gone and nothing new appeared.
            expect(after.findings.filter((f) => f.ruleId === ruleId).length).toBeLessThan(mine.length);
            expect(after.findings.filter((f) => !before.has(key(f))).map((f) => f.message)).toEqual([]);
            const parser = await getParser('swift');
            for (const [file, text] of Object.entries(texts)) {
              if (!file.endsWith('.swift') || text === b.files[file]) continue;
              const t = parseWith(parser, text);
              expect('tree' in t && !t.tree.rootNode.hasError, `${file} no longer parses cleanly:\n${text}`).toBe(true);
              if ('tree' in t) t.tree.delete();
            }
            // Fixed Objective-C still parses: no more ERROR or MISSING nodes than before the fix (with the same pre-parse
            // rewrite of macros the engine applies).
            const objc = await getParser('objc');
            const errors = (text: string): number => {
              const t = parseWith(objc, maskObjc(text));
              if (!('tree' in t)) return Infinity;
              let n = 0;
              const walk = (x: Node): void => {
                if (x.isError || x.isMissing) n++;
                if (x.hasError) for (const c of x.children) if (c) walk(c);
              };
              walk(t.tree.rootNode);
              t.tree.delete();
              return n;
            };
            for (const [file, text] of Object.entries(texts)) {
              if (!/\.(m|mm)$/.test(file) || text === b.files[file]) continue;
              expect(errors(text), `${file} no longer parses as cleanly:\n${text}`).toBeLessThanOrEqual(errors(b.files[file]));
            }
          }
        });
      }
    });
  });
}
