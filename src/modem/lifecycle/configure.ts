import { errorMessage } from "../../errors.js";
import type { AtResponse } from "../at/types.js";
import { detectProfile } from "../profiles/profiles.js";
import type { StepContext } from "./context.js";
import { isNoAnswer } from "./errors.js";
import { querySim } from "./sim.js";
import type { MachineEvent } from "./types.js";

/** Run a command whose failure (other than silence) we can live with. */
export async function tolerant(
  ctx: StepContext,
  command: string,
  timeoutMs = 5000,
): Promise<AtResponse | undefined> {
  try {
    return await ctx.run({ command, timeoutMs });
  } catch (err) {
    if (isNoAnswer(err) || ctx.signal.aborted) throw err;
    ctx.log.debug({ command, err: errorMessage(err) }, "optional command refused");
    return undefined;
  }
}

const firstLine = (r: AtResponse | undefined) =>
  r?.lines.map((l) => l.replace(/^\+\w+:\s*/, "").trim()).find((l) => l !== "");

/**
 * The basics after every (re)boot: echo off (modems boot with echo on), numeric errors
 * (AT+CMEE=1), who it is, radio on; then the SIM question decides the next step.
 */
export async function configure(ctx: StepContext): Promise<MachineEvent> {
  await ctx.run({ command: "ATE0" });
  await tolerant(ctx, "AT+CMEE=1");
  if (ctx.info.model === undefined) await identify(ctx);
  await radioOn(ctx);
  return querySim(ctx);
}

async function identify(ctx: StepContext): Promise<void> {
  const manufacturer = firstLine(await tolerant(ctx, "AT+CGMI"));
  let model = firstLine(await tolerant(ctx, "AT+CGMM"));
  const revision = firstLine(await tolerant(ctx, "AT+CGMR"))?.replace(/^Revision:\s*/i, "");
  const imei = (await tolerant(ctx, "AT+CGSN"))?.lines
    .map((l) => l.replace(/\D/g, ""))
    .find((l) => l.length >= 14);
  let identity = `${manufacturer ?? ""} ${model ?? ""}`;
  if (model === undefined) {
    const ati = await tolerant(ctx, "ATI");
    identity = ati?.lines.join(" ") ?? identity;
    model = ati?.lines.find((l) => /SIM|EC|EG|model/i.test(l))?.replace(/^Model:\s*/i, "");
  }
  const patch: Parameters<StepContext["updateInfo"]>[0] = {};
  if (manufacturer !== undefined) patch.manufacturer = manufacturer;
  if (model !== undefined) patch.model = model;
  if (revision !== undefined) patch.revision = revision;
  if (imei !== undefined) patch.imei = imei;
  if (!ctx.fixedProfile) {
    const detected = detectProfile(identity);
    if (detected.id !== ctx.profile.id)
      ctx.log.info({ profile: detected.id, identity }, "modem profile detected");
    ctx.setProfile(detected);
  }
  patch.profile = ctx.profile.id;
  ctx.updateInfo(patch);
  if (ctx.profile.only2g) {
    ctx.warn(
      "modem.2g-only",
      `${ctx.profile.name} is a 2G-only module; 2G networks are being switched off in many countries`,
    );
  }
}

/** AT+CFUN? and, if the radio is off (0/4), AT+CFUN=1 — slow on LTE modules (seconds). */
async function radioOn(ctx: StepContext): Promise<void> {
  const r = await tolerant(ctx, "AT+CFUN?", ctx.profile.cfunTimeoutMs);
  const mode = r?.lines.map((l) => /\+CFUN:\s*(\d+)/i.exec(l)?.[1]).find((v) => v !== undefined);
  if (mode === undefined || mode === "1") return;
  ctx.log.info({ cfun: mode }, "radio off: switching it on");
  await tolerant(ctx, "AT+CFUN=1", ctx.profile.cfunTimeoutMs);
}
