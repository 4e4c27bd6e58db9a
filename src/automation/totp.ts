import { createHmac, randomBytes } from "node:crypto";

/**
 * One-time codes: HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC from node:crypto, and the
 * base32 secrets (RFC 4648 §6) that authenticator apps exchange via `otpauth://` URIs.
 */

export type OtpAlgorithm = "sha1" | "sha256" | "sha512";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Accepts lower case, spaces and missing padding, as people copy secrets. */
export function decodeBase32(input: string): Buffer {
  const s = input.replace(/[\s-]/g, "").replace(/=+$/, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`"${ch}" is not a base32 character`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

export function encodeBase32(data: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 4226 §5.3: HMAC over the 8-byte counter, dynamic truncation, modulo 10^digits. */
export function hotp(
  key: Buffer,
  counter: number,
  digits = 6,
  algorithm: OtpAlgorithm = "sha1",
): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** RFC 6238 §4: T = floor((unix time − T0) / X), T0 = 0. */
export function totpStep(ms: number, periodSeconds = 30): number {
  return Math.floor(ms / 1000 / periodSeconds);
}

export function totp(
  key: Buffer,
  ms: number,
  opts: { digits?: number; periodSeconds?: number; algorithm?: OtpAlgorithm } = {},
): string {
  return hotp(key, totpStep(ms, opts.periodSeconds), opts.digits, opts.algorithm);
}

/** A fresh 160-bit secret (RFC 4226 §4 recommends ≥ 160 bits), base32. */
export function generateSecret(bytes = 20): string {
  return encodeBase32(randomBytes(bytes));
}

/** The URI authenticator apps read from a QR code. */
export function otpauthUri(opts: {
  type: "totp" | "hotp";
  secret: string;
  account: string;
  issuer?: string;
  digits?: number;
  periodSeconds?: number;
  algorithm?: OtpAlgorithm;
  counter?: number;
}): string {
  const issuer = opts.issuer ?? "smsgw";
  const p = new URLSearchParams({ secret: opts.secret, issuer });
  if (opts.digits !== undefined) p.set("digits", String(opts.digits));
  if (opts.algorithm !== undefined) p.set("algorithm", opts.algorithm.toUpperCase());
  if (opts.type === "totp" && opts.periodSeconds !== undefined)
    p.set("period", String(opts.periodSeconds));
  if (opts.type === "hotp") p.set("counter", String(opts.counter ?? 0));
  return `otpauth://${opts.type}/${encodeURIComponent(`${issuer}:${opts.account}`)}?${p.toString()}`;
}
