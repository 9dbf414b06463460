/**
 * The workspace's function and call index, kept up to date file by file: a keystroke re-indexes the edited file only
 * (facts objects are compared by identity), instead of every parsed file on every lint. Entries keep the order a
 * fresh build gives (files in model order, then functions and calls in source order), so answers do not depend on
 * the editing history.
 *
 * It also remembers answers that depend only on the *call shape* of the parsed files (names, labels, owners, receivers,
 * which functions make which requests), such as "which functions lead to a refresh submit": typing inside a function
 * body changes positions, not that shape, so the answer is reused.
 */
import type { CallFact, FileFacts, FunctionFact } from './facts';
import type { SourceFile } from './workspace';

export interface FnRef {
  file: string;
  index: number;
  fn: FunctionFact;
}

export interface CallerRef {
  file: string;
  fn: number;
  call: CallFact;
}

const SINGLETON = /^([A-Za-z_][A-Za-z0-9_]*)\.(shared|default|instance|current|sharedInstance|standard)\b/;

interface FileEntries {
  facts: FileFacts;
  fns: [string, FnRef & { seq: number }][];
  calls: [string, CallerRef & { seq: number }][];
}

export class GraphIndex {
  readonly callersByName = new Map<string, (CallerRef & { seq: number })[]>();
  readonly fnsByName = new Map<string, (FnRef & { seq: number })[]>();
  readonly launchTypes = new Set<string>();
  private readonly files = new Map<string, FileEntries>();
  private rank = new Map<string, number>();
  private shapeMemo = new Map<string, { shapes: Map<string, string>; value: unknown }>();

  /** Brings the index in step with the parsed files. */
  sync(parsed: ReadonlyMap<string, SourceFile>): void {
    const changedNames = { fns: new Set<string>(), calls: new Set<string>() };
    for (const [file, old] of this.files) {
      const now = parsed.get(file);
      if (now?.facts === old.facts) continue;
      this.remove(file, old, changedNames);
    }
    let order = 0;
    let reordered = false;
    for (const [file, sf] of parsed) {
      if (this.rank.get(file) !== order) reordered = true;
      this.rank.set(file, order++);
      if (!this.files.has(file)) this.add(file, sf.facts, changedNames);
    }
    if (this.rank.size !== parsed.size) {
      for (const f of [...this.rank.keys()]) if (!parsed.has(f)) this.rank.delete(f);
      reordered = true;
    }
    const byRank = <T extends { file: string; seq: number }>(a: T, b: T) => this.rank.get(a.file)! - this.rank.get(b.file)! || a.seq - b.seq;
    const fnNames = reordered ? this.fnsByName.keys() : changedNames.fns.values();
    for (const n of fnNames) this.fnsByName.get(n)?.sort(byRank);
    const callNames = reordered ? this.callersByName.keys() : changedNames.calls.values();
    for (const n of callNames) this.callersByName.get(n)?.sort(byRank);
    this.launchTypes.clear();
    for (const sf of parsed.values()) for (const t of sf.facts.launchTypes) this.launchTypes.add(t);
  }

  private add(file: string, facts: FileFacts, changed: { fns: Set<string>; calls: Set<string> }): void {
    const e: FileEntries = { facts, fns: [], calls: [] };
    let seq = 0;
    facts.functions.forEach((fn, i) => {
      e.fns.push([fn.name, { file, index: i, fn, seq: seq++ }]);
      for (const call of fn.calls) {
        e.calls.push([call.name, { file, fn: i, call, seq: seq++ }]);
        const m = call.receiver ? SINGLETON.exec(call.receiver) : null;
        if (m) e.calls.push([`${m[1]}.init`, { file, fn: i, call, seq: seq++ }]);
      }
    });
    for (const [n, r] of e.fns) {
      push(this.fnsByName, n, r);
      changed.fns.add(n);
    }
    for (const [n, r] of e.calls) {
      push(this.callersByName, n, r);
      changed.calls.add(n);
    }
    this.files.set(file, e);
  }

  private remove(file: string, e: FileEntries, changed: { fns: Set<string>; calls: Set<string> }): void {
    for (const n of new Set(e.fns.map(([x]) => x))) {
      const left = this.fnsByName.get(n)?.filter((r) => r.file !== file) ?? [];
      if (left.length) this.fnsByName.set(n, left);
      else this.fnsByName.delete(n);
      changed.fns.add(n);
    }
    for (const n of new Set(e.calls.map(([x]) => x))) {
      const left = this.callersByName.get(n)?.filter((r) => r.file !== file) ?? [];
      if (left.length) this.callersByName.set(n, left);
      else this.callersByName.delete(n);
      changed.calls.add(n);
    }
    this.files.delete(file);
  }

  /**
   * `compute()`'s last answer when no parsed file's call shape changed since; else computes again. `compute` may parse
   * more files (on-demand searches): the answer is stored with the shapes seen after it ran.
   */
  byCallShape<T>(key: string, parsed: ReadonlyMap<string, SourceFile>, compute: () => T): T {
    const memo = this.shapeMemo.get(key);
    if (memo && memo.shapes.size === parsed.size) {
      let same = true;
      for (const [file, sf] of parsed) {
        if (memo.shapes.get(file) !== callShape(sf.facts)) {
          same = false;
          break;
        }
      }
      if (same) return memo.value as T;
    }
    const value = compute();
    const shapes = new Map<string, string>();
    for (const [file, sf] of parsed) shapes.set(file, callShape(sf.facts));
    this.shapeMemo.set(key, { shapes, value });
    return value;
  }
}

const shapes = new WeakMap<FileFacts, string>();

/** Names, labels, owners, receivers and request sites of a file's functions, without positions. */
export function callShape(facts: FileFacts): string {
  let s = shapes.get(facts);
  if (s === undefined) {
    const parts: string[] = [];
    for (const fn of facts.functions) {
      parts.push(`F${fn.name}(${fn.labels.join(':')})${fn.owner ?? ''}${fn.isInit ? 'i' : ''}${fn.fileOnly ? 'p' : ''}`);
      for (const c of fn.calls) parts.push(`C${c.name}(${c.labels.join(':')})${c.receiver ?? ''}`);
    }
    for (const r of facts.requests) parts.push(`R${r.ctx.fn}${r.cls}`);
    s = parts.join('\u0000');
    shapes.set(facts, s);
  }
  return s;
}

const indexes = new WeakMap<object, GraphIndex>();

/** The index of a workspace (one per model, shared by every lint of it). */
export function graphIndexOf(ws: object): GraphIndex {
  let gi = indexes.get(ws);
  if (!gi) indexes.set(ws, (gi = new GraphIndex()));
  return gi;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
