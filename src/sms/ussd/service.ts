import { EventEmitter } from "node:events";
import { errorMessage, SmsgwError } from "../../errors.js";
import { createLogger } from "../../log.js";
import {
  type AtCommand,
  type AtResponse,
  type CusdResult,
  parseCusd,
  type Urc,
} from "../../modem/at/index.js";
import { isGsm7Encodable } from "../pdu/index.js";
import { decodeUssdString, encodeUssdRequest, USSD_DCS_GSM7 } from "../pdu/ussd.js";
import {
  STATUS_OF_M,
  type UssdEvent,
  type UssdRequest,
  type UssdRequestEncoding,
  type UssdResult,
} from "./types.js";

/** What the USSD service needs of the AT channel (`AtChannel` satisfies it). */
export interface UssdAtPort {
  run(cmd: AtCommand): Promise<AtResponse>;
  on(event: "urc", listener: (u: Urc) => void): unknown;
  off(event: "urc", listener: (u: Urc) => void): unknown;
}

export interface UssdOptions {
  at: UssdAtPort;
  /** "ready" when the modem is registered and answers. */
  modem: { readonly state: string };
  encoding?: UssdRequestEncoding;
  /** How long to wait for the network's answer when a request names no timeout. */
  timeoutMs?: number;
  /** An open menu nobody answers is cancelled after this long. */
  idleTimeoutMs?: number;
}

/**
 * Ahead of the SMS work (10): a USSD command holds the line only until the module's `OK`; the
 * network's answer comes later as a `+CUSD` URC while SMS go out.
 */
export const USSD_PRIORITY = 5;
/** Some firmware answers `AT+CUSD=1` only once the network did; never longer than this. */
const COMMAND_TIMEOUT_MS = 10_000;
/** 24.080: a USSD string carries at most 182 GSM 7-bit characters. */
const MAX_LENGTH = 182;

export interface UssdServiceEvents {
  result: [UssdEvent];
}

/**
 * USSD over the shared AT channel: one dialogue at a time. `request()` sends
 * `AT+CUSD=1,"<str>",15` and resolves with the network's `+CUSD:` answer (or `timeout`); a menu
 * (`m = 1`) stays open for a reply until answered, cancelled (`AT+CUSD=2`) or idle too long.
 * Every outcome, and whatever the network sends on its own, is emitted as `result`.
 */
export class UssdService extends EventEmitter<UssdServiceEvents> {
  private readonly log = createLogger("ussd");
  private readonly encoding: UssdRequestEncoding;
  private readonly timeoutMs: number;
  private readonly idleTimeoutMs: number;
  private pending: { abort: AbortController } | undefined;
  private open = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private started = false;
  private readonly onUrc = (u: Urc) => this.onLine(u);
  /** Whoever waits for the next `+CUSD` line. */
  private waiter: ((line: string) => void) | undefined;

  constructor(private readonly opts: UssdOptions) {
    super();
    this.encoding = opts.encoding ?? "text";
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  }

  /** Whether a menu waits for a reply. */
  get sessionOpen(): boolean {
    return this.open;
  }

  /** Whether a request waits for the network's answer. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.opts.at.on("urc", this.onUrc);
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.opts.at.off("urc", this.onUrc);
    clearTimeout(this.idleTimer);
    this.pending?.abort.abort();
  }

  /**
   * Start a dialogue (`new`), answer a menu (`reply`) or end one (`cancel`). Refuses with
   * `ussd.busy` while another waits or a menu is open, `ussd.no-session` for a reply without a
   * menu, `ussd.not-ready` when the modem is not ready. The modem's own refusal (`+CME ERROR`)
   * is the `error` status, with its message as text.
   */
  async request(req: UssdRequest): Promise<UssdResult> {
    if (req.session === "cancel") return this.cancel();
    if (this.pending !== undefined)
      throw new SmsgwError("ussd.busy", "a USSD request is waiting for the network's answer");
    if (req.session === "new" && this.open)
      throw new SmsgwError(
        "ussd.busy",
        "a USSD menu is open: answer it (session reply) or cancel it first",
      );
    if (req.session === "reply" && !this.open)
      throw new SmsgwError("ussd.no-session", "no USSD menu is open to reply to");
    if (this.opts.modem.state !== "ready")
      throw new SmsgwError("ussd.not-ready", `the modem is ${this.opts.modem.state}, not ready`);
    const sent = req.session === "new" ? req.code : req.text;
    const str = this.encode(sent);
    const timeoutMs =
      req.timeoutSeconds === undefined ? this.timeoutMs : Math.round(req.timeoutSeconds * 1000);
    clearTimeout(this.idleTimer);
    const abort = new AbortController();
    this.pending = { abort };
    try {
      const result = await this.exchange(str, timeoutMs, abort.signal);
      this.settle(result, sent);
      return result;
    } finally {
      this.pending = undefined;
    }
  }

