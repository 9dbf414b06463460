/**
 * Lines an Xcode Run Script build phase turns into issues: `/abs/path:line:col: error: message [rule-id]`
 * (warning → `warning:`, info → `note:`), one per finding, then file-level problems as `note:` lines. Nothing else,
 * so a clean run prints nothing.
 *
 * Shape: Apple, "Running custom scripts during a build"
 * (https://developer.apple.com/documentation/xcode/running-custom-scripts-during-a-build), "Log errors and warnings
 * from your script": `[filename]:[linenumber]: error | warning | note : [message]`, the file name as an absolute
 * path. The column between line and severity is clang's `file:line:col: warning: …` shape (clang's
 * `-fshow-column`, on by default), which Xcode reads from the compilers; SwiftLint's `xcode` reporter writes the same.
 * Columns here are UTF-16 code units + 1 like the other formats; clang counts bytes, so on lines with non-ASCII
 * text before the finding Xcode may place the caret a little off.
 */
import path from 'node:path';
import type { Severity } from '../../rules/types';
import type { LintResult } from '../engine';
import { safe } from './text';

const KIND: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatXcode(results: LintResult[], cwd: string): string {
  const lines: string[] = [];
  const where = (file: string, line: number, col: number) => `${safe(path.resolve(cwd, file))}:${line + 1}:${col + 1}`;
  for (const r of results) {
    for (const f of r.findings) lines.push(`${where(f.file, f.range.start.line, f.range.start.character)}: ${KIND[f.severity]}: ${safe(f.message)} [${safe(f.ruleId)}]`);
  }
  for (const r of results) {
    for (const p of r.problems) lines.push(`${where(p.file, p.range.start.line, p.range.start.character)}: note: ${safe(p.message)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
