import type { ModemCore } from "./core.js";
import type { SimCard } from "./sim-card.js";
import type { Reply } from "./types.js";

/**
 * The module's side of the SIM: whether it has read the card since power-up, whether its SMS
 * service is ready, the errors SIM and SMS commands answer meanwhile, and what happens when a
 * test pulls, inserts, stalls or locks the card.
 */
export class SimSlot {
  /** SIM has been read after power-up (before that SIM commands say busy). */
  private read = false;
  /** The profile's SMS-ready URC has been printed. */
  private smsUp = false;

  constructor(
    private readonly core: ModemCore,
    readonly card: SimCard,
  ) {}

  get initialised(): boolean {
    return this.read;
  }
  get smsReady(): boolean {
    return this.smsUp;
  }

  /** Power lost: the card is read again at the next boot. */
  reset(): void {
    this.read = false;
    this.smsUp = false;
  }

  /** Started in the "already running" state: the card was read long ago. */
  assumeRead(): void {
    this.read = true;
    this.smsUp = this.card.ready;
  }

  /** The boot step that prints the profile's SMS-ready URC. */
  markSmsReady(): void {
    this.smsUp = true;
    this.core.events.emit("sms-ready");
    this.core.inbound.flush();
  }

  /** The module reads the SIM after boot (or after it was inserted / stopped being busy). */
  readCard(): void {
    const { core } = this;
    this.read = true;
    const status = this.card.status;
    if (status === "busy") return;
    if (status === "absent") {
      core.urc("+CPIN: NOT INSERTED");
      core.network.report();
      return;
    }
    if (status === "READY") {
      core.urc("+CPIN: READY");
      this.cardReady();
      return;
    }
    core.urc(`+CPIN: ${status === "blocked" ? "SIM PUK" : status}`);
  }

  /** AT+CPIN took: READY, then attach and the rest of the boot lines. */
  unlocked(): void {
    this.core.urc("+CPIN: READY");
    this.cardReady();
  }

  /** Error reply when the SIM can't serve a request, or null when it can. */
  error(kind: "cme" | "cms"): Reply | null {
    const { core } = this;
    const status = this.read ? this.card.status : this.card.present ? "busy" : "absent";
    const codes: Record<string, [number, number]> = {
      absent: [10, 310],
      busy: [14, 314],
      "SIM PIN": [11, 311],
      "SIM PUK": [12, 316],
      blocked: [13, 313],
    };
    const pair = codes[status];
    if (pair === undefined) return null;
    return kind === "cme" ? core.cme(pair[0]) : core.cms(pair[1]);
  }

  /** SMS commands need the SIM and the profile's SMS-ready point (SIM800 quirk: ERROR). */
  smsError(): Reply | null {
    const sim = this.error("cms");
    if (sim !== null) return sim;
    if (!this.smsUp) return { lines: [], final: this.core.profile.smsNotReady };
    return null;
  }

  /** Counter and ICCID queries only need a card that answers (locked is fine). */
  presentError(): Reply | null {
    if (!this.card.present) return this.core.cme(10);
    if (!this.read || this.card.busy) return this.core.cme(14);
    return null;
  }

  // --- what a test does to the card ---------------------------------------------------

  /** Pulled out: `+CPIN: NOT READY`, registration lost. */
  remove(): void {
    this.card.remove();
    this.smsUp = false;
    // SIMCom/Quectel report the loss of the card as a +CPIN URC.
    this.core.urc("+CPIN: NOT READY");
    this.core.network.detach();
  }

  /** Put back: read again when the module is up. */
  insert(): void {
    const { power } = this.core;
    this.card.insert();
    if (power.poweredOn && power.uartReady) this.readCard();
  }

  setBusy(busy: boolean): void {
    const { power } = this.core;
    this.card.setBusy(busy);
    if (busy) {
      this.smsUp = false;
      this.core.network.detach();
    } else if (power.poweredOn && power.uartReady && this.read) this.readCard();
  }

  /** The PIN lock switched on (optionally a new PIN): locked now, `+CPIN: SIM PIN`. */
  requirePin(pin?: string): void {
    this.card.lock(pin);
    this.smsUp = false;
    this.core.network.detach();
    if (this.core.power.poweredOn && this.read) this.core.urc(`+CPIN: ${this.card.status}`);
  }

  private cardReady(): void {
    this.core.network.attach();
    this.core.power.afterSimReady();
  }
}
