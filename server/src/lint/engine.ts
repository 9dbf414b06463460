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
  const raw: Finding[] = [];
  const problems: LintResult['problems'] = [];
  const lines = new Map<string, LineIndex | undefined>();
  const lineIndex = (file: string) => {
    if (!lines.has(file)) {
      const t = ws.textOf(file);
      lines.set(file, t === undefined ? undefined : new LineIndex(t));
    }
    return lines.get(file);
  };
  for (const rule of rules) {
    if (config.rules[rule.meta.id] === 'off') continue;
    try {
      rule.check({
        analysis,
        report: (r) => {
          const sev = severityFor(rule, config, r.severity);
          if (sev === 'off') return;
          raw.push({ ...r, ruleId: rule.meta.id, severity: sev, fixes: r.fixes ?? [], related: r.related ?? [] });
        },
      });
    } catch (e) {
      problems.push({ file: ws.options.roots[0] ?? '', message: `Rule ${rule.meta.id} failed: ${(e as Error).message}`, range: zeroRange() });
    }
  }
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
  for (const f of raw) {
    const li = lineIndex(f.file);
    const text = li?.text ?? '';
    const start = Math.max(0, Math.min(f.span.start, text.length));
    const end = Math.max(start, Math.min(f.span.end, text.length));
    const range = li ? li.rangeOf({ start, end }) : zeroRange();
    if (isSuppressed(directivesOf(f.file), f.ruleId, range.start.line)) continue;
    const key = `${f.ruleId}|${f.file}|${start}|${end}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ ...f, span: { start, end }, range });
  }
  for (const p of ws.problems) {
    const li = lineIndex(p.file);
    problems.push({ file: p.file, message: p.message, range: li ? li.rangeOf(p.span) : zeroRange() });
  }
  for (const sf of ws.parsed.values()) for (const p of sf.facts.problems) problems.push({ file: sf.file, message: p.message, range: sf.lines.rangeOf(p.span) });
  for (const doc of ws.plists.values()) for (const p of doc.plist.problems) problems.push({ file: doc.file, message: `Info.plist: ${p.message}`, range: doc.lines.rangeOf(p.span) });
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return { findings, problems, analysis };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
