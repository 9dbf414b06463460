/**
 * Fact fragments: the facts one function contributed to its file, stored relative to the function's start (offsets)
 * and to the first function and handler it added (indices), so they can be re-applied at another position.
 *
 * Facts are plain data. Offsets live in properties named `start`, `end`, `offset` and `at`, and in `pendingChecks`
 * arrays; function indices in `fn`, handler indices in `closure`. The shift below relies on that naming, which the
 * facts types keep (see model/facts.ts); test/analysis/fragments.test.ts checks that a reused fragment equals a fresh
 * extraction.
 */
import type { FileFacts } from '../model/facts';

export interface Fragment {
  functions: FileFacts['functions'];
  registrations: FileFacts['registrations'];
  requests: FileFacts['requests'];
  constants: FileFacts['constants'];
  handlers: FileFacts['handlers'];
  /** Indices of the first function and handler of the fragment at capture time. */
  fnBase: number;
  handlerBase: number;
  /**
   * The facts as last applied (absolute offsets and indices). When the function has not moved, they are reused as
   * they are: facts are never mutated after extraction, so sharing them is safe and saves the copy.
   */
  last?: { base: number; fnDelta: number; handlerDelta: number; applied: Omit<Fragment, 'fnBase' | 'handlerBase' | 'last'> };
  /* (`last` is moved in place by applyFragment; see there.) */
}

export interface Mark {
  functions: number;
  registrations: number;
  requests: number;
  constants: number;
  handlers: number;
}

export function markOf(f: FileFacts): Mark {
  return { functions: f.functions.length, registrations: f.registrations.length, requests: f.requests.length, constants: f.constants.length, handlers: f.handlers.length };
}

const OFFSET_KEYS = new Set(['start', 'end', 'offset', 'at', 'errorAt']);
/** Keys holding a function index (a constant's `localTo` names its function like `fn` does). */
const FN_KEYS = new Set(['fn', 'localTo']);

/** Deep-copies plain data, shifting offsets by `delta` and rebasing function/handler indices. */
function clone<T>(value: T, delta: number, fnDelta: number, handlerDelta: number): T {
  if (Array.isArray(value)) return value.map((v) => clone(v, delta, fnDelta, handlerDelta)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number') {
      if (OFFSET_KEYS.has(k)) out[k] = v + delta;
      else if (FN_KEYS.has(k)) out[k] = v >= 0 ? v + fnDelta : v;
      else if (k === 'closure') out[k] = v + handlerDelta;
      else out[k] = v;
    } else if (k === 'pendingChecks' && Array.isArray(v)) out[k] = v.map((x: number) => x + delta);
    else out[k] = clone(v, delta, fnDelta, handlerDelta);
  }
  return out as T;
}

/** The facts added since `mark`, made relative to `base` (the function's start offset). */
export function captureFragment(f: FileFacts, mark: Mark, base: number): Fragment {
  return {
    functions: clone(f.functions.slice(mark.functions), -base, -mark.functions, -mark.handlers),
    registrations: clone(f.registrations.slice(mark.registrations), -base, -mark.functions, -mark.handlers),
    requests: clone(f.requests.slice(mark.requests), -base, -mark.functions, -mark.handlers),
    constants: clone(f.constants.slice(mark.constants), -base, -mark.functions, -mark.handlers),
    handlers: clone(f.handlers.slice(mark.handlers), -base, -mark.functions, -mark.handlers),
    fnBase: 0,
    handlerBase: 0,
  };
}

/** Shifts plain data in place (same rules as `clone`). */
function shiftInPlace(value: unknown, delta: number, fnDelta: number, handlerDelta: number): void {
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === 'object') shiftInPlace(v, delta, fnDelta, handlerDelta);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number') {
      if (delta !== 0 && OFFSET_KEYS.has(k)) o[k] = v + delta;
      else if (fnDelta !== 0 && FN_KEYS.has(k) && v >= 0) o[k] = v + fnDelta;
      else if (handlerDelta !== 0 && k === 'closure') o[k] = v + handlerDelta;
    } else if (k === 'pendingChecks' && Array.isArray(v)) {
      if (delta !== 0) for (let i = 0; i < v.length; i++) v[i] += delta;
    } else if (v !== null && typeof v === 'object') shiftInPlace(v, delta, fnDelta, handlerDelta);
  }
}

/**
 * Appends a fragment's facts at `base`, rebasing its indices onto the file's current lists. The facts applied last
 * time are moved in place rather than copied: they belonged to the previous extraction of this same document, which
 * the new facts replace (facts are otherwise never mutated after extraction). That keeps a keystroke in a large file
 * from copying every function after it.
 */
export function applyFragment(f: FileFacts, frag: Fragment, base: number): void {
  const fnDelta = f.functions.length;
  const handlerDelta = f.handlers.length;
  let last = frag.last;
  if (!last) {
    last = frag.last = {
      base,
      fnDelta,
      handlerDelta,
      applied: {
        functions: clone(frag.functions, base, fnDelta, handlerDelta),
        registrations: clone(frag.registrations, base, fnDelta, handlerDelta),
        requests: clone(frag.requests, base, fnDelta, handlerDelta),
        constants: clone(frag.constants, base, fnDelta, handlerDelta),
        handlers: clone(frag.handlers, base, fnDelta, handlerDelta),
      },
    };
  } else if (last.base !== base || last.fnDelta !== fnDelta || last.handlerDelta !== handlerDelta) {
    shiftInPlace(last.applied, base - last.base, fnDelta - last.fnDelta, handlerDelta - last.handlerDelta);
    last.base = base;
    last.fnDelta = fnDelta;
    last.handlerDelta = handlerDelta;
  }
  const a = last.applied;
  f.functions.push(...a.functions);
  f.registrations.push(...a.registrations);
  f.requests.push(...a.requests);
  f.constants.push(...a.constants);
  f.handlers.push(...a.handlers);
}
