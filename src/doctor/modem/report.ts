import type { AtRunner } from "../../modem/at/index.js";
import type { ModemReport } from "../types.js";
import { maskImei, readIdentity } from "./identity.js";
import { readOperator, readRegistration, readSignal } from "./network.js";
import { lines } from "./query.js";
import { readSim } from "./sim.js";
import { readSmsc, readStorage } from "./sms.js";

export interface ModemReading {
  report: ModemReport;
  /** The modem said it has no SMSC (not merely that it would not tell). */
  smscMissing: boolean;
}

/**
 * Everything the doctor asks a modem that answers `AT`. Read-only except for two settings
 * the gateway sets anyway: numeric errors (AT+CMEE=1, so "no SIM" is `+CME ERROR: 10` and not
 * a bare `ERROR`) and the +COPS format (left at the default, long names).
 */
export async function readModemReport(at: AtRunner): Promise<ModemReading> {
  await lines(at, "AT+CMEE=1");
  const id = await readIdentity(at);
  const sim = await readSim(at, id.profile);
  const { operator, act } = await readOperator(at);
  const registration = await readRegistration(at, id.profile, act);
  const signal = await readSignal(at);
  const { smsc, missing } = await readSmsc(at);
  const storage = await readStorage(at);
  return {
    report: {
      manufacturer: id.manufacturer,
      model: id.model,
      firmware: id.firmware,
      imei: id.imei === null ? null : maskImei(id.imei),
      profile: id.profile,
      sim,
      registration,
      operator,
      signal,
      smsc,
      storage,
    },
    smscMissing: missing,
  };
}
