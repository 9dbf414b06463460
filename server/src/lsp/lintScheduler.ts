/**
 * Coalesces lint requests: a lint waits until the messages already received have been handled (the JSON-RPC layer
 * handles one per event-loop turn), so edits that arrive together lint once, at the latest version.
 */
export class LintScheduler<F> {
  private messagesSeen = 0;
  private readonly pending = new Set<F>();
  private scheduled = false;

  constructor(private readonly run: (folder: F) => void) {}

  /** Every incoming message calls this. */
  noteMessage(): void {
    this.messagesSeen++;
  }

  schedule(folder: F): void {
    this.pending.add(folder);
    if (this.scheduled) return;
    this.scheduled = true;
    let seen = this.messagesSeen;
    const tick = () => {
      if (this.messagesSeen !== seen) {
        seen = this.messagesSeen;
        setImmediate(tick);
        return;
      }
      setImmediate(() => {
        if (this.messagesSeen !== seen) {
          seen = this.messagesSeen;
          setImmediate(tick);
          return;
        }
        this.scheduled = false;
        const list = [...this.pending];
        this.pending.clear();
        for (const f of list) this.run(f);
      });
    };
    setImmediate(tick);
  }
}
