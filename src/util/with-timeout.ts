import { SmsgwError } from "../errors.js";

/** Rejects with `mqtt.timeout` when `p` has not settled within `ms` (the timer is cleared). */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(
      () => reject(new SmsgwError("mqtt.timeout", `no answer within ${ms} ms`)),
      ms,
    );
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
