import type { InboundMessage } from "../sms/types.js";

/** A leading `00` as `+` (`%q`, `%Q`). */
export const plusForm = (n: string): string => (n.startsWith("00") ? `+${n.slice(2)}` : n);

const pad = (n: number) => String(n).padStart(2, "0");

/** `%t`: YYYY-MM-DD HH:MM (UTC). */
export function kannelTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * Replaces Kannel's escapes (`%x`) in `template` in one pass: each known letter by its value
 * passed through `encode`, `%%` by a percent sign; unknown escapes stay as they are.
 */
export function substituteEscapes(
  template: string,
  values: Readonly<Record<string, string>>,
  encode: (v: string) => string,
): string {
  return template.replace(/%(.)/gs, (all, c: string) => {
    if (c === "%") return "%";
    const v = values[c];
    return v === undefined ? all : encode(v);
  });
}

/**
 * The escapes of a received SMS, as Kannel's `get-url`/`post-url` fill them: %p/%q sender (with
 * 00 as +), %P/%Q receiver (unknown to the gateway: empty), %a and %b the text, %k the first
 * word, %t the time (the SC's time stamp, else when received), %T the same as Unix time, %i
 * the smsc id, %I the message id; %d and %A belong to delivery reports and are empty here.
 */
export function receivedEscapes(m: InboundMessage, smscId: string): Record<string, string> {
  const at = new Date(m.timestamp ?? m.receivedAt);
  const when = Number.isNaN(at.getTime()) ? new Date(m.receivedAt) : at;
  return {
    p: m.from,
    P: "",
    q: plusForm(m.from),
    Q: "",
    a: m.text,
    b: m.text,
    k: m.text.trim().split(/\s+/)[0] ?? "",
    t: kannelTime(when),
    T: String(Math.floor(when.getTime() / 1000)),
    i: smscId,
    I: m.id,
    F: m.id,
    d: "",
    A: "",
  };
}
