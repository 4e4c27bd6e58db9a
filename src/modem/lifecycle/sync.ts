import { isSmsgwError } from "../../errors.js";
import type { StepContext } from "./context.js";

/**
 * `AT` until `OK`: also locks a SIM800's autobaud. Resolves true on an answer,
 * false when nothing answered within `timeoutMs`.
 */
export async function syncAt(ctx: StepContext, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const per = Math.max(200, Math.min(1000, ctx.options.syncIntervalMs));
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    try {
      // The first AT goes after an ESC: a modem left in PDU input would swallow it otherwise.
      await ctx.run({ command: "AT", timeoutMs: per, priority: 0, escapeFirst: attempt === 0 });
      return true;
    } catch (err) {
      if (isSmsgwError(err, "at.aborted")) throw err;
      // ERROR to a bare AT: leftovers of a half-typed command. It answered, but resync again.
    }
    if (Date.now() >= deadline) return false;
    const left = per - (Date.now() - started);
    if (left > 0) await ctx.sleep(left);
    if (Date.now() >= deadline) return false;
  }
}

export function bootTimeoutMs(ctx: StepContext): number {
  return ctx.options.powerTiming.bootMs ?? ctx.profile.power.bootMs;
}
