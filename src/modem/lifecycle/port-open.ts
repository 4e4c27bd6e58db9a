import { SmsgwError } from "../../errors.js";
import { withTimeout } from "../../util/with-timeout.js";
import type { AtChannel } from "../at/channel.js";
import { REOPEN_TIMEOUT_MS } from "./options.js";

/**
 * Closes and opens the modem's port again: the caller's own way when it has one, else the
 * channel's `reopen`, else stop and start. An open stuck in the driver must not stall the
 * recovery ladder, so it is given up on after a while and the ladder climbs on.
 */
export async function reopenPort(at: AtChannel, reopen?: () => Promise<void>): Promise<void> {
  const channel = at as AtChannel & { reopen?: () => Promise<void> };
  const reopening = reopen
    ? reopen()
    : typeof channel.reopen === "function"
      ? channel.reopen()
      : at.stop().then(() => at.start());
  await withTimeout(
    reopening,
    REOPEN_TIMEOUT_MS,
    () =>
      new SmsgwError("transport.timeout", `the port did not reopen within ${REOPEN_TIMEOUT_MS} ms`),
  );
}

/**
 * The first open's outcome: undefined once open, else its error. The channel goes on
 * retrying by itself after a failed open; its first retry notice is that error.
 */
export function firstOpen(at: AtChannel): Promise<unknown> {
  return new Promise<unknown>((resolve) => {
    const settle = (outcome: unknown) => {
      at.off("reconnecting", onRetry);
      resolve(outcome);
    };
    const onRetry = (r: { error?: unknown }) =>
      settle(r.error ?? new SmsgwError("transport.open-failed", "the modem port did not open"));
    at.on("reconnecting", onRetry);
    at.start().then(
      () => settle(undefined),
      (err: unknown) => settle(err),
    );
  });
}
