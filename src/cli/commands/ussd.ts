import type { Command } from "commander";
import { errorMessage } from "../../errors.js";
import type { UssdResponseData } from "../../mqtt/payloads.js";
import { remoteOptionsFrom, requestViaMqtt } from "../../mqtt/remote.js";

export interface UssdFlags {
  reply?: boolean;
  cancel?: boolean;
  json?: boolean;
  url?: string;
  base?: string;
  gateway?: string;
  config?: string;
  timeout?: string;
}

/** Statuses after which the dialogue did what was asked. */
const GOOD = new Set(["done", "further-action", "terminated"]);

/**
 * `smsgw ussd '*100#'`: sends a USSD code through a running gateway over MQTT and prints the
 * network's answer; `--reply 1` answers an open menu, `--cancel` ends it. Exit 0 when the
 * network answered (a menu too), 1 on a refusal, a timeout or an error.
 */
export function register(program: Command): void {
  program
    .command("ussd")
    .description("send a USSD code (*100#) through a running gateway (over MQTT)")
    .argument("[code]", "the code, e.g. '*100#' (quote it: # starts a comment in shells)")
    .option("-r, --reply", "the argument answers the open menu instead of starting a dialogue")
    .option("--cancel", "end the open menu")
    .option("--json", "print the response as JSON")
    .option("--url <url>", "broker (default: from the config, else mqtt://127.0.0.1:1883)")
    .option("--base <topic>", "base topic (default: from the config, else smsgw)")
    .option("--gateway <id>", "fleet mode: through this gateway (its own topics)")
    .option("-c, --config <path>", "gateway config to read the broker from")
    .option("--timeout <seconds>", "how long the network may take to answer (default 30)")
    .action(async (code: string | undefined, flags: UssdFlags) => {
      process.exitCode = await runUssd(code, flags);
    });
}

export async function runUssd(
  code: string | undefined,
  flags: UssdFlags,
  print: (line: string) => void = console.log,
  printError: (line: string) => void = console.error,
): Promise<number> {
  if (flags.cancel !== true && (code === undefined || code === "")) {
    printError("smsgw ussd: give a code, e.g. smsgw ussd '*100#' (or --cancel)");
    return 2;
  }
  const seconds = flags.timeout === undefined ? 30 : Number(flags.timeout);
  const body: Record<string, unknown> =
    flags.cancel === true
      ? { session: "cancel" }
      : flags.reply === true
        ? { session: "reply", text: code, timeoutSeconds: seconds }
        : { session: "new", code, timeoutSeconds: seconds };
  try {
    const remote = await remoteOptionsFrom({
      ...flags,
      // The gateway's own wait, plus time for the broker round trip.
      timeout: String(seconds + 10),
    });
    const r = await requestViaMqtt<UssdResponseData>(remote, "ussd", body);
    if (flags.json === true) print(JSON.stringify(r));
    if (r.status !== "ok") {
      if (flags.json !== true) printError(`smsgw ussd: ${r.code}: ${r.error}`);
      return 1;
    }
    if (flags.json !== true) {
      if (r.data.text !== "") print(r.data.text);
      if (r.data.sessionOpen) print("(menu open: answer with smsgw ussd --reply <choice>)");
      else if (r.data.status !== "done") print(`(${r.data.status})`);
    }
    return GOOD.has(r.data.status) ? 0 : 1;
  } catch (err) {
    printError(`smsgw ussd: ${errorMessage(err)}`);
    return 1;
  }
}
