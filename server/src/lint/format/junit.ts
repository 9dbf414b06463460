/**
 * JUnit XML for CI test dashboards (GitLab `artifacts:reports:junit`, Jenkins `junit`).
 *
 * One <testsuite> per rule that ran, with classname `bgtasks.<rule-id>`: one failing <testcase> per finding
 * (`<failure message=… type=error|warning|info>`), or one passing <testcase> when the rule found nothing. So a clean
 * run is a page of passing checks, not an empty report. File-level problems (a file that could not be read, a rule
 * that failed) are <skipped> test cases in a `bgtasks.problems` suite: visible, but not failures.
 *
 * Why per rule and not per file: dashboards group by the test case's classname, not by the suite. GitLab shows
 * classname as the "Suite" column and does not show <testsuite name> at all; Jenkins builds its package/class tree
 * from classname. With the rule in classname the dashboard reads "which check failed, how often", each check has a
 * history of its own, and the passing rules are listed too (a per-file report could only list files with findings:
 * the clean files are not in the result). The file is still there: in the test name (`path:line:col`) and in the
 * `file` attribute, which GitLab shows as the file name.
 *
 * GitLab keeps only the first of several test cases with the same name, so names are made unique (` #2`, ` #3`).
 *
 * Text goes through safe() first (control characters become `\xNN` text, as in every other format), then unpaired
 * surrogates and U+FFFE/U+FFFF become `\uNNNN` text the same way: what is left is all legal XML 1.0 characters (which
 * allows only tab, LF and CR below U+0020, even as character references). In attributes, tab, LF and CR are written as character
 * references so parsers do not turn them into spaces.
 */
import { allRules } from '../../rules';
import type { LintResult, PositionedFinding } from '../engine';
import { DOCS_BASE } from './sarif';
import { display, safe } from './text';

const PREFIX = 'bgtasks.';

/** Characters XML 1.0 does not allow that safe() leaves: unpaired surrogates and the two non-characters U+FFFE/U+FFFF. */
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/** Repository text made printable and legal XML: no control characters but tab, nothing XML 1.0 forbids. */
function clean(text: string): string {
  return safe(text).replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Element content from clean text (the line breaks in it are ours). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlAttr(text: string): string {
  return escapeText(clean(text)).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

interface Case {
  name: string;
  file?: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
}

/** `rules`: the ids of the rules that ran (default: every rule); a rule with findings gets a suite even if not listed. */
export function formatJunit(results: LintResult[], cwd: string, rules: readonly string[] = allRules.map((r) => r.meta.id)): string {
  const known = new Set(allRules.map((r) => r.meta.id));
  const byRule = new Map<string, PositionedFinding[]>(rules.map((id) => [id, []]));
  for (const r of results) {
    for (const f of r.findings) {
      const list = byRule.get(f.ruleId);
      if (list) list.push(f);
      else byRule.set(f.ruleId, [f]);
    }
  }
  const suites: { name: string; cases: Case[] }[] = [];
  for (const [ruleId, findings] of byRule) {
    const names = uniqueNames();
    const cases: Case[] = findings.map((f) => {
      const file = display(f.file, cwd);
      const where = `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const body = [`${where} ${f.severity} ${f.message} [${ruleId}]`];
      if (f.taskId) body.push(`Task: ${f.taskId}`);
      for (const rel of f.related) body.push(`Related: ${display(rel.file, cwd)}: ${rel.message}`);
      if (known.has(ruleId)) body.push(`Rule: ${DOCS_BASE}${ruleId}.md`);
      return { name: names(where), file, failure: { message: f.message, type: f.severity, body: body.map(clean).join('\n') } };
    });
    suites.push({ name: PREFIX + ruleId, cases: cases.length ? cases : [{ name: 'no findings' }] });
  }
  const problems = results.flatMap((r) => r.problems);
  if (problems.length) {
    const names = uniqueNames();
    suites.push({
      name: PREFIX + 'problems',
      cases: problems.map((p) => {
        const file = display(p.file, cwd);
        return { name: names(`${file}:${p.range.start.line + 1}:${p.range.start.character + 1}`), file, skipped: p.message };
      }),
    });
  }
  // Every rule turned off and nothing to report: still one passing test, so the dashboard shows the job ran.
  if (!suites.length) suites.push({ name: PREFIX + 'lint', cases: [{ name: 'no findings' }] });

  const count = (cases: Case[]) => ({ tests: cases.length, failures: cases.filter((c) => c.failure).length, skipped: cases.filter((c) => c.skipped !== undefined).length });
  const total = count(suites.flatMap((s) => s.cases));
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="bgtasks" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="0">`];
  for (const s of suites) {
    const c = count(s.cases);
    out.push(`  <testsuite name="${xmlAttr(s.name)}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0">`);
    for (const t of s.cases) {
      const attrs = `classname="${xmlAttr(s.name)}" name="${xmlAttr(t.name)}"${t.file !== undefined ? ` file="${xmlAttr(t.file)}"` : ''} time="0"`;
      if (t.failure) {
        out.push(`    <testcase ${attrs}>`);
        out.push(`      <failure message="${xmlAttr(t.failure.message)}" type="${xmlAttr(t.failure.type)}">${escapeText(t.failure.body)}</failure>`);
        out.push('    </testcase>');
      } else if (t.skipped !== undefined) {
        out.push(`    <testcase ${attrs}>`);
        out.push(`      <skipped message="${xmlAttr(t.skipped)}">${escapeText(clean(t.skipped))}</skipped>`);
        out.push('    </testcase>');
      } else out.push(`    <testcase ${attrs}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** Names within one suite, made unique with ` #2`, ` #3`… (GitLab drops test cases whose name repeats). */
function uniqueNames(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  };
}
