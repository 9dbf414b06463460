/** `file:line:col severity message [rule-id]`, one per line, then a summary line. */
import path from 'node:path';
import type { LintResult } from '../engine';

export function formatText(results: LintResult[], cwd: string): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of results) {
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
      lines.push(`${display(f.file, cwd)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} [${f.ruleId}]`);
    }
  }
  const notes = results.flatMap((r) => r.problems);
  for (const p of notes) lines.push(`${display(p.file, cwd)}:${p.range.start.line + 1}:${p.range.start.character + 1} note ${p.message}`);
  const total = errors + warnings + infos;
  lines.push(
    total === 0
      ? 'No background-task problems found.'
      : `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info)`,
  );
  return lines.join('\n') + '\n';
}

export function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}
