/** The workspace's tasks, summarised for the tree view, the device bridge and the simulator panel. */
import { pathToFileURL } from 'node:url';
import type { Analysis } from '../analysis/model/analysis';
import { LineIndex, type Span } from '../analysis/text/lineIndex';
import { EXPECTED_TASK_CLASS } from '../ruleSupport/helpers';
import type { HandlerSummary, SourceLocation, TaskKind, TaskSummary } from '../protocol/tasks';
import type { PositionedFinding } from './engine';

const KIND_OF_CLASS: Record<string, TaskKind> = {
  BGAppRefreshTask: 'refresh',
  BGProcessingTask: 'processing',
  BGHealthResearchTask: 'healthResearch',
  BGContinuedProcessingTask: 'continuedProcessing',
};

export function taskSummaries(analysis: Analysis, findings: PositionedFinding[]): TaskSummary[] {
  const ws = analysis.ws;
  const lines = new Map<string, LineIndex>();
  const loc = (file: string, span: Span): SourceLocation => {
    let li = lines.get(file);
    if (!li) lines.set(file, (li = new LineIndex(ws.textOf(file) ?? '')));
    const p = li.positionAt(span.start);
    return { uri: pathToFileURL(file).href, line: p.line, character: p.character };
  };
  const byId = new Map<string, TaskSummary>();
  const get = (id: string, scope?: string): TaskSummary => {
    let t = byId.get(id);
    if (!t) byId.set(id, (t = { id, kind: 'unknown', permitted: false, registered: false, submitted: false, sites: {}, findings: 0, scope }));
    return t;
  };
  for (const scope of ws.scopes) {
    if (scope.how === 'union') continue;
    for (const e of ws.permittedEntries(scope)) {
      if (e.unresolved.length || e.wildcard) continue;
      const t = get(analysis.display(e.value, scope), scope.name);
      t.permitted = true;
      t.sites.permitted ??= loc(e.plist.file, e.valueSpan);
    }
  }
  for (const r of analysis.registrations()) {
    if (r.id.value === undefined) continue;
    const t = get(analysis.display(r.id.value, r.scopes[0]), r.scopes[0]?.name);
    t.registered = true;
    t.sites.register ??= loc(r.file, r.reg.id.span);
    if (t.kind === 'unknown') {
      const hc = analysis.handlerClass(r);
      if (hc) t.kind = KIND_OF_CLASS[hc.cls] ?? 'unknown';
      else if (r.reg.kind === 'swiftui') t.kind = r.reg.swiftuiKind === 'appRefresh' ? 'refresh' : 'processing';
    }
    if (!t.handler && r.reg.kind === 'scheduler') {
      const ref = analysis.handlerOf(r);
      if (ref) {
        const a = analysis.analyzeHandler(ref);
        const h: HandlerSummary = { setsExpirationHandler: a.setsExpiration, completesOnAllPaths: a.missing.length === 0, resubmits: a.resubmits };
        t.handler = h;
      }
    }
  }
  for (const q of analysis.requests()) {
    if (q.id.value === undefined) continue;
    const t = get(analysis.display(q.id.value, q.scopes[0]), q.scopes[0]?.name);
    t.submitted = true;
    t.sites.submit ??= loc(q.file, q.req.id.span);
    // The request class is authoritative for the kind.
    t.kind = KIND_OF_CLASS[EXPECTED_TASK_CLASS[q.req.cls]] ?? t.kind;
    t.request ??= { ...q.req.options };
  }
  for (const f of findings) if (f.taskId && byId.has(f.taskId)) byId.get(f.taskId)!.findings++;
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