  private async exchange(str: string, timeoutMs: number, signal: AbortSignal): Promise<UssdResult> {
    // Waiting before the command is written: the answer may come right after (or before) OK.
    const answer = this.nextAnswer(timeoutMs, signal);
    answer.catch(() => undefined);
    try {
      await this.opts.at.run({
        command: `AT+CUSD=1,"${str}",${USSD_DCS_GSM7}`,
        priority: USSD_PRIORITY,
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
    } catch (err) {
      this.pending?.abort.abort();
      return { status: "error", text: errorMessage(err), sessionOpen: false };
    }
    try {
      return this.resultOf(parseCusd(await answer));
    } catch (err) {
      if (signal.aborted) return { status: "terminated", text: "", sessionOpen: false };
      if (err instanceof SmsgwError && err.code === "at.timeout") {
        // The network may still be in the dialogue: end it, so the next one is not refused.
        await this.sendCancel();
        return { status: "timeout", text: "", sessionOpen: false };
      }
      return { status: "error", text: errorMessage(err), sessionOpen: false };
    }
  }

  /** The next whole `+CUSD` line, or `at.timeout` / `at.aborted`. */
  private nextAnswer(timeoutMs: number, signal: AbortSignal): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.waiter === waiter) this.waiter = undefined;
      };
      const onAbort = () => {
        done();
        reject(new SmsgwError("at.aborted", "the USSD request was cancelled"));
      };
      const timer = setTimeout(() => {
        done();
        reject(new SmsgwError("at.timeout", `no USSD answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = (line: string) => {
        done();
        resolve(line);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiter = waiter;
    });
  }

  private async cancel(): Promise<UssdResult> {
    const wasOpen = this.open || this.pending !== undefined;
    this.pending?.abort.abort();
    clearTimeout(this.idleTimer);
    this.open = false;
    if (!wasOpen) throw new SmsgwError("ussd.no-session", "no USSD dialogue is open to cancel");
    await this.sendCancel();
    const result: UssdResult = { status: "terminated", text: "", sessionOpen: false };
    this.announce(result, undefined);
    return result;
  }

  private async sendCancel(): Promise<void> {
    try {
      await this.opts.at.run({
        command: "AT+CUSD=2",
        priority: USSD_PRIORITY,
        timeoutMs: COMMAND_TIMEOUT_MS,
      });
    } catch (err) {
      this.log.debug({ err: errorMessage(err) }, "AT+CUSD=2 not accepted");
    }
  }

  private encode(text: string): string {
    if (text === "" || text.length > MAX_LENGTH)
      throw new SmsgwError(
        "ussd.invalid-code",
        `a USSD string has 1 to ${MAX_LENGTH} characters, not ${text.length}`,
      );
    // A quote would end the AT string early; outside GSM 7-bit the network cannot carry it.
    if (text.includes('"') || !isGsm7Encodable(text))
      throw new SmsgwError(
        "ussd.invalid-code",
        `"${text}" has characters a USSD string cannot carry (quotes or outside GSM 7-bit)`,
      );
    return encodeUssdRequest(text, this.encoding);
  }

  private resultOf(c: CusdResult): UssdResult {
    const result: UssdResult = {
      status: STATUS_OF_M[c.m] ?? "error",
      text: c.str === undefined ? "" : decodeUssdString(c.str, c.dcs, this.encoding === "packed"),
      sessionOpen: c.m === 1,
    };
    if (c.dcs !== undefined) result.dcs = c.dcs;
    return result;
  }

  /** The dialogue's state after an outcome, then the announcement. */
  private settle(result: UssdResult, request: string | undefined): void {
    this.open = result.sessionOpen;
    clearTimeout(this.idleTimer);
    if (this.open) {
      this.idleTimer = setTimeout(() => void this.idleOut(), this.idleTimeoutMs);
      this.idleTimer.unref?.();
    }
    this.announce(result, request);
  }

  private async idleOut(): Promise<void> {
    if (!this.open || this.pending !== undefined) return;
    this.open = false;
    this.log.info({ idleSeconds: this.idleTimeoutMs / 1000 }, "open USSD menu cancelled: idle");
    await this.sendCancel();
    this.announce({ status: "timeout", text: "", sessionOpen: false }, undefined);
  }

  private onLine(u: Urc): void {
    if (u.name === "+CUSD") this.deliver(u.line);
  }

  private deliver(line: string): void {
    const waiter = this.waiter;
    if (waiter !== undefined) {
      waiter(line);
      return;
    }
    // Nobody asked: the network ended the dialogue, or pushed a message or a menu.
    let result: UssdResult;
    try {
      result = this.resultOf(parseCusd(line));
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "unreadable +CUSD ignored");
      return;
    }
    this.settle(result, undefined);
  }

  private announce(result: UssdResult, request: string | undefined): void {
    const event: UssdEvent = { ...result, at: new Date().toISOString() };
    if (request !== undefined) event.request = request;
    try {
      this.emit("result", event);
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "USSD listener threw");
    }
  }
}
