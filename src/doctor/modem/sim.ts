import type { AtRunner } from "../../modem/at/index.js";
import { parseCpin } from "../../modem/at/index.js";
import { cmeOf, cmeText } from "../../modem/lifecycle/errors.js";
import { profileByName } from "../../modem/profiles/index.js";
import type { ModemReport, SimState } from "../types.js";
import { ask } from "./query.js";

/**
 * AT+CPIN? → the SIM state. No SIM, SIM busy and SIM failure are errors on the wire
 * (`+CME ERROR: 10/14/13`, or their CMEE=2 texts), not values.
 */
export async function readSim(at: AtRunner, profileId: string): Promise<ModemReport["sim"]> {
  const a = await ask(at, { command: "AT+CPIN?", expect: "+CPIN:", timeoutMs: 5000 });
  const state: SimState = a.ok ? fromCpin(parseCpin(a.lines)) : fromError(a.error);
  const pinRequired = state === "pin-required" || state === "puk-required";
  const pinAttemptsLeft = pinRequired ? await attemptsLeft(at, profileId) : null;
  return { state, pinRequired, pinAttemptsLeft };
}

function fromCpin(code: string): SimState {
  switch (code) {
    case "READY":
      return "ready";
    case "SIM PIN":
      return "pin-required";
    case "SIM PUK":
      return "puk-required";
    case "NOT INSERTED":
      return "absent";
    case "NOT READY":
      return "busy";
    default:
      // PH-* network/operator locks and anything unknown: the SIM is not usable as it is.
      return "unknown";
  }
}

function fromError(err: unknown): SimState {
  const code = cmeOf(err);
  const text = cmeText(err);
  if (code === 10 || text.includes("NOT INSERTED")) return "absent";
  if (code === 12 || text.includes("PUK REQUIRED")) return "puk-required";
  if (code === 11 || text.includes("PIN REQUIRED")) return "pin-required";
  if (code === 13 || code === 15 || text.includes("SIM FAILURE") || text.includes("SIM WRONG"))
    return "failure";
  if (code === 14 || text.includes("BUSY")) return "busy";
  return "unknown";
}

/** The profile's counter commands, best first; null when none answers. */
async function attemptsLeft(at: AtRunner, profileId: string): Promise<number | null> {
  const profile = profileByName(profileId) ?? profileByName("generic");
  for (const counter of profile?.pinCounters ?? []) {
    const a = await ask(at, counter.command);
    if (!a.ok) continue;
    const n = counter.parse(a.lines);
    if (n?.pin !== undefined) return n.pin;
  }
  return null;
}
