/**
 * A name-based call graph over the workspace's Swift functions, built lazily: callers of a function
 * are found by searching the files that mention its name, so only the code between launch and a
 * BackgroundTasks call is ever parsed.
 *
 * It answers two questions for a call site: is it reached while the app finishes launching (and
 * behind a pending-request check?), or only after launch (views, scene callbacks, UI events)?
 */
import type { Span } from '../text/lineIndex';
import type { CallFact, FunctionFact, HandlerFact, SiteContext } from './facts';
import { Budget, LIMITS } from './budget';
import type { Workspace } from './workspace';
import { graphIndexOf, type CallerRef, type FnRef } from './graphIndex';

export type { FnRef } from './graphIndex';

export interface LaunchPath {
  /** The launch entry point, e.g. "application(_:didFinishLaunchingWithOptions:)". */
  root: string;
  rootFile: string;
  rootSpan: Span;
  /** A pending-request check guards the path. */
  guarded: boolean;
  /** The path passes through `Task {}` / `DispatchQueue.async {}`: it runs on every launch, just after it. */
  deferred: boolean;
  /** Call sites from the entry point down to the site (outermost first). */
  via: { file: string; span: Span }[];
}

export interface Reach {
  launch: LaunchPath[];
  /**
   * Paths from code that runs after launch but on every cold start: `scene(_:willConnectTo:options:)`, and
   * `.onAppear` / `.task` on the root view of an App's scene. Registering there is late; submitting there without a
   * pending-request check replaces the request on every launch all the same.
   */
  coldStart: LaunchPath[];
  postLaunch: { label: string; file: string; span: Span }[];
  /** Reached only from inside a task handler (a background launch). */
  background: boolean;
  /** Where the paths entered a task handler's closure (a point inside the registration that owns it). */
  backgroundFrom: { file: string; at: number }[];
  /** Names of stored closures on the way that nothing invokes (`Client(scheduleRefresh: { … })`, no `.scheduleRefresh()`). */
  deadClosures: string[];
  /** Some path ended where timing cannot be told (no callers, unclassified closures). */
  unknown: boolean;
  /** The function holding the site is never called anywhere in the workspace. */
  neverCalled: boolean;
}

/** A receiver that names a type: `Type.shared`, `Type.default`, …, `Type(…)`, or `Type` itself (a static call). */
const TYPED_RECEIVER = /^([A-Z][A-Za-z0-9_]*)(?:\.(?:shared|default|instance|current|sharedInstance|standard)|\(.*\))?$/s;

/**
 * True when the receiver names a type other than `owner`: `Other.shared.start()` calls `Other`'s `start`. Walks up the
 * callers (to launch, or from a refresh submit) follow such a call only to a method of that type, so no path is invented
 * through a same-named method of an unrelated type. A method inherited from a superclass and called through the
 * subclass's singleton is then not followed.
 */
function otherType(receiver: string | undefined, owner: string | undefined): boolean {
  if (!receiver || !owner) return false;
  const m = TYPED_RECEIVER.exec(receiver);
  return !!m && m[1] !== owner;
}

export class CallGraph {
  private callersByName: ReadonlyMap<string, CallerRef[]> = new Map();
  private fnsByName: ReadonlyMap<string, FnRef[]> = new Map();
  private launchTypes: ReadonlySet<string> = new Set();
  private builtAt = -1;

  constructor(private readonly ws: Workspace) {}

  private index(): void {
    if (this.builtAt === this.ws.version) return;
    const gi = graphIndexOf(this.ws);
    gi.sync(this.ws.parsed);
    this.callersByName = gi.callersByName;
    this.fnsByName = gi.fnsByName;
    this.launchTypes = gi.launchTypes;
    this.builtAt = this.ws.version;
  }

