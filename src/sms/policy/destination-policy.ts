import { SmsgwError } from "../../errors.js";
import type { NumberKind } from "../numbers.js";
import { type Country, countryByIso, nationalToInternational } from "./countries.js";
import { deniedRange } from "./deny-list.js";

/**
 * Where the gateway's SMS may go, checked for every send whatever door it came through:
 * short codes only when allowed, never a premium-rate, shared-cost or satellite range, and only
 * to allowed countries (by default the SIM's own). A refusal is `sms.destination-denied` with
 * `details.reason`: `short-code`, `denied-range`, `country` or `sim-country-unknown`.
 */
export interface DestinationPolicyOptions {
  /**
   * ISO 3166 alpha-2 codes (`DE`), calling codes (`+49`), `SIM` for the SIM's country, or `*`
   * for every country (the deny-list still applies).
   */
  allowedCountries: readonly string[];
  allowShortCodes: boolean;
}

export type DenialReason = "short-code" | "denied-range" | "country" | "sim-country-unknown";

export const defaultDestinationPolicy: DestinationPolicyOptions = {
  allowedCountries: ["SIM"],
  allowShortCodes: false,
};

/** Why an entry of `allowedCountries` is not one, or undefined when it is. */
export function allowedCountryProblem(entry: string): string | undefined {
  if (entry === "*" || entry === "SIM") return undefined;
  if (/^\+[1-9]\d{0,2}$/.test(entry)) return undefined;
  if (/^[A-Za-z]{2}$/.test(entry))
    return countryByIso(entry) === undefined
      ? `"${entry}" is not in the country table; give its calling code instead (e.g. "+49")`
      : undefined;
  return `"${entry}" is not a country: give an ISO code ("DE"), a calling code ("+49"), "SIM" or "*"`;
}

export class DestinationPolicy {
  constructor(
    private readonly opts: DestinationPolicyOptions,
    /** The SIM's country, once the modem told us its IMSI. */
    private readonly simCountry: () => Country | undefined,
  ) {}

  /** Throws `sms.destination-denied` unless `number` (normalised, of `kind`) may be sent to. */
  check(number: string, kind: NumberKind): void {
    if (kind === "short") {
      if (this.opts.allowShortCodes) return;
      throw denied(
        number,
        "short-code",
        "short codes are not allowed (sms.policy.allowShortCodes is false)",
      );
    }
    const sim = this.simCountry();
    const international =
      kind === "international"
        ? number
        : sim === undefined
          ? undefined
          : nationalToInternational(number, sim);
    const range = international === undefined ? undefined : deniedRange(international);
    if (range !== undefined)
      throw denied(number, "denied-range", `${range.what} (${range.prefix}…) is never sent to`, {
        prefix: range.prefix,
      });
    const allowed = this.opts.allowedCountries;
    if (allowed.includes("*")) return;
    const codes = new Set<string>();
    for (const entry of allowed) {
      if (entry === "SIM") {
        if (sim !== undefined) codes.add(sim.callingCode);
      } else if (entry.startsWith("+")) codes.add(entry.slice(1));
      else {
        const c = countryByIso(entry);
        if (c !== undefined) codes.add(c.callingCode);
      }
    }
    if (kind === "national") {
      // A national number is in the SIM's country.
      if (allowed.includes("SIM")) return;
      if (sim !== undefined && codes.has(sim.callingCode)) return;
    } else if ([...codes].some((code) => number.startsWith(`+${code}`))) return;
    if (sim === undefined && (allowed.includes("SIM") || kind === "national"))
      throw denied(
        number,
        "sim-country-unknown",
        "the SIM's country is not known yet (the modem has not been ready since the first start); name the allowed countries in sms.policy.allowedCountries",
      );
    throw denied(
      number,
      "country",
      `it is not in an allowed country (sms.policy.allowedCountries: ${allowed.join(", ")}${
        allowed.includes("SIM") && sim !== undefined ? `; the SIM is from ${sim.iso}` : ""
      })`,
    );
  }
}

function denied(
  number: string,
  reason: DenialReason,
  why: string,
  extra: Record<string, unknown> = {},
): SmsgwError {
  return new SmsgwError("sms.destination-denied", `"${number}" refused: ${why}`, {
    details: { reason, number, ...extra },
  });
}
