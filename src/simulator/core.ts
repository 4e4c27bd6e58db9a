import type { EventEmitter } from "node:events";
import { LineReader } from "./line-reader.js";
import { Memories } from "./memories.js";
import { type Domain, domainCommand, isRegistered, Network } from "./network.js";
import type { SimulatedModemOptions } from "./options.js";
import { type Profile, profiles } from "./profiles.js";
import { cmeError, cmsError } from "./result-codes.js";
import { defaultCnmi, defaultSettings, type Settings } from "./settings.js";
import { SimCard } from "./sim-card.js";
import type { SimStorage } from "./sim-storage.js";
import {
  type Delay,
  pickDelay,
  resolveTiming,
  Scheduler,
  seededRandom,
  type TimingConfig,
} from "./timing.js";
import type { Reply, SentSms, SimulatedModemEvents } from "./types.js";
import { Wire } from "./wire.js";

/**
 * The simulated module's state and the small helpers every part uses (writing URCs, result
 * codes, registration reporting). Power, command dispatch and injection live in their own
 * files and work on this object.
 */
export class ModemCore {
  readonly profile: Profile;
  readonly timing: TimingConfig;
  readonly random: () => number;
  readonly scheduler = new Scheduler();
  readonly sim: SimCard;
  /** SM (the SIM's), and ME / SR when the options ask for them. */
  readonly memories: Memories;
  readonly network: Network;
  readonly wire: Wire;
  readonly reader: LineReader;
  readonly imei: string;
  settings: Settings;

  /** Power applied (true while booting too). */
  poweredOn = false;
  /** UART answers (after the profile's first boot step, e.g. RDY). */
  uartReady = false;
  /** SIM has been read after power-up (before that SIM commands say busy). */
  simInitialised = false;
  /** The profile's SMS-ready URC has been printed. */
  smsReady = false;
  /** Network attach done (registration reported once attached). */
  attached = false;
  /** Firmware hung: no echo, no answers, no URCs. */
  hung = false;
  /** Next TP-MR handed out by AT+CMGS. */
  nextMr: number;
  readonly sent: SentSms[] = [];
  readonly commands: string[] = [];
  /** CMS codes for the next sends (failNextSend). */
  readonly sendFailures: number[] = [];
  /** CMS code every send to a number answers until cleared; "*" stands for any number. */
  readonly destinationFailures = new Map<string, number>();
  /** Inbound PDUs the network still holds (modem off, SIM full, not registered). */
  readonly networkQueue: string[] = [];
  /** +CMT/+CDS waiting for AT+CNMA (only with AT+CSMS=1). */
  cnmaPending = 0;
  /** Set by the modem: called when inbound SMS held by the network may now be delivered. */
  hooks: { smsPossible: () => void; reset: () => void } = {
    smsPossible: () => {},
    reset: () => {},
  };
  /** A power-down has begun (URC pending). */
  shuttingDown = false;
  private readonly lastReg: Record<Domain, number> = { cs: 0, ps: 0, eps: 0 };
  private readonly cnmiDefault;
  private readonly smscDefault: string;

  constructor(
    readonly opts: SimulatedModemOptions,
    readonly events: EventEmitter<SimulatedModemEvents>,
    onLine: (text: string, overflow: boolean) => void,
    onData: (text: string, end: "submit" | "cancel") => void,
  ) {
    const base = profiles[opts.profile ?? "SIM800"];
    this.profile = opts.prompt !== undefined ? { ...base, prompt: opts.prompt } : base;
    this.timing = resolveTiming(opts.timing);
    this.random = seededRandom(opts.seed ?? 1);
    this.imei = opts.imei ?? "861234567890128";
    this.sim = new SimCard({
      ...(opts.pin !== undefined ? { pin: opts.pin } : {}),
      ...(opts.puk !== undefined ? { puk: opts.puk } : {}),
      ...(opts.imsi !== undefined ? { imsi: opts.imsi } : {}),
      ...(opts.iccid !== undefined ? { iccid: opts.iccid } : {}),
      capacity: opts.simCapacity ?? 30,
      firstIndex: this.profile.firstIndex,
    });
    if (opts.simAbsent === true) this.sim.present = false;
    this.memories = new Memories(this.sim, opts, this.profile.firstIndex);
    this.network = new Network(
      { ...(opts.registration ?? {}), ...(opts.operator ? { operator: opts.operator } : {}) },
      this.profile.defaultAct,
    );
    this.nextMr = (opts.firstMessageReference ?? 1) & 0xff;
    this.cnmiDefault = { ...defaultCnmi, ...(opts.cnmi ?? {}) };
    this.smscDefault = opts.smsc ?? "+491710760000";
    this.settings = this.freshSettings();
    this.wire = new Wire((chunk) => this.input(chunk));
    this.reader = new LineReader({
      echoEnabled: () => this.settings.echo,
      echo: (bytes) => this.wire.write(bytes),
      line: onLine,
      data: onData,
    });
  }

  freshSettings(): Settings {
    return defaultSettings(
      this.profile,
      this.cnmiDefault,
      this.smscDefault,
      this.memories.defaultCpms(),
    );
  }

  /** AT+CPMS <mem1>: the memory AT+CMGR/CMGL/CMGD act on. */
  get readMemory(): SimStorage {
    return this.memories.storage(this.settings.cpms[0]);
  }

