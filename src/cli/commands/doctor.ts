import type { Command } from "commander";
import { runDoctor } from "../../doctor/doctor.js";
import { renderHuman } from "../../doctor/render-human.js";
import { renderJson } from "../../doctor/render-json.js";
import { errorMessage } from "../../errors.js";
import { transportFromUrl } from "../../modem/transport/url.js";

interface DoctorCliOptions {
  port: string;
  baud?: string;
  json?: boolean;
}

/**
 * `smsgw doctor --port <p> [--baud <b>] [--json]`: finds the baud rate, reports the modem
 * (identity, SIM, network, signal, SMSC, storage) and, on a Raspberry Pi, the UART set-up.
 * Exit code 0: no problems; 1: problems found; 2: usage error.
 */
export function register(program: Command): void {
  program
    .command("doctor")
    .description("diagnose the modem and (on a Raspberry Pi) the serial port set-up, with fixes")
    .requiredOption("-p, --port <port>", "serial device (/dev/serial0) or tcp://host:port")
    .option("-b, --baud <rate>", "baud rate to try first (then 115200, 57600, 38400, 19200, 9600)")
    .option("--json", "print the report as JSON for scripts")
    // Usage errors (missing --port, unknown option) exit 2, not commander's 1: 1 means "problems found".
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .action(async (opts: DoctorCliOptions) => {
      process.exitCode = await runDoctorCli(opts);
    });
}

async function runDoctorCli(opts: DoctorCliOptions): Promise<number> {
  const baudRate = opts.baud === undefined ? undefined : Number(opts.baud);
  if (baudRate !== undefined && !(Number.isInteger(baudRate) && baudRate > 0)) {
    console.error(`smsgw doctor: invalid baud rate "${opts.baud}"`);
    return 2;
  }
  try {
    // Validates the port (empty, unknown scheme) before anything is opened.
    transportFromUrl(opts.port, { baudRate: baudRate ?? 115200 });
  } catch (err) {
    console.error(`smsgw doctor: ${errorMessage(err)}`);
    return 2;
  }
  const report = await runDoctor({
    port: opts.port.trim(),
    ...(baudRate === undefined ? {} : { baudRate }),
    open: (rate) => transportFromUrl(opts.port, { baudRate: rate }),
  });
  process.stdout.write(opts.json === true ? renderJson(report) : renderHuman(report));
  return report.ok ? 0 : 1;
}
