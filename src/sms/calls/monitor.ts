import { EventEmitter } from "node:events";
import { errorMessage } from "../../errors.js";
import { createLogger } from "../../log.js";
import { type AtCommand, type AtResponse, parseClip, type Urc } from "../../modem/at/index.js";

/** An incoming call (no audio: smsgw never answers). */
export interface CallEvent {
  /** The caller's number; "" when withheld. */
  from: string;
  /** The contact's name when the number is a configured contact. */
  contact?: string;
  /** ISO 8601, the first ring. */
  at: string;
}

export interface CallRules {
  /** Hang up (ATH) on callers that are neither contacts nor in `allowed`. */
  rejectUnknown: boolean;
  /** Hang up after this many rings; 0: let it ring until the caller gives up. */
  hangUpAfterRings: number;
  /** Numbers that count as known besides the contacts. */
  allowed: readonly string[];
}

export interface CallMonitorOptions {
  at: {
    run(cmd: AtCommand): Promise<AtResponse>;
    on(event: "urc", listener: (u: Urc) => void): unknown;
    off(event: "urc", listener: (u: Urc) => void): unknown;
  };
  modem: {
    readonly state: string;
    on(event: "state", listener: (e: { to: string }) => void): unknown;
    off(event: "state", listener: (e: { to: string }) => void): unknown;
  };
  /** Number → contact name. */
  contacts: ReadonlyMap<string, string>;
  rules: CallRules;
  /** No RING for this long ends a call (networks ring every 3–5 s). */
  endAfterMs?: number;
}

export interface CallMonitorEvents {
  /** A call began (its caller's number known, or known to be withheld). */
  call: [CallEvent];
  /** The call was hung up at once: its caller is neither a contact nor allowed. */
  rejected: [CallEvent];
  /** A call ended unanswered; the count of such calls since start. */
  missed: [number];
}

/**
 * Incoming calls: turns `RING`/`+CRING` and `+CLIP` into one `call` event per call, hangs up
 * (`ATH`) by the rules, and counts missed calls. `AT+CLIP=1` is sent whenever the modem becomes
 * ready (a module forgets it on reboot), so each RING names the caller.
 */
export class CallMonitor extends EventEmitter<CallMonitorEvents> {
  private readonly log = createLogger("calls");
  private current: { announced: boolean; rings: number; hungUp: boolean; at: string } | undefined;
  private endTimer: NodeJS.Timeout | undefined;
  private missedCount = 0;
  private readonly endAfterMs: number;
  private readonly onUrc = (u: Urc) => this.urc(u);
  private readonly onState = (e: { to: string }) => {
    if (e.to === "ready") void this.enableClip();
  };

  constructor(private readonly o: CallMonitorOptions) {
    super();
    this.endAfterMs = o.endAfterMs ?? 10_000;
  }

  get missed(): number {
    return this.missedCount;
  }

  start(): void {
    this.o.at.on("urc", this.onUrc);
    this.o.modem.on("state", this.onState);
    if (this.o.modem.state === "ready") void this.enableClip();
  }

  stop(): void {
    this.o.at.off("urc", this.onUrc);
    this.o.modem.off("state", this.onState);
    clearTimeout(this.endTimer);
  }

  private async enableClip(): Promise<void> {
    try {
      await this.o.at.run({ command: "AT+CLIP=1", timeoutMs: 5000 });
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "AT+CLIP=1 refused: calls come without a number");
    }
  }

  private urc(u: Urc): void {
    if (u.name === "RING" || u.name === "+CRING") {
      this.ring();
      return;
    }
    if (u.name === "+CLIP") {
      const call = this.ring(false);
      if (call.announced) return;
      let from = "";
      try {
        from = parseClip(u.line).number;
      } catch (err) {
        this.log.debug({ err: errorMessage(err) }, "unreadable +CLIP");
      }
      call.announced = true;
      this.announce(from, call);
      return;
    }
    if (u.name === "NO CARRIER" && this.current !== undefined) this.end();
  }

  /** The call ringing now (a new one at its first ring); `count`: this line is a ring. */
  private ring(count = true): NonNullable<CallMonitor["current"]> {
    this.current ??= { announced: false, rings: 0, hungUp: false, at: new Date().toISOString() };
    const call = this.current;
    if (count) call.rings++;
    clearTimeout(this.endTimer);
    this.endTimer = setTimeout(() => this.end(), this.endAfterMs);
    this.endTimer.unref?.();
    const { hangUpAfterRings } = this.o.rules;
    if (count && hangUpAfterRings > 0 && call.rings >= hangUpAfterRings) this.hangUp(call, "rings");
    return call;
  }

  private announce(from: string, call: NonNullable<CallMonitor["current"]>): void {
    const contact = from === "" ? undefined : this.o.contacts.get(from);
    const event: CallEvent = { from, at: call.at, ...(contact === undefined ? {} : { contact }) };
    this.log.info({ from, contact }, "incoming call");
    this.emitSafe("call", event);
    const known = contact !== undefined || (from !== "" && this.o.rules.allowed.includes(from));
    if (this.o.rules.rejectUnknown && !known) {
      this.emitSafe("rejected", event);
      this.hangUp(call, "unknown caller");
    }
  }

  private hangUp(call: NonNullable<CallMonitor["current"]>, why: string): void {
    if (call.hungUp) return;
    call.hungUp = true;
    this.log.info({ why }, "hanging up");
    this.o.at.run({ command: "ATH", timeoutMs: 5000, priority: 5 }).then(
      () => this.end(),
      (err: unknown) => this.log.warn({ err: errorMessage(err) }, "ATH refused"),
    );
  }

  private end(): void {
    if (this.current === undefined) return;
    this.current = undefined;
    clearTimeout(this.endTimer);
    this.missedCount++;
    this.emitSafe("missed", this.missedCount);
  }

  private emitSafe<K extends keyof CallMonitorEvents>(
    event: K,
    ...args: CallMonitorEvents[K]
  ): void {
    try {
      (this.emit as (e: K, ...a: CallMonitorEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "call listener threw");
    }
  }
}
