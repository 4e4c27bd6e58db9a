import type { Urc } from "../at/types.js";
import { generic } from "../profiles/profiles.js";
import type { ModemProfile } from "../profiles/types.js";
import type { MachineEvent } from "./types.js";

/**
 * URCs that matter to the lifecycle. `RDY` means the module has just started; a power-down line
 * that it is gone; later boot lines (`Call Ready`, `+CFUN: 1`, `SMS DONE`) out of context only
 * that it may have restarted without `RDY` (SIM800 with autobaud prints none), so they ask for
 * a check rather than a full restart.
 */
export function urcEvent(u: Urc, profile: ModemProfile): MachineEvent | undefined {
  const line = u.line.trim();
  const upper = line.toUpperCase();
  if (profile.restartUrcs.includes(upper) || generic.restartUrcs.includes(upper))
    return { type: "restart-urc" };
  if (profile.isPowerDownUrc(line) || generic.isPowerDownUrc(line))
    return { type: "power-down-urc" };
  if (profile.bootUrcs.includes(upper) || generic.bootUrcs.includes(upper))
    return { type: "boot-urc" };
  if (/^\+CPIN:\s*"?NOT (INSERTED|READY)/i.test(line)) return { type: "boot-urc" };
  return undefined;
}
