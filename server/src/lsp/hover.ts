/** Hover text for a task identifier: where it is permitted, registered and submitted, and its findings. */
import path from 'node:path';
import type { Analysis } from '../analysis/model/analysis';
import type { LineIndex } from '../analysis/text/lineIndex';
import type { PositionedFinding } from '../lint/engine';
import { taskSummaries } from '../lint/summaries';
import { fileUri } from './convert';
import type { IdAt, IdSite } from './navigation';

const KIND: Record<string, string> = {
  refresh: 'app refresh task (BGAppRefreshTask)',
  processing: 'processing task (BGProcessingTask)',
  healthResearch: 'health research task (BGHealthResearchTask)',
  continuedProcessing: 'continued processing task (BGContinuedProcessingTask)',
};

function link(file: string, span: { start: number }, lines: (f: string) => LineIndex | undefined): string {
  const li = lines(file);
  const p = li ? li.positionAt(span.start) : { line: 0, character: 0 };
  return `[${path.basename(file)}:${p.line + 1}](${fileUri(file)}#L${p.line + 1},${p.character + 1})`;
}

function duration(s: number): string {
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  return `${s} s`;
}

export function hoverMarkdown(analysis: Analysis, at: IdAt, sites: IdSite[], findings: PositionedFinding[], lines: (f: string) => LineIndex | undefined): string {
  const summary = taskSummaries(analysis, findings).find((t) => t.id === at.id);
  const out: string[] = [];
  out.push(`**\`${at.id}\`**${summary && summary.kind !== 'unknown' ? ` — ${KIND[summary.kind]}` : ''}`);
  out.push('');
  const group = (role: IdSite['role'], label: string) => {
    const list = sites.filter((s) => s.role === role);
    if (list.length) out.push(`- ${label}: ${list.map((s) => link(s.file, s.span, lines) + (s.detail ? ` (${s.detail})` : '')).join(', ')}`);
    else if (role !== 'constant') out.push(`- ${label}: _nowhere_`);
  };
  group('permitted', 'Permitted in');
  group('registered', 'Registered at');
  group('submitted', 'Submitted at');
  group('constant', 'Spelled by');
  const r = summary?.request;
  if (r && (r.earliestBeginDelaySeconds !== undefined || r.requiresExternalPower || r.requiresNetworkConnectivity)) {
    const opts: string[] = [];
    if (r.earliestBeginDelaySeconds !== undefined) opts.push(`earliestBeginDate +${duration(r.earliestBeginDelaySeconds)}`);
    if (r.requiresExternalPower) opts.push('requires external power');
    if (r.requiresNetworkConnectivity) opts.push('requires network');
    out.push(`- Request: ${opts.join(', ')}`);
  }
  const h = summary?.handler;
  if (h) out.push(`- Handler: ${h.setsExpirationHandler ? 'sets' : '**does not set**'} expirationHandler; ${h.completesOnAllPaths ? 'completes on every path' : '**misses setTaskCompleted on some path**'}; resubmits ${h.resubmits === 'start' ? 'at its start' : h.resubmits === 'end' ? 'only after its work' : h.resubmits === 'never' ? '**never**' : '(unknown)'}`);
  if (findings.length) {
    out.push('', '**Findings**', '');
    for (const f of findings) out.push(`- ${f.severity === 'error' ? '✖' : f.severity === 'warning' ? '⚠' : 'ℹ'} ${link(f.file, f.span, lines)} ${f.message} \`${f.ruleId}\``);
  }
  return out.join('\n');
}
