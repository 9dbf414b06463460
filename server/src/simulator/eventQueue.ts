/**
 * A binary min-heap of timed events, kept flat: the heap holds slot numbers, and each event's fields
 * live in parallel typed arrays, so pushing and popping allocate nothing. Ties are broken by a
 * priority and then by insertion order, which is what makes the simulation deterministic when many
 * things happen at the same second.
 */
export interface QueuedEvent<K extends string> {
  t: number;
  /** Lower runs first at the same time. */
  prio: number;
  kind: K;
  ref: number;
}

export class EventQueue<K extends string> {
  private time: Float64Array = new Float64Array(256);
  private prio: Int32Array = new Int32Array(256);
  private seq: Float64Array = new Float64Array(256);
  private ref: Float64Array = new Float64Array(256);
  private kind: Int32Array = new Int32Array(256);
  private heap: Int32Array = new Int32Array(256);
  private free: number[] = [];
  private slots = 0;
  private length = 0;
  private nextSeq = 0;
  private readonly kinds: K[] = [];
  private readonly kindIndex = new Map<K, number>();
  /** Reused by `pop` (the caller reads it before the next pop). */
  private readonly out: QueuedEvent<K> = { t: 0, prio: 0, kind: '' as K, ref: 0 };

  get size(): number {
    return this.length;
  }

  push(t: number, prio: number, kind: K, ref = 0): void {
    let slot = this.free.pop();
    if (slot === undefined) {
      if (this.slots === this.time.length) this.grow();
      slot = this.slots++;
    }
    let k = this.kindIndex.get(kind);
    if (k === undefined) {
      k = this.kinds.length;
      this.kinds.push(kind);
      this.kindIndex.set(kind, k);
    }
    this.time[slot] = t;
    this.prio[slot] = prio;
    this.seq[slot] = this.nextSeq++;
    this.ref[slot] = ref;
    this.kind[slot] = k;
    if (this.length === this.heap.length) {
      const h = new Int32Array(this.heap.length * 2);
      h.set(this.heap);
      this.heap = h;
    }
    const h = this.heap;
    let i = this.length++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(slot, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = slot;
  }

  /** Time of the next event (call only when size > 0). */
  peekTime(): number {
    return this.time[this.heap[0]];
  }

  peekPrio(): number {
    return this.prio[this.heap[0]];
  }

  pop(): QueuedEvent<K> | undefined {
    if (this.length === 0) return undefined;
    const h = this.heap;
    const top = h[0];
    const out = this.out;
    out.t = this.time[top];
    out.prio = this.prio[top];
    out.kind = this.kinds[this.kind[top]];
    out.ref = this.ref[top];
    this.free.push(top);
    const last = h[--this.length];
    if (this.length > 0) {
      let i = 0;
      const n = this.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.before(h[r], h[l]) ? r : l;
        if (!this.before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return out;
  }

  private before(a: number, b: number): boolean {
    const ta = this.time[a];
    const tb = this.time[b];
    if (ta !== tb) return ta < tb;
    const pa = this.prio[a];
    const pb = this.prio[b];
    return pa !== pb ? pa < pb : this.seq[a] < this.seq[b];
  }

  private grow(): void {
    const n = this.time.length * 2;
    const grow64 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.ref = grow64(this.ref);
    this.prio = grow32(this.prio);
    this.kind = grow32(this.kind);
  }
}
