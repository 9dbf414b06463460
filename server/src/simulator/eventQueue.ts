/**
 * A binary min-heap of timed events. Ties are broken by a priority and then by insertion order,
 * which is what makes the simulation deterministic when many things happen at the same second.
 */
export interface QueuedEvent<K extends string> {
  t: number;
  /** Lower runs first at the same time. */
  prio: number;
  seq: number;
  kind: K;
  ref: number;
}

export class EventQueue<K extends string> {
  private readonly heap: QueuedEvent<K>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(t: number, prio: number, kind: K, ref = 0): void {
    const e: QueuedEvent<K> = { t, prio, seq: this.seq++, kind, ref };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  peek(): QueuedEvent<K> | undefined {
    return this.heap[0];
  }

  pop(): QueuedEvent<K> | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before<K extends string>(a: QueuedEvent<K>, b: QueuedEvent<K>): boolean {
  return a.t < b.t || (a.t === b.t && (a.prio < b.prio || (a.prio === b.prio && a.seq < b.seq)));
}
