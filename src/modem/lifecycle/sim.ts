import { errorMessage } from "../../errors.js";
import { parseCpin } from "../at/parsers/index.js";
import type { StepContext } from "./context.js";
import { cmeOf, cmeText, isNoAnswer } from "./errors.js";
import type { MachineEvent } from "./types.js";

/**
 * AT+CPIN? → the SIM event. No SIM and SIM busy are errors on the wire, not values
 * (`+CME ERROR: 10` / `14`, or their CMEE=2 texts).
 */
export async function querySim(ctx: StepContext): Promise<MachineEvent> {
  let state: string;
  try {
    const r = await ctx.run({ command: "AT+CPIN?", expect: "+CPIN:", timeoutMs: 15_000 });
    state = parseCpin(r.lines);
  } catch (err) {
    if (isNoAnswer(err) || ctx.signal.aborted) throw err;
    return simErrorEvent(ctx, err);
  }
  switch (state) {
    case "READY":
      ctx.updateInfo({ sim: "ready" });
      return { type: "sim-ready" };
    case "SIM PIN": {
      const left = await pinAttemptsLeft(ctx);
      ctx.updateInfo(
        left === undefined
          ? { sim: "pin-required" }
          : { sim: "pin-required", pinAttemptsLeft: left },
      );
      return left === undefined
        ? { type: "sim-pin-required" }
        : { type: "sim-pin-required", attemptsLeft: left };
    }
    case "SIM PUK":
      ctx.updateInfo({ sim: "puk-required" });
      return { type: "sim-puk-required" };
    case "NOT INSERTED":
      ctx.updateInfo({ sim: "absent" });
      return { type: "sim-unavailable", problem: "sim-absent" };
    default:
      // NOT READY, PH-* locks, unknown: the SIM is not usable yet; ask again later.
      ctx.updateInfo({ sim: "busy" });
      return { type: "sim-unavailable", problem: "sim-busy" };
  }
}

function simErrorEvent(ctx: StepContext, err: unknown): MachineEvent {
  const code = cmeOf(err);
  const text = cmeText(err);
  if (code === 10 || text.includes("NOT INSERTED")) {
    ctx.updateInfo({ sim: "absent" });
    return { type: "sim-unavailable", problem: "sim-absent" };
  }
  if (code === 12 || text.includes("PUK REQUIRED")) {
    ctx.updateInfo({ sim: "puk-required" });
    return { type: "sim-puk-required" };
  }
  if (code === 13 || code === 15 || text.includes("SIM FAILURE") || text.includes("SIM WRONG")) {
    ctx.updateInfo({ sim: "failure" });
    return { type: "sim-unavailable", problem: "sim-failure" };
  }
  // 14 SIM busy, a plain ERROR while the module is still reading the SIM, anything else.
  ctx.log.debug({ err: errorMessage(err) }, "SIM not ready");
  ctx.updateInfo({ sim: "busy" });
  return { type: "sim-unavailable", problem: "sim-busy" };
}

/** Attempts left from the profile's counter commands; undefined when none answers. */
export async function pinAttemptsLeft(ctx: StepContext): Promise<number | undefined> {
  for (const counter of ctx.profile.pinCounters) {
    try {
      const r = await ctx.run(counter.command);
      const attempts = counter.parse(r.lines);
      if (attempts?.pin !== undefined) return attempts.pin;
    } catch (err) {
      if (isNoAnswer(err) || ctx.signal.aborted) throw err;
    }
  }
  return undefined;
}

/**
 * AT+CPIN="<pin>" once (the caller guarantees once per boot). The PIN never reaches a log:
 * the command is redacted. `+CME ERROR: 16` (incorrect password) or any refusal = rejected.
 */
export async function enterPin(ctx: StepContext): Promise<MachineEvent> {
  const pin = ctx.options.pin;
  if (pin === undefined) return { type: "pin-rejected" };
  try {
    await ctx.run({ command: `AT+CPIN="${pin}"`, redact: true, timeoutMs: 15_000 });
  } catch (err) {
    if (isNoAnswer(err) || ctx.signal.aborted) throw err;
    const code = cmeOf(err);
    if (code === 12) {
      ctx.updateInfo({ sim: "puk-required" });
      return { type: "sim-puk-required" };
    }
    ctx.log.warn({ cme: code }, "SIM PIN rejected: not retrying it automatically");
    return { type: "pin-rejected" };
  }
  return { type: "pin-accepted" };
}
