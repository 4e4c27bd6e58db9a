import { createHmac, randomBytes } from "node:crypto";

/**
 * The two ways a receiver checks that a call came from this gateway.
 *
 * Standard Webhooks: `webhook-signature` holds `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
 * under each secret (space-separated), so a receiver keeps working while a secret is replaced.
 * A secret is `whsec_<base64 key>`; the key is the decoded bytes.
 *
 * SMSGate: `X-Signature` is the hex HMAC-SHA256 of the raw body followed by the `X-Timestamp`
 * (Unix seconds), under the signing key's UTF-8 bytes.
 */

/** The key bytes of a Standard Webhooks secret (`whsec_` prefix optional). */
export function standardKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
}

/** Whether `secret` is a usable Standard Webhooks secret (whsec_ + base64 of 24 to 64 bytes). */
export function isStandardSecret(secret: string): boolean {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) return false;
  const n = standardKey(secret).length;
  return n >= 24 && n <= 64;
}

/** A new random Standard Webhooks secret (32 bytes). */
export function newStandardSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The `webhook-signature` header value: one `v1,<base64>` per secret, newest first. */
export function standardSignature(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  const content = `${id}.${timestamp}.${body}`;
  return secrets
    .map((s) => `v1,${createHmac("sha256", standardKey(s)).update(content).digest("base64")}`)
    .join(" ");
}

/** SMSGate's `X-Signature`: hex HMAC-SHA256 of body + timestamp. */
export function smsgateSignature(key: string, body: string, timestamp: number): string {
  return createHmac("sha256", key)
    .update(body + String(timestamp))
    .digest("hex");
}
