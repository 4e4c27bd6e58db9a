import { EventEmitter } from "node:events";
import type net from "node:net";
import type { Duplex } from "node:stream";
import type { OpenTransport } from "../modem/transport/types.js";
import { encodeDeliver } from "../sms/pdu/index.js";
import {
  Behaviours,
  type CommandMatcher,
  matches,
  type ReplySpec,
  replyAction,
} from "./behaviours.js";
import { ModemCore } from "./core.js";
import { type DeliverSmsOptions, planDelivery } from "./delivery-plan.js";
import { Dispatcher } from "./dispatcher.js";
import { defaultHandlers } from "./handlers/index.js";
import type { Memories } from "./memories.js";
import type { Domain, SimNetwork } from "./network.js";
import type { SimulatedModemOptions } from "./options.js";
import { createPortPair } from "./port-pair.js";
import { Pwrkey } from "./power.js";
import type { Profile } from "./profiles.js";
import type { Settings } from "./settings.js";
import type { SimCard } from "./sim-card.js";
import { listenTcp } from "./tcp-server.js";
import type { SentSms, SimulatedModemEvents } from "./types.js";
import type { SimUssdAnswer } from "./ussd.js";

/**
 * A virtual GSM/LTE module with the same wire as the real one: echo, prompts,
 * boot URCs, SIM, registration, SIM storage, PDU sends, and faults a test injects.
 *
 * Events: see `SimulatedModemEvents`.
 */
export class SimulatedModem extends EventEmitter<SimulatedModemEvents> {
  private readonly core: ModemCore;
  private readonly behaviours = new Behaviours();
  private readonly dispatcher: Dispatcher;
  private readonly pwrkey: Pwrkey;
  private readonly servers = new Set<net.Server>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private savedStat: number | undefined;

  /** Convenience for code that takes an OpenTransport: each call opens a new in-process port. */
  readonly transport: OpenTransport = () => Promise.resolve(this.openPort());

  constructor(opts: SimulatedModemOptions = {}) {
    super();
    this.core = new ModemCore(
      opts,
      this,
      (text, overflow) => this.dispatcher.line(text, overflow),
      (text, end) => this.dispatcher.data(text, end),
    );
    this.dispatcher = new Dispatcher(this.core, defaultHandlers, this.behaviours, () =>
      this.core.power.reboot(),
    );
    this.core.onPowerReset = () => this.dispatcher.reset();
    this.pwrkey = new Pwrkey(this.core.power, this.core.profile);
    if (opts.poweredOn !== false) this.core.power.alreadyOn();
  }

  // --- connections ----------------------------------------------------------------------

  /** The host end of a new in-process serial line (what a transport returns). */
  openPort(): Duplex {
    const [host, device] = createPortPair();
    this.core.wire.attach(device);
    return host;
  }

  /** Connects any byte stream (socket, PTY bridge) to the modem's UART. */
  attach(stream: Duplex): void {
    this.core.wire.attach(stream);
  }

  async listenTcp(host = "127.0.0.1", port = 0): Promise<net.Server> {
    const server = await listenTcp((s) => this.attach(s), host, port);
    this.servers.add(server);
    server.on("close", () => this.servers.delete(server));
    return server;
  }

  /** Stops everything: timers, connections, servers. */
  async close(): Promise<void> {
    this.pwrkey.cancel();
    this.core.scheduler.reset();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.core.wire.closeAll();
    await Promise.all(
      [...this.servers].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    );
  }

  // --- state ----------------------------------------------------------------------------

  get profile(): Profile {
    return this.core.profile;
  }
  get poweredOn(): boolean {
    return this.core.power.poweredOn;
  }
  get smsReady(): boolean {
    return this.core.sim.smsReady;
  }
  get settings(): Readonly<Settings> {
    return this.core.settings;
  }
  get sim(): SimCard {
    return this.core.sim.card;
  }
  /** Message memories: SM (= `sim.storage`), and ME / SR when the options ask for them. */
  get memories(): Memories {
    return this.core.memories;
  }
  get network(): SimNetwork {
    return this.core.network;
  }
  /** Every command line received, in order. */
  get commands(): readonly string[] {
    return this.core.commands;
  }
  /** What the network received: one entry per AT+CMGS that got `+CMGS: <mr>`. */
  get sent(): readonly SentSms[] {
    return this.core.sent;
  }
  /** Inbound PDUs the network still holds (modem off, not registered, SIM full). */
  get heldByNetwork(): readonly string[] {
    return this.core.inbound.held;
  }
  /** Effective registration status of a domain (what AT+CREG?/CGREG?/CEREG? says). */
  registration(domain: Domain = "cs"): number {
    return this.core.network.status(domain);
  }

