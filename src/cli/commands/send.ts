import type { Command } from "commander";
import { errorMessage } from "../../errors.js";
import { remoteOptionsFrom, sendViaMqtt } from "../../mqtt/remote.js";
import type { SendPayload } from "../../mqtt/requests.js";

interface SendFlags {
  to: string[];
  text: string;
  id?: string;
  priority?: string;
  flash?: boolean;
  validity?: string;
  report?: boolean;
  wait?: boolean;
  url?: string;
  base?: string;
  gateway?: string;
  fleet?: boolean;
  config?: string;
  timeout?: string;
}

/**
 * `smsgw send --to <number…> --text <text> [--wait]`: publishes a request to a running gateway
 * over MQTT and prints its response (with --wait, every status change up to the final one).
 */
export function register(program: Command): void {
  program
    .command("send")
    .description("send an SMS through a running gateway (over MQTT)")
    .requiredOption("-t, --to <number...>", "recipient(s): +4917…, 0170…, short code")
    .requiredOption("-m, --text <text>", "message text")
    .option("--id <id>", "message id (the same id twice is one message)")
    .option("--priority <p>", "high|normal|low")
    .option("--flash", "class 0 (flash) SMS")
    .option("--validity <seconds>", "time to live")
    .option("--report", "ask for a delivery report")
    .option("-w, --wait", "wait for the final status")
    .option("--url <url>", "broker (default: from the config, else mqtt://127.0.0.1:1883)")
    .option("--base <topic>", "base topic (default: from the config, else smsgw)")
    .option("--fleet", "fleet mode: whichever gateway of the fleet takes it sends it")
    .option("--gateway <id>", "fleet mode: send through this gateway (its own topics)")
    .option("-c, --config <path>", "gateway config to read the broker from")
    .option("--timeout <seconds>", "give up after this long (default 60)")
    .action(async (flags: SendFlags) => {
      process.exitCode = await runSend(flags);
    });
}

async function runSend(flags: SendFlags): Promise<number> {
  if (flags.fleet === true && flags.gateway !== undefined) {
    console.error("smsgw send: --fleet and --gateway exclude each other");
    return 2;
  }
  const request: SendPayload = {
    to: flags.to.length === 1 ? (flags.to[0] ?? "") : flags.to,
    text: flags.text,
  };
  if (flags.id !== undefined) request.id = flags.id;
  if (flags.priority !== undefined) request.priority = flags.priority as SendPayload["priority"];
  if (flags.flash === true) request.flash = true;
  if (flags.validity !== undefined) request.validity = Number(flags.validity);
  if (flags.report === true) request.deliveryReport = true;
  try {
    const remote = await remoteOptionsFrom(flags);
    // Status events may overtake the response: print them after it, in order.
    let early: string[] | undefined = [];
    const outcome = await sendViaMqtt({
      ...remote,
      request,
      wait: flags.wait === true,
      onResponse: (r) => {
        console.log(JSON.stringify(r));
        for (const line of early ?? []) console.log(line);
        early = undefined;
      },
      onStatus: (s) => {
        if (early !== undefined) early.push(JSON.stringify(s));
        else console.log(JSON.stringify(s));
      },
    });
    if (outcome.response.status !== "ok") return 1;
    const bad = outcome.final.filter(
      (s) => s.status === "failed" || s.status === "expired" || s.status === "cancelled",
    );
    return bad.length > 0 ? 1 : 0;
  } catch (err) {
    console.error(`smsgw send: ${errorMessage(err)}`);
    return 1;
  }
}
