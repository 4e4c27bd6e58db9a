import { SmsgwError } from "../errors.js";

/**
 * A plain setTimeout wrapped in a promise, so `vi.useFakeTimers()` drives it (node:timers/promises
 * is not faked). Rejects with `modem.aborted` when the signal fires.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortedError(): SmsgwError {
  return new SmsgwError("modem.aborted", "operation aborted (state changed or modem stopped)");
}

export function isAborted(err: unknown): boolean {
  return err instanceof SmsgwError && err.code === "modem.aborted";
}
