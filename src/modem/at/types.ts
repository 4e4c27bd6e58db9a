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
