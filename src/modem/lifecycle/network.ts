import { parseRegistration, type Registration } from "../at/parsers/index.js";
import type { RegDomain } from "../profiles/types.js";
import type { RegistrationStatus } from "./types.js";

export const DOMAIN_COMMAND: Record<RegDomain, "+CREG" | "+CGREG" | "+CEREG"> = {
  cs: "+CREG",
  ps: "+CGREG",
  eps: "+CEREG",
};

export function domainOf(urcName: string): RegDomain | undefined {
  switch (urcName.toUpperCase()) {
    case "+CREG":
      return "cs";
    case "+CGREG":
      return "ps";
    case "+CEREG":
      return "eps";
    default:
      return undefined;
  }
}

const HOME = new Set([1, 6, 9]);
const ROAMING = new Set([5, 7, 10]);

export interface RegistrationSummary {
  status: RegistrationStatus;
  /** Domain that carries the registration (LTE-only modules: eps while +CREG stays 0). */
  domain?: RegDomain;
  smsOnly: boolean;
  /** 27.007 AcT of the registered domain, when it said. */
  act?: number;
  stats: Partial<Record<RegDomain, number>>;
}

/**
 * One verdict from the domains: registered in any of CS, EPS (LTE-only modules register only
 * there) or PS; home beats roaming; else denied beats searching beats nothing.
 */
export function summarize(regs: Partial<Record<RegDomain, Registration>>): RegistrationSummary {
  const stats: Partial<Record<RegDomain, number>> = {};
  for (const [d, r] of Object.entries(regs) as Array<[RegDomain, Registration]>) stats[d] = r.stat;
  const order: RegDomain[] = ["cs", "eps", "ps"];
  for (const want of [HOME, ROAMING]) {
    for (const domain of order) {
      const r = regs[domain];
      if (r === undefined || !want.has(r.stat)) continue;
      const out: RegistrationSummary = {
        status: want === HOME ? "home" : "roaming",
        domain,
        smsOnly: r.stat === 6 || r.stat === 7,
        stats,
      };
      const act = r.act ?? order.map((d) => regs[d]?.act).find((a) => a !== undefined);
      if (act !== undefined) out.act = act;
      return out;
    }
  }
  const all = Object.values(regs);
  const status: RegistrationStatus = all.some((r) => r.stat === 3)
    ? "denied"
    : all.some((r) => r.stat === 2)
      ? "searching"
      : "unregistered";
  return { status, smsOnly: false, stats };
}

/** Parse one solicited answer line; undefined when the modem gave nothing usable. */
export function parseSolicited(lines: readonly string[]): Registration | undefined {
  for (const line of lines) {
    try {
      return parseRegistration(line, { solicited: true });
    } catch {
      // try the next line
    }
  }
  return undefined;
}

export function parseUrcLine(line: string): Registration | undefined {
  try {
    return parseRegistration(line, { solicited: false });
  } catch {
    return undefined;
  }
}

/** 27.007 AcT → generation, for the MQTT modem topic and the 2G warning. */
export function generationOf(act: number | undefined): "2G" | "3G" | "4G" | "5G" | undefined {
  if (act === undefined) return undefined;
  if ([0, 1, 3, 8].includes(act)) return "2G";
  if ([2, 4, 5, 6].includes(act)) return "3G";
  if ([7, 9, 10].includes(act)) return "4G";
  if ([11, 12, 13].includes(act)) return "5G";
  return undefined;
}

const ACT_NAMES = [
  "GSM",
  "GSM Compact",
  "UTRAN",
  "EDGE",
  "HSDPA",
  "HSUPA",
  "HSPA",
  "LTE",
  "EC-GSM-IoT",
  "NB-IoT",
  "LTE (5GCN)",
  "NR (5GCN)",
  "NG-RAN",
  "EN-DC",
];

export function actName(act: number | undefined): string | undefined {
  return act === undefined ? undefined : ACT_NAMES[act];
}

/** Quick verdict from URC-reported stats (the full check in registration.ts follows it). */
export function urcStatus(stats: Partial<Record<RegDomain, number>>): RegistrationStatus {
  const values = Object.values(stats);
  if (values.some((s) => s === 1 || s === 6 || s === 9)) return "home";
  if (values.some((s) => s === 5 || s === 7 || s === 10)) return "roaming";
  if (values.some((s) => s === 3)) return "denied";
  if (values.some((s) => s === 2)) return "searching";
  return "unregistered";
}
