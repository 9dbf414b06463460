/**
 * Runs the rules over an Analysis: applies configured severities and comment directives, drops
 * findings outside their documents, and returns them sorted. Rules that throw are reported as an
 * internal problem instead of taking the whole lint down.
 */
import { Analysis } from '../analysis/model/analysis';
import { isSuppressed, parseDirectives } from '../analysis/model/directives';
import type { Directive } from '../analysis/model/facts';
import type { Workspace } from '../analysis/model/workspace';
import { LineIndex, type Range } from '../analysis/text/lineIndex';
import { allRules } from '../rules';
import type { Finding, Rule, Severity, SeveritySetting } from '../rules/types';
import type { LintConfig } from './config';

export interface PositionedFinding extends Finding {
  range: Range;
}

export interface LintResult {
  findings: PositionedFinding[];
  /** Problems reading files and rule failures, as file-level messages. */
  problems: { file: string; message: string; range: Range }[];
  analysis: Analysis;
}

export function severityFor(rule: Rule, config: Pick<LintConfig, 'rules'>, reported?: Severity): SeveritySetting {
  const setting = config.rules[rule.meta.id];
  if (setting === 'off') return 'off';
  if (setting) return setting;
  return reported ?? rule.meta.defaultSeverity;
}

export function lint(ws: Workspace, config: Pick<LintConfig, 'rules'>, rules: Rule[] = allRules): LintResult {
  const analysis = new Analysis(ws);
  const problems: LintResult['problems'] = [];
  const lines = new Map<string, LineIndex | undefined>();
  const lineIndex = (file: string) => {
    if (!lines.has(file)) {
      const t = ws.textOf(file);
      lines.set(file, t === undefined ? undefined : new LineIndex(t));
    }
    return lines.get(file);
  };
  const directives = new Map<string, Directive[]>();
  const directivesOf = (file: string): Directive[] => {
    let d = directives.get(file);
    if (!d) {
      const sf = ws.parsed.get(file);
      if (sf) d = sf.facts.directives;
      else {
        const text = ws.textOf(file) ?? '';
        d = file.endsWith('.plist') ? parseDirectives(text, '<!--') : /\.(swift|pbxproj|xcconfig|[cm]?[jt]sx?)$/.test(file) ? parseDirectives(text, '//') : /\.ya?ml$/.test(file) ? parseDirectives(text, '#') : [];
      }
      directives.set(file, d);
    }
    return d;
  };
  const seen = new Set<string>();
  const findings: PositionedFinding[] = [];
  const perFile = new Map<string, number>();
  const hidden = new Map<string, number>();
  // Each report is placed, checked against directives and duplicates, and counted as it comes: past
  // MAX_FINDINGS_PER_FILE in a file only the count is kept (a generated plist can hold 40,000 unused ids).
  const place = (f: Finding) => {
    const li = lineIndex(f.file);
    const text = li?.text ?? '';
    const start = Math.max(0, Math.min(f.span.start, text.length));
    const end = Math.max(start, Math.min(f.span.end, text.length));
    const range = li ? li.rangeOf({ start, end }) : zeroRange();
    if (isSuppressed(directivesOf(f.file), f.ruleId, range.start.line)) return;
    const key = `${f.ruleId}|${f.file}|${start}|${end}|${f.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const n = (perFile.get(f.file) ?? 0) + 1;
    perFile.set(f.file, n);
    if (n > MAX_FINDINGS_PER_FILE) hidden.set(f.file, (hidden.get(f.file) ?? 0) + 1);
    else findings.push({ ...f, span: { start, end }, range });
  };
  for (const rule of rules) {
    if (config.rules[rule.meta.id] === 'off') continue;
    try {
      rule.check({
        analysis,
        report: (r) => {
          const sev = severityFor(rule, config, r.severity);
          if (sev === 'off') return;
          place({ ...r, ruleId: rule.meta.id, severity: sev, fixes: r.fixes ?? [], related: r.related ?? [] });
        },
      });
    } catch (e) {
      problems.push({ file: ws.options.roots[0] ?? '', message: `Rule ${rule.meta.id} failed: ${(e as Error).message}`, range: zeroRange() });
    }
  }
  for (const [file, count] of hidden) problems.push({ file, message: `${count} more finding${count === 1 ? '' : 's'} in this file not shown (at most ${MAX_FINDINGS_PER_FILE} per file)`, range: zeroRange() });
  for (const p of ws.problems) {
    const li = lineIndex(p.file);
    problems.push({ file: p.file, message: p.message, range: li ? li.rangeOf(p.span) : zeroRange() });
  }
  for (const sf of ws.parsed.values()) for (const p of sf.facts.problems) problems.push({ file: sf.file, message: p.message, range: sf.lines.rangeOf(p.span) });
  for (const doc of ws.plists.values()) for (const p of [...doc.plist.problems, ...(doc.plist.warnings ?? [])]) problems.push({ file: doc.file, message: `Info.plist: ${p.message}`, range: doc.lines.rangeOf(p.span) });
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return { findings, problems: capProblems(problems), analysis };
}

/** Most findings shown for one file (a generated plist with 40,000 unused ids is not 40,000 things to read). */
export const MAX_FINDINGS_PER_FILE = 1000;

/** Most problems (file-level notes) shown for one file, and for one run: past them, one line says how many more. */
export const MAX_PROBLEMS_PER_FILE = 100;
export const MAX_PROBLEMS_PER_RUN = 1000;

/**
 * Keeps the first MAX_PROBLEMS_PER_FILE problems of each file, then the first MAX_PROBLEMS_PER_RUN of all, and says
 * how many were left out ("N more problems in <file> not shown"), so a junk file cannot flood the output or the editor.
 */
export function capProblems(problems: LintResult['problems']): LintResult['problems'] {
  const perFile = new Map<string, number>();
  const hidden = new Map<string, { count: number; range: Range }>();
  const out: LintResult['problems'] = [];
  let dropped = 0;
  const droppedFiles = new Set<string>();
  for (const p of problems) {
    const n = (perFile.get(p.file) ?? 0) + 1;
    perFile.set(p.file, n);
    if (n > MAX_PROBLEMS_PER_FILE) {
      const h = hidden.get(p.file);
      if (h) h.count++;
      else hidden.set(p.file, { count: 1, range: p.range });
    } else if (out.length < MAX_PROBLEMS_PER_RUN) out.push(p);
    else {
      dropped++;
      droppedFiles.add(p.file);
    }
  }
  for (const [file, h] of hidden) {
    if (out.length < MAX_PROBLEMS_PER_RUN) out.push({ file, message: `${h.count} more problem${h.count === 1 ? '' : 's'} in this file not shown (at most ${MAX_PROBLEMS_PER_FILE} per file)`, range: h.range });
    else {
      dropped += h.count;
      droppedFiles.add(file);
    }
  }
  if (dropped) {
    const file = droppedFiles.values().next().value as string;
    const more = droppedFiles.size > 1 ? ` in ${droppedFiles.size} files` : ' in this file';
    out.push({ file, message: `${dropped} more problem${dropped === 1 ? '' : 's'}${more} not shown (at most ${MAX_PROBLEMS_PER_RUN} per run)`, range: zeroRange() });
  }
  return out;
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