  /**
   * Makes sure every file that could hold what we look for is parsed (once per query): a declaration
   * (`func name`), calls (`name(`, `name {`), or uses of a type (`Type(`, `Type.shared`).
   */
  private ensure(word: string, kind: 'declaration' | 'calls' | 'type', owner?: string): boolean {
    return this.ws.parseFilesMentioning(word, kind === 'declaration' ? 'func' : kind === 'calls' ? 'call' : 'type', owner) >= 0;
  }

  functionAt(file: string, index: number): FunctionFact | undefined {
    return this.ws.source(file)?.facts.functions[index];
  }

  isLaunch(fn: FunctionFact): boolean {
    this.index();
    return fn.role === 'launch' || (fn.isInit && !!fn.owner && this.launchTypes.has(fn.owner));
  }

  /** True when the workspace has a known launch entry point (an app delegate or a @main App). */
  launchKnown(): boolean {
    this.index();
    if (this.launchTypes.size) return true;
    for (const fns of this.fnsByName.values()) if (fns.some((f) => f.fn.role === 'launch')) return true;
    return false;
  }

  /** Every function declared with this name; undefined when too many files declare it to look ("unknown"). */
  functionsNamed(name: string): FnRef[] | undefined {
    const complete = this.ensure(name, 'declaration');
    this.index();
    return complete ? (this.fnsByName.get(name) ?? []) : undefined;
  }

  private localFunctions(file: string | undefined, name: string): FnRef[] | undefined {
    const sf = file ? this.ws.parsed.get(file) : undefined;
    if (!sf) return undefined;
    const out: FnRef[] = [];
    sf.facts.functions.forEach((fn, index) => {
      if (fn.name === name) out.push({ file: sf.file, index, fn });
    });
    return out;
  }

  /** Methods named `name` declared in `owner` or its extensions; undefined when that search gave up. */
  methodsOf(owner: string, name: string): FnRef[] | undefined {
    if (this.ws.parseFilesMentioning(name, 'func', owner) < 0) return undefined;
    this.index();
    return (this.fnsByName.get(name) ?? []).filter((f) => f.fn.owner === owner);
  }

  /** Every call of the function in the workspace; undefined when the name is too common to search ("unknown"). */
  callersOf(fn: FunctionFact, byReceiverType = false, file?: string): { file: string; fn: number; call: CallFact }[] | undefined {
    if (fn.fileOnly && file && !fn.isInit) {
      // A private method is called only from its own file, which is parsed: no search.
      this.index();
      return (this.callersByName.get(fn.name) ?? []).filter((c) => c.file === file && labelsCompatible(c.call.labels, fn.labels) && this.mayCall(c, fn));
    }
    if (fn.isInit && fn.owner) {
      if (!this.ensure(fn.owner, 'type')) return undefined;
      this.index();
      return [...(this.callersByName.get(fn.owner) ?? []), ...(this.callersByName.get(`${fn.owner}.init`) ?? [])];
    }
    if (!this.ensure(fn.name, 'calls', fn.owner)) return undefined;
    this.index();
    return (this.callersByName.get(fn.name) ?? []).filter((c) => labelsCompatible(c.call.labels, fn.labels) && this.mayCall(c, fn) && (!byReceiverType || !otherType(c.call.receiver, fn.owner)));
  }

  /**
   * Can this call reach `fn`, a method? An unqualified call (`word()` / `self.word()`) inside a type that declares its
   * own `word` calls that one, not `fn` of another type (the same question the file search asks on the bytes).
   */
  private mayCall(c: { file: string; fn: number; call: CallFact }, fn: FunctionFact): boolean {
    if (!fn.owner || (c.call.receiver && c.call.receiver !== 'self')) return true;
    const caller = c.fn >= 0 ? this.functionAt(c.file, c.fn) : undefined;
    if (!caller?.owner || caller.owner === fn.owner) return true;
    return !(this.fnsByName.get(fn.name) ?? []).some((f) => f.fn.owner === caller.owner);
  }

