import type { GatewayStatus } from "../mqtt/remote.js";

/**
 * What `smsgw status` prints. The retained topics outlive the gateway: when it is offline
 * (or never published), its modem, network and message figures are history, so they are not
 * shown as if they were current — only when it was last heard from.
 */

/** The gateway is offline, or no gateway ever published its state there. */
export const EXIT_OFFLINE = 3;

export function isOnline(s: GatewayStatus): boolean {
  return s.state?.state === "online";
}

export function statusText(s: GatewayStatus, url: string, base: string, now: number): string {
  if (s.state === null)
    return `gateway   none: nothing published on ${base}/bridge/state at ${url}`;
  if (s.state.state !== "online") return offlineText(s, now).join("\n");
  const lines = [
    `gateway   online${s.info ? ` (smsgw ${s.info.version}, up since ${s.info.startedAt})` : ""}`,
  ];
  if (s.info !== null) {
    const m = s.info.modem;
    lines.push(
      `modem     ${[m.manufacturer, m.model].filter(Boolean).join(" ") || "unknown"}, IMEI ${m.imei ?? "?"}`,
    );
  }
  if (s.modem !== null) {
    const m = s.modem;
    lines.push(`state     ${m.state}`);
    lines.push(
      `network   ${m.operator ?? "?"} (${m.registration ?? "?"}, ${m.accessTechnology ?? "?"}), signal ${m.signal?.dbm ?? "?"} dBm`,
    );
    lines.push(
      `SIM       ${m.sim ?? "?"}, SMSC ${m.smsc ?? "?"}, storage ${m.storage ? `${m.storage.used}/${m.storage.total}` : "?"}`,
    );
  }
  if (s.stats !== null) {
    const t = s.stats;
    lines.push(
      `messages  ${t.queued} queued, ${t.sent} sent, ${t.delivered} delivered, ${t.failed} failed, ${t.received} received`,
    );
  }
  return lines.join("\n");
}

function offlineText(s: GatewayStatus, now: number): string[] {
  const since = s.state?.since;
  const lastHeard = s.modem?.updatedAt;
  const lines = [
    since !== undefined
      ? `gateway   OFFLINE since ${since} (${ago(since, now)}; it was stopped)`
      : `gateway   OFFLINE: its connection to the broker was lost${lastHeard === undefined ? "" : `; last heard ${lastHeard} (${ago(lastHeard, now)})`}`,
  ];
  if (s.info !== null) lines.push(`last run  smsgw ${s.info.version}, started ${s.info.startedAt}`);
  if (s.modem !== null || s.stats !== null)
    lines.push(
      "          (its modem, network and message figures are not shown: they are out of date)",
    );
  return lines;
}

/** "42 s ago", "5 min ago", "3 h ago", "2 days ago". */
export function ago(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return "unknown time";
  if (s < 0) return "in the future: check the clocks";
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}
