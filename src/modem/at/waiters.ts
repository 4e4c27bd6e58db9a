import { SmsgwError } from "../../errors.js";
import type { Urc } from "./types.js";

interface Waiter {
  pred: (u: Urc) => boolean;
  resolve: (u: Urc) => void;
}

/**
 * `waitFor(predicate, timeoutMs, signal)` for URCs, each cancellable by its AbortSignal: `SMS Ready` after a power
 * cycle, `+CDS` delivery reports, `+CPIN: READY` after a PIN. Timers and listeners are removed
 * on every outcome, so nothing leaks.
 */
export class UrcWaiters {
  private readonly waiters = new Set<Waiter>();

  get size(): number {
    return this.waiters.size;
  }

  /** Offer a URC to every waiter; each matching waiter is resolved once. */
  offer(urc: Urc): void {
    for (const w of [...this.waiters]) {
      let hit = false;
      try {
        hit = w.pred(urc);
      } catch {
        hit = false; // a throwing predicate must not break URC delivery
      }
      if (hit) w.resolve(urc);
    }
  }

  waitFor(pred: (u: Urc) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<Urc> {
    return new Promise<Urc>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new SmsgwError("at.aborted", "waiting for a URC was aborted"));
        return;
      }
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        pred,
        resolve: (u) => {
          finish();
          resolve(u);
        },
      };
      const onAbort = () => {
        finish();
        reject(new SmsgwError("at.aborted", "waiting for a URC was aborted"));
      };
      const timer = setTimeout(() => {
        finish();
        reject(new SmsgwError("at.timeout", `no matching URC within ${timeoutMs} ms`));
      }, timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }
}