  /** Where a site (register, submit, call) is reached from. */
  reach(file: string, ctx: SiteContext, at: number): Reach {
    const out: Reach = { launch: [], coldStart: [], postLaunch: [], background: false, backgroundFrom: [], deadClosures: [], unknown: false, neverCalled: false };
    const seen = new Set<string>();
    const budget = new Budget('launch paths to a call site', LIMITS.reachVisits, this.ws.work);
    const parsedAtStart = this.ws.parsed.size;
    const visit = (file: string, ctx: SiteContext, at: number, guarded: boolean, deferred: boolean, via: { file: string; span: Span }[], depth: number): void => {
      if (depth > 14 || !budget.spend()) {
        out.unknown = true;
        return;
      }
      // Callers of callers of a common name can reach most of an app: past a number of files parsed for this walk,
      // the paths not followed yet are "unknown".
      if (this.ws.parsed.size - parsedAtStart > LIMITS.reachParses) {
        this.ws.work.note('launch paths to a call site (files parsed)', `parsed ${this.ws.parsed.size - parsedAtStart} files on demand, over the limit of ${LIMITS.reachParses}; answered "unknown"`);
        out.unknown = true;
        return;
      }
      guarded ||= ctx.guarded;
      for (let i = ctx.closures.length - 1; i >= 0; i--) {
        const k = ctx.closures[i];
        if (k === 'task-handler') {
          out.background = true;
          out.backgroundFrom.push({ file, at });
          return;
        }
        if (k === 'cold-start') {
          out.postLaunch.push({ label: 'a UI event or lifecycle closure', file, span: { start: at, end: at } });
          const fn = ctx.fn >= 0 ? this.functionAt(file, ctx.fn) : undefined;
          out.coldStart.push({ root: `${fn ? `${fn.owner ?? 'App'}.${fn.name}` : 'the App body'} (.onAppear / .task of the root view)`, rootFile: file, rootSpan: fn?.nameSpan ?? { start: at, end: at }, guarded, deferred, via: [...via].reverse() });
          return;
        }
        if (k === 'ui-event' || k === 'delayed') {
          out.postLaunch.push({ label: k === 'ui-event' ? 'a UI event or lifecycle closure' : 'a delayed closure', file, span: { start: at, end: at } });
          return;
        }
        const stored = ctx.closureNames?.[i];
        if (stored && k === 'other') {
          // A closure stored under a name (`Client(scheduleRefresh: { … })`) runs where `x.scheduleRefresh()` is called.
          if (!this.ensure(stored, 'calls')) {
            out.unknown = true;
            return;
          }
          this.index();
          const invocations = (this.callersByName.get(stored) ?? []).filter((c) => !!c.call.receiver);
          if (!invocations.length) {
            out.deadClosures.push(stored);
            return;
          }
          for (const c of invocations) visit(c.file, c.call.ctx, c.call.span.start, guarded, deferred, [...via, { file: c.file, span: c.call.span }], depth + 1);
          return;
        }
        if (k === 'pending-callback') guarded = true;
        else if (k === 'async') deferred = true;
        else if (k !== 'sync') {
          out.unknown = true;
          return;
        }
      }
      if (ctx.fn < 0) {
        out.unknown = true;
        return;
      }
      const fn = this.functionAt(file, ctx.fn);
      if (!fn) {
        out.unknown = true;
        return;
      }
      guarded ||= fn.pendingChecks.some((o) => o < at);
      if (this.isLaunch(fn)) {
        out.launch.push({ root: fn.roleLabel ?? `${fn.owner}.init()`, rootFile: file, rootSpan: fn.nameSpan, guarded, deferred, via: [...via].reverse() });
        return;
      }
      if (fn.role === 'post-launch') {
        out.postLaunch.push({ label: fn.roleLabel ?? fn.name, file, span: fn.nameSpan });
        if (fn.name === 'scene' && fn.labels.includes('willConnectTo')) out.coldStart.push({ root: fn.roleLabel ?? 'scene(_:willConnectTo:options:)', rootFile: file, rootSpan: fn.nameSpan, guarded, deferred, via: [...via].reverse() });
        return;
      }
      const key = `${file}#${ctx.fn}#${guarded}#${deferred}`;
      if (seen.has(key)) return;
      seen.add(key);
      const callers = this.callersOf(fn, true, file);
      if (!callers) {
        out.unknown = true;
        return;
      }
      if (!callers.length) {
        if (depth === 0) out.neverCalled = true;
        out.unknown = true;
        return;
      }
      for (const c of callers) visit(c.file, c.call.ctx, c.call.span.start, guarded, deferred, [...via, { file: c.file, span: c.call.span }], depth + 1);
    };
    visit(file, ctx, at, false, false, [], 0);
    return out;
  }

