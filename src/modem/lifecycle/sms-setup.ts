import { SmsgwError } from "../../errors.js";
import { parseCpms, parseCsca } from "../at/parsers/index.js";
import { generic } from "../profiles/profiles.js";
import { tolerant } from "./configure.js";
import type { StepContext } from "./context.js";
import { isNoAnswer } from "./errors.js";
import { DOMAIN_COMMAND } from "./network.js";

/**
 * SMS set-up: first wait until SMS works — the profile's SMS-ready URC after a
 * power-up (SIM800 answers ERROR to SMS commands until `SMS Ready`), or, when the module stayed
 * on and no URC will come, an SMS command that succeeds on retry. Then PDU mode, storage,
 * new-message and delivery-report indications, registration URCs.
 */
export async function setupSms(ctx: StepContext): Promise<void> {
  const limit = ctx.profile.smsReadyTimeoutMs;
  if (ctx.boot.observed && !ctx.boot.smsReady) {
    try {
      await ctx.waitForUrc(
        (u) => ctx.profile.isSmsReadyUrc(u.line) || generic.isSmsReadyUrc(u.line),
        limit,
      );
      ctx.boot.smsReady = true;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      ctx.log.warn("no SMS-ready URC after boot: probing instead");
    }
  }
  await untilSmsWorks(ctx, limit);
  ctx.boot.observed = false;

  await ctx.run({ command: "AT+CMGF=0" });
  await selectStorage(ctx);
  await selectCnmi(ctx);
  for (const domain of ctx.profile.domains) {
    const cmd = DOMAIN_COMMAND[domain];
    // n=2 adds LAC/CI/AcT to the URCs; fall back to n=1 where 2 is refused.
    if ((await tolerant(ctx, `AT${cmd}=2`)) === undefined) await tolerant(ctx, `AT${cmd}=1`);
  }
  const csca = await tolerant(ctx, "AT+CSCA?");
  if (csca !== undefined) {
    try {
      const smsc = parseCsca(csca.lines).number;
      if (smsc !== "") ctx.updateInfo({ smsc });
    } catch {
      // no SMSC on the SIM: sends must carry one (CMS 330 otherwise)
    }
  }
}

/** AT+CPMS? until it answers OK (CMS 302 / ERROR = "too early after boot"). */
async function untilSmsWorks(ctx: StepContext, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await ctx.run({ command: "AT+CPMS?", expect: "+CPMS:" });
      return;
    } catch (err) {
      if (isNoAnswer(err) || ctx.signal.aborted) throw err;
    }
    if (Date.now() >= deadline) {
      throw new SmsgwError("modem.sms-not-ready", `SMS commands still refused after ${limitMs} ms`);
    }
    await ctx.sleep(ctx.options.smsProbeIntervalMs);
  }
}

async function selectStorage(ctx: StepContext): Promise<void> {
  const mem = ctx.options.storage;
  const r =
    (await tolerant(ctx, `AT+CPMS="${mem}","${mem}","${mem}"`)) ??
    (await tolerant(ctx, `AT+CPMS="${mem}"`));
  if (r === undefined) ctx.log.warn({ mem }, "storage not accepted: keeping the module's default");
  const q = await tolerant(ctx, "AT+CPMS?");
  if (q === undefined) return;
  try {
    const first = parseCpms(q.lines)[0];
    if (first !== undefined) {
      ctx.updateInfo({
        storage: { memory: first.raw || mem, used: first.used, total: first.total },
      });
    }
  } catch {
    // an odd answer: storage use stays unknown
  }
}

/** First AT+CNMI the module accepts: +CMTI for SMS, +CDS (or +CDSI) for reports. */
async function selectCnmi(ctx: StepContext): Promise<void> {
  for (const setting of ctx.profile.cnmi) {
    if ((await tolerant(ctx, `AT+CNMI=${setting}`)) !== undefined) {
      const ds = setting.split(",")[3];
      ctx.updateInfo({
        cnmi: setting,
        deliveryReports: ds === "1" ? "cds" : ds === "2" ? "cdsi" : "none",
      });
      return;
    }
  }
  throw new SmsgwError("modem.cnmi-refused", "the modem accepts none of our AT+CNMI settings");
}

/** The module kept our settings? A reboot resets AT+CNMI to 0,0,…, so a reboot is noticed and the module reconfigured. */
export async function cnmiIntact(ctx: StepContext): Promise<boolean> {
  const want = ctx.info.cnmi;
  if (want === undefined) return true;
  const r = await tolerant(ctx, "AT+CNMI?");
  const line = r?.lines.find((l) => /^\+CNMI:/i.test(l));
  if (line === undefined) return true;
  const have = line
    .replace(/^\+CNMI:\s*/i, "")
    .split(",")
    .map((f) => Number(f.trim()));
  const expected = want.split(",").map(Number);
  // Compare <mt> and <ds>: those decide whether we hear about new SMS and reports.
  return have[1] === expected[1] && have[3] === expected[3];
}
