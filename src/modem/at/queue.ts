/**
 * Priority queue drained by one `for await` loop (one consumer, so one command at a time): lower priority first, FIFO
 * among equals. `next()` parks the loop until something is pushed; nothing polls.
 */
export class PriorityQueue<T> implements AsyncIterable<T> {
  private items: Array<{ item: T; priority: number; seq: number }> = [];
  private seq = 0;
  private wake: (() => void) | undefined;
  private closed = false;

  get size(): number {
    return this.items.length;
  }

  push(item: T, priority: number): void {
    const entry = { item, priority, seq: this.seq++ };
    // Binary search for the first entry that sorts after this one: O(log n) + splice.
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.items[mid]!;
      if (other.priority <= priority) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, entry);
    this.wake?.();
  }

  /** Remove one item (a queued command that was aborted). */
  remove(item: T): boolean {
    const i = this.items.findIndex((e) => e.item === item);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** Take everything out (to fail it after a disconnect). */
  drain(): T[] {
    const all = this.items.map((e) => e.item);
    this.items = [];
    return all;
  }

  /** End the iteration once empty. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const head = this.items.shift();
      if (head !== undefined) {
        yield head.item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}
