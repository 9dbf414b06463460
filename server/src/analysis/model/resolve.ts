/**
 * Identifier resolution across files: string literals, `let`/`static let` constants (same type,
 * extensions, globals, other files), enum raw values, concatenation and interpolation with
 * `Bundle.main.bundleIdentifier` (kept as the `$(PRODUCT_BUNDLE_IDENTIFIER)` token).
 * An identifier that cannot be resolved stays unresolved; rules never report on it.
 */
import { BUNDLE_ID_TOKEN } from '../xcode/buildSettings';
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
  pattern?: RegExp;
}

interface Where {
  file: string;
  fn: number;
}

export class IdResolver {
  private readonly cache = new Map<string, ResolvedId>();
  private version = -1;

  constructor(private readonly ws: Workspace) {}

  resolve(use: IdUse, file: string, fn: number): ResolvedId {
    if (this.version !== this.ws.version) {
      this.cache.clear();
      this.version = this.ws.version;
    }
    const key = `${file}:${use.span.start}:${use.span.end}`;
    let r = this.cache.get(key);
    if (!r) {
      const via: ResolvedId['via'] = [];
      const value = this.expr(use.expr, { file, fn }, via, 0);
      r = { value, via };
      if (value === undefined) r.pattern = new RegExp('^' + this.shape(use.expr, { file, fn }, 0) + '$');
      this.cache.set(key, r);
    }
    return r;
  }

  private expr(e: IdExpr, where: Where, via: ResolvedId['via'], depth: number): string | undefined {
    if (depth > 12) return undefined;
    switch (e.t) {
      case 'lit':
        return e.value;
      case 'bundle':
        return BUNDLE_ID_TOKEN;
      case 'concat': {
        let out = '';
        for (const p of e.parts) {
          const v = this.expr(p, where, via, depth + 1);
          if (v === undefined) return undefined;
          out += v;
        }
        return out;
      }
      case 'ref': {
        const found = this.lookup(e.path, e.scope, where);
        if (!found) return undefined;
        via.push(found);
        return this.expr(found.constant.value, { file: found.file, fn: found.constant.localTo ?? -1 }, via, depth + 1);
      }
      default:
        return undefined;
    }
  }

  /** A regex source for the known parts of an unresolved expression; unknown parts match anything. */
  private shape(e: IdExpr, where: Where, depth: number): string {
    if (depth > 12) return '.*';
    if (e.t === 'concat') return e.parts.map((p) => this.shape(p, where, depth + 1)).join('');
    const v = this.expr(e, where, [], depth);
    return v === undefined ? '.*' : v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/** Replaces the bundle-id token with a concrete bundle id. */
export function withBundleId(value: string, bundleId: string): string {
  return value.split(BUNDLE_ID_TOKEN).join(bundleId);
}

export function hasBundleToken(value: string): boolean {
  return value.includes(BUNDLE_ID_TOKEN);
}
