/**
 * Build-setting expansion as Xcode does it for Info.plist values: `$(VAR)`, `${VAR}`, `$VAR`,
 * `$(inherited)` and the common operators (`:rfc1034identifier`, `:c99extidentifier`, `:identifier`,
 * `:lower`, `:upper`).
 */

export type Settings = Record<string, string>;

/** The one build variable the linter keeps symbolic when it is not known, so code and plist still compare. */
export const BUNDLE_ID_VAR = 'PRODUCT_BUNDLE_IDENTIFIER';
export const BUNDLE_ID_TOKEN = '$(PRODUCT_BUNDLE_IDENTIFIER)';

function applyOperator(value: string, op: string): string {
  switch (op.toLowerCase()) {
    case 'rfc1034identifier':
      return value.replace(/[^A-Za-z0-9.-]/g, '-');
    case 'c99extidentifier':
    case 'identifier':
      return value.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1');
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    default:
      return value;
  }
}

export interface ExpandResult {
  value: string;
  /** Variables that had no value (kept as written). */
  unresolved: string[];
}

/** Longest expanded value: a setting that grows past it (a self-feeding or fan-out definition) stops expanding. */
export const MAX_EXPANDED_LENGTH = 4096;

/**
 * Expands variables in `text` using `lookup`. Unknown variables are left in place, written in the
 * canonical `$(NAME)` form, and reported in `unresolved`. A variable that refers to itself (directly or through
 * others) is left unexpanded and reported too, and so is everything once the value would grow past
 * MAX_EXPANDED_LENGTH: expansion always ends, in time and memory proportional to that cap.
 */
export function expandVariables(text: string, lookup: (name: string) => string | undefined, depth = 0): ExpandResult {
  return expandWithin(text, lookup, depth, new Set(), { left: MAX_EXPANDED_LENGTH * 4 });
}

function expandWithin(text: string, lookup: (name: string) => string | undefined, depth: number, active: Set<string>, budget: { left: number }): ExpandResult {
  const unresolved: string[] = [];
  if (depth > 10 || !text.includes('$')) return { value: text, unresolved };
  let length = 0;
  const value = text.replace(/\$\(([A-Za-z0-9_]+)(?::([A-Za-z0-9_,=]+))?\)|\$\{([A-Za-z0-9_]+)(?::([A-Za-z0-9_,=]+))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, aop, b, bop, c) => {
    const name: string = a ?? b ?? c;
    const op: string | undefined = aop ?? bop;
    const kept = op ? `$(${name}:${op})` : `$(${name})`;
    const raw = budget.left > 0 && length < MAX_EXPANDED_LENGTH && !active.has(name) ? lookup(name) : undefined;
    if (raw === undefined) {
      unresolved.push(name);
      return kept;
    }
    budget.left -= raw.length + 1;
    active.add(name);
    const inner = expandWithin(raw, lookup, depth + 1, active, budget);
    active.delete(name);
    const out = op ? op.split(',').reduce(applyOperator, inner.value) : inner.value;
    if (length + out.length > MAX_EXPANDED_LENGTH) {
      unresolved.push(name);
      return kept;
    }
    length += out.length;
    unresolved.push(...inner.unresolved);
    void m;
    return out;
  });
  return { value, unresolved };
}

/**
 * Merges setting layers (lowest first), resolving `$(inherited)` against the layer below. A value that would grow
 * past MAX_EXPANDED_LENGTH (`$(inherited) $(inherited)` at every level of an include chain doubles each time) keeps
 * its `$(inherited)` unexpanded, which later expansion reports as unresolved: unknown, so silent.
 */
export function layerSettings(layers: Settings[]): Settings {
  let merged: Settings = {};
  for (const layer of layers) {
    const next: Settings = { ...merged };
    for (const [k, v] of Object.entries(layer)) {
      const below = merged[k] ?? '';
      const uses = v.match(/\$[({]inherited[)}]/g)?.length ?? 0;
      next[k] = uses * below.length + v.length > MAX_EXPANDED_LENGTH ? v.trim() : v.replace(/\$[({]inherited[)}]/g, () => below).trim();
    }
    merged = next;
  }
  return merged;
}
