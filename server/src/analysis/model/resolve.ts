/**
 * Identifier resolution across files: string literals, `let`/`static let` constants (same type,
 * extensions, globals, other files), enum raw values, concatenation and interpolation with
 * `Bundle.main.bundleIdentifier` (kept as the `$(PRODUCT_BUNDLE_IDENTIFIER)` token).
 * An identifier that cannot be resolved stays unresolved; rules never report on it.
 */
import { BUNDLE_ID_TOKEN } from '../xcode/buildSettings';
import { Budget, LIMITS } from './budget';
import type { ConstantFact, IdExpr, IdUse } from './facts';
import type { Workspace } from './workspace';

export interface ResolvedId {
  /** The identifier, with `$(PRODUCT_BUNDLE_IDENTIFIER)` standing for the bundle id; undefined when unresolved. */
  value?: string;
  /** Constants the value came through (for go-to-definition and "replace with" fixes). */
  via: { file: string; constant: ConstantFact }[];
  /**
   * For unresolved ids: the shape that is known (`com.app.export.<anything>`), so rules can tell which
   * permitted entries it might be. Undefined for resolved ids.
   */
  pattern?: IdShape;
}

interface Where {
  file: string;
  fn: number;
}

export class IdResolver {
  private readonly cache = new Map<string, ResolvedId>();
  private readonly constants = new Map<ConstantFact, { value: string | undefined; via: ResolvedId['via'] } | typeof IN_PROGRESS>();
  private version = -1;

  constructor(private readonly ws: Workspace) {}

  resolve(use: IdUse, file: string, fn: number): ResolvedId {
    if (this.version !== this.ws.version) {
      this.cache.clear();
      this.constants.clear();
      this.version = this.ws.version;
    }
    const key = `${file}:${use.span.start}:${use.span.end}`;
    let r = this.cache.get(key);
    if (!r) {
      const via: ResolvedId['via'] = [];
      const budget = new Budget(`the value of the identifier at ${file}:${use.span.start}`, LIMITS.resolveSteps, this.ws.work);
      const value = this.expr(use.expr, { file, fn }, via, 0, budget);
      r = { value, via };
      if (value === undefined) r.pattern = new IdShape(this.shape(use.expr, { file, fn }, 0, budget));
      this.cache.set(key, r);
    }
    return r;
  }

  private expr(e: IdExpr, where: Where, via: ResolvedId['via'], depth: number, budget: Budget): string | undefined {
    if (depth > 12 || !budget.spend()) return undefined;
    switch (e.t) {
      case 'lit':
        return e.value.length > LIMITS.idLength ? undefined : e.value;
      case 'bundle':
        return BUNDLE_ID_TOKEN;
      case 'concat': {
        let out = '';
        for (const p of e.parts) {
          const v = this.expr(p, where, via, depth + 1, budget);
          if (v === undefined) return undefined;
          out += v;
          // Longer than any identifier iOS accepts: not an identifier we can compare; stay silent.
          if (out.length > LIMITS.idLength) return undefined;
        }
        return out;
      }
      case 'ref': {
        const found = this.lookup(e.path, e.scope, where);
        if (!found) return undefined;
        via.push(found);
        // A constant's value is computed once per resolver (constants referring to each other many times over would
        // otherwise cost exponential work); a constant met again while it is being computed is a cycle: unknown.
        const memo = this.constants.get(found.constant);
        if (memo) {
          if (memo === IN_PROGRESS) return undefined;
          via.push(...memo.via);
          return memo.value;
        }
        this.constants.set(found.constant, IN_PROGRESS);
        const sub: ResolvedId['via'] = [];
        const value = this.expr(found.constant.value, { file: found.file, fn: found.constant.localTo ?? -1 }, sub, depth + 1, budget);
        // Only a value computed without running out of budget is a fact worth keeping.
        if (budget.exhausted) this.constants.delete(found.constant);
        else this.constants.set(found.constant, { value, via: sub.slice(0, 16) });
        via.push(...sub);
        return value;
      }
      default:
        return undefined;
    }
  }

  /** The known parts of an unresolved expression, in order; `null` stands for an unknown part (any text). */
  private shape(e: IdExpr, where: Where, depth: number, budget: Budget): (string | null)[] {
    if (depth > 12 || budget.exhausted) return [null];
    if (e.t === 'concat') return e.parts.flatMap((p) => this.shape(p, where, depth + 1, budget));
    const v = this.expr(e, where, [], depth, budget);
    return [v === undefined ? null : v];
  }

