import { SimStorage } from "./sim-storage.js";

/** What AT+CPIN? would say (absent/busy/blocked are errors on the wire, not values). */
export type SimStatus = "absent" | "busy" | "SIM PIN" | "SIM PUK" | "blocked" | "READY";

export const PIN_ATTEMPTS = 3;
export const PUK_ATTEMPTS = 10;

export interface SimCardOptions {
  /** When given, the SIM has its PIN lock enabled and starts locked. */
  pin?: string;
  puk?: string;
  capacity?: number;
  firstIndex?: number;
  imsi?: string;
  iccid?: string;
}

export type PinResult = "ok" | "wrong" | "not-needed" | "puk-needed" | "blocked";

/**
 * The SIM card: survives power cycles of the module (counters, PIN, stored SMS), while
 * `unlocked` is lost when the module powers down (the PIN is asked once per power-up).
 */
export class SimCard {
  present = true;
  busy = false;
  pinEnabled: boolean;
  pin: string;
  puk: string;
  pinAttempts = PIN_ATTEMPTS;
  pukAttempts = PUK_ATTEMPTS;
  unlocked = false;
  readonly storage: SimStorage;
  readonly imsi: string;
  readonly iccid: string;

  constructor(opts: SimCardOptions = {}) {
    this.pinEnabled = opts.pin !== undefined;
    this.pin = opts.pin ?? "0000";
    this.puk = opts.puk ?? "12345678";
    this.storage = new SimStorage(opts.capacity ?? 30, opts.firstIndex ?? 1);
    this.imsi = opts.imsi ?? "262019876543210";
    this.iccid = opts.iccid ?? "89490200001234567890";
  }

  get status(): SimStatus {
    if (!this.present) return "absent";
    if (this.busy) return "busy";
    if (this.pukAttempts <= 0) return "blocked";
    if (this.pinAttempts <= 0) return "SIM PUK";
    if (this.pinEnabled && !this.unlocked) return "SIM PIN";
    return "READY";
  }

  get ready(): boolean {
    return this.status === "READY";
  }

  /** AT+CPIN=<pin>. */
  enterPin(pin: string): PinResult {
    const status = this.status;
    if (status === "READY") return "not-needed";
    if (status === "SIM PUK") return "puk-needed";
    if (status === "blocked") return "blocked";
    if (pin === this.pin) {
      this.pinAttempts = PIN_ATTEMPTS;
      this.unlocked = true;
      return "ok";
    }
    this.pinAttempts--;
    return "wrong";
  }

  /** AT+CPIN=<puk>,<newpin>: a right PUK sets the new PIN and resets both counters. */
  enterPuk(puk: string, newPin: string): PinResult {
    const status = this.status;
    if (status === "blocked") return "blocked";
    if (status !== "SIM PUK") return status === "READY" ? "not-needed" : "wrong";
    if (puk === this.puk) {
      this.pin = newPin;
      this.pinAttempts = PIN_ATTEMPTS;
      this.pukAttempts = PUK_ATTEMPTS;
      this.unlocked = true;
      return "ok";
    }
    this.pukAttempts--;
    return "wrong";
  }

  /** The module lost power: the next power-up asks for the PIN again. */
  powerLost(): void {
    this.unlocked = false;
  }
}
