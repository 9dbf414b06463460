/**
 * The output channel's TextMate grammar, run by a tiny matcher of our own (single-line `match` rules, `include`,
 * `captures` with nested `patterns` — all the grammar uses). Earliest match wins, ties go to the first rule, as in
 * TextMate. Also checks the grammar is wired to the language id in contributes.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Rule {
  match?: string;
  name?: string;
  include?: string;
  captures?: Record<string, { name?: string; patterns?: Rule[] }>;
  patterns?: Rule[];
}
interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

const root = path.resolve(__dirname, '../..');
const grammar = JSON.parse(readFileSync(path.join(root, 'syntaxes/bgtasks-log.tmLanguage.json'), 'utf8')) as Grammar;
const contributes = JSON.parse(readFileSync(path.join(root, 'client/src/device/contributes.json'), 'utf8'));

function flatten(rules: Rule[]): Rule[] {
  return rules.flatMap((r) => {
    if (r.include) {
      const target = grammar.repository[r.include.replace(/^#/, '')];
      if (!target) throw new Error(`missing repository rule ${r.include}`);
      return flatten(target.patterns ?? [target]);
    }
    if (r.patterns && !r.match) return flatten(r.patterns);
    return [r];
  });
}

/** Per-character scope lists for one line. */
function tokenize(line: string): string[][] {
  const scopes: string[][] = Array.from({ length: line.length }, () => [grammar.scopeName]);
  const apply = (rules: Rule[], start: number, end: number) => {
    const flat = flatten(rules);
    let pos = start;
    while (pos < end) {
      let best: { rule: Rule; m: RegExpExecArray } | undefined;
      for (const rule of flat) {
        const re = new RegExp(rule.match!, 'dg');
        re.lastIndex = pos;
        const m = re.exec(line.slice(0, end));
        if (m && (!best || m.index < best.m.index)) best = { rule, m };
      }
      if (!best) return;
      const { rule, m } = best;
      const s = m.index;
      const e = s + m[0].length;
      for (let i = s; i < e; i++) if (rule.name) scopes[i]!.push(rule.name);
      for (const [k, cap] of Object.entries(rule.captures ?? {})) {
        const span = m.indices?.[Number(k)];
        if (!span) continue;
        if (cap.name) for (let i = span[0]; i < span[1]; i++) scopes[i]!.push(cap.name);
        if (cap.patterns) apply(cap.patterns, span[0], span[1]);
      }
      pos = e > pos ? e : pos + 1;
    }
  };
  apply(grammar.patterns, 0, line.length);
  return scopes;
}

function scopesOf(line: string, fragment: string): string[] {
  const i = line.indexOf(fragment);
  if (i < 0) throw new Error(`${fragment} not in ${line}`);
  return tokenize(line)[i]!;
}

const ID = 'string.unquoted.task-identifier.bgtasks-log';

