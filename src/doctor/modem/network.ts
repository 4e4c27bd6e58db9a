import type { AtRunner } from "../../modem/at/index.js";
import { parseCops, parseCsq, type Registration } from "../../modem/at/index.js";
import {
  actName,
  DOMAIN_COMMAND,
  generationOf,
  parseSolicited,
  summarize,
} from "../../modem/lifecycle/network.js";
import { profileByName } from "../../modem/profiles/index.js";
import type { RegDomain } from "../../modem/profiles/types.js";
import type { AccessTechnologyReport, ModemReport } from "../types.js";
import { lines } from "./query.js";

/**
 * Registration in every domain the module has (+CREG, +CGREG, +CEREG: LTE-only modules
 * register only on EPS), summarised as the lifecycle does. The access
 * technology comes from the registered domain, else from +COPS (`copsAct`).
 */
export async function readRegistration(
  at: AtRunner,
  profileId: string,
  copsAct: number | undefined,
): Promise<ModemReport["registration"]> {
  const profile = profileByName(profileId);
  const domains: readonly RegDomain[] = profile?.domains ?? ["cs", "ps", "eps"];
  const regs: Partial<Record<RegDomain, Registration>> = {};
  for (const domain of domains) {
    const answer = await lines(at, `AT${DOMAIN_COMMAND[domain]}?`);
    const reg = answer && parseSolicited(answer);
    if (reg !== undefined) regs[domain] = reg;
  }
  const s = summarize(regs);
  const registered = s.status === "home" || s.status === "roaming";
  let accessTechnology: AccessTechnologyReport | null = null;
  const act = s.act ?? copsAct;
  if (registered && act !== undefined) accessTechnology = technology(act, false);
  // SIM800 shows no AcT anywhere (no field in +CREG/+COPS): a 2G-only module is on GSM.
  else if (registered && profile?.only2g === true) accessTechnology = technology(0, true);
  return { state: s.status, domain: s.domain ?? null, smsOnly: s.smsOnly, accessTechnology };
}

function technology(code: number, inferred: boolean): AccessTechnologyReport {
  return {
    code,
    name: actName(code) ?? `AcT ${code}`,
    generation: generationOf(code) ?? null,
    inferred,
  };
}

export interface OperatorAnswer {
  operator: ModemReport["operator"];
  act: number | undefined;
}

/**
 * Operator name and MCC/MNC: AT+COPS=3,2 for the numeric form, then back to =3,0 (the
 * default) for the long name. `+COPS: 0` alone means not registered.
 */
export async function readOperator(at: AtRunner): Promise<OperatorAnswer> {
  let mcc: string | null = null;
  let mnc: string | null = null;
  let act: number | undefined;
  if ((await lines(at, "AT+COPS=3,2")) !== undefined) {
    const numeric = cops(await lines(at, "AT+COPS?"));
    mcc = numeric?.mcc ?? null;
    mnc = numeric?.mnc ?? null;
    act = numeric?.act;
  }
  await lines(at, "AT+COPS=3,0");
  const named = cops(await lines(at, "AT+COPS?"));
  act ??= named?.act;
  const name = named?.oper !== undefined && !/^\d+$/.test(named.oper) ? named.oper : null;
  if (name === null && mcc === null) return { operator: null, act };
  return { operator: { name, mcc, mnc }, act };
}

function cops(answer: string[] | undefined): ReturnType<typeof parseCops> | undefined {
  if (answer === undefined) return undefined;
  try {
    return parseCops(answer);
  } catch {
    return undefined;
  }
}

/** AT+CSQ → rssi, dBm (27.007 §8.5), percent; 99 (unknown) gives nulls. */
export async function readSignal(at: AtRunner): Promise<ModemReport["signal"]> {
  const answer = await lines(at, "AT+CSQ");
  if (answer === undefined) return null;
  try {
    const q = parseCsq(answer);
    return { rssi: q.rssi, dbm: q.dbm, percent: q.percent };
  } catch {
    return null;
  }
}
