/** The workspace's tasks, summarised for the tree view, the device bridge and the simulator panel. */
import { BACKGROUND_CALLBACKS, FOREGROUND_CALLBACKS, scenePhaseAt } from '../ruleSupport/phases';
import { progressReporting } from '../ruleSupport/progress';
import { HEALTH_RESEARCH_ENTITLEMENT } from '../analysis/model/entitlements';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Analysis, ReqSite } from '../analysis/model/analysis';
import type { AppScope } from '../analysis/model/workspace';
import { LineIndex, type Span } from '../analysis/text/lineIndex';
import { EXPECTED_TASK_CLASS } from '../ruleSupport/helpers';
import duplicateRegistration from '../rules/duplicate-registration';
import registerAfterLaunch from '../rules/register-after-launch';
import taskTypeMismatch from '../rules/task-type-mismatch';
import type { Report, Rule } from '../rules/types';
import type { HandlerSummary, SourceLocation, TaskKind, TaskSimulationFacts, TaskSummary } from '../protocol/tasks';
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
        // An expiration handler that only logs neither stops the work nor completes the task (§4).
        if (a.setsExpiration && a.loggingOnlyExpirations.length > 0) facts(t).expirationHandlerCompletes = false;
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
  try {
    addSimulationFacts(analysis, byId, get, loc);
  } catch {
    // Never throw on input: the simulator falls back to its stated assumptions.
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function facts(t: TaskSummary): TaskSimulationFacts {
  return (t.simulation ??= {});
}

// ---------------------------------------------------------------------------------------------
// Facts for the scheduler simulator: crashes at launch, where the app submits, per-type facts.

/**
 * What the simulator reads beyond the lint facts. Crashes come from the rules that know them, run
 * here on the same analysis whatever the user's severity settings (a rule turned off still describes
 * a crash); submit sites are placed with the analysis's launch reachability.
 */
function addSimulationFacts(
  analysis: Analysis,
  byId: Map<string, TaskSummary>,
  get: (id: string, scope?: string) => TaskSummary,
  loc: (file: string, span: Span) => SourceLocation,
): void {
  // Crashes at launch (facts §4), from the structured data the rules attach to their findings.
  for (const r of runRule(analysis, taskTypeMismatch)) {
    const t = r.taskId ? byId.get(r.taskId) : undefined;
    if (!t || r.data?.kind !== 'type-mismatch') continue;
    const { cast, castClass, submittedAs } = r.data;
    if (cast === 'forced') {
      facts(t).launchCrash = { cause: 'typeMismatch', text: `It casts the task with as! ${castClass}, but "${t.id}" is submitted as a ${submittedAs}: iOS hands the handler a different class and the cast traps.` };
    } else if (cast === 'conditional') {
      facts(t).castNeverCompletes = true;
    }
  }
  for (const r of runRule(analysis, duplicateRegistration)) {
    const t = r.taskId ? byId.get(r.taskId) : undefined;
    if (!t || t.simulation?.launchCrash || r.data?.kind !== 'duplicate-registration') continue;
    facts(t).launchCrash = {
      cause: 'duplicateRegistration',
      text: `"${t.id}" is registered twice during launch (${r.data.first} and ${r.data.here}): iOS raises "Launch handler for task with identifier ${t.id} has already been registered" and the app crashes. The simulator ends this task's launches as crashes; in the app every launch that runs both registrations crashes.`,
    };
  }
  for (const r of runRule(analysis, registerAfterLaunch)) {
    const t = r.taskId ? byId.get(r.taskId) : undefined;
    if (!t || t.simulation?.launchCrash) continue;
    if (r.data?.kind === 'registered-after-launch') {
      facts(t).launchCrash = {
        cause: 'lateRegistration',
        text: `The handler is registered only from ${r.data.from}, which a background launch never runs: iOS finds no handler ("No launch handler registered for task with identifier ${t.id}").`,
      };
    } else if (r.data?.kind === 'registered-never-called') {
      facts(t).launchCrash = { cause: 'neverRegistered', text: `The function that registers the handler is never called: a background launch finds no handler ("No launch handler registered for task with identifier ${t.id}").` };
    }
  }

  // Where the app submits each task (outside its handler), from the reachability of each submit site.
  const policies = new Map<string, NonNullable<TaskSimulationFacts['submitPolicy']>>();
  for (const q of analysis.requests()) {
    if (q.id.value === undefined || q.req.library) continue;
    const id = analysis.display(q.id.value, q.scopes[0]);
    let p = policies.get(id);
    if (!p) policies.set(id, (p = { known: true, background: false, launch: false, launchScene: false, launchGuarded: true, userAction: false, handler: false, where: [] }));
    placeSubmit(analysis, q, p);
  }
  for (const [id, p] of policies) {
    const t = byId.get(id);
    if (!t) continue;
    if (!p.launch && !p.launchScene) p.launchGuarded = false;
    p.where = [...new Set(p.where)].slice(0, 4);
    facts(t).submitPolicy = p;
  }

  // Health research: the data protection it asks for, and the entitlement.
  for (const q of analysis.requests()) {
    if (q.req.cls !== 'BGHealthResearchTaskRequest' || q.id.value === undefined) continue;
    const t = byId.get(analysis.display(q.id.value, q.scopes[0]));
    if (!t) continue;
    facts(t).dataProtection ??= dataProtectionOf(analysis, q);
    facts(t).healthResearchEntitlement ??= entitlementOf(analysis, q.scopes[0]);
  }

  // Continued processing: progress reporting, and wildcard identifiers simulated as their concrete submissions.
  for (const q of analysis.requests()) {
    if (q.req.cls !== 'BGContinuedProcessingTaskRequest') continue;
    if (q.id.value !== undefined) {
      const t = byId.get(analysis.display(q.id.value, q.scopes[0]));
      const reg = t ? analysis.registrations().find((r) => r.id.value !== undefined && analysis.display(r.id.value, r.scopes[0]) === t.id) : undefined;
      if (t && reg && progressReporting(analysis, reg) === 'reports') facts(t).reportsProgress = true;
      continue;
    }
    const scope = q.scopes[0];
    if (!scope) continue;
    const bundleIds = scope.bundleIds.map((b) => b.bundleId);
    const entries = analysis.permittedEntries(scope).filter((e) => e.wildcard && e.value.endsWith('.*') && !e.unresolved.length);
    const matching = entries.filter((e) => analysis.couldBe(q.id, `${analysis.display(e.value, scope).slice(0, -1)}x1`, bundleIds));
    // iOS drops a wildcard that does not start with the bundle id (facts §3).
    const valid = matching.find((e) => bundleIds.some((b) => analysis.display(e.value, scope).startsWith(`${b}.`)));
    const entry = valid ?? matching[0];
    if (!entry) continue;
    const id = analysis.display(entry.value, scope);
    const t = get(id, scope.name);
    t.kind = 'continuedProcessing';
    t.permitted = !!valid;
    t.submitted = true;
    t.sites.permitted ??= loc(entry.plist.file, entry.valueSpan);
    t.sites.submit ??= loc(q.file, q.req.id.span);
    facts(t).wildcard = true;
    const reg = analysis.registrations().find((r) => r.reg.kind === 'scheduler' && analysis.couldBe(r.id, `${id.slice(0, -1)}x1`, bundleIds));
    if (reg) {
      t.registered = true;
      t.sites.register ??= loc(reg.file, reg.reg.id.span);
      const ref = analysis.handlerOf(reg);
      if (ref && !t.handler) {
        const a = analysis.analyzeHandler(ref);
        t.handler = { setsExpirationHandler: a.setsExpiration, completesOnAllPaths: a.missing.length === 0, resubmits: a.resubmits };
      }
      if (progressReporting(analysis, reg) === 'reports') facts(t).reportsProgress = true;
    }
  }
}

/** Runs one rule on the analysis and returns what it reports (never throws). */
function runRule(analysis: Analysis, rule: Rule): Report[] {
  const out: Report[] = [];
  try {
    rule.check({ analysis, report: (r) => out.push(r) });
  } catch {
    // A rule that fails describes nothing here; the lint run reports the failure.
  }
  return out;
}


/** Adds where one submit site runs to the task's policy: at launch, on the way to the background, on a user action, in the handler. */
function placeSubmit(analysis: Analysis, q: ReqSite, p: NonNullable<TaskSimulationFacts['submitPolicy']>): void {
  const site = q.req.submit ?? { span: q.req.span, ctx: q.req.ctx };
  const reach = analysis.reach(q.file, site.ctx, site.span.start);
  // Callers are found by name: `TrailerSync.shared.scheduleIfNeeded()` is not a call of
  // `ThumbnailRenderer.scheduleIfNeeded()`. A direct call through another type is dropped here.
  const fn = site.ctx.fn >= 0 ? analysis.sourceFacts(q.file)?.functions[site.ctx.fn] : undefined;
  const otherType = (file: string, at: number): boolean => {
    if (!fn?.owner) return false;
    // A call written `Type.method(…)` or `Type.shared.method(…)` starting here, on a type other than the function's.
    return analysis.callsAt(file, at).some((c) => {
      const type = c.receiver && /^([A-Z][A-Za-z0-9_]*)(?:\.[a-z][A-Za-z0-9_]*)?$/.exec(c.receiver)?.[1];
      return !!type && c.name === fn.name && type !== fn.owner;
    });
  };
  let placed = false;
  if (reach.background) {
    p.handler = true;
    placed = true;
  }
  for (const l of reach.launch) {
    const last = l.via[l.via.length - 1];
    if (last && otherType(last.file, last.span.start)) continue;
    p.launch = true;
    p.launchGuarded &&= l.guarded;
    p.where.push(l.root);
    placed = true;
  }
  for (const l of reach.coldStart) {
    const last = l.via[l.via.length - 1];
    if (last && otherType(last.file, last.span.start)) continue;
    p.launchScene = true;
    p.launchGuarded &&= l.guarded;
    p.where.push(l.root);
    placed = true;
  }
  const coldFiles = new Set(reach.coldStart.map((c) => c.rootFile));
  for (const pl of reach.postLaunch) {
    if (coldFiles.has(pl.file) && pl.label === 'a UI event or lifecycle closure') continue;
    if (pl.label === 'scene(_:willConnectTo:options:)') continue;
    if (otherType(pl.file, pl.span.start)) continue;
    placed = true;
    const phase = BACKGROUND_CALLBACKS.has(pl.label) ? 'background' : FOREGROUND_CALLBACKS.has(pl.label) ? 'foreground' : scenePhaseAt(analysis, pl.file, pl.span.start);
    if (phase === 'background') {
      p.background = true;
      p.where.push(BACKGROUND_CALLBACKS.has(pl.label) ? `${pl.label}(_:)` : 'the scene phase .background transition');
    } else if (phase === 'foreground') {
      // Every return to the foreground: the closest the simulator has is a launch of the UI.
      p.launchScene = true;
      p.launchGuarded = false;
      p.where.push(FOREGROUND_CALLBACKS.has(pl.label) ? `${pl.label}(_:)` : 'the scene phase .active transition');
    } else {
      p.userAction = true;
      p.where.push(pl.label === 'a UI event or lifecycle closure' || pl.label === 'a delayed closure' ? `a UI event (${path.basename(pl.file)})` : pl.label);
    }
  }
  // A site nothing places (no callers, unclassified closures): the scenario's policy stands in.
  if (!placed && reach.unknown) p.known = false;
}


/** `protectionTypeOfRequiredData` as assigned in the function that builds the request (header default when not assigned). */
function dataProtectionOf(analysis: Analysis, q: ReqSite): NonNullable<TaskSimulationFacts['dataProtection']> {
  const sf = analysis.sourceFacts(q.file);
  if (!sf) return 'unknown';
  const fn = q.req.ctx.fn >= 0 ? sf.functions[q.req.ctx.fn] : undefined;
  const set = (sf.scene?.dataProtection ?? []).find((d) => !fn || (d.at >= fn.bodySpan.start && d.at < fn.bodySpan.end));
  return set ? set.value : 'completeUntilFirstUserAuthentication';
}

/** The health-research entitlement in the target's CODE_SIGN_ENTITLEMENTS file; unknown when that cannot be read. */
function entitlementOf(analysis: Analysis, scope: AppScope | undefined): 'present' | 'missing' | 'unknown' {
  const check = scope ? analysis.entitlement(scope, HEALTH_RESEARCH_ENTITLEMENT) : undefined;
  return !check || check.state === 'unknown' ? 'unknown' : check.state === 'present' ? 'present' : 'missing';
}

