import type { SmsStats } from "../sms/types.js";
import { formatDuration } from "./clock.js";
import type { ModemInfoLike } from "./ports.js";

/** The texts of the built-in commands STATUS and HELP, and the daily status report's values. */

export interface StatusFacts {
  modem: ModemInfoLike | undefined;
  stats: SmsStats;
  uptimeMs: number;
}

/** Values for templates (`{{signal}}`, `{{operator}}`, …) and for STATUS. */
export function statusValues(f: StatusFacts): Record<string, string | number> {
  const s = f.modem?.signal;
  const signal =
    s === undefined || s.dbm === null
      ? "unknown"
      : `${s.dbm} dBm${s.percent === null ? "" : ` (${s.percent}%)`}`;
  const op = f.modem?.operator?.name ?? f.modem?.operator?.mcc ?? "unknown";
  const act = f.modem?.act?.name;
  return {
    state: f.modem?.state ?? "unknown",
    signal,
    operator: act === undefined ? op : `${op} (${act})`,
    uptime: formatDuration(f.uptimeMs),
    queue: f.stats.queued,
    queued: f.stats.queued,
    sent: f.stats.sent,
    delivered: f.stats.delivered,
    failed: f.stats.failed,
    received: f.stats.received,
  };
}

export const STATUS_TEXT =
  "smsgw {{state}}: signal {{signal}}, operator {{operator}}, up {{uptime}}, queue {{queue}}, sent {{sent}}, received {{received}}, failed {{failed}}";

export function helpText(usages: string[], secretHint: string | undefined): string {
  const list = usages.length === 0 ? "none" : usages.join("; ");
  return secretHint === undefined ? `Commands: ${list}` : `Commands: ${list}. ${secretHint}`;
}
