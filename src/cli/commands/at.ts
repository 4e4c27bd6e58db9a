import type { Command } from "commander";
import { errorMessage, isSmsgwError } from "../../errors.js";
import type { Urc } from "../../modem/at/index.js";
import { AtChannel, AtError } from "../../modem/at/index.js";
import { transportFromUrl } from "../../modem/transport/url.js";

interface AtCliOptions {
  port: string;
  baud?: string;
  timeout: string;
}

/**
 * `smsgw at --port <p> [--baud <b>] "AT+CSQ" …`: raw AT commands for diagnostics. Each
 * command's answer lines and final result are printed; URCs that arrive meanwhile too.
 * A prompt command (`AT+CMGS=<len>`, `AT+CMGW=<len>`) takes the next argument as its PDU.
 */
export function register(program: Command): void {
  program
    .command("at")
    .description("send raw AT commands to the modem and print what comes back")
    .requiredOption("-p, --port <port>", "serial device (/dev/serial0) or tcp://host:port")
    .option("-b, --baud <rate>", "baud rate for a serial device", "115200")
    .option("-t, --timeout <ms>", "timeout per command in ms", "10000")
    .argument("<commands...>", 'commands such as "AT+CSQ" (a PDU follows AT+CMGS=<len>)')
    .action(async (commands: string[], opts: AtCliOptions) => {
      process.exitCode = await runAt(commands, opts);
    });
}

async function runAt(commands: string[], opts: AtCliOptions): Promise<number> {
  const baudRate = Number(opts.baud ?? "115200");
  const timeoutMs = Number(opts.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    console.error(`smsgw at: invalid timeout "${opts.timeout}"`);
    return 2;
  }
  let open: ReturnType<typeof transportFromUrl>;
  try {
    open = transportFromUrl(opts.port, { baudRate });
  } catch (err) {
    console.error(`smsgw at: ${errorMessage(err)}`);
    return 2;
  }
  const channel = new AtChannel({ open, reconnect: false, logName: "cli:at" });
  channel.on("urc", (u: Urc) => console.log(`[urc] ${u.line}${u.pdu ? `\n[urc] ${u.pdu}` : ""}`));
  try {
    await channel.start();
  } catch (err) {
    console.error(`smsgw at: ${errorMessage(err)}`);
    return 1;
  }
  let failed = false;
  try {
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i]!;
      const isPrompt = /^AT\+CMG[SW]=\d+/i.test(command);
      const data = isPrompt ? commands[++i] : undefined;
      if (isPrompt && data === undefined) {
        console.error(`smsgw at: ${command} needs the PDU as the next argument`);
        failed = true;
        break;
      }
      console.log(`> ${command}`);
      try {
        const r = await channel.run({
          command,
          timeoutMs: isPrompt ? Math.max(timeoutMs, 120_000) : timeoutMs,
          ...(data === undefined ? {} : { prompt: { data } }),
        });
        for (const line of r.lines) console.log(line);
        console.log(r.final === "" ? "(no final result)" : r.final);
      } catch (err) {
        failed = true;
        if (err instanceof AtError && err.final !== undefined) console.log(err.final);
        else console.log(`(${isSmsgwError(err) ? err.code : "error"}: ${errorMessage(err)})`);
        if (isSmsgwError(err, "at.closed")) break;
      }
    }
  } finally {
    await channel.stop();
  }
  return failed ? 1 : 0;
}
