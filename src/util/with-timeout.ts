import { SmsgwError } from "../errors.js";

/**
 * Rejects when `p` has not settled within `ms` (the timer is cleared either way): with
 * `timeoutError()` when given, else `mqtt.timeout` (its first users were the MQTT paths).
 */
export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  timeoutError: () => Error = () => new SmsgwError("mqtt.timeout", `no answer within ${ms} ms`),
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(timeoutError()), ms);
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
