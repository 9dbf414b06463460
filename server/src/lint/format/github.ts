/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
 * line per finding, which the runner turns into annotations on the pull request, then one summary line.
 *
 * Syntax: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions ("Setting an error
 * message": `::error file={name},line={line},endLine={endLine},title={title}::{message}`, also `col` and `endColumn`).
 * Escaping is what the runner undoes (actions/runner src/Runner.Common/ActionCommand.cs, _escapeDataMappings and
 * _escapePropertyMappings): in the message `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values also `:` → `%3A`
 * and `,` → `%2C`. The runner reads a command only from a line that starts with `::` (after leading spaces), takes the
 * command and its properties up to the next `::`, and the rest of the line as the message.
 *
 * Why nothing from a repository can forge a command: every line written here starts with `::error`, `::warning` or
 * `::notice` and contains no line break (CR and LF are %-escaped, every other control character and U+2028/U+2029 are
 * written as `\xNN`/`\uNNNN` text by safe()); property values cannot end the property list early (`:` and `,` are
 * escaped), so the first `::` after the command is always ours and everything after it is message text.
 */
import type { Severity } from '../../rules/types';
import type { LintResult } from '../engine';
import { display, safe, summaryLine } from './text';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Message text (after the second `::`). The runner's escapes first, then safe() for the other control characters. */
export function escapeData(text: string): string {
  return safe(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value (`file=…`, `title=…`): as message text, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, props: [string, string | number][], message: string): string {
  const list = props.map(([k, v]) => `${k}=${typeof v === 'number' ? v : escapeProperty(v)}`).join(',');
  return `::${name} ${list}::${escapeData(message)}`;
}

export function formatGithub(results: LintResult[], cwd: string): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      lines.push(
        command(
          COMMAND[f.severity],
          [
            ['file', display(f.file, cwd)],
            ['line', f.range.start.line + 1],
            ['col', f.range.start.character + 1],
            ['endLine', f.range.end.line + 1],
            ['endColumn', f.range.end.character + 1],
            ['title', f.ruleId],
          ],
          f.message,
        ),
      );
    }
  }
  for (const r of results) {
    for (const p of r.problems) {
      lines.push(command('notice', [['file', display(p.file, cwd)], ['line', p.range.start.line + 1], ['col', p.range.start.character + 1], ['title', 'bgtasks']], p.message));
    }
  }
  // Not a workflow command: plain text in the log.
  lines.push(summaryLine(results));
  return lines.join('\n') + '\n';
}
