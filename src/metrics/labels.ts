import type { ModemInfo, RegistrationStatus } from "../modem/modem.js";
import { KNOWN_CMS_CODES } from "../sms/cms-codes.js";

/**
 * Every label value a metric may carry comes from a closed set: a scrape's size stays bounded
 * whatever the modem or a client sends, and no phone number, IMSI, ICCID or IMEI can reach one.
 */

/** Registration as the metric shows it: the lifecycle's `unregistered` is Prometheus' `unknown`. */
export const REGISTRATION_LABELS = ["home", "roaming", "searching", "denied", "unknown"] as const;

export function registrationLabel(
  status: RegistrationStatus | undefined,
): (typeof REGISTRATION_LABELS)[number] {
  return status === undefined || status === "unregistered" ? "unknown" : status;
}

/**
 * Access technologies by 27.007 AcT: GPRS is not told apart from GSM by the AcT, and 2G-only
 * modules (SIM800) report none, so `unknown` is common on them.
 */
export const RAT_LABELS = ["gsm", "edge", "umts", "hspa", "lte", "nbiot", "nr", "unknown"] as const;
const RAT_BY_ACT: Record<number, (typeof RAT_LABELS)[number]> = {
  0: "gsm",
  1: "gsm",
  2: "umts",
  3: "edge",
  4: "hspa",
  5: "hspa",
  6: "hspa",
  7: "lte",
  8: "gsm",
  9: "nbiot",
  10: "lte",
  11: "nr",
  12: "nr",
  13: "nr",
};

export function ratLabel(act: ModemInfo["act"]): (typeof RAT_LABELS)[number] {
  return act === undefined ? "unknown" : (RAT_BY_ACT[act.code] ?? "unknown");
}

/** A `+CMS ERROR` code as a label: one the SMS layer knows, else `other`. */
export function cmsLabel(code: number | undefined): string {
  return code !== undefined && KNOWN_CMS_CODES.has(code) ? String(code) : "other";
}

/** Command names seen so far; past the cap, new ones are counted as `other`. */
export class BoundedNames {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  label(name: string): string {
    if (!/^[A-Z0-9&]{1,16}$/.test(name)) return "other";
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return "other";
    this.seen.add(name);
    return name;
  }
}

/** An HTTP status as its class: `2xx`, `4xx`, … */
export function codeClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

export const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
