import { SmsgwError } from "../../errors.js";

/** One AT command on one line, printable ASCII only (no CR/LF smuggling a second command). */
const ONE_AT_COMMAND = /^AT[\x20-\x7E]{0,250}$/i;

/**
 * Commands the console never sends: setting or changing the SIM PIN/PUK and the facility
 * locks (a typo there locks the SIM), and the prompt commands that need a PDU after `>`.
 */
const REFUSED: ReadonlyArray<[RegExp, string]> = [
  [/\+CPIN2?\s*=/i, "it enters a SIM PIN or PUK"],
  [/\+CPWD/i, "it changes a SIM password"],
  [/\+CLCK/i, "it changes or reads a SIM lock"],
  [/\+CMG[SWC]\s*=/i, "it needs a PDU after the > prompt (send SMS through the API)"],
];

/** The command, trimmed, when the console may send it; throws http.at-command-refused. */
export function checkConsoleCommand(raw: unknown): string {
  const command = typeof raw === "string" ? raw.trim() : "";
  if (!ONE_AT_COMMAND.test(command))
    throw new SmsgwError(
      "http.at-command-refused",
      "send one AT command (it starts with AT, one line, printable characters only)",
      { details: { fields: [{ field: "command", message: "not one AT command" }] } },
    );
  for (const [pattern, why] of REFUSED)
    if (pattern.test(command))
      throw new SmsgwError(
        "http.at-command-refused",
        `the AT console refuses this command: ${why}`,
        {
          details: { fields: [{ field: "command", message: why }] },
        },
      );
  return command;
}
