import { isSmsgwError } from "../../errors.js";
import { parseCpms, parseCsca } from "../../modem/at/parsers/index.js";
import type { AtRunner } from "../../modem/at/types.js";
import type { ModemReport } from "../types.js";
import { ask, lines } from "./query.js";

export interface SmscAnswer {
  smsc: string | null;
  /** True when the modem says there is none (`+CMS ERROR: 330`, or an empty number). */
  missing: boolean;
}

/** AT+CSCA? → the SMS service centre the SIM holds. */
export async function readSmsc(at: AtRunner): Promise<SmscAnswer> {
  const a = await ask(at, "AT+CSCA?");
  if (!a.ok) {
    // 27.005 §3.2.5: 330 "SMSC address unknown".
    const missing = isSmsgwError(a.error) && a.error.details.cms === 330;
    return { smsc: null, missing };
  }
  try {
    const { number } = parseCsca(a.lines);
    return number === "" ? { smsc: null, missing: true } : { smsc: number, missing: false };
  } catch {
    return { smsc: null, missing: false };
  }
}

/** AT+CPMS? → the first storage (where incoming SMS are read from) and how full it is. */
export async function readStorage(at: AtRunner): Promise<ModemReport["storage"]> {
  const answer = await lines(at, "AT+CPMS?");
  if (answer === undefined) return null;
  try {
    const slot = parseCpms(answer)[0];
    if (slot === undefined) return null;
    return { memory: slot.mem ?? slot.raw, used: slot.used, total: slot.total };
  } catch {
    return null;
  }
}
