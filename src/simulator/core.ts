import type { EventEmitter } from "node:events";
import { SimCalls } from "./calls.js";
import { Inbound } from "./inbound.js";
import { LineReader } from "./line-reader.js";
import { Memories } from "./memories.js";
import { SimNetwork } from "./network.js";
import type { SimulatedModemOptions } from "./options.js";
import { SimPower } from "./power.js";
import { type Profile, profiles } from "./profiles.js";
import { cmeError, cmsError } from "./result-codes.js";
import { defaultCnmi, defaultSettings, type Settings } from "./settings.js";
import { SimCard } from "./sim-card.js";
import { SimSlot } from "./sim-slot.js";
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
import { SimUssd } from "./ussd.js";
import { Wire } from "./wire.js";

/**
 * The simulated module: its parts, each owning its state — power and boot (`power`), the SIM
 * as the module sees it (`sim`), the radio network (`network`), reception (`inbound`) — and
 * what they share: the AT settings, the UART, timing, and the small reply helpers handlers use.
 */
export class ModemCore {
  readonly profile: Profile;
  readonly timing: TimingConfig;
  readonly random: () => number;
  readonly scheduler = new Scheduler();
  readonly power: SimPower;
  readonly sim: SimSlot;
  readonly network: SimNetwork;
  readonly inbound: Inbound;
  /** The USSD dialogue with the network. */
  readonly ussd: SimUssd;
  /** Incoming voice calls (RING, +CLIP, ATH). */
  readonly calls: SimCalls;
  /** SM (the SIM's), and ME / SR when the options ask for them. */
  readonly memories: Memories;
  readonly wire: Wire;
  readonly reader: LineReader;
  readonly imei: string;
  settings: Settings;
  /** Next TP-MR handed out by AT+CMGS. */
  private nextMr: number;
  readonly sent: SentSms[] = [];
  readonly commands: string[] = [];
  /** Set by the modem: forgets the command in progress when power is lost. */
  onPowerReset: () => void = () => {};
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
    const card = new SimCard({
      ...(opts.pin !== undefined ? { pin: opts.pin } : {}),
      ...(opts.puk !== undefined ? { puk: opts.puk } : {}),
      ...(opts.imsi !== undefined ? { imsi: opts.imsi } : {}),
      ...(opts.iccid !== undefined ? { iccid: opts.iccid } : {}),
      capacity: opts.simCapacity ?? 30,
      firstIndex: this.profile.firstIndex,
      present: opts.simAbsent !== true,
    });
    this.power = new SimPower(this);
    this.sim = new SimSlot(this, card);
    this.network = new SimNetwork(this, {
      ...(opts.registration ?? {}),
      ...(opts.operator ? { operator: opts.operator } : {}),
    });
    this.inbound = new Inbound(this);
    this.ussd = new SimUssd(this);
    this.calls = new SimCalls(this);
    this.memories = new Memories(card, opts, this.profile.firstIndex);
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

  /** Power lost or reset: pending timers, the command in progress and every volatile setting. */
  forgetVolatile(): void {
    this.scheduler.reset();
    this.onPowerReset();
    this.reader.reset();
    this.sim.reset();
    this.network.reset();
    this.inbound.reset();
    this.ussd.reset();
    this.calls.reset();
    this.settings = this.freshSettings();
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
    if (!this.power.listening) return;
    this.reader.push(chunk);
  }

  /** Milliseconds for a timing entry, or a per-command override. */
  delay(d: Delay, command?: string): number {
    const override = command !== undefined ? this.timing.perCommand[command] : undefined;
    return override ?? pickDelay(d, this.random);
  }

  /** Writes raw bytes if the module can talk. */
  write(text: string | Buffer): void {
    if (!this.power.talking) return;
    this.wire.write(text);
  }

  /** An unsolicited result code: `\r\n<line>\r\n` (two-line URCs pass both lines). */
  urc(...lines: string[]): void {
    if (!this.power.listening) return;
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

  takeMessageReference(): number {
    const mr = this.nextMr;
    this.nextMr = (this.nextMr + 1) & 0xff;
    return mr;
  }
}
