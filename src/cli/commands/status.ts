import type { Command } from "commander";
import { errorMessage } from "../../errors.js";
import { type GatewayStatus, readStatus, remoteOptionsFrom } from "../../mqtt/remote.js";

interface StatusFlags {
  url?: string;
  base?: string;
  gateway?: string;
  config?: string;
  json?: boolean;
  timeout?: string;
}

/** `smsgw status`: what a running gateway says on bridge/state, bridge/info, modem and stats. */
export function register(program: Command): void {
  program
    .command("status")
    .description("show a gateway's state as published on MQTT")
    .option("--url <url>", "broker (default: from the config, else mqtt://127.0.0.1:1883)")
    .option("--base <topic>", "base topic (default: from the config, else smsgw)")
    .option("--gateway <id>", "fleet mode: this gateway's topics (default: the config's gatewayId)")
    .option("-c, --config <path>", "gateway config to read the broker from")
    .option("--json", "print one JSON object")
    .option("--timeout <seconds>", "how long to wait for the retained state (default 1.5)")
    .action(async (flags: StatusFlags) => {
      process.exitCode = await runStatus(flags);
    });
}

async function runStatus(flags: StatusFlags): Promise<number> {
  try {
    const remote = await remoteOptionsFrom(flags);
    const s = await readStatus(remote);
    if (flags.json === true) console.log(JSON.stringify(s));
    else console.log(format(s, remote.url, remote.baseTopic));
    return s.state === null ? 1 : 0;
  } catch (err) {
    console.error(`smsgw status: ${errorMessage(err)}`);
    return 1;
  }
}

function format(s: GatewayStatus, url: string, base: string): string {
  if (s.state === null) return `no gateway has published on ${base}/bridge/state at ${url}`;
  const lines = [
    `gateway   ${s.state.state}${s.info ? ` (smsgw ${s.info.version}, up since ${s.info.startedAt})` : ""}`,
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
