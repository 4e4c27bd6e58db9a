import { parseCops, parseCsq, type Registration } from "../at/parsers/index.js";
import type { RegDomain } from "../profiles/types.js";
import { tolerant } from "./configure.js";
import type { StepContext } from "./context.js";
import type { ModemInfo } from "./info.js";
import {
  actName,
  DOMAIN_COMMAND,
  generationOf,
  parseSolicited,
  type RegistrationSummary,
  summarize,
} from "./network.js";

/** Query every domain the profile has (a refusal just leaves that domain out). */
export async function queryRegistration(ctx: StepContext): Promise<RegistrationSummary> {
  const regs: Partial<Record<RegDomain, Registration>> = {};
  for (const domain of ctx.profile.domains) {
    const cmd = DOMAIN_COMMAND[domain];
    const r = await tolerant(ctx, `AT${cmd}?`);
    const reg = r && parseSolicited(r.lines);
    if (reg !== undefined) regs[domain] = reg;
  }
  return summarize(regs);
}

export function registrationInfo(s: RegistrationSummary): Partial<ModemInfo> {
  const patch: Partial<ModemInfo> = {
    registration: s.status,
    registrationStats: s.stats,
    smsOnly: s.smsOnly,
  };
  if (s.act !== undefined) patch.act = actInfo(s.act);
  return patch;
}

export function actInfo(code: number): NonNullable<ModemInfo["act"]> {
  const generation = generationOf(code);
  const out: NonNullable<ModemInfo["act"]> = { code, name: actName(code) ?? `AcT ${code}` };
  if (generation !== undefined) out.generation = generation;
  return out;
}

/** Signal (AT+CSQ → dBm and percent). */
export async function refreshSignal(ctx: StepContext): Promise<void> {
  const r = await tolerant(ctx, "AT+CSQ");
  if (r === undefined) return;
  try {
    const q = parseCsq(r.lines);
    ctx.updateInfo({ signal: { rssi: q.rssi, dbm: q.dbm, percent: q.percent } });
  } catch {
    // unparsable: keep the last value
  }
}

/** Operator name and MCC/MNC (AT+COPS=3,2 then =3,0 for the long name). */
export async function refreshOperator(ctx: StepContext): Promise<void> {
  const op: NonNullable<ModemInfo["operator"]> = {};
  let act: number | undefined;
  if ((await tolerant(ctx, "AT+COPS=3,2")) !== undefined) {
    const r = await tolerant(ctx, "AT+COPS?");
    const parsed = parseOr(r?.lines);
    if (parsed?.mcc !== undefined) op.mcc = parsed.mcc;
    if (parsed?.mnc !== undefined) op.mnc = parsed.mnc;
    act = parsed?.act;
  }
  await tolerant(ctx, "AT+COPS=3,0");
  const parsed = parseOr((await tolerant(ctx, "AT+COPS?"))?.lines);
  if (parsed?.oper !== undefined && !/^\d+$/.test(parsed.oper)) op.name = parsed.oper;
  act ??= parsed?.act;
  const patch: Partial<ModemInfo> = { operator: op };
  if (act !== undefined && ctx.info.act === undefined) patch.act = actInfo(act);
  ctx.updateInfo(patch);
}

function parseOr(lines: readonly string[] | undefined) {
  if (lines === undefined) return undefined;
  try {
    return parseCops(lines);
  } catch {
    return undefined;
  }
}
