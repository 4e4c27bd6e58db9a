import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Command } from "commander";
import { errorMessage, isSmsgwError } from "../../errors.js";
import { decodePdu, encodeSubmit, PduError, type SubmitOptions } from "../../sms/pdu/index.js";

/**
 * `smsgw pdu decode|encode`: the codec on the command line. The handlers are pure functions
 * (`decodeLine`, `encodeRequest`, `processLines`) so tests drive them without a process.
 */

export type LineResult = { ok: true; value: object } | { ok: false; value: ErrorLine };
export interface ErrorLine {
  error: string;
  code: string;
  input: string;
}

function failure(err: unknown, input: string): LineResult {
  return {
    ok: false,
    value: { error: errorMessage(err), code: isSmsgwError(err) ? err.code : "pdu.internal", input },
  };
}

/** One hex PDU → the decoded message, or `{ error, code, input }`. */
export function decodeLine(hex: string, opts: { smsc: boolean }): LineResult {
  try {
    return { ok: true, value: decodePdu(hex, { smsc: opts.smsc }) };
  } catch (err) {
    return failure(err, hex.trim());
  }
}

/**
 * An encode request (a parsed JSON line or the command-line options) → SubmitOptions.
 * Accepts the CLI names (`report`, `validity`) and the API names (`statusReport`, `validitySeconds`).
 */
export function toSubmitOptions(req: Record<string, unknown>): SubmitOptions {
  const validity = req.validitySeconds ?? req.validity;
  const seconds = typeof validity === "string" ? Number(validity) : validity;
  const maxParts = typeof req.maxParts === "string" ? Number(req.maxParts) : req.maxParts;
  return {
    to: req.to as string,
    text: req.text as string,
    encoding: req.encoding as SubmitOptions["encoding"],
    flash: req.flash === true,
    statusReport: req.statusReport === true || req.report === true,
    rejectDuplicates: req.rejectDuplicates === true,
    validitySeconds: seconds as number | undefined,
    smsc: req.smsc as string | undefined,
    maxParts: maxParts as number | undefined,
    concatRef: req.concatRef as number | undefined,
    messageRef: req.messageRef as number | undefined,
    national: req.national as SubmitOptions["national"],
  };
}

export function encodeRequest(req: Record<string, unknown>, input: string): LineResult {
  try {
    if (typeof req.to !== "string") throw new PduError("invalid-option", "to is required");
    return { ok: true, value: encodeSubmit(toSubmitOptions(req)) };
  } catch (err) {
    return failure(err, input);
  }
}

/** CLI names → API names (`report` → `statusReport`, `validity` → `validitySeconds`). */
function apiNames(req: Record<string, unknown>): Record<string, unknown> {
  const { report, validity, ...rest } = req;
  if (report !== undefined && rest.statusReport === undefined) rest.statusReport = report;
  if (validity !== undefined && rest.validitySeconds === undefined) rest.validitySeconds = validity;
  return rest;
}

/**
 * One JSON line `{"to": …, "text": …}` → the encoded parts, or an error line. `defaults` (the
 * command-line flags) apply to every line; a field in the line overrides its flag, whichever
 * of the two names (`report`/`statusReport`, `validity`/`validitySeconds`) either uses.
 */
export function encodeLine(line: string, defaults: Record<string, unknown> = {}): LineResult {
  let req: unknown;
  try {
    req = JSON.parse(line);
  } catch {
    return failure(new PduError("invalid-option", "not a JSON object"), line);
  }
  if (typeof req !== "object" || req === null || Array.isArray(req))
    return failure(new PduError("invalid-option", "not a JSON object"), line);
  return encodeRequest(
    { ...apiNames(defaults), ...apiNames(req as Record<string, unknown>) },
    line,
  );
}

/** One JSON line out per non-empty line in; bad lines give error lines and the rest carry on. */
export async function processLines(
  input: Readable,
  output: Writable,
  handle: (line: string) => LineResult,
): Promise<{ lines: number; errors: number }> {
  let lines = 0;
  let errors = 0;
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "") continue;
    lines++;
    const result = handle(line);
    if (!result.ok) errors++;
    if (!output.write(`${JSON.stringify(result.value)}\n`)) await once(output, "drain");
  }
  return { lines, errors };
}

function print(result: LineResult): void {
  process.stdout.write(`${JSON.stringify(result.value)}\n`);
  if (!result.ok) process.exitCode = 1;
}

export function register(program: Command): void {
  const pdu = program.command("pdu").description("encode and decode SMS PDUs (3GPP TS 23.040)");

  pdu
    .command("decode")
    .description("decode a hex PDU to JSON; without an argument, one PDU per stdin line")
    .argument("[hex]", "PDU in hex, starting with the SMSC field unless --no-smsc")
    .option("--no-smsc", "the PDU has no SMSC field (starts with the TPDU)")
    .action(async (hex: string | undefined, opts: { smsc: boolean }) => {
      if (hex !== undefined) return print(decodeLine(hex, opts));
      await processLines(process.stdin, process.stdout, (line) => decodeLine(line, opts));
    });

  pdu
    .command("encode")
    .description(
      "encode an SMS-SUBMIT; without --text, one JSON request per stdin line (the flags apply to every line, a field in the line overrides its flag)",
    )
    .option("--to <number>", "recipient: +international, national or short code")
    .option("--text <text>", "message text")
    .option("--flash", "class 0 (flash SMS)")
    .option("--validity <seconds>", "relative validity period in seconds")
    .option("--report", "request a status report")
    .option("--encoding <encoding>", "auto | gsm7 | ucs2", "auto")
    .option("--smsc <number>", "SMSC to put in the PDU (default: the SIM's)")
    .option("--max-parts <n>", "refuse texts needing more parts", "10")
    .action(async (opts: Record<string, unknown>) => {
      if (opts.text !== undefined) return print(encodeRequest(opts, JSON.stringify(opts)));
      await processLines(process.stdin, process.stdout, (line) => encodeLine(line, opts));
    });
}