describe('bgtasks-log grammar', () => {
  it('compiles every rule as a JavaScript regex too', () => {
    for (const r of flatten(grammar.patterns)) expect(() => new RegExp(r.match!)).not.toThrow();
  });

  it('Simulating launch …: info token, task id, timestamp and pid', () => {
    const line = '2025-03-04 10:15:03.123 Film Tracker[812:10455] Simulating launch for task with identifier com.example.filmtracker.refresh';
    expect(scopesOf(line, 'Simulating launch')).toContain('token.info-token.simulate-launch.bgtasks-log');
    expect(scopesOf(line, 'com.example.filmtracker.refresh')).toContain(ID);
    expect(scopesOf(line, '2025-03-04')).toContain('constant.numeric.date.bgtasks-log');
    expect(scopesOf(line, '[812:10455]')).toContain('constant.numeric.process-id.bgtasks-log');
    expect(scopesOf(line, 'Film Tracker')).toEqual(['source.bgtasks-log']);
  });

  it('Running task / Starting simulated task: info token with class and id', () => {
    const line = 'Running task: <BGAppRefreshTask: com.example.filmtracker.refresh>';
    expect(scopesOf(line, 'Running task')).toContain('token.info-token.task-running.bgtasks-log');
    expect(scopesOf(line, 'BGAppRefreshTask')).toContain('entity.name.type.task-class.bgtasks-log');
    expect(scopesOf(line, 'com.example')).toContain(ID);
    const started = 'Starting simulated task: <BGProcessingTask: com.example.filmtracker.cleanup>';
    expect(scopesOf(started, 'Starting simulated task')).toContain('token.info-token.task-running.bgtasks-log');
    expect(scopesOf(started, 'com.example')).toContain(ID);
  });

  it('No task request … has been scheduled: error token with the id', () => {
    const line = 'Film Tracker[812:10455] No task request with identifier com.example.filmtracker.refresh has been scheduled';
    expect(scopesOf(line, 'No task request')).toContain('token.error-token.no-pending-request.bgtasks-log');
    expect(scopesOf(line, 'has been scheduled')).toContain('token.error-token.no-pending-request.bgtasks-log');
    expect(scopesOf(line, 'com.example')).toContain(ID);
    expect(scopesOf(line, 'com.example')).not.toContain('token.info-token.simulate-launch.bgtasks-log');
  });

  it('expiration lines: warn tokens; expiration failures: error tokens', () => {
    expect(scopesOf('Simulating expiration for task with identifier com.x', 'Simulating')).toContain('token.warn-token.simulate-expiration.bgtasks-log');
    expect(scopesOf('Expiring simulated task: <BGAppRefreshTask: com.x>', 'Expiring')).toContain('token.warn-token.expiration.bgtasks-log');
    expect(scopesOf('Task with identifier com.x is not currently being simulated', 'Task with')).toContain('token.error-token.not-simulated.bgtasks-log');
    const noHandler = 'No expiration handler for task: <BGAppRefreshTask: com.x>';
    expect(scopesOf(noHandler, 'No expiration')).toContain('token.error-token.no-expiration-handler.bgtasks-log');
    expect(scopesOf(noHandler, 'com.x')).toContain(ID);
  });

  it('tool errors and crashes: error tokens', () => {
    expect(scopesOf('error: attach failed: Not allowed to attach to process.', 'attach failed')).toContain('token.error-token.tool-error.bgtasks-log');
    expect(scopesOf('ERROR: The specified device was not found. (com.apple.dt.CoreDeviceError error 1000.)', 'specified')).toContain(
      'token.error-token.tool-error.bgtasks-log',
    );
    const crash = "*** Terminating app due to uncaught exception 'NSInternalInconsistencyException', reason: 'No launch handler registered for task with identifier com.x'";
    expect(scopesOf(crash, 'Terminating')).toContain('token.error-token.crash.bgtasks-log');
  });

  it('the hook and extension notes', () => {
    const line = '[bgtasks] simulating launch of com.x (from VS Code)';
    expect(scopesOf(line, '[bgtasks]')).toContain('keyword.other.bgtasks-tag.bgtasks-log');
    expect(scopesOf(line, 'simulating')).toContain('comment.line.bgtasks-note.bgtasks-log');
  });

  it('leaves unrelated app output alone', () => {
    expect(new Set(tokenize('Loaded 12 films from cache').flat())).toEqual(new Set(['source.bgtasks-log']));
  });

  it('is registered for the output channel language in contributes.json', () => {
    const lang = contributes.languages.find((l: { id: string }) => l.id === 'bgtasks-log');
    expect(lang).toBeDefined();
    const g = contributes.grammars.find((x: { language: string }) => x.language === 'bgtasks-log');
    expect(g).toEqual({ language: 'bgtasks-log', scopeName: grammar.scopeName, path: './syntaxes/bgtasks-log.tmLanguage.json' });
  });
});
