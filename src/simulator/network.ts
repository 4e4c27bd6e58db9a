import type { ModemCore } from "./core.js";

/**
 * The radio network as the simulated modem sees it: what a test sets (registration status,
 * access technology, operator, signal, clock, refused sends) and how the three registration
 * domains report it (27.007 §7.2 +CREG circuit-switched, §10.1.20 +CGREG GPRS, §10.1.22
 * +CEREG EPS), with the module's attach after SIM ready and its registration URCs.
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

/** 1 home, 5 roaming, 6/7 SMS-only, 9/10 CSFB not preferred: the cell serves us. */
export function isRegistered(stat: number): boolean {
  return [1, 5, 6, 7, 9, 10].includes(stat);
}

export class SimNetwork {
  private homeStat: number;
  private accessTech: number;
  private op: OperatorInfo;
  private signal: { rssi: number; ber: number };
  private readonly lac: string;
  private readonly ci: string;
  /** Per-domain status overriding the cell's (e.g. LTE-only: cs 0, eps 1). */
  private readonly override: Partial<Record<Domain, number>> = {};
  /**
   * The module's clock (AT+CCLK) as an offset from the host's, in ms; null = never set by
   * the network (no NITZ): the module then reports its power-on default in 2004.
   */
  private clockOffsetMs: number | null = 0;
  /** Time zone the network announces, in minutes east of UTC (quarter hours). */
  private clockZoneMinutes = 60;
  /** CMS codes for the next sends (failNextSend). */
  private readonly sendFailures: number[] = [];
  /** CMS code every send to a number answers until cleared; "*" stands for any number. */
  private readonly destinationFailures = new Map<string, number>();
  /** Network attach done since power-up (registration reported once attached). */
  private attached = false;
  /** Status last reported per domain (URCs only on change). */
  private readonly lastReg: Record<Domain, number> = { cs: 0, ps: 0, eps: 0 };

  constructor(
    private readonly core: ModemCore,
    opts: NetworkOptions,
  ) {
    this.homeStat = opts.stat ?? 1;
    this.accessTech = opts.act ?? core.profile.defaultAct;
    this.op = opts.operator ?? { name: "Telekom.de", mccMnc: "26201" };
    this.signal = { rssi: opts.rssi ?? 20, ber: opts.ber ?? 99 };
    this.lac = opts.lac ?? "1A2B";
    this.ci = opts.ci ?? (this.accessTech >= 7 ? "01A2B3C4" : "3C4D");
  }

  get act(): number {
    return this.accessTech;
  }
  get operator(): Readonly<OperatorInfo> {
    return this.op;
  }
  /** The cell's status once attached, before per-domain overrides. */
  get stat(): number {
    return this.homeStat;
  }

  // --- what a test sets ---------------------------------------------------------------

  setRegistration(stat: number, act?: number): void {
    this.homeStat = stat;
    if (act !== undefined) this.accessTech = act;
    this.changed();
  }

  setDomainRegistration(domain: Domain, stat: number | undefined): void {
    if (stat === undefined) delete this.override[domain];
    else this.override[domain] = stat;
    this.changed();
  }

  setSignal(rssi: number, ber: number): void {
    this.signal = { rssi, ber };
  }

  setOperator(name: string, mccMnc?: string): void {
    this.op = { name, mccMnc: mccMnc ?? this.op.mccMnc };
  }

  setClock(offsetMs: number | null, zoneMinutes: number): void {
    this.clockOffsetMs = offsetMs;
    this.clockZoneMinutes = zoneMinutes;
  }

  failNextSends(cmsCode: number, count: number): void {
    for (let i = 0; i < count; i++) this.sendFailures.push(cmsCode);
  }

  failSendsTo(to: string, cmsCode: number | null): void {
    if (cmsCode === null) this.destinationFailures.delete(to);
    else this.destinationFailures.set(to, cmsCode);
  }

  clearSendFailures(): void {
    this.destinationFailures.clear();
    this.sendFailures.length = 0;
  }

  /** The CMS code the network refuses this send with (one queued failure first), if any. */
  refusal(to: string): number | undefined {
    const injected = this.sendFailures.shift();
    if (injected !== undefined) return injected;
    return this.destinationFailures.get(to) ?? this.destinationFailures.get("*");
  }

