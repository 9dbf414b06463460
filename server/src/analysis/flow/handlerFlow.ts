/**
 * Path analysis over the handler IR: which exits leave without completing the task, whether an
 * expiration handler is set, and where the handler resubmits its next request.
 *
 * The analysis is deliberately forgiving: a task that escapes to code we cannot see counts as
 * handled, and a task handed to another handler counts as completed there (that handler is checked
 * on its own), so every finding is one we can point at with confidence.
 */
import type { HandlerFact, Stmt } from '../model/facts';
import type { Span } from '../text/lineIndex';

export type ExitStmt = Extract<Stmt, { k: 'exit' }>;
export type ThrowsStmt = Extract<Stmt, { k: 'throws' }>;
export type HandoffStmt = Extract<Stmt, { k: 'handoff' }>;

/** How completely a handler (or a function receiving the task) completes it. */
export type CompletionSummary = 'all' | 'some' | 'none' | 'escapes';

export interface HandoffTarget {
  handler: HandlerFact;
  /** Opaque key for memoisation (file + index). */
  key: string;
}

export interface FlowEnv {
  /** Finds the handler a task is handed to from the handler `fromKey`; undefined when the callee is not in the workspace (or ambiguous). */
  resolveHandoff(h: HandoffStmt, fromKey: string): HandoffTarget | undefined;
  /** True when calling `name` (a workspace function) submits a refresh request, directly or through calls; undefined when unknown. */
  callSubmits?(name: string, labels: string[]): boolean | undefined;
  /** True when `word` appears in another workspace source than `file` (a stored task may be managed there). */
  mentionedElsewhere?(word: string, file: string): boolean;
}

export type IneffectiveExpiration = Extract<Stmt, { k: 'expiration' }> & { file?: string };

export interface MissingExit {
  exit: ExitStmt | ThrowsStmt;
  /** For uncaught `try` inside a closure: the closure body start, where a `defer` can go. */
  deferAt?: Extract<Stmt, { k: 'closure' }>['start'];
  /** The task name to use in a fix. */
  taskName: string;
  /** The file of the exit when it lies in a function the handler handed the task to (else the handler's file). */
  file?: string;
}

export interface HandlerAnalysis {
  summary: CompletionSummary;
  missing: MissingExit[];
  /** True when some path assigns expirationHandler (here or in a handler the task is handed to), or the task escapes. */
  setsExpiration: boolean;
  /**
   * Expiration handlers that only log, or that stop nothing and complete nothing, here or in a function the task is
   * handed to (`file` set when that function is in another file than the handler).
   */
  loggingOnlyExpirations: IneffectiveExpiration[];
  resubmits: 'start' | 'end' | 'never' | 'unknown';
  /** For 'end': the submit (or the call that submits) that comes only after the work, when it is in this handler. */
  lateSubmit?: Span;
  /** Expiration handlers assigned only after the task was completed on every path to them: they protect nothing. */
  lateExpirations: Extract<Stmt, { k: 'expiration' }>[];
}

interface Walk {
  missing: MissingExit[];
  /** States at throw points, one list per enclosing `do`. */
  throwStack: State[][];
  /** Whether an uncaught throw is an exit here (closures) or propagates to a caller (functions). */
  throwsEscape: boolean;
  closureStart?: Extract<Stmt, { k: 'closure' }>['start'];
  taskName: string;
}

export class HandlerAnalyzer {
  private readonly memo = new Map<string, HandlerAnalysis>();
  private readonly inProgress = new Set<string>();
  /** Key of the handler being analysed (its file comes first), for resolving handoffs from it. */
  private current = '';

  constructor(private readonly env: FlowEnv) {}

