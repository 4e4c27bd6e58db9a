import type { ModemCore } from "./core.js";

/**
 * Incoming voice calls as the module shows them (no audio): `RING` and, with `AT+CLIP=1`,
 * `+CLIP: "<number>",<type>,,,,0` every ring; `ATH` (or `AT+CHUP`) hangs up; when the caller
 * gives up after the last ring, `NO CARRIER`.
 */
export class SimCalls {
  /** `AT+CLIP=<n>`: 1 shows the caller's number with every RING. */
  clip = 0;
  private ringing: { number: string; cancel: () => void } | undefined;
  private readonly ringMs: number;

  constructor(private readonly core: ModemCore) {
    this.ringMs = core.opts.ringIntervalMs ?? 4000;
  }

  get ringingFrom(): string | undefined {
    return this.ringing?.number;
  }

  /** Someone calls: `rings` rings (default 5), `ringIntervalMs` apart, then the caller gives up. */
  call(number: string, rings = 5): void {
    this.stop();
    const left = { n: rings };
    const ring = () => {
      if (left.n <= 0) {
        this.ringing = undefined;
        this.core.urc("NO CARRIER");
        this.core.events.emit("call-ended", { from: number, by: "caller" });
        return;
      }
      left.n--;
      const type = number.startsWith("+") ? 145 : 129;
      if (this.clip === 1) this.core.urc("RING", `+CLIP: "${number}",${type},,,,0`);
      else this.core.urc("RING");
      if (this.ringing !== undefined)
        this.ringing.cancel = this.core.scheduler.after(this.ringMs, ring);
    };
    this.ringing = { number, cancel: this.core.scheduler.after(0, ring) };
  }

  /** ATH / AT+CHUP: the call ends (the caller hears it rejected). */
  hangUp(): void {
    const from = this.ringing?.number;
    this.stop();
    if (from !== undefined) this.core.events.emit("call-ended", { from, by: "module" });
  }

  reset(): void {
    this.stop();
    this.clip = 0;
  }

  private stop(): void {
    this.ringing?.cancel();
    this.ringing = undefined;
  }
}
