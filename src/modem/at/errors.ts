import { SmsgwError } from "../../errors.js";
import type { FinalResult } from "./result-codes.js";
import type { FailureReason } from "./transaction.js";

export type AtErrorCode =
  | "at.error"
  | "at.cme"
  | "at.cms"
  | "at.timeout"
  | "at.prompt-timeout"
  | "at.closed"
  | "at.aborted"
  | "at.not-supported"
  | "at.no-carrier";

/** Every failed AT command. `command` is redacted (no PINs). */
export class AtError extends SmsgwError {
  readonly command: string;
  readonly cmeCode?: number;
  readonly cmsCode?: number;
  /** The final result line, when the modem gave one (`+CMS ERROR: 500`, `ERROR`). */
  readonly final?: string;

  constructor(
    code: AtErrorCode,
    message: string,
    opts: { command: string; cmeCode?: number; cmsCode?: number; final?: string; cause?: unknown },
  ) {
    const details: Record<string, unknown> = { command: opts.command };
    if (opts.cmeCode !== undefined) details.cme = opts.cmeCode;
    if (opts.cmsCode !== undefined) details.cms = opts.cmsCode;
    if (opts.final !== undefined) details.final = opts.final;
    super(code, message, { cause: opts.cause, details });
    this.name = "AtError";
    this.command = opts.command;
    if (opts.cmeCode !== undefined) this.cmeCode = opts.cmeCode;
    if (opts.cmsCode !== undefined) this.cmsCode = opts.cmsCode;
    if (opts.final !== undefined) this.final = opts.final;
  }
}

/** The one place failure reasons become errors. */
export function failureToError(
  reason: FailureReason,
  command: string,
  final: FinalResult | undefined,
  timeoutMs: number,
): AtError {
  const line = final?.line;
  const base = { command, ...(line === undefined ? {} : { final: line }) };
  switch (reason) {
    case "cme":
    case "cms": {
      const code = final && (final.kind === "cme" || final.kind === "cms") ? final.code : undefined;
      const text = final && (final.kind === "cme" || final.kind === "cms") ? final.text : undefined;
      const what = code !== undefined ? String(code) : (text ?? "?");
      return new AtError(`at.${reason}`, `${command}: +${reason.toUpperCase()} ERROR ${what}`, {
        ...base,
        ...(code === undefined ? {} : reason === "cme" ? { cmeCode: code } : { cmsCode: code }),
      });
    }
    case "not-supported":
      return new AtError("at.not-supported", `${command}: command not supported`, base);
    case "no-carrier":
      return new AtError("at.no-carrier", `${command}: NO CARRIER`, base);
    case "timeout":
      return new AtError("at.timeout", `${command}: no answer within ${timeoutMs} ms`, base);
    case "prompt-timeout":
      return new AtError(
        "at.prompt-timeout",
        `${command}: no "> " prompt within ${timeoutMs} ms`,
        base,
      );
    case "aborted":
      return new AtError("at.aborted", `${command}: aborted`, base);
    case "closed":
      return new AtError("at.closed", `${command}: connection to the modem closed`, base);
    case "no-prompt":
      return new AtError(
        "at.error",
        `${command}: ${line ?? "OK"} instead of the "> " prompt`,
        base,
      );
    case "error":
    case "call-failed":
      return new AtError("at.error", `${command}: ${line ?? "ERROR"}`, base);
  }
}
