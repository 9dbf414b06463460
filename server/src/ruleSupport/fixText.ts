/** Text that fixes insert into source: the file's own line endings, and a name for a task the code left unnamed. */
import type { RuleAnalysis } from '../analysis/model/analysis';
import type { TextEdit } from '../analysis/model/edits';
import type { Span } from '../analysis/text/lineIndex';

/** `text` with every line break written as `eol` (an inserted line in a CRLF file ends with CRLF). */
export function withEol(text: string, eol: string): string {
  return text.replace(/\r?\n/g, eol);
}

/**
 * The name a fix uses for the task. A closure that ignores its task (`{ _ in schedule() }`) has none: `_.setTaskCompleted`
 * does not compile, so the fix also names the parameter (`{ task in … }`, or `task2` … when `task` is taken in `scope`).
 * Undefined when the task cannot be named (the fix is then not offered).
 */
export function taskNameForFix(analysis: RuleAnalysis, file: string, name: string, handlerSpan: Span, scope: Span | undefined): { name: string; edits: TextEdit[] } | undefined {
  if (name !== '_') return { name, edits: [] };
  const named = scope ? analysis.nameForUnnamedTask(file, handlerSpan, scope) : undefined;
  return named ? { name: named.name, edits: [{ file, span: named.span, newText: named.name }] } : undefined;
}
