/** Machine-readable output: findings with 1-based positions and their fixes. */
import type { LintResult } from '../engine';
import { display } from './text';

export function formatJson(results: LintResult[], cwd: string): string {
  const findings = results.flatMap((r) =>
    r.findings.map((f) => ({
      file: display(f.file, cwd),
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      severity: f.severity,
      ruleId: f.ruleId,
      message: f.message,
      taskId: f.taskId,
      fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe, edits: x.edits.map((e) => ({ file: display(e.file, cwd), start: e.span.start, end: e.span.end, newText: e.newText })) })),
    })),
  );
  const problems = results.flatMap((r) => r.problems.map((p) => ({ file: display(p.file, cwd), line: p.range.start.line + 1, column: p.range.start.character + 1, message: p.message })));
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return JSON.stringify({ findings, problems, summary: { errors: count('error'), warnings: count('warning'), infos: count('info') } }, null, 2) + '\n';
}
