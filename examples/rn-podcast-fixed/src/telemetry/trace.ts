/**
 * A small timing helper. Each trace records how long a unit of work took and whether it worked;
 * finished traces are batched and sent with the next analytics upload.
 */
type Attributes = Record<string, string | number | boolean>;

export type Trace = {
  finish(attributes?: Attributes): void;
  fail(error: unknown): void;
};

type FinishedTrace = {
  name: string;
  durationMs: number;
  ok: boolean;
  attributes: Attributes;
};

const finished: FinishedTrace[] = [];

export function startTrace(name: string, attributes: Attributes = {}): Trace {
  const startedAt = Date.now();
  let ended = false;
  const end = (ok: boolean, extra: Attributes) => {
    if (ended) {
      return;
    }
    ended = true;
    finished.push({
      name,
      durationMs: Date.now() - startedAt,
      ok,
      attributes: {...attributes, ...extra},
    });
  };
  return {
    finish: (extra = {}) => end(true, extra),
    fail: error => end(false, {error: error instanceof Error ? error.message : String(error)}),
  };
}

/** Hands over the finished traces and forgets them. */
export function takeFinishedTraces(): FinishedTrace[] {
  return finished.splice(0, finished.length);
}
