/** Types shared by the simulator's parts (public ones are re-exported from index.ts). */

export type ProfileName = "SIM800" | "SIM7600" | "EC25";

/** One AT command split out of a command line (V.250 §5.2: `AT+A=1;+B?` is two commands). */
export interface ParsedCommand {
  /** Upper-case name: "+CMGS", "E", "I", "&F", "" for a bare `AT`. */
  name: string;
  kind: "exec" | "set" | "read" | "test";
  /** Raw argument text after `=` (quotes kept), "" when none. */
  rawArgs: string;
  /** Digits after a basic command (`ATE0` → "0"). */
  value: string;
}

/** What a handler answers. `final` is a whole final result line ("OK", "+CMS ERROR: 321"). */
export interface Reply {
  lines: string[];
  final: string;
  /** Extra delay before the answer (on top of the per-command timing). */
  delayMs?: number;
  /** Runs after the final result was written (reboot after `AT+CFUN=1,1`, URCs). */
  after?: () => void;
  /** Enter the text/PDU input state after writing the prompt instead of a final result. */
  prompt?: PromptJob;
}

/** A command that waits for data after the `> ` prompt (AT+CMGS, AT+CMGW). */
export interface PromptJob {
  /** Called with the data typed before Ctrl-Z (CR/LF removed). */
  complete(data: string): Reply;
}

/** What the network received from one AT+CMGS (one SMS part). */
export interface SentSms {
  to: string;
  text: string;
  pdu: string;
  /** TP-MR the modem answered with (`+CMGS: <mr>`). */
  reference: number;
  decoded: import("../sms/pdu/index.js").DecodedSms;
  statusReportRequested: boolean;
  at: Date;
}

export type InboundRoute = "stored" | "direct" | "queued";

/** One inbound SMS part as the network handed it to the modem. */
export interface InboundPart {
  pdu: string;
  route: InboundRoute;
  /** Storage index when stored. */
  index?: number;
}

/** A status report the simulated network delivered for a sent part. */
export interface ReportDelivered {
  sent: SentSms;
  /** TP-ST. */
  status: number;
  pdu: string;
}

/** What a `SimulatedModem` emits (for tests and the console to watch the module). */
export interface SimulatedModemEvents {
  /** A command line the module read (before it answers). */
  command: [string];
  sent: [SentSms];
  /** A URC the module printed: its line, and the second line of a two-line URC. */
  urc: [string, string | undefined];
  /** Power applied (true) or lost (false). */
  power: [boolean];
  reboot: [];
  "sms-ready": [];
  inbound: [InboundPart];
  report: [ReportDelivered];
  /** An inbound SMS found its memory full. */
  "storage-full": [];
  /** A call ended: the caller gave up, or the module hung up (ATH). */
  "call-ended": [{ from: string; by: "caller" | "module" }];
  /** Registration status (27.007 <stat>) of the profile's last domain after a change. */
  registration: [number];
  /** Raw bytes from the host. */
  rx: [Buffer];
}
