/**
 * `.bgtasksrc.json` (server/src/lint/config.ts): JSONC like VS Code settings files, problems with line:col, and the
 * one severity check (server/src/lint/severity.ts) that the config file, `--rule` and the editor setting share.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from '../../server/src/analysis/project/fileSystem';
import { loadConfigFile } from '../../server/src/lint/config';
import { checkRuleSeverities, checkRuleSeverity, parseSeverity } from '../../server/src/lint/severity';

const KNOWN = new Set(['missing-set-task-completed', 'task-type-mismatch']);
const load = (text: string) => loadConfigFile('/p', new MemoryFileSystem({ '/p/.bgtasksrc.json': text }), KNOWN);

describe('.bgtasksrc.json', () => {
  it('allows comments and trailing commas', () => {
    const r = load(`{
  // quieter while we migrate
  "rules": { "missing-set-task-completed": "warning", /* for now */ },
  "exclude": ["Pods/**",],
  "bundleIdentifier": "com.example.app",
}
`);
    expect(r.problems).toEqual([]);
    expect(r.config).toEqual({ rules: { 'missing-set-task-completed': 'warning' }, exclude: ['Pods/**'], bundleIdentifier: 'com.example.app' });
  });

  it('names the line and column of each problem', () => {
    const r = load(`{
  "rules": {
    "missing-set-task-completed": "loud",
    "bogus": "off"
  },
  "exclude": "Pods",
  "colour": 1
}`);
    expect(r.problems).toEqual([
      expect.stringMatching(/\.bgtasksrc\.json:7:3: unknown key "colour"$/),
      expect.stringMatching(/\.bgtasksrc\.json:3:35: rule "missing-set-task-completed" must be one of off, info, warning, error \(got "loud"\)$/),
      expect.stringMatching(/\.bgtasksrc\.json:4:5: unknown rule "bogus"$/),
      expect.stringMatching(/\.bgtasksrc\.json:6:14: "exclude" must be an array of glob strings$/),
    ]);
  });

  it('reports a syntax error at its position and keeps the defaults', () => {
    const r = load('{\n  "rules": {\n    "missing-set-task-completed" "off"\n  }\n}');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/\.bgtasksrc\.json:3:34: invalid JSON \(colon expected\)$/);
    expect(r.config).toEqual({ rules: {}, exclude: [] });
  });

  it('never throws on hostile text (deep nesting, empty, binary junk)', () => {
    for (const text of ['['.repeat(200_000), '', '\u0000\uFFFD{{', '{"rules": ' + '{"a":'.repeat(5000)]) {
      const r = load(text);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatch(/\.bgtasksrc\.json:\d+:\d+: invalid JSON/);
    }
  });
});

describe('severity values', () => {
  it('one check for every entry point', () => {
    expect(['off', 'info', 'warning', 'error'].map(parseSeverity)).toEqual(['off', 'info', 'warning', 'error']);
    for (const bad of ['Error', 'warn', '', 2, null, undefined, {}]) expect(parseSeverity(bad)).toBeUndefined();
    expect(checkRuleSeverity('task-type-mismatch', 'off', KNOWN)).toEqual({ severity: 'off' });
    expect(checkRuleSeverity('nope', 'off', KNOWN)).toEqual({ problem: 'unknown rule "nope"' });
    expect(checkRuleSeverity('task-type-mismatch', 3, KNOWN)).toEqual({ problem: 'rule "task-type-mismatch" must be one of off, info, warning, error' });
    expect(checkRuleSeverities({ 'task-type-mismatch': 'info', nope: 'off', 'missing-set-task-completed': 'loud' }, KNOWN)).toEqual({
      rules: { 'task-type-mismatch': 'info' },
      problems: ['unknown rule "nope"', 'rule "missing-set-task-completed" must be one of off, info, warning, error (got "loud")'],
    });
    expect(checkRuleSeverities(['off'], KNOWN).problems).toEqual(['"rules" must be an object']);
    expect(checkRuleSeverities(undefined, KNOWN)).toEqual({ rules: {}, problems: [] });
  });
});
