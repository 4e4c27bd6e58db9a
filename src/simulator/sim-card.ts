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
  /** false: the slot is empty at start. */
  present?: boolean;
}

export type PinResult = "ok" | "wrong" | "not-needed" | "puk-needed" | "blocked";

/**
 * The SIM card: survives power cycles of the module (counters, PIN, stored SMS), while
 * `unlocked` is lost when the module powers down (the PIN is asked once per power-up).
 */
export class SimCard {
  /**
   * PIN attempts left. Writable so a test can start from a card that already lost some
   * (a card that had wrong PINs typed elsewhere).
   */
  pinAttempts = PIN_ATTEMPTS;
  readonly storage: SimStorage;
  readonly imsi: string;
  readonly iccid: string;
  private inSlot: boolean;
  private answering = true;
  private lockEnabled: boolean;
  private currentPin: string;
  private readonly pukCode: string;
  private pukLeft = PUK_ATTEMPTS;
  private pinEntered = false;

  constructor(opts: SimCardOptions = {}) {
    this.inSlot = opts.present ?? true;
    this.lockEnabled = opts.pin !== undefined;
    this.currentPin = opts.pin ?? "0000";
    this.pukCode = opts.puk ?? "12345678";
    this.storage = new SimStorage(opts.capacity ?? 30, opts.firstIndex ?? 1);
    this.imsi = opts.imsi ?? "262019876543210";
    this.iccid = opts.iccid ?? "89490200001234567890";
  }

  get present(): boolean {
    return this.inSlot;
  }
  /** The card answers nothing for now (still reading its files). */
  get busy(): boolean {
    return !this.answering;
  }
  get pinEnabled(): boolean {
    return this.lockEnabled;
  }
  get pin(): string {
    return this.currentPin;
  }
  get pukAttempts(): number {
    return this.pukLeft;
  }

  get status(): SimStatus {
    if (!this.inSlot) return "absent";
    if (!this.answering) return "busy";
    if (this.pukLeft <= 0) return "blocked";
    if (this.pinAttempts <= 0) return "SIM PUK";
    if (this.lockEnabled && !this.pinEntered) return "SIM PIN";
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
    if (pin === this.currentPin) {
      this.pinAttempts = PIN_ATTEMPTS;
      this.pinEntered = true;
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
    if (puk === this.pukCode) {
      this.currentPin = newPin;
      this.pinAttempts = PIN_ATTEMPTS;
      this.pukLeft = PUK_ATTEMPTS;
      this.pinEntered = true;
      return "ok";
    }
    this.pukLeft--;
    return "wrong";
  }

  /** AT+CLCK="SC",0|1,<pin>: switches the PIN lock; a wrong PIN costs an attempt. */
  setLock(enabled: boolean, pin: string | undefined): "ok" | "wrong" {
    if (pin !== this.currentPin) {
      this.pinAttempts--;
      return "wrong";
    }
    this.pinAttempts = PIN_ATTEMPTS;
    this.lockEnabled = enabled;
    return "ok";
  }

  /** The lock switched on from outside (optionally with a new PIN): locked until entered. */
  lock(pin?: string): void {
    this.lockEnabled = true;
    if (pin !== undefined) this.currentPin = pin;
    this.pinEntered = false;
  }

  /** Pulled out of the slot: a card put back asks for its PIN again. */
  remove(): void {
    this.inSlot = false;
    this.pinEntered = false;
  }

  insert(): void {
    this.inSlot = true;
  }

  setBusy(busy: boolean): void {
    this.answering = !busy;
  }

  /** The module lost power: the next power-up asks for the PIN again. */
  powerLost(): void {
    this.pinEntered = false;
  }
}
