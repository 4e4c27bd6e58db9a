import { isSmsgwError } from "../../errors.js";
import type { AtRunner } from "../../modem/at/index.js";
import { parseCpms, parseCpmsTest, parseCsca } from "../../modem/at/index.js";
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

/**
 * AT+CPMS? → the first storage (where incoming SMS are read from) and how full it is; AT+CPMS=?
 * → which memories `modem.storage` may name.
 */
export async function readStorage(at: AtRunner): Promise<ModemReport["storage"]> {
  const answer = await lines(at, "AT+CPMS?");
  if (answer === undefined) return null;
  try {
    const slot = parseCpms(answer)[0];
    if (slot === undefined) return null;
    return {
      memory: slot.mem ?? slot.raw,
      used: slot.used,
      total: slot.total,
      choices: await storageChoices(at),
    };
  } catch {
    return null;
  }
}

const CONFIGURABLE = ["SM", "ME", "MT"];

/** Memories allowed for <mem1> (read) and <mem3> (receive) alike: the set-up selects all three. */
async function storageChoices(at: AtRunner): Promise<string[]> {
  const answer = await lines(at, "AT+CPMS=?");
  if (answer === undefined) return [];
  try {
    const slots = parseCpmsTest(answer).map((s) => s.map((m) => m.toUpperCase()));
    const read = slots[0] ?? [];
    const receive = slots[2] ?? read;
    return CONFIGURABLE.filter((m) => read.includes(m) && receive.includes(m));
  } catch {
    return [];
  }
}
