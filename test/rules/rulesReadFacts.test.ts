/**
 * Rules read facts: no rule (nor what rules share) reaches the Workspace or reads source text; text reaches them only as
 * slices and answers from the Analysis API. Task summaries read the rules' structured data, never their messages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = (d: string) => readdirSync(d).filter((f) => f.endsWith('.ts')).map((f) => path.join(d, f));
const files = [...dir('server/src/rules'), ...dir('server/src/ruleSupport')];

/** What reading the model or source text directly looks like. */
const FORBIDDEN: [RegExp, string][] = [
  [/\.ws\b/, 'the Workspace (analysis.ws)'],
  [/parseFilesMentioning|\.parsed\b|\.swiftTexts\b|\.tsTexts\b/, 'parsing or source stores'],
  [/\btextOf\(|\bsf\.text\b|\.lines\./, 'source text'],
  [/\.graph\.|\.resolver\./, 'the call graph or resolver behind the Analysis'],
  [/findBackgroundSpots|matchingBrace/, 'a text brace matcher'],
  [/import (type )?\{[^}]*\b(Workspace|SourceFile)\b[^}]*\} from '\.\.\/analysis\/model\/workspace'/, 'the Workspace or its source files'],
];

describe('rules read facts', () => {
  it('finds the rule files', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(file, 'utf8');
      for (const [re, what] of FORBIDDEN) expect(re.test(text), `${file} reads ${what}`).toBe(false);
    });
  }

  it('ruleSupport does not import rules (Fix lives in a shared leaf)', () => {
    for (const f of dir('server/src/ruleSupport')) expect(readFileSync(f, 'utf8')).not.toMatch(/from '\.\.\/rules\//);
    expect(readFileSync('server/src/analysis/model/edits.ts', 'utf8')).not.toMatch(/from '\.\.\/\.\.\/(rules|lint|lsp)\//);
  });

  it('task summaries read structured finding data, not messages or source text', () => {
    const text = readFileSync('server/src/lint/summaries.ts', 'utf8');
    expect(text).not.toMatch(/\.message\b/);
    expect(text).not.toMatch(/findBackgroundSpots|matchingBrace|sf\.text|\.source\(/);
  });
});
