import { encodeUssdReply, unpackUssd } from "../sms/pdu/ussd.js";
import type { ModemCore } from "./core.js";

/**
 * What the simulated network answers to one USSD string: a text (the dialogue ends, `m = 0`),
 * a menu that waits for a reply (`m = 1`, the replies by what the user types), a refusal
 * (`m = 4`), or nothing at all (the host's wait times out).
 */
export type SimUssdAnswer =
  | string
  | { text: string; menu?: Record<string, SimUssdAnswer> }
  | { notSupported: true }
  | { noReply: true };

/**
 * How the module prints the network's text: as GSM text (SIMCom, Quectel with `AT+CSCS="GSM"`),
 * as UCS-2 hex with dcs 72 (what many networks send), or GSM 7-bit packed as hex (Huawei sticks,
 * which also want the request packed).
 */
export type SimUssdStyle = "text" | "ucs2" | "packed";

export const defaultUssdAnswers: Record<string, SimUssdAnswer> = {
  "*100#": "Balance: 12.34 EUR",
  "*101#": {
    text: "1. Balance\n2. Data",
    menu: { "1": "Balance: 12.34 EUR", "2": "Data left: 1.5 GB" },
  },
};

/** The module's USSD dialogue with the network: the canned answers and the open menu. */
export class SimUssd {
  private answers: Record<string, SimUssdAnswer>;
  /** The replies the open menu takes, or undefined when no menu is open. */
  private menu: Record<string, SimUssdAnswer> | undefined;
  private readonly style: SimUssdStyle;

  constructor(core: ModemCore) {
    this.answers = { ...(core.opts.ussd ?? defaultUssdAnswers) };
    this.style = core.opts.ussdStyle ?? "text";
  }

  get menuOpen(): boolean {
    return this.menu !== undefined;
  }

  /** Set (or replace) the answer to one code, e.g. from the console's `balance` line. */
  setAnswer(code: string, answer: SimUssdAnswer): void {
    this.answers[code] = answer;
  }

  reset(): void {
    this.menu = undefined;
  }

  cancel(): void {
    this.menu = undefined;
  }

  /** The string as the host sent it: packed hex on a Huawei-style module. */
  decodeRequest(str: string): string {
    return this.style === "packed" && /^[0-9A-Fa-f]+$/.test(str) ? unpackUssd(str) : str;
  }

  /** The network's answer to what the user typed, as a `+CUSD` line, or undefined for silence. */
  answer(typed: string): string | undefined {
    const from = this.menu ?? this.answers;
    this.menu = undefined;
    const a = from[typed];
    if (a === undefined) return "+CUSD: 4";
    if (typeof a === "object" && "noReply" in a) return undefined;
    if (typeof a === "object" && "notSupported" in a) return "+CUSD: 4";
    const text = typeof a === "string" ? a : a.text;
    const menu = typeof a === "string" ? undefined : a.menu;
    this.menu = menu;
    const { str, dcs } = encodeUssdReply(text, this.style === "packed" ? "packed" : this.style);
    return `+CUSD: ${menu === undefined ? 0 : 1},"${str}",${dcs}`;
  }
}
