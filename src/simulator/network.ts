/**
 * The radio network as the simulated modem sees it: what a test sets (registration status,
 * access technology, operator, signal) and how the three registration domains report it
 * (27.007 §7.2 +CREG circuit-switched, §10.1.20 +CGREG GPRS, §10.1.22 +CEREG EPS).
 */

export type Domain = "cs" | "ps" | "eps";
export const domainCommand: Record<Domain, "+CREG" | "+CGREG" | "+CEREG"> = {
  cs: "+CREG",
  ps: "+CGREG",
  eps: "+CEREG",
};

export interface OperatorInfo {
  name: string;
  /** MCC+MNC, e.g. "26201". */
  mccMnc: string;
}

export interface NetworkOptions {
  /** Registration status once attached (27.007 <stat>: 1 home, 5 roaming, …). Default 1. */
  stat?: number;
  act?: number;
  operator?: OperatorInfo;
  /** AT+CSQ rssi 0–31 (99 unknown). Default 20 (≈ −73 dBm). */
  rssi?: number;
  ber?: number;
  lac?: string;
  ci?: string;
}

export class Network {
  stat: number;
  act: number;
  operator: OperatorInfo;
  rssi: number;
  ber: number;
  lac: string;
  ci: string;
  /** Per-domain status overriding `stat` (e.g. LTE-only: cs 0, eps 1). */
  readonly override: Partial<Record<Domain, number>> = {};
  /**
   * The module's clock (AT+CCLK) as an offset from the host's, in ms; null = never set by
   * the network (no NITZ): the module then reports its power-on default in 2004.
   */
  clockOffsetMs: number | null = 0;
  /** Time zone the network announces, in minutes east of UTC (quarter hours). */
  clockZoneMinutes = 60;

  constructor(opts: NetworkOptions, defaultAct: number) {
    this.stat = opts.stat ?? 1;
    this.act = opts.act ?? defaultAct;
    this.operator = opts.operator ?? { name: "Telekom.de", mccMnc: "26201" };
    this.rssi = opts.rssi ?? 20;
    this.ber = opts.ber ?? 99;
    this.lac = opts.lac ?? "1A2B";
    this.ci = opts.ci ?? (this.act >= 7 ? "01A2B3C4" : "3C4D");
  }

  /** Status a domain reports while the radio is on, the SIM ready and the modem attached. */
  attachedStat(domain: Domain): number {
    const o = this.override[domain];
    if (o !== undefined) return o;
    // EPS registration exists only on an LTE cell (AcT 7+).
    if (domain === "eps" && this.act < 7) return 0;
    return this.stat;
  }
}

/** 1 home, 5 roaming, 6/7 SMS-only, 9/10 CSFB not preferred: the cell serves us. */
export function isRegistered(stat: number): boolean {
  return [1, 5, 6, 7, 9, 10].includes(stat);
}
