/**
 * Sleep until a time or until woken (a new message, a modem state change, stop). Only one
 * sleeper: the outbox loop. Timers are plain setTimeout so fake timers drive them in tests.
 */
export class Wakeup {
  private resolve: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pending = false;

  constructor(private readonly now: () => number) {}

  sleepUntil(at: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
      if (Number.isFinite(at)) {
        // setTimeout takes at most 2^31-1 ms; a longer sleep just wakes up and looks again.
        const ms = Math.min(Math.max(at - this.now(), 0), 2_147_483_647);
        this.timer = setTimeout(() => this.wake(), ms);
      }
    });
  }

  wake(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const r = this.resolve;
    this.resolve = undefined;
    if (r === undefined) this.pending = true;
    else r();
  }
}
