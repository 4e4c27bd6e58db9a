import { EventEmitter } from "node:events";
import { createTask, type ScheduledTask } from "node-cron";
import { errorMessage } from "../../errors.js";
import { createLogger } from "../../log.js";
import type { InboundMessage } from "../types.js";
import type { UssdRequest, UssdResult } from "./types.js";

/** The SIM's credit as last read. */
export interface BalanceReading {
  amount: number;
  /** The currency the text named (or the configured one); null when neither did. */
  currency: string | null;
  /** The text the amount was read from. */
  text: string;
  source: "ussd" | "sms";
  /** ISO 8601. */
  at: string;
}

export interface BalanceOptions {
  /** The USSD code that asks for the balance (`*100#`); absent with `fromSms` alone. */
  code?: string;
  /** When to check (cron, in the gateway's time zone); absent: only on demand. */
  cron?: string;
  timeZone?: string;
  /** A regex with the named group `amount` (and optionally `currency`). */
  parse: RegExp;
  /** Used when the text names no currency. */
  currency?: string;
  /** The operator answers by SMS from this sender: its text is parsed instead. */
  fromSms?: string;
  ussd?: { request(req: UssdRequest): Promise<UssdResult> };
  sms: {
    on(event: "inbound", listener: (m: InboundMessage) => void): unknown;
    off(event: "inbound", listener: (m: InboundMessage) => void): unknown;
  };
}

export interface BalanceEvents {
  balance: [BalanceReading];
}

/**
 * The SIM's credit: dials the balance code on a schedule (or on demand) and reads the amount
 * out of the network's answer with the configured pattern, or out of the SMS an operator that
 * answers by SMS sends from the configured sender. Each reading is emitted as `balance`.
 */
export class BalanceMonitor extends EventEmitter<BalanceEvents> {
  private readonly log = createLogger("balance");
  private task: ScheduledTask | undefined;
  private last: BalanceReading | undefined;
  private readonly onSms = (m: InboundMessage) => this.fromSms(m);

  constructor(private readonly o: BalanceOptions) {
    super();
  }

  get latest(): BalanceReading | undefined {
    return this.last;
  }

  async start(): Promise<void> {
    if (this.o.fromSms !== undefined) this.o.sms.on("inbound", this.onSms);
    if (this.o.cron === undefined) return;
    const scheduled = () =>
      this.check().catch((err: unknown) =>
        this.log.warn({ err: errorMessage(err) }, "scheduled balance check not made"),
      );
    this.task = createTask(this.o.cron, () => void scheduled(), {
      name: "smsgw-balance",
      noOverlap: true,
      ...(this.o.timeZone === undefined ? {} : { timezone: this.o.timeZone }),
    });
    await this.task.start();
  }

  async stop(): Promise<void> {
    this.o.sms.off("inbound", this.onSms);
    await this.task?.destroy();
    this.task = undefined;
  }

  /**
   * Dials the balance code now. Resolves with the reading, or undefined when the answer comes
   * by SMS (it is read when it arrives) or held no amount; a refused dial rejects.
   */
  async check(): Promise<BalanceReading | undefined> {
    if (this.o.code === undefined || this.o.ussd === undefined) return undefined;
    const r = await this.o.ussd.request({ session: "new", code: this.o.code });
    if (r.status !== "done" && r.status !== "further-action" && r.status !== "terminated") {
      this.log.warn({ status: r.status, text: r.text }, "balance check got no answer");
      return undefined;
    }
    if (this.o.fromSms !== undefined && this.read(r.text, "ussd") === undefined) return undefined;
    return this.take(r.text, "ussd");
  }

  private fromSms(m: InboundMessage): void {
    if (m.from.toLowerCase() !== this.o.fromSms?.toLowerCase()) return;
    this.take(m.text, "sms");
  }

  private take(text: string, source: BalanceReading["source"]): BalanceReading | undefined {
    const reading = this.read(text, source);
    if (reading === undefined) {
      this.log.warn({ source, text: text.slice(0, 160) }, "no amount found in the balance answer");
      return undefined;
    }
    this.last = reading;
    this.log.info({ amount: reading.amount, currency: reading.currency }, "SIM balance");
    try {
      this.emit("balance", reading);
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "balance listener threw");
    }
    return reading;
  }

  private read(text: string, source: BalanceReading["source"]): BalanceReading | undefined {
    const m = this.o.parse.exec(text);
    const amount = parseAmount(m?.groups?.amount);
    if (amount === undefined) return undefined;
    return {
      amount,
      currency: m?.groups?.currency ?? this.o.currency ?? null,
      text,
      source,
      at: new Date().toISOString(),
    };
  }
}

/**
 * `12.34`, `12,34`, `1.234,56`, `1,234.56`, `-3.20` → a number: the last `.` or `,` is the
 * decimal mark when two or fewer digits follow it, every other one groups thousands.
 */
export function parseAmount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = raw.replace(/[\s\u00a0']/g, "");
  if (!/^[-+]?\d[\d.,]*$/.test(t)) return undefined;
  const last = Math.max(t.lastIndexOf("."), t.lastIndexOf(","));
  const decimals = last < 0 ? "" : t.slice(last + 1);
  const isDecimal = last >= 0 && decimals.length <= 2;
  const whole = (isDecimal ? t.slice(0, last) : t).replace(/[.,]/g, "");
  const n = Number(isDecimal ? `${whole}.${decimals}` : whole);
  return Number.isFinite(n) ? n : undefined;
}
