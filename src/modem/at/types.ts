export interface AtCommand {
  /** `AT+CSQ` (no CR). */
  command: string;
  /**
   * Which intermediate lines are this command's answer: a prefix like `+CSQ:` or a RegExp.
   * Omitted: derived from the command (`AT+CSQ` → `+CSQ:`), and any line that is neither a
   * known URC nor the echo counts as answer (`ATI`, `AT+CGMI`, `AT+CLAC`).
   * Given: other `+XXX:` lines are treated as unsolicited (ZTE `+ZDONR:` inside `AT+CMGS`);
   * bare lines (the PDU after `+CMGR:`) still count as answer.
   */
  expect?: string | RegExp;
  /** Final-result timeout in ms. Default 5000; 180000 for prompt commands (CMGS needs ≥120 s). */
  timeoutMs?: number;
  /** Text to send after the `> ` prompt (PDU hex), followed by Ctrl-Z. */
  prompt?: { data: string; timeoutMs?: number /* default 10000, then ESC */ };
  /** Hide the arguments in logs and errors (automatic for AT+CPIN=, +CPWD=, +CLCK=). */
  redact?: boolean;
  /** Lower runs earlier; default 10. */
  priority?: number;
  signal?: AbortSignal;
  /**
   * Accept a matched answer without a final result after this quiet time (Wavecom answers
   * `AT+CPIN?` with `+CPIN: READY` and no `OK`; pgm fakemodems). Default 1000 for `AT+CPIN?`,
   * otherwise off.
   */
  finalOptionalMs?: number;
  /** Write ESC first and let any answer to it pass (syncing with a modem in an unknown state). */
  escapeFirst?: boolean;
}

export interface AtResponse {
  command: string /* redacted when secret */;
  /** Answer lines in arrival order (matched prefix lines plus the bare lines among them). */
  lines: string[];
  /** The final result line (`OK`, `CONNECT`), or "" when accepted via finalOptionalMs. */
  final: string;
}

export interface Urc {
  /** `+CMTI`, `^ORIG`, `RING`, `SMS Ready`, `UNDER-VOLTAGE WARNNING`, … (bare URCs: the whole line). */
  name: string;
  line: string;
  /** What follows `name:`, trimmed; "" for bare URCs. */
  params: string;
  /** Second line of `+CMT`/`+CDS`/`+CBM` (PDU hex). */
  pdu?: string;
  /** Whether it is in our table of known URCs (unknown `+XXX:` lines still come through). */
  known: boolean;
}

/** What `AtChannel.session()` hands its callback: run commands while holding the modem. */
export interface AtRunner {
  run(cmd: AtCommand): Promise<AtResponse>;
}

/** How one command on the wire ended (what metrics count). */
export type AtCommandResult = "ok" | "error" | "cme" | "cms" | "timeout" | "aborted" | "closed";

/** One command that left the wire, as the channel's `command` event reports it. */
export interface AtCommandDone {
  /** The command's name only, never its arguments: `CMGS`, `CSQ`, `E` (for `ATE0`), `&W`, `AT`. */
  name: string;
  result: AtCommandResult;
  /** From writing the command to its final result, in milliseconds. */
  durationMs: number;
  /** The `+CMS ERROR` code, when the result is `cms` and the modem gave a number. */
  cmsCode?: number;
}

/**
 * The name of a command without its arguments (a PIN, a number, a PDU length): `AT+CMGS=23`
 * → `CMGS`, `AT+CPIN="1234"` → `CPIN`, `ATE0` → `E`, `ATI` → `I`, `AT` → `AT`.
 */
export function commandName(command: string): string {
  const m = /^AT([+^$#*%&]?)([A-Z]*)/i.exec(command.trim());
  if (m === null) return "other";
  const name = (m[2] ?? "").toUpperCase();
  if (m[1] === "&") return `&${name.slice(0, 1)}`;
  if (m[1] !== "" && name !== "") return name.slice(0, 16);
  if (name === "") return "AT";
  // A basic command (ATE0, ATI, ATZ, ATH, ATD…) is one letter.
  return name.slice(0, 1);
}
