import type { OutboundMessage } from "../sms/types.js";

/**
 * The demo's screen: one friendly line per event. The gateway's JSON log goes to a file (or,
 * with `-v`, to the screen); its warnings and errors also show here, as one readable line.
 */

export function outboundLine(m: OutboundMessage): string {
  return `  ✉️  ${m.id} → ${m.to} [${m.status}] ${m.partsSent}/${m.parts} part(s)${m.error === undefined ? "" : `: ${m.error.message}`}`;
}

/** A log line (pino JSON) as a screen line, if it is a warning or worse; else undefined. */
export function problemLine(json: string): string | undefined {
  let entry: { level?: unknown; msg?: unknown; err?: unknown; ns?: unknown };
  try {
    entry = JSON.parse(json) as typeof entry;
  } catch {
    return undefined;
  }
  if (typeof entry.level !== "number" || entry.level < 40) return undefined;
  const icon = entry.level >= 50 ? "❌" : "⚠️ ";
  const err = typeof entry.err === "string" ? `: ${entry.err}` : "";
  const where = typeof entry.ns === "string" ? ` (${entry.ns})` : "";
  return `  ${icon} ${String(entry.msg ?? "")}${err}${where}`;
}
