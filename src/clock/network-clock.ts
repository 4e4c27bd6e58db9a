import { EventEmitter } from "node:events";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { AtPort } from "../sms/modem-port.js";

const log = createLogger("clock");

/**
 * Whether the system clock can be trusted, judged against the mobile network's time. A Pi has
 * no real-time clock; without NTP (a GSM-only site) it restarts at the last saved time after a
 * power cut and lags by the outage. One-time codes (TOTP) then fail, and the owner would lock
 * himself out. Two witnesses:
 * - the module's clock (`AT+CCLK?`), which the network sets (NITZ) on registration: a reading
 *   from before 2024 is the module's power-on default and says nothing;
 * - SC timestamps of received SMS: stamped by the SMSC when it took the message, so one that
 *   lies ahead of our clock proves the clock is behind (one far behind proves nothing: an SMS
 *   may wait at the SMSC for days).
 * Setting the system clock is the system's job (a privileged service): a network time that
 * passes the checks is offered to it as a `trusted` event (see network-time-file.ts).
 */
export type ClockState = "synchronised" | "unsynchronised" | "unknown";

/** How far the clocks may differ before ours counts as wrong (a TOTP step is 30 s; the window ±2). */
export const CLOCK_TOLERANCE_MS = 2 * 60_000;
/** Earliest plausible network time: anything before is a module's default, not NITZ. */
const PLAUSIBLE_FROM = Date.UTC(2024, 0, 1);
/** How far an SMSC's own clock may be ahead of the truth (the SC timestamp is its clock). */
export const SMSC_TOLERANCE_MS = 5 * 60_000;

/** A network time that passed the checks, and when it was read on a clock no one sets. */
export interface TrustedTime {
  networkMs: number;
  /** Time since boot (CLOCK_BOOTTIME, /proc/uptime) at the reading, in ms. */
  uptimeMs: number;
}

export class NetworkClock extends EventEmitter {
  private current: ClockState = "unknown";
  private timer: NodeJS.Timeout | undefined;
  /**
   * The latest an SMS proves the real time to be, as (SC timestamp − uptime at arrival): the
   * SMSC stamped it before we read it, so the true time at any later uptime is at least this
   * plus the uptime (less the SMSC's own error).
   */
  private floorMinusUptime: number | undefined;

  /**
   * `uptime`: ms since boot on a clock that setting the time does not move (undefined where
   * there is none: nothing is then offered as trusted).
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly uptime: () => number | undefined = () => undefined,
  ) {
    super();
  }

  get state(): ClockState {
    return this.current;
  }

  /** A time the network gave (NITZ via the module's clock): our clock agrees or it doesn't. */
  observeNetworkTime(networkMs: number): void {
    if (!Number.isFinite(networkMs) || networkMs < PLAUSIBLE_FROM) return;
    const skew = this.now() - networkMs;
    this.set(Math.abs(skew) <= CLOCK_TOLERANCE_MS ? "synchronised" : "unsynchronised", skew);
    const uptimeMs = this.uptime();
    if (uptimeMs === undefined) return;
    // A network time before what a received SMS proves is a stale module clock, not NITZ.
    const floor = this.floorMinusUptime;
    if (floor !== undefined && networkMs < floor + uptimeMs - SMSC_TOLERANCE_MS) {
      log.warn(
        { behindSmsSeconds: Math.round((floor + uptimeMs - networkMs) / 1000) },
        "the module's clock is behind the SC timestamp of a received SMS: not offered as the system time",
      );
      return;
    }
    this.emit("trusted", { networkMs, uptimeMs } satisfies TrustedTime);
  }

  /** An SMS's SC timestamp: one ahead of our clock means our clock is behind. */
  observeSmsTimestamp(iso: string | undefined): void {
    if (iso === undefined) return;
    const scts = Date.parse(iso);
    if (!Number.isFinite(scts) || scts < PLAUSIBLE_FROM) return;
    const uptimeMs = this.uptime();
    if (uptimeMs !== undefined)
      this.floorMinusUptime = Math.max(this.floorMinusUptime ?? -Infinity, scts - uptimeMs);
    const skew = this.now() - scts;
    if (skew < -CLOCK_TOLERANCE_MS) this.set("unsynchronised", skew);
  }

  /** Reads the module's clock now (ignored when the module can't say). */
  async poll(at: AtPort): Promise<void> {
    try {
      const res = await at.run({ command: "AT+CCLK?", timeoutMs: 5_000 });
      const ms = parseCclk(res.lines.join("\n"));
      if (ms !== undefined) this.observeNetworkTime(ms);
    } catch (err) {
      log.debug({ err: errorMessage(err) }, "the module's clock could not be read");
    }
  }

  /** Polls every `intervalMs` while `ready()` holds; `stop()` ends it. */
  watch(at: AtPort, ready: () => boolean, intervalMs: number): void {
    this.stop();
    const tick = () => {
      if (ready()) void this.poll(at);
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private set(state: ClockState, skewMs: number): void {
    if (state === this.current) return;
    this.current = state;
    const skewSeconds = Math.round(skewMs / 1000);
    if (state === "unsynchronised")
      log.warn(
        { skewSeconds },
        "the system clock disagrees with the mobile network's time: one-time codes may fail (their failures do not count toward lockouts until it agrees)",
      );
    else log.info({ skewSeconds }, "the system clock agrees with the mobile network's time");
    this.emit("change", state);
  }
}

/** `+CCLK: "26/12/03,09:30:00+04"` → epoch ms (the zone is in quarter hours), or undefined. */
export function parseCclk(text: string): number | undefined {
  const m = /"?(\d{2})\/(\d{2})\/(\d{2}),(\d{2}):(\d{2}):(\d{2})([+-]\d{1,2})?"?/.exec(text);
  if (m === null) return undefined;
  const [, yy, mo, dd, hh, mi, ss, tz] = m;
  const local = Date.UTC(
    2000 + Number(yy),
    Number(mo) - 1,
    Number(dd),
    Number(hh),
    Number(mi),
    Number(ss),
  );
  return local - Number(tz ?? 0) * 15 * 60_000;
}
