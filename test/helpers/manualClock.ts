/**
 * A clock whose timers fire only when the test says so: timeouts become events the test drives ("the fake has hung;
 * now the timeout fires"), so no test depends on how much happens before a real timer runs out.
 */
import type { Clock } from '../../client/src/device/core/process';

export class ManualClock implements Clock {
  private readonly timers = new Map<number, { fn: () => void; ms: number }>();
  private next = 0;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.next;
    this.timers.set(id, { fn, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Delays of the timers that are set now, in the order they were set. */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }

  /** Fires the timers set with this delay (all of them when `ms` is omitted). Returns how many fired. */
  fire(ms?: number): number {
    const due = [...this.timers.entries()].filter(([, t]) => ms === undefined || t.ms === ms);
    for (const [id, t] of due) {
      this.timers.delete(id);
      t.fn();
    }
    return due.length;
  }
}
