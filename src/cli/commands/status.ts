import type { Command } from "commander";
import { errorMessage } from "../../errors.js";
import { readStatus, remoteOptionsFrom } from "../../mqtt/remote.js";
import { EXIT_OFFLINE, isOnline, statusText } from "../status-text.js";

interface StatusFlags {
  url?: string;
  base?: string;
  gateway?: string;
  config?: string;
  json?: boolean;
  timeout?: string;
}

/**
 * `smsgw status`: what a running gateway says on bridge/state, bridge/info, modem and stats.
 * Exits 0 when it is online, 3 when it is offline or never published, 1 on other errors.
 */
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
    if (flags.json === true) console.log(JSON.stringify({ online: isOnline(s), ...s }));
    else console.log(statusText(s, remote.url, remote.baseTopic, Date.now()));
    return isOnline(s) ? 0 : EXIT_OFFLINE;
  } catch (err) {
    console.error(`smsgw status: ${errorMessage(err)}`);
    return 1;
  }
}