  /** AT+CPMS <mem2>: the memory AT+CMGW writes to. */
  get writeMemory(): SimStorage {
    return this.memories.storage(this.settings.cpms[1]);
  }

  private input(chunk: Buffer): void {
    this.events.emit("rx", chunk);
    // A module that is off, still booting, or hung does not read its UART.
    if (!this.poweredOn || !this.uartReady || this.hung) return;
    this.reader.push(chunk);
  }

  /** Milliseconds for a timing entry, or a per-command override. */
  delay(d: Delay, command?: string): number {
    const override = command !== undefined ? this.timing.perCommand[command] : undefined;
    return override ?? pickDelay(d, this.random);
  }

  /** Writes raw bytes if the module can talk. */
  write(text: string | Buffer): void {
    if (!this.poweredOn || this.hung) return;
    this.wire.write(text);
  }

  /** An unsolicited result code: `\r\n<line>\r\n` (two-line URCs pass both lines). */
  urc(...lines: string[]): void {
    if (!this.poweredOn || !this.uartReady || this.hung) return;
    this.wire.write(`\r\n${lines.join("\r\n")}\r\n`);
    this.events.emit("urc", lines[0]!, lines[1]);
  }

  ok(...lines: string[]): Reply {
    return { lines, final: "OK" };
  }

  error(): Reply {
    return { lines: [], final: "ERROR" };
  }

  cme(code: number): Reply {
    return { lines: [], final: cmeError(code, this.settings.cmee) };
  }

  cms(code: number): Reply {
    return { lines: [], final: cmsError(code, this.settings.cmee) };
  }

  /** Parameter error: +CME ERROR: 50 (27.007 "incorrect parameters"). */
  badArgs(): Reply {
    return this.cme(50);
  }

  /** Error reply when the SIM can't serve a request, or null when it can. */
  simError(kind: "cme" | "cms"): Reply | null {
    const status = this.simInitialised ? this.sim.status : this.sim.present ? "busy" : "absent";
    const codes: Record<string, [number, number]> = {
      absent: [10, 310],
      busy: [14, 314],
      "SIM PIN": [11, 311],
      "SIM PUK": [12, 316],
      blocked: [13, 313],
    };
    const pair = codes[status];
    if (pair === undefined) return null;
    return kind === "cme" ? this.cme(pair[0]) : this.cms(pair[1]);
  }

  /** SMS commands need the SIM and the profile's SMS-ready point (SIM800 quirk: ERROR). */
  smsError(): Reply | null {
    const sim = this.simError("cms");
    if (sim !== null) return sim;
    if (!this.smsReady) return { lines: [], final: this.profile.smsNotReady };
    return null;
  }

  // --- registration ------------------------------------------------------------------

  regStat(domain: Domain): number {
    if (!this.poweredOn || this.settings.cfun !== 1) return 0;
    if (!this.simInitialised || !this.sim.ready) return 0;
    if (!this.attached) return 2;
    return this.network.attachedStat(domain);
  }

  registeredAnywhere(): boolean {
    return this.profile.domains.some((d) => isRegistered(this.regStat(d)));
  }

  private regDetails(domain: Domain, stat: number): string {
    if (!isRegistered(stat)) return "";
    const act = this.profile.regShowsAct || domain === "eps" ? `,${this.network.act}` : "";
    return `,"${this.network.lac}","${this.network.ci}"${act}`;
  }

  /** Solicited answer to AT+CREG? / +CGREG? / +CEREG?: `<n>,<stat>[,…]`. */
  regQueryLine(domain: Domain): string {
    const n = this.settings.regUrc[domain];
    const stat = this.regStat(domain);
    const details = n >= 2 ? this.regDetails(domain, stat) : "";
    return `${domainCommand[domain]}: ${n},${stat}${details}`;
  }

  /** Emits +CREG/+CGREG/+CEREG URCs for domains whose status changed (when enabled). */
  updateRegistration(): void {
    for (const d of this.profile.domains) {
      const stat = this.regStat(d);
      if (stat === this.lastReg[d]) continue;
      this.lastReg[d] = stat;
      const n = this.settings.regUrc[d];
      if (n >= 1) {
        const details = n >= 2 ? this.regDetails(d, stat) : "";
        this.urc(`${domainCommand[d]}: ${stat}${details}`);
      }
    }
    this.events.emit("registration", this.regStat(this.profile.domains.at(-1) ?? "cs"));
  }

  /** Forget reported registration (after a power loss nothing was reported yet). */
  resetRegistrationMemory(): void {
    this.lastReg.cs = 0;
    this.lastReg.ps = 0;
    this.lastReg.eps = 0;
  }

  /** Starts network attach after SIM ready / radio on (register delay). */
  startAttach(): void {
    this.attached = false;
    this.updateRegistration();
    if (this.settings.cfun !== 1 || !this.sim.ready) return;
    this.scheduler.after(this.delay(this.timing.register), () => {
      if (this.settings.cfun !== 1 || !this.sim.ready) return;
      this.attached = true;
      this.updateRegistration();
      this.hooks.smsPossible();
    });
  }

  takeMessageReference(): number {
    const mr = this.nextMr;
    this.nextMr = (this.nextMr + 1) & 0xff;
    return mr;
  }
}
