import { z } from "zod";
import { ident, recipients, text } from "./fields.js";

/** `automation.callTriggers`: an allowed caller's call runs a command (no SMS, no cost). */
export const callTriggerSchema = z.strictObject({
  name: ident.describe("Name of the trigger, in the audit and on <base>/call"),
  callers: recipients.describe(
    "Who may trigger it by calling: numbers, contact names or group names",
  ),
  command: ident.describe("The command (a name in automation.commands) the call runs"),
  args: z
    .record(z.string(), text())
    .default({})
    .describe("Values for the command's <placeholders>, e.g. { name: gate, state: ON }"),
  perCallerPerHour: z
    .number()
    .int("must be a whole number")
    .min(1, "at least 1")
    .max(1000, "at most 1000")
    .default(6)
    .describe("Calls per caller per hour that run the command (count); more are refused"),
  requireSmsCodeWithinMinutes: z
    .number()
    .int("must be a whole number of minutes")
    .min(1, "at least 1 minute")
    .max(1440, "at most 1440 minutes (a day)")
    .optional()
    .describe(
      "Runs only if the caller ran an SMS command with a valid code (PIN/TOTP/HOTP) within this many minutes",
    ),
});