  /** The function handler a task is handed to (`handle(task: task)`), if it is in the workspace. */
  handoffTarget(name: string, labels: string[], argIndex: number, receiver?: string, fromFile?: string): { file: string; handlerIndex: number; handler: HandlerFact } | undefined {
    // `Type.shared.handle(task)`: look among the files that name the type first (a common method name is declared
    // by many files); only when none declares it there (an inherited method) ask about every declaration.
    const typed = receiver ? TYPED_RECEIVER.exec(receiver)?.[1] : undefined;
    const own = typed ? this.methodsOf(typed, name) : undefined;
    // `handle(task)` / `self.handle(task)`: a method of the caller's own type, declared in its file, comes first.
    const local = !receiver || receiver === 'self' ? this.localFunctions(fromFile, name) : undefined;
    let fns = (own?.length ? own : local?.length ? local : (this.functionsNamed(name) ?? [])).filter((f) => f.fn.taskParams.some((p) => p.index === argIndex) && labelsCompatible(labels, f.fn.labels));
    if (fns.length > 1) {
      // Several types have a method of this name: pick by the receiver (`Type.shared.handle`, `Type.handle`),
      // or by the caller's own file for `self.handle` / `handle`; if that does not decide, do not guess.
      const type = receiver ? /^([A-Z][A-Za-z0-9_]*)(\.[A-Za-z_]+)?$/.exec(receiver)?.[1] : undefined;
      const byType = type ? fns.filter((f) => f.fn.owner === type) : [];
      const byFile = !receiver || receiver === 'self' ? fns.filter((f) => f.file === fromFile) : [];
      const chosen = byType.length ? byType : byFile.length ? byFile : [];
      const owners = new Set(fns.map((f) => f.fn.owner));
      if (chosen.length) fns = chosen;
      else if (owners.size > 1) return undefined;
    }
    for (const f of fns) {
      const sf = this.ws.source(f.file);
      const hi = sf?.facts.handlers.findIndex((h) => h.kind === 'function' && h.fn === f.index) ?? -1;
      if (sf && hi >= 0) return { file: f.file, handlerIndex: hi, handler: sf.facts.handlers[hi] };
    }
    return undefined;
  }

  /** The function a launch handler names by reference (`launchHandler: handleCleanup`). */
  functionHandler(name: string): { file: string; handlerIndex: number; handler: HandlerFact } | undefined {
    for (const f of this.functionsNamed(name) ?? []) {
      if (!f.fn.taskParams.length) continue;
      const sf = this.ws.source(f.file);
      const hi = sf?.facts.handlers.findIndex((h) => h.kind === 'function' && h.fn === f.index) ?? -1;
      if (sf && hi >= 0) return { file: f.file, handlerIndex: hi, handler: sf.facts.handlers[hi] };
    }
    return undefined;
  }
}


/** Swift call labels must match the declaration's; defaulted parameters make the call shorter. */
export function labelsCompatible(call: string[], decl: string[]): boolean {
  if (call.length > decl.length) return false;
  let j = 0;
  for (const l of call) {
    while (j < decl.length && decl[j] !== l && !(decl[j] === '_' && l === '_')) {
      j++;
    }
    if (j >= decl.length) return false;
    j++;
  }
  return true;
}
