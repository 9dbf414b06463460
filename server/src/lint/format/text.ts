/** `file:line:col severity message [rule-id]`, one per line, then a summary line. */
import path from 'node:path';
import type { LintResult } from '../engine';

export function formatText(results: LintResult[], cwd: string): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      lines.push(`${safe(display(f.file, cwd))}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${safe(f.message)} [${f.ruleId}]`);
    }
  }
  const notes = results.flatMap((r) => r.problems);
  for (const p of notes) lines.push(`${safe(display(p.file, cwd))}:${p.range.start.line + 1}:${p.range.start.character + 1} note ${safe(p.message)}`);
  lines.push(summaryLine(results));
  return lines.join('\n') + '\n';
}

/** The last line of the text report: `18 problems (11 errors, 6 warnings, 1 info)`, or that there were none. */
export function summaryLine(results: LintResult[]): string {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of results) {
    for (const f of r.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
  }
  const total = errors + warnings + infos;
  return total === 0
    ? 'No background-task problems found.'
    : `${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info)`;
}

export function display(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}

/**
 * Text a repository controls (identifiers, paths) goes to a terminal or a CI log: control characters are written as
 * escapes, so nothing can move the cursor, write the clipboard (OSC 52), erase lines, or start a line of its own that a
 * CI system would read as a command (`::error …`).
 */
export function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
