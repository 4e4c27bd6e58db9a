import { errorMessage, SmsgwError } from "../../errors.js";
import { generic } from "../profiles/profiles.js";
import type { StepContext } from "./context.js";
import { isNoAnswer } from "./errors.js";
import { syncAt } from "./sync.js";
import type { RecoveryAction } from "./types.js";

export interface RecoveryDeps {
  /** Close the transport and open a fresh one. */
  reopen(): Promise<void>;
}

/** Perform one rung of the ladder; resolves when the action is done, throws when it failed. */
export async function performRecovery(
  ctx: StepContext,
  action: RecoveryAction,
  deps: RecoveryDeps,
): Promise<void> {
  switch (action) {
    case "retry":
      await ctx.run({ command: "AT", timeoutMs: 3000, priority: 0 });
      return;
    case "resync":
      if (!(await syncAt(ctx, ctx.options.probeMs))) throw noAnswer("resync");
      return;
    case "cfun-reset":
      // 27.007 full functionality with reset; slow on LTE modules. The reboot follows the OK.
      await ctx.run({ command: "AT+CFUN=1,1", timeoutMs: ctx.profile.cfunTimeoutMs, priority: 0 });
      return;
    case "power-cycle":
      await powerCycle(ctx);
      return;
    case "reopen":
      await deps.reopen();
      return;
  }
}

function noAnswer(what: string): SmsgwError {
  return new SmsgwError("modem.no-answer", `${what}: the modem does not answer`);
}

const isPowerDown = (ctx: StepContext) => (line: string) =>
  ctx.profile.isPowerDownUrc(line) || generic.isPowerDownUrc(line);
const isRestart = (ctx: StepContext) => (line: string) =>
  ctx.profile.restartUrcs.includes(line.trim().toUpperCase());

/**
 * Off, then on, through PWRKEY (a toggle). With a STATUS pin the levels tell the truth. Without
 * one, a hung module is assumed on: after the off-pulse we wait for its power-down line (or a
 * boot line, which means it had been off and this pulse started it — then we stop there).
 */
async function powerCycle(ctx: StepContext): Promise<void> {
  const power = ctx.power;
  if (power === undefined)
    throw new SmsgwError("modem.no-power-control", "no power control configured");
  const timing = { ...ctx.profile.power, ...ctx.options.powerTiming };
  if (power.isOn !== undefined) {
    if (await power.isOn()) {
      await power.pulse(timing.offPulseMs);
      await waitUntil(ctx, async () => !(await power.isOn!()), timing.offMs);
    }
    await ctx.sleep(1000); // SIM800H: ≥800 ms between STATUS low and the next pulse
    await power.pulse(timing.onPulseMs);
    return;
  }
  const seen = ctx
    .waitForUrc((u) => isPowerDown(ctx)(u.line) || isRestart(ctx)(u.line), timing.offMs)
    .then(
      (u) => (isRestart(ctx)(u.line) ? "restarted" : "down"),
      () => "silent" as const,
    );
  await power.pulse(timing.offPulseMs);
  const outcome = await seen;
  if (outcome === "restarted") return;
  if (outcome === "silent") {
    // Maybe it was off and is booting quietly (autobaud SIM800 prints no RDY): a quick AT first.
    try {
      await ctx.run({ command: "AT", timeoutMs: 1000, priority: 0 });
      return;
    } catch (err) {
      if (!isNoAnswer(err)) ctx.log.debug({ err: errorMessage(err) }, "AT after off-pulse");
    }
  }
  await ctx.sleep(1000);
  await power.pulse(timing.onPulseMs);
}

async function waitUntil(
  ctx: StepContext,
  cond: () => Promise<boolean>,
  limitMs: number,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await ctx.sleep(200);
  }
}
