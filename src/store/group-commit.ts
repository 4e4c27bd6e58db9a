/**
 * Group commit: every request made while no write is running (within the same tick) or
 * while one is in flight joins the next write; each request resolves when a write that
 * started after it has finished. So N updates in a burst cost one or two fsyncs, and no
 * caller is told "durable" before its change is on disk.
 *
 * Scheduling uses a microtask, not a timer, so it also runs under `vi.useFakeTimers()`.
 * `write` must capture what it writes synchronously, before its first await.
 */
export class GroupCommit {
  private next: Deferred | undefined;
  private running = false;
  private idleWaiters: Array<() => void> = [];
  /** Writes performed so far (for tests and the bench). */
  writes = 0;
  /** Requests served so far. */
  requests = 0;

  constructor(private readonly write: () => Promise<void>) {}

  request(): Promise<void> {
    this.requests++;
    if (this.next === undefined) {
      this.next = deferred();
      if (!this.running) {
        this.running = true;
        queueMicrotask(() => void this.drain());
      }
    }
    return this.next.promise;
  }

  /** Resolves when no write is running or waiting. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.next !== undefined) {
      const batch = this.next;
      this.next = undefined;
      this.writes++;
      try {
        await this.write();
        batch.resolve();
      } catch (err) {
        batch.reject(err);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits (a background compaction) must not become an unhandled rejection;
  // callers who await still see the error.
  promise.catch(() => {});
  return { promise, resolve, reject };
}