  analyze(handler: HandlerFact, key: string): HandlerAnalysis {
    const cached = this.memo.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return { summary: 'escapes', missing: [], setsExpiration: true, loggingOnlyExpirations: [], resubmits: 'unknown', lateExpirations: [] };
    this.inProgress.add(key);
    const outer = this.current;
    this.current = key;
    try {
      const walk: Walk = { missing: [], throwStack: [], throwsEscape: handler.throwsEscape, taskName: handler.expirationTaskName };
      this.run(handler.body, NOT_DONE, walk);
      const anyCompletion = this.contains(handler.body, (s) => s.k === 'complete' || s.k === 'escape' || s.k === 'handoff' || s.k === 'defer');
      const summary: CompletionSummary = walk.missing.length === 0 ? 'all' : anyCompletion ? 'some' : 'none';
      const result: HandlerAnalysis = {
        summary,
        missing: !handler.hasSyntaxErrors ? walk.missing : handler.errorAt === undefined ? [] : walk.missing.filter((m) => m.file !== undefined || m.exit.span.start < handler.errorAt!),
        setsExpiration: this.setsExpiration(handler.body),
        loggingOnlyExpirations: this.ineffectiveExpirations(handler.body),
        ...this.resubmission(handler.body),
        lateExpirations: handler.hasSyntaxErrors ? [] : lateExpirations(handler.body),
      };
      this.memo.set(key, result);
      return result;
    } finally {
      this.inProgress.delete(key);
      this.current = outer;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Runs statements from a state; returns the fall-through state, or null when no path falls through. A state is
   * `true` (completed) or the list of callees to blame for it not being completed yet: a function the task was handed
   * to whose own paths may return without completing. Such a callee returns to its caller, so its exits are findings
   * only when the caller then ends without completing (they are added to `missing` there, in the callee's file);
   * when the caller completes after the call, they are not.
   */
  private run(stmts: Stmt[], completed: State, w: Walk): State | null {
    let state: State | null = completed;
    for (const s of stmts) {
      if (state === null) break;
      switch (s.k) {
        case 'complete':
        case 'escape':
          state = true;
          break;
        case 'exit':
          if (s.kind === 'fatal') {
            state = null;
            break;
          }
          if (s.kind === 'throw' && w.throwStack.length) {
            w.throwStack[w.throwStack.length - 1].push(state);
            state = null;
            break;
          }
          if (state !== true && !(s.kind === 'throw' && !w.throwsEscape)) this.blame(state, { exit: s, taskName: s.taskName }, w);
          state = null;
          break;
        case 'throws':
          if (w.throwStack.length) w.throwStack[w.throwStack.length - 1].push(state);
          else if (w.throwsEscape && state !== true) this.blame(state, { exit: s, deferAt: w.closureStart, taskName: w.taskName }, w);
          break;
        case 'if': {
          const outs = s.arms.map((a) => this.run(a, state as State, w));
          if (!s.exhaustive) outs.push(state);
          state = merge(outs);
          break;
        }
        case 'loop': {
          // The body may run zero times; exits inside it still count.
          this.run(s.body, state, { ...w, throwStack: w.throwStack });
          break;
        }
        case 'do': {
          w.throwStack.push([]);
          const bodyOut = this.run(s.body, state, w);
          const throws = w.throwStack.pop()!;
          const outs: (State | null)[] = [bodyOut];
          if (throws.length) {
            const entry = merge(throws) ?? NOT_DONE;
            if (s.catches.length) for (const c of s.catches) outs.push(this.run(c, entry, w));
            else if (w.throwStack.length) w.throwStack[w.throwStack.length - 1].push(entry);
          }
          state = merge(outs);
          break;
        }
        case 'defer':
          if (this.run(s.body.filter((x) => !(x.k === 'exit' && x.kind === 'end')), NOT_DONE, { ...w, missing: [], throwStack: [] }) === true) state = true;
          break;
        case 'handoff': {
          const target = this.env.resolveHandoff(s, this.current);
          if (!target) {
            state = true; // Code we cannot see: assume it completes.
            break;
          }
          const sub = this.analyze(target.handler, target.key);
          if (sub.summary === 'all' || sub.summary === 'escapes') state = true;
          else if (state !== true) state = [...state, target.key];
          break;
        }
        case 'closure': {
          if (!s.refsTask) break;
          if (s.kind === 'sync') {
            if (this.contains(s.body, (x) => x.k === 'complete')) state = true;
            break;
          }
          const inner: Walk = { missing: [], throwStack: [], throwsEscape: s.kind === 'async', closureStart: s.start, taskName: w.taskName };
          this.run(s.body, NOT_DONE, inner);
          const completesSomewhere = this.contains(s.body, (x) => x.k === 'complete' || x.k === 'defer');
          const delegates = this.contains(s.body, (x) => x.k === 'escape' || x.k === 'handoff');
          if (inner.missing.length === 0 && (completesSomewhere || delegates)) state = true;
          else if (completesSomewhere) {
            w.missing.push(...inner.missing);
            state = true;
          } else if (delegates) {
            // Handed on inside the closure: its own ends are not findings, but a callee's confirmed exits still are.
            w.missing.push(...inner.missing.filter((m) => m.file !== undefined));
            state = true;
          }
          break;
        }
        default:
          break;
      }
    }
    return state;
  }

  /**
   * A path ends without completion. When callees were handed the task on the way and did not complete it on every
   * path, their non-completing exits are the findings (the fix belongs there); otherwise this exit is.
   */
  private blame(state: Blame, exit: MissingExit, w: Walk): void {
    if (!state.length) {
      w.missing.push(exit);
      return;
    }
    for (const key of state) {
      const sub = this.memo.get(key);
      for (const m of sub?.missing ?? []) w.missing.push({ ...m, file: m.file ?? key.split('#')[0] });
    }
  }

  private ineffectiveExpirations(stmts: Stmt[]): IneffectiveExpiration[] {
    const out: IneffectiveExpiration[] = this.collect(stmts, (s): s is Extract<Stmt, { k: 'expiration' }> => s.k === 'expiration' && (s.onlyLogs || !!s.stopsNothing));
    this.visit(stmts, (s) => {
      if (s.k !== 'handoff') return;
      const target = this.env.resolveHandoff(s, this.current);
      if (!target) return;
      for (const e of this.analyze(target.handler, target.key).loggingOnlyExpirations) out.push({ ...e, file: e.file ?? target.key.split('#')[0] });
    });
    return out;
  }

  private setsExpiration(stmts: Stmt[]): boolean {
    let found = false;
    this.visit(stmts, (s) => {
      // A task stored in a property that the file never gives an expiration handler has not "escaped" that duty.
      if (s.k === 'expiration' || (s.k === 'escape' && (s.storedExpiration !== 'never' || !!this.env.mentionedElsewhere?.(s.storedIn!, this.current.split('#')[0])))) found = true;
      else if (s.k === 'handoff') {
        const target = this.env.resolveHandoff(s, this.current);
        if (!target || this.analyze(target.handler, target.key).setsExpiration) found = true;
      }
    });
    return found;
  }

  /** Where the handler submits again: before its work ('start'), only after it ('end'), never, or unknown. */
  private resubmission(stmts: Stmt[]): { resubmits: HandlerAnalysis['resubmits']; lateSubmit?: Span } {
    let lateSubmit: Span | undefined;
    let workSeen = false;
    let result: HandlerAnalysis['resubmits'] | undefined;
    let delegated = false;
    const isSubmit = (s: Stmt) => {
      if (s.k === 'submit') return true;
      if (s.k !== 'call') return false;
      const r = this.env.callSubmits?.(s.name, s.labels);
      if (r === undefined) delegated = true;
      return r === true;
    };
    const walk = (list: Stmt[], inWork: boolean) => {
      for (const s of list) {
        if (result) return;
        if (isSubmit(s)) {
          result = workSeen || inWork ? 'end' : 'start';
          if (result === 'end' && 'span' in s) lateSubmit = s.span;
          return;
        }
        switch (s.k) {
          case 'await':
          case 'complete':
            // Inside a closure that runs later this says nothing about the statements after the closure.
            if (!inWork) workSeen = true;
            break;
          case 'handoff': {
            const target = this.env.resolveHandoff(s, this.current);
            if (!target) delegated = true;
            else {
              const sub = this.analyze(target.handler, target.key).resubmits;
              if (sub === 'start' || sub === 'end') result = workSeen || inWork ? 'end' : sub;
              else if (sub === 'unknown') delegated = true;
            }
            break;
          }
          case 'escape':
            delegated = true;
            break;
          case 'if': {
            // An arm that leaves the handler (`if featureOff { task.setTaskCompleted(success: true); return }`) does no
            // work for the paths after the `if`: only arms that fall through carry "work seen" on.
            const before = workSeen;
            let after = before;
            for (const a of s.arms) {
              workSeen = before;
              walk(a, inWork);
              if (!endsInExit(a)) after ||= workSeen;
            }
            workSeen = after;
            break;
          }
          case 'loop':
          case 'defer':
            walk(s.body, inWork);
            break;
          case 'do':
            walk(s.body, inWork);
            for (const c of s.catches) walk(c, inWork);
            break;
          case 'closure':
            // A closure that runs later (a Task, an operation's completionBlock, a callback) is the work: a submit inside
            // it comes after the work. One written after it in the handler runs now, before the work can fail.
            if (s.kind === 'sync') walk(s.body, inWork);
            else if (s.kind !== 'expiration') walk(s.body, true);
            break;
          default:
            break;
        }
      }
    };
    walk(stmts, false);
    return { resubmits: result ?? (delegated ? 'unknown' : 'never'), lateSubmit };
  }

  private contains(stmts: Stmt[], pred: (s: Stmt) => boolean): boolean {
    let found = false;
    this.visit(stmts, (s) => {
      if (pred(s)) found = true;
    });
    return found;
  }

  private collect<T extends Stmt>(stmts: Stmt[], pred: (s: Stmt) => s is T): T[] {
    const out: T[] = [];
    this.visit(stmts, (s) => {
      if (pred(s)) out.push(s);
    });
    return out;
  }

  private visit(stmts: Stmt[], f: (s: Stmt) => void): void {
    for (const s of stmts) {
      f(s);
      switch (s.k) {
        case 'if':
          for (const a of s.arms) this.visit(a, f);
          break;
        case 'loop':
        case 'defer':
        case 'closure':
          this.visit(s.body, f);
          break;
        case 'do':
          this.visit(s.body, f);
          for (const c of s.catches) this.visit(c, f);
          break;
        default:
          break;
      }
    }
  }
}

/**
 * Expiration handlers assigned in the handler's own statement list after a `setTaskCompleted` that ran synchronously
 * before them (completions inside closures run later, so they do not count).
 */
/** The statement list always leaves the handler at its end (return, throw, fatal). */
function endsInExit(list: Stmt[]): boolean {
  const last = list[list.length - 1];
  return !!last && last.k === 'exit' && last.kind !== 'end';
}

function lateExpirations(body: Stmt[]): Extract<Stmt, { k: 'expiration' }>[] {
  const out: Extract<Stmt, { k: 'expiration' }>[] = [];
  let completed = false;
  for (const s of body) {
    if (s.k === 'complete') completed = true;
    else if (s.k === 'expiration' && completed) out.push(s);
  }
  return out;
}

/** Callees (handler keys) whose paths may have returned without completing; empty: simply not completed. */
type Blame = readonly string[];
type State = true | Blame;
const NOT_DONE: Blame = [];

function merge(outs: (State | null)[]): State | null {
  const live = outs.filter((o): o is State => o !== null);
  if (live.length === 0) return null;
  if (live.every((o) => o === true)) return true;
  return [...new Set(live.flatMap((o) => (o === true ? [] : o)))];
}
