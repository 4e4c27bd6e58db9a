import { errorMessage } from "../../errors.js";
import { configure } from "./configure.js";
import type { StepContext } from "./context.js";
import { isNoAnswer } from "./errors.js";
import { performRecovery, type RecoveryDeps } from "./recover-actions.js";
import {
  queryRegistration,
  refreshOperator,
  refreshSignal,
  registrationInfo,
} from "./registration.js";
import { enterPin, querySim } from "./sim.js";
import { cnmiIntact, setupSms } from "./sms-setup.js";
import { bootTimeoutMs, syncAt } from "./sync.js";
import type { MachineEffect, MachineEvent } from "./types.js";

export type Operation = Extract<
  MachineEffect,
  {
    type:
      | "sync"
      | "power-on"
      | "configure"
      | "check-sim"
      | "enter-pin"
      | "setup-sms"
      | "check-registration"
      | "health-check"
      | "probe"
      | "verify-config"
      | "recover";
  }
>;

export const OPERATION_TYPES: ReadonlySet<MachineEffect["type"]> = new Set([
  "sync",
  "power-on",
  "configure",
  "check-sim",
  "enter-pin",
  "setup-sms",
  "check-registration",
  "health-check",
  "probe",
  "verify-config",
  "recover",
]);

export interface OperationDeps extends RecoveryDeps {
  /** Called after the SMS set-up succeeded (Modem emits `sms-ready`). */
  smsReady(): void;
  /** Whether the last registration check found a registered module (refresh operator on change). */
  lastRegistration: { registered: boolean };
}

/**
 * Perform one I/O effect and say what happened, as the events the machine knows. A module
 * that does not answer becomes `step-failed`/`health-failed`/`recovery-failed`; nothing throws.
 */
export async function runOperation(
  op: Operation,
  ctx: StepContext,
  deps: OperationDeps,
): Promise<MachineEvent[]> {
  try {
    return await perform(op, ctx, deps);
  } catch (err) {
    if (ctx.signal.aborted) return [];
    // The restart we started did not happen (a hung module ignores AT+CFUN=1,1, a wedged port
    // never delivered it): unless a boot line came meanwhile, no SMS-ready URC is on its way.
    if ((op.type === "recover" || op.type === "power-on") && ctx.boot.assumed)
      ctx.boot.observed = false;
    const error = errorMessage(err);
    ctx.log.debug({ op: op.type, err: error }, "lifecycle step failed");
    switch (op.type) {
      case "sync":
        return [{ type: "sync-failed", error }];
      case "power-on":
        return [{ type: "power-failed", error }];
      case "health-check":
        return [{ type: "health-failed", error }];
      case "probe":
        return [{ type: "probe-failed" }];
      case "verify-config":
        return isNoAnswer(err) ? [{ type: "health-failed", error }] : [];
      case "recover":
        return [{ type: "recovery-failed", error }];
      default:
        return [{ type: "step-failed", error }];
    }
  }
}

async function perform(
  op: Operation,
  ctx: StepContext,
  deps: OperationDeps,
): Promise<MachineEvent[]> {
  switch (op.type) {
    case "sync": {
      const ms = op.mode === "probe" ? ctx.options.probeMs : bootTimeoutMs(ctx);
      return [(await syncAt(ctx, ms)) ? { type: "sync-ok" } : { type: "sync-failed" }];
    }
    case "power-on":
      return [await powerOn(ctx)];
    case "configure":
      return [await configure(ctx)];
    case "check-sim":
      return [await querySim(ctx)];
    case "enter-pin":
      return [await enterPin(ctx)];
    case "setup-sms":
      await setupSms(ctx);
      deps.smsReady();
      return [{ type: "configured" }];
    case "check-registration":
      return [await checkRegistration(ctx, deps)];
    case "health-check": {
      await ctx.run({ command: "AT", timeoutMs: 5000, priority: 0 });
      if (!(await cnmiIntact(ctx))) return [{ type: "config-lost" }];
      await refreshSignal(ctx);
      return [{ type: "health-ok" }, await checkRegistration(ctx, deps)];
    }
    case "probe":
      return [
        (await syncAt(ctx, ctx.options.probeMs)) ? { type: "probe-ok" } : { type: "probe-failed" },
      ];
    case "verify-config":
      return (await cnmiIntact(ctx)) ? [] : [{ type: "config-lost" }];
    case "recover":
      // Only these restart the module; a reopened port (or a retry) leaves it running, and
      // no SMS-ready URC would come to end the set-up's wait.
      if (op.action === "cfun-reset" || op.action === "power-cycle") markBoot(ctx);
      await performRecovery(ctx, op.action, deps);
      return [{ type: "recovery-done" }];
  }
}

/** Check PWRKEY's other side first: with a STATUS pin saying "on", a pulse would switch it off. */
async function powerOn(ctx: StepContext): Promise<MachineEvent> {
  const power = ctx.power;
  if (power === undefined) return { type: "power-failed", error: "no power control configured" };
  if (power.isOn !== undefined && (await power.isOn())) {
    ctx.log.warn("STATUS says on although AT is silent: not pulsing PWRKEY");
    return { type: "powered" };
  }
  const ms = ctx.options.powerTiming.onPulseMs ?? ctx.profile.power.onPulseMs;
  markBoot(ctx);
  ctx.log.info({ ms }, "modem silent: pulsing PWRKEY to switch it on");
  await power.pulse(ms);
  return { type: "powered" };
}

async function checkRegistration(ctx: StepContext, deps: OperationDeps): Promise<MachineEvent> {
  const summary = await queryRegistration(ctx);
  ctx.updateInfo(registrationInfo(summary));
  const registered = summary.status === "home" || summary.status === "roaming";
  if (registered && !deps.lastRegistration.registered) {
    await refreshOperator(ctx);
    await refreshSignal(ctx);
    if (ctx.info.act?.generation === "2G") {
      ctx.warn(
        "network.2g",
        `registered on ${ctx.info.act.name} (2G only): SMS works, but 2G networks are being shut down`,
      );
    }
  }
  deps.lastRegistration.registered = registered;
  return { type: "registration", status: summary.status };
}

/** A power-up is about to happen: its SMS-ready URC is still to come (and may come soon). */
function markBoot(ctx: StepContext): void {
  ctx.boot.observed = true;
  ctx.boot.smsReady = false;
  ctx.boot.assumed = true;
}