  /** Finds the constant a reference names, parsing more files on demand when it is defined elsewhere. */
  lookup(path: string[], scope: string[], where: Where): { file: string; constant: ConstantFact } | undefined {
    let r = this.lookupParsed(path, scope, where);
    // Only files that declare it: `let name`, `var name`, or an enum `case … name`.
    if (!r && this.ws.parseFilesMentioning(path[path.length - 1], 'binding') > 0) r = this.lookupParsed(path, scope, where);
    return r;
  }

  private lookupParsed(path: string[], scope: string[], where: Where): { file: string; constant: ConstantFact } | undefined {
    const name = path[path.length - 1];
    const typePath = path.slice(0, -1);
    const all: { file: string; constant: ConstantFact }[] = [];
    for (const sf of this.ws.parsed.values()) for (const c of sf.facts.constants) if (c.name === name) all.push({ file: sf.file, constant: c });
    if (!all.length) return undefined;
    const endsWith = (owner: string[], tail: string[]) => tail.length <= owner.length && tail.every((t, i) => owner[owner.length - tail.length + i] === t);
    const pick = (cands: typeof all) => {
      if (!cands.length) return undefined;
      // Several declarations are fine when they agree (e.g. the same constant in two targets' copies).
      const first = JSON.stringify(cands[0].constant.value);
      return cands.every((c) => JSON.stringify(c.constant.value) === first) ? cands[0] : undefined;
    };
    if (typePath.length) return pick(all.filter((c) => c.constant.localTo === undefined && endsWith(c.constant.owner, typePath)));
    // Unqualified: a local of the same function, then members of the enclosing types, then globals.
    const local = all.filter((c) => c.file === where.file && c.constant.localTo !== undefined && c.constant.localTo === where.fn);
    if (local.length) return pick(local);
    for (let i = scope.length; i > 0; i--) {
      const owner = scope.slice(0, i);
      const members = all.filter((c) => c.constant.localTo === undefined && c.constant.owner.length > 0 && c.constant.owner[c.constant.owner.length - 1] === owner[owner.length - 1]);
      if (members.length) return pick(members);
    }
    return pick(all.filter((c) => c.constant.localTo === undefined && c.constant.owner.length === 0));
  }
}

const IN_PROGRESS = Symbol('in progress');

/**
 * The known shape of an unresolved identifier: literal parts in order with unknown parts (any text) between them.
 * Matching is a left-to-right scan (each literal at its leftmost place after the previous one), which is exact for
 * this kind of pattern and linear in the text: no regular expression, so no backtracking blow-up however many unknown
 * parts an identifier has.
 */
export class IdShape {
  /** Literal runs; `open[i]` says an unknown part precedes run i (and `openEnd` one follows the last). */
  private readonly runs: string[] = [];
  private readonly open: boolean[] = [];
  private readonly openEnd: boolean;

  constructor(parts: (string | null)[]) {
    let pendingOpen = false;
    let cur: string | undefined;
    for (const p of parts) {
      if (p === null) {
        if (cur !== undefined) {
          this.runs.push(cur);
          cur = undefined;
        }
        pendingOpen = true;
      } else if (cur === undefined) {
        cur = p;
        this.open.push(pendingOpen);
        pendingOpen = false;
      } else cur += p;
    }
    if (cur !== undefined) this.runs.push(cur);
    this.openEnd = pendingOpen;
  }

  /** A readable form, unknown parts as `*` (for messages and tests). */
  get source(): string {
    return this.runs.map((r, i) => (this.open[i] ? '*' : '') + r).join('') + (this.openEnd || !this.runs.length ? '*' : '');
  }

  test(value: string): boolean {
    if (!this.runs.length) return this.openEnd || value === '';
    let at = 0;
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i];
      const last = i === this.runs.length - 1;
      if (!this.open[i]) {
        if (!value.startsWith(run, at)) return false;
        at += run.length;
      } else if (last && !this.openEnd) {
        // The last run must end the value: place it there, after what came before.
        const start = value.length - run.length;
        if (start < at || !value.endsWith(run)) return false;
        at = value.length;
      } else {
        const found = value.indexOf(run, at);
        if (found < 0) return false;
        at = found + run.length;
      }
    }
    return this.openEnd || at === value.length;
  }
}

/** Replaces the bundle-id token with a concrete bundle id. */
export function withBundleId(value: string, bundleId: string): string {
  return value.split(BUNDLE_ID_TOKEN).join(bundleId);
}

export function hasBundleToken(value: string): boolean {
  return value.includes(BUNDLE_ID_TOKEN);
}
