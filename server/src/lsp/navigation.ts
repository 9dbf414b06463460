/**
 * "Which task id is under the cursor, and where else does it appear?" — shared by hover,
 * go-to-definition, find-references and completion.
 */
import type { Analysis } from '../analysis/model/analysis';
import type { AppScope } from '../analysis/model/workspace';
import type { Span } from '../analysis/text/lineIndex';

export interface IdSite {
  file: string;
  span: Span;
  role: 'permitted' | 'registered' | 'submitted' | 'constant';
  detail?: string;
}

export interface IdAt {
  /** The id as shown (bundle id expanded when known). */
  id: string;
  /** The id with the bundle-id token (for matching). */
  value: string;
  scope?: AppScope;
  span: Span;
}

const contains = (s: Span, o: number) => o >= s.start && o <= s.end;

export function idAt(analysis: Analysis, file: string, offset: number): IdAt | undefined {
  const ws = analysis.ws;
  if (!/\.(plist|json)$/.test(file)) {
    for (const r of analysis.registrations()) {
      if (r.file === file && contains(r.reg.id.span, offset) && r.id.value !== undefined) return { id: analysis.display(r.id.value, r.scopes[0]), value: r.id.value, scope: r.scopes[0], span: r.reg.id.span };
    }
    for (const q of analysis.requests()) {
      if (q.file === file && contains(q.req.id.span, offset) && q.id.value !== undefined) return { id: analysis.display(q.id.value, q.scopes[0]), value: q.id.value, scope: q.scopes[0], span: q.req.id.span };
    }
    const sf = ws.source(file);
    for (const c of sf?.facts.constants ?? []) {
      const span = c.literalSpan && contains(c.literalSpan, offset) ? c.literalSpan : contains(c.span, offset) ? c.span : undefined;
      if (!span) continue;
      const r = analysis.resolver.resolve({ expr: c.value, span: c.span }, file, c.localTo ?? -1);
      if (r.value === undefined || !isKnownId(analysis, r.value)) continue;
      const scope = ws.scopesOf(file)[0];
      return { id: analysis.display(r.value, scope), value: r.value, scope, span };
    }
    return undefined;
  }
  for (const scope of ws.scopes) {
    for (const e of ws.permittedEntries(scope)) {
      if (e.plist.file === file && contains(e.valueSpan, offset) && !e.unresolved.length) return { id: analysis.display(e.value, scope), value: e.value, scope, span: e.valueSpan };
    }
  }
  return undefined;
}

function isKnownId(analysis: Analysis, value: string): boolean {
  return analysis.registrations().some((r) => r.id.value === value) || analysis.requests().some((q) => q.id.value === value);
}

/** Every place the id appears: plist entries, registrations, submissions, and constants that spell it. */
export function sitesOf(analysis: Analysis, at: IdAt): IdSite[] {
  const ws = analysis.ws;
  const bundles = at.scope?.bundleIds.map((b) => b.bundleId) ?? [];
  const same = (v: string | undefined) => v !== undefined && analysis.couldBe({ value: v, via: [] }, at.value, bundles);
  const out: IdSite[] = [];
  const seen = new Set<string>();
  for (const scope of ws.scopes) {
    for (const e of ws.permittedEntries(scope)) {
      const key = `${e.plist.file}:${e.valueSpan.start}`;
      if (seen.has(key) || e.unresolved.length || !same(e.value)) continue;
      seen.add(key);
      out.push({ file: e.plist.file, span: e.valueSpan, role: 'permitted' });
    }
  }
  for (const r of analysis.registrations()) {
    if (!same(r.id.value)) continue;
    out.push({ file: r.file, span: r.reg.id.span, role: 'registered', detail: r.reg.kind === 'swiftui' ? '.backgroundTask' : undefined });
    for (const v of r.id.via) {
      const key = `${v.file}:${v.constant.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: v.file, span: v.constant.span, role: 'constant', detail: v.constant.name });
    }
  }
  for (const q of analysis.requests()) {
    if (!same(q.id.value)) continue;
    out.push({ file: q.file, span: q.req.id.span, role: 'submitted', detail: q.req.cls });
    for (const v of q.id.via) {
      const key = `${v.file}:${v.constant.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: v.file, span: v.constant.span, role: 'constant', detail: v.constant.name });
    }
  }
  return out;
}