  // --- power ----------------------------------------------------------------------------

  /** PWRKEY pin level at the module: false = pulled low (pressed). A toggle. */
  setPwrkey(level: boolean): void {
    this.pwrkey.set(level);
  }

  /** Holds PWRKEY low for `ms`, then releases it. */
  pressPwrkey(ms: number): Promise<void> {
    this.setPwrkey(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.setPwrkey(true);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Power applied now (boot URCs follow). No-op when already on. */
  powerOn(): void {
    if (!this.core.power.poweredOn) this.core.power.on();
  }
  /** Power cut: silent, immediate. */
  powerOff(): void {
    this.core.power.off();
  }
  /** Resets without warning (brown-out): any command in progress is never answered. */
  reboot(): void {
    if (this.core.power.poweredOn) this.core.power.reboot();
  }
  /** Reboots when a matching command arrives, instead of answering it. */
  rebootOn(match: CommandMatcher, times = 1): () => void {
    return this.behaviours.add(match, { kind: "reboot" }, times);
  }

  // --- faults ---------------------------------------------------------------------------

  /** The next `count` sends fail with `+CMS ERROR: <code>` after the send time. */
  failNextSend(cmsCode: number, count = 1): void {
    this.core.network.failNextSends(cmsCode, count);
  }
  /**
   * Every send to `to` fails with `+CMS ERROR: <code>` until cleared with `null` (a number the
   * network can't reach, or with "*" a network that is out for every number).
   */
  failSendsTo(to: string, cmsCode: number | null): void {
    this.core.network.failSendsTo(to, cmsCode);
  }
  /** Ends every standing failure (failSendsTo) and drops pending failNextSend codes. */
  clearSendFailures(): void {
    this.core.network.clearSendFailures();
  }
  /** Firmware hang: no echo, no answers, no URCs until hang(false) or a power cycle. */
  hang(on = true): void {
    this.core.power.hang(on);
    if (!on) this.dispatcher.reset();
  }
  get hung(): boolean {
    return this.core.power.hung;
  }
  /** Line noise: NULs, high bytes, a half line. */
  emitGarbage(bytes?: Buffer | string): void {
    const junk = bytes ?? Buffer.from([0x00, 0xff, 0xfe, 0x7f, 0x80, 0x0d, 0x00, 0x41, 0xa5, 0x0a]);
    this.core.write(junk);
  }
  /** The network's answer to a USSD code from now on (the console's `balance`/`ussd` lines). */
  setUssdAnswer(code: string, answer: SimUssdAnswer): void {
    this.core.ussd.setAnswer(code, answer);
  }

  /** Someone calls this SIM: `rings` RINGs (with +CLIP after AT+CLIP=1), then they give up. */
  call(number: string, rings?: number): void {
    this.core.calls.call(number, rings);
  }

  /** The number ringing now, if a call is ringing. */
  get ringingFrom(): string | undefined {
    return this.core.calls.ringingFrom;
  }

  /** Whether a USSD menu waits for the host's reply. */
  get ussdMenuOpen(): boolean {
    return this.core.ussd.menuOpen;
  }

  /** Writes an unsolicited result code (`\r\n<line>\r\n`; two lines for +CMT/+CDS). */
  emitUrc(...lines: string[]): void {
    this.core.urc(...lines);
  }
  /** Writes bytes exactly as given. */
  writeRaw(data: string | Buffer): void {
    this.core.write(data);
  }
  /** Answers matching commands with these lines/final instead of the default handler. */
  respond(match: CommandMatcher, reply: ReplySpec, times = 1): () => void {
    const action = replyAction(reply);
    return this.behaviours.add(match, action, times);
  }
  /** Matching commands get no answer at all (the next command is served normally). */
  ignoreCommand(match: CommandMatcher, times = 1): () => void {
    return this.behaviours.add(match, { kind: "ignore" }, times);
  }

  // --- network and SIM ------------------------------------------------------------------

  setRegistration(stat: number, act?: number): void {
    this.core.network.setRegistration(stat, act);
  }
  /** Override one domain (e.g. LTE-only: cs 0, eps 1); undefined clears the override. */
  setDomainRegistration(domain: Domain, stat: number | undefined): void {
    this.core.network.setDomainRegistration(domain, stat);
  }
  /** Loses the network (default stat 2 = searching); restoreRegistration() brings it back. */
  dropRegistration(stat = 2): void {
    this.savedStat ??= this.core.network.stat;
    this.setRegistration(stat);
  }
  restoreRegistration(): void {
    this.setRegistration(this.savedStat ?? 1);
    this.savedStat = undefined;
  }
  /**
   * The module's clock (AT+CCLK): `offsetMs` from the host's clock as the network set it
   * (NITZ), or null for a clock the network never set (its power-on default).
   */
  setNetworkClock(offsetMs: number | null, zoneMinutes = 60): void {
    this.core.network.setClock(offsetMs, zoneMinutes);
  }

  setSignal(rssi: number, ber = 99): void {
    this.core.network.setSignal(rssi, ber);
  }
  setOperator(name: string, mccMnc?: string): void {
    this.core.network.setOperator(name, mccMnc);
  }
  /** SIM pulled out: `+CPIN: NOT READY`, registration lost, SIM errors 10/310. */
  removeSim(): void {
    this.core.sim.remove();
  }
  /** SIM put back: read again (`+CPIN: READY` or `SIM PIN`), then SMS ready. */
  insertSim(): void {
    this.core.sim.insert();
  }
  /** SIM busy (`+CME ERROR: 14`/`+CMS ERROR: 314`) until setSimBusy(false). */
  setSimBusy(busy: boolean): void {
    this.core.sim.setBusy(busy);
  }
  /** Enables the PIN lock (optionally a new PIN) and locks the SIM now: `+CPIN: SIM PIN`. */
  requirePin(pin?: string): void {
    this.core.sim.requirePin(pin);
  }

  // --- SMS from the network -------------------------------------------------------------

  /** The network delivers an SMS: text → SMS-DELIVER PDUs (codec), in the order asked for. */
  deliverSms(opts: DeliverSmsOptions): string[] {
    const { order: _o, duplicate: _d, intervalMs, ...deliver } = opts;
    const pdus = planDelivery(encodeDeliver(deliver), opts);
    const gap = intervalMs ?? 0;
    pdus.forEach((pdu, i) => {
      if (gap <= 0 || i === 0) this.core.inbound.deliver(pdu);
      else {
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.core.inbound.deliver(pdu);
        }, gap * i);
        this.timers.add(t);
      }
    });
    return pdus;
  }
  /** The network delivers one raw PDU (hex, with SMSC field). */
  deliverPdu(pdu: string): void {
    this.core.inbound.deliver(pdu);
  }
  /**
   * A status report for a sent part (by TP-MR, the latest with that reference, or the entry).
   * Routed by AT+CNMI <ds>. Returns false when nothing was shown to the host.
   */
  deliverReport(ref: number | SentSms, opts: { status?: number } = {}): boolean {
    const sent =
      typeof ref === "number" ? this.core.sent.findLast((s) => s.reference === ref) : ref;
    if (sent === undefined) throw new Error(`no sent SMS with reference ${String(ref)}`);
    return this.core.inbound.deliverReport(sent, opts.status ?? 0);
  }

  // --- waiting ----------------------------------------------------------------------------

  /** Resolves with the next command line that matches (string = case-insensitive prefix). */
  expectCommand(match: CommandMatcher, timeoutMs = 2000): Promise<string> {
    return new Promise((resolve, reject) => {
      const onCommand = (line: string): void => {
        if (!matches(match, line)) return;
        clearTimeout(timer);
        this.off("command", onCommand);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.off("command", onCommand);
        reject(new Error(`expected command ${String(match)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on("command", onCommand);
    });
  }
}