  // --- what the module reports --------------------------------------------------------

  /** Effective registration status of a domain (what AT+CREG?/CGREG?/CEREG? says). */
  status(domain: Domain): number {
    const { core } = this;
    if (!core.power.poweredOn || core.settings.cfun !== 1) return 0;
    if (!core.sim.initialised || !core.sim.card.ready) return 0;
    if (!this.attached) return 2;
    const o = this.override[domain];
    if (o !== undefined) return o;
    // EPS registration exists only on an LTE cell (AcT 7+).
    if (domain === "eps" && this.accessTech < 7) return 0;
    return this.homeStat;
  }

  registeredAnywhere(): boolean {
    return this.core.profile.domains.some((d) => isRegistered(this.status(d)));
  }

  /** Solicited answer to AT+CREG? / +CGREG? / +CEREG?: `<n>,<stat>[,…]`. */
  queryLine(domain: Domain): string {
    const n = this.core.settings.regUrc[domain];
    const stat = this.status(domain);
    const details = n >= 2 ? this.details(domain, stat) : "";
    return `${domainCommand[domain]}: ${n},${stat}${details}`;
  }

  /** AT+CSQ: rssi and ber while the radio is on, 99,99 (unknown) otherwise. */
  signalLine(): string {
    const on = this.core.settings.cfun === 1;
    return `+CSQ: ${on ? this.signal.rssi : 99},${on ? this.signal.ber : 99}`;
  }

  /** `+CCLK: "yy/MM/dd,hh:mm:ss±zz"` (27.007 §8.15): local time and zone in quarter hours. */
  clockLine(): string {
    const set = this.clockOffsetMs !== null;
    const zone = this.clockZoneMinutes;
    const ms = set ? Date.now() + (this.clockOffsetMs ?? 0) : Date.UTC(2004, 0, 1);
    const d = new Date(ms + (set ? zone * 60_000 : 0));
    const two = (v: number) => String(v).padStart(2, "0");
    const q = set ? Math.round(zone / 15) : 0;
    const tz = `${q < 0 ? "-" : "+"}${two(Math.abs(q))}`;
    const text = `${two(d.getUTCFullYear() % 100)}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())},${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${tz}`;
    return `+CCLK: "${text}"`;
  }

  // --- the module's attach ------------------------------------------------------------

  /** Starts network attach after SIM ready / radio on (register delay). */
  attach(): void {
    const { core } = this;
    this.attached = false;
    this.report();
    if (core.settings.cfun !== 1 || !core.sim.card.ready) return;
    core.scheduler.after(core.delay(core.timing.register), () => {
      if (core.settings.cfun !== 1 || !core.sim.card.ready) return;
      this.attached = true;
      this.report();
      core.inbound.flush();
    });
  }

  /** Radio off or SIM gone: registration lost. */
  detach(): void {
    this.attached = false;
    this.report();
  }

  /** Started in the "already running" state: attached at once when the SIM is ready. */
  assumeAttached(attached: boolean): void {
    this.attached = attached;
    this.report();
  }

  /** Power lost: not attached, and nothing reported yet. */
  reset(): void {
    this.attached = false;
    this.lastReg.cs = 0;
    this.lastReg.ps = 0;
    this.lastReg.eps = 0;
  }

  /** Emits +CREG/+CGREG/+CEREG URCs for domains whose status changed (when enabled). */
  report(): void {
    const { core } = this;
    for (const d of core.profile.domains) {
      const stat = this.status(d);
      if (stat === this.lastReg[d]) continue;
      this.lastReg[d] = stat;
      const n = core.settings.regUrc[d];
      if (n >= 1) {
        const details = n >= 2 ? this.details(d, stat) : "";
        core.urc(`${domainCommand[d]}: ${stat}${details}`);
      }
    }
    core.events.emit("registration", this.status(core.profile.domains.at(-1) ?? "cs"));
  }

  /** A test changed the cell: report it, and hand over what the network held back. */
  private changed(): void {
    this.report();
    this.core.inbound.flush();
  }

  private details(domain: Domain, stat: number): string {
    if (!isRegistered(stat)) return "";
    const act = this.core.profile.regShowsAct || domain === "eps" ? `,${this.accessTech}` : "";
    return `,"${this.lac}","${this.ci}"${act}`;
  }
}
