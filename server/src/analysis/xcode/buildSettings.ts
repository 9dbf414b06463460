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

/**
 * Expands variables in `text` using `lookup`. Unknown variables are left in place, written in the
 * canonical `$(NAME)` form, and reported in `unresolved`.
 */
export function expandVariables(text: string, lookup: (name: string) => string | undefined, depth = 0): ExpandResult {
  const unresolved: string[] = [];
  if (depth > 10 || !text.includes('$')) return { value: text, unresolved };
  const value = text.replace(/\$\(([A-Za-z0-9_]+)(?::([A-Za-z0-9_,=]+))?\)|\$\{([A-Za-z0-9_]+)(?::([A-Za-z0-9_,=]+))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a, aop, b, bop, c) => {
    const name: string = a ?? b ?? c;
    const op: string | undefined = aop ?? bop;
    const raw = lookup(name);
    if (raw === undefined) {
      unresolved.push(name);
      return op ? `$(${name}:${op})` : `$(${name})`;
    }
    const inner = expandVariables(raw, lookup, depth + 1);
    unresolved.push(...inner.unresolved);
    return op ? op.split(',').reduce(applyOperator, inner.value) : inner.value;
  });
  return { value, unresolved };
}

/** Merges setting layers (lowest first), resolving `$(inherited)` against the layer below. */
export function layerSettings(layers: Settings[]): Settings {
  let merged: Settings = {};
  for (const layer of layers) {
    const next: Settings = { ...merged };
    for (const [k, v] of Object.entries(layer)) {
      next[k] = v.replace(/\$[({]inherited[)}]/g, merged[k] ?? '').trim();
    }
    merged = next;
  }
  return merged;
}
