import { timingSafeEqual } from "node:crypto";
import type { Clock } from "./clock.js";
import type { UserConfig } from "./config-schema.js";
import type { StateStore } from "./state.js";
import { decodeBase32, hotp, totpStep } from "./totp.js";

/**
 * The second factor of a command: a TOTP (RFC 6238) or HOTP (RFC 4226) code accepted once,
 * or a static PIN. Replays are refused durably: for TOTP only a time step later than the last
 * accepted one passes (RFC 6238 §5.2), for HOTP only counters at or after the next expected
 * one (RFC 4226 §7.2). The counter is on disk before the command runs, so a restart does not
 * reopen a used code.
 */
export type FactorResult = "ok" | "missing" | "wrong" | "replayed";

/** A code or PIN at the start of the message: `123456 RELAY pump ON`. */
export const SECRET_TOKEN = /^\d{4,12}$/;

export class SecondFactor {
  private readonly keys = new Map<UserConfig, Buffer>();

  constructor(
    private readonly state: StateStore,
    private readonly clock: Clock,
  ) {}

  /** Whether the user has any second factor configured. */
  static configured(user: UserConfig): boolean {
    return user.totp !== undefined || user.hotp !== undefined || user.pin !== undefined;
  }

  async verify(userKey: string, user: UserConfig, code: string | undefined): Promise<FactorResult> {
    if (code === undefined || !SecondFactor.configured(user)) return "missing";
    if (user.pin !== undefined) return equal(code, user.pin) ? "ok" : "wrong";
    if (user.totp !== undefined) return this.verifyTotp(userKey, user, user.totp, code);
    if (user.hotp !== undefined) return this.verifyHotp(userKey, user, user.hotp, code);
    return "missing";
  }

  /**
   * Spends `code` if it is the user's current or next valid one-time code (TOTP in its window,
   * HOTP in its look-ahead) without running anything: a code that was seen elsewhere (sent from
   * another phone, forwarded, published) can't open a command later. PINs are not touched.
   */
  async spend(userKey: string, user: UserConfig, code: string): Promise<void> {
    if (user.totp !== undefined) {
      const t = user.totp;
      const key = this.key(user, t.secret);
      const now = totpStep(this.clock.now(), t.periodSeconds);
      const last = this.state.data.otp[userKey]?.lastStep ?? Number.NEGATIVE_INFINITY;
      for (let step = now + t.window; step >= now - t.window; step--)
        if (step > last && equal(code, hotp(key, step, t.digits, t.algorithm))) {
          await this.state.update((s) => {
            s.otp[userKey] = { ...s.otp[userKey], lastStep: step };
          });
          return;
        }
    }
    if (user.hotp !== undefined) {
      const h = user.hotp;
      const key = this.key(user, h.secret);
      const next = this.state.data.otp[userKey]?.counter ?? 0;
      for (let c = next; c < next + h.lookAhead; c++)
        if (equal(code, hotp(key, c, h.digits, h.algorithm))) {
          await this.state.update((s) => {
            s.otp[userKey] = { ...s.otp[userKey], counter: c + 1 };
          });
          return;
        }
    }
  }

  private async verifyTotp(
    userKey: string,
    user: UserConfig,
    t: NonNullable<UserConfig["totp"]>,
    code: string,
  ): Promise<FactorResult> {
    const key = this.key(user, t.secret);
    const now = totpStep(this.clock.now(), t.periodSeconds);
    const last = this.state.data.otp[userKey]?.lastStep ?? Number.NEGATIVE_INFINITY;
    let replayed = false;
    for (let d = -t.window; d <= t.window; d++) {
      const step = now + d;
      if (!equal(code, hotp(key, step, t.digits, t.algorithm))) continue;
      if (step <= last) {
        replayed = true;
        continue;
      }
      await this.state.update((s) => {
        s.otp[userKey] = { ...s.otp[userKey], lastStep: step };
      });
      return "ok";
    }
    return replayed ? "replayed" : "wrong";
  }

  private async verifyHotp(
    userKey: string,
    user: UserConfig,
    h: NonNullable<UserConfig["hotp"]>,
    code: string,
  ): Promise<FactorResult> {
    const key = this.key(user, h.secret);
    const next = this.state.data.otp[userKey]?.counter ?? 0;
    for (let c = next; c < next + h.lookAhead; c++) {
      if (!equal(code, hotp(key, c, h.digits, h.algorithm))) continue;
      await this.state.update((s) => {
        s.otp[userKey] = { ...s.otp[userKey], counter: c + 1 };
      });
      return "ok";
    }
    for (let c = Math.max(0, next - h.lookAhead); c < next; c++)
      if (equal(code, hotp(key, c, h.digits, h.algorithm))) return "replayed";
    return "wrong";
  }

  private key(user: UserConfig, secret: string): Buffer {
    let k = this.keys.get(user);
    if (k === undefined) {
      k = decodeBase32(secret);
      this.keys.set(user, k);
    }
    return k;
  }
}

/** Constant-time comparison, so response timing says nothing about how many digits were right. */
function equal(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
