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
    if (this.seen.has(name)) return name;
    if (!/^[A-Z0-9&]{1,16}$/.test(name)) return "other";
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

/** USSD outcomes as labels: the `+CUSD` verdicts and ours, `-` spelt `_`. */
export const USSD_RESULTS = [
  "done",
  "further_action",
  "terminated",
  "other_client",
  "not_supported",
  "timeout",
  "error",
] as const;

export function ussdLabel(status: string): (typeof USSD_RESULTS)[number] {
  const label = status.replaceAll("-", "_");
  return (USSD_RESULTS as readonly string[]).includes(label)
    ? (label as (typeof USSD_RESULTS)[number])
    : "error";
}

/** Currency symbols and words balance texts use, as ISO 4217 codes. */
const CURRENCY_CODES: Record<string, string> = {
  "€": "EUR",
  "£": "GBP",
  $: "USD",
  "₽": "RUB",
  руб: "RUB",
  "₹": "INR",
  "₺": "TRY",
  zł: "PLN",
};

/**
 * A balance's currency as a label: an ISO 4217 code as read (upper-cased), a known symbol as
 * its code, anything else `other` (the text comes from the network), none `unknown`.
 */
export function currencyLabel(currency: string | null): string {
  if (currency === null || currency.trim() === "") return "unknown";
  const c = currency.trim();
  if (/^[A-Za-z]{3}$/.test(c)) return c.toUpperCase();
  return CURRENCY_CODES[c.toLowerCase()] ?? CURRENCY_CODES[c] ?? "other";
}

/** What became of an incoming call, as `smsgw_calls_total` counts it. */
export const CALL_ACTIONS = ["rejected", "triggered", "ignored", "missed"] as const;

/**
 * A call's announced outcome as an action: `triggered` and `ignored` as such; other outcomes
 * (refused by a trigger's rules) and plain calls are counted only when they end (`missed`).
 */
export function callAction(outcome: string | undefined): "triggered" | "ignored" | undefined {
  return outcome === "triggered" || outcome === "ignored" ? outcome : undefined;
}
