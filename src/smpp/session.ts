import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { SmppAccount, SmppConfig } from "../config/sections/smpp.js";
import { createLogger } from "../log.js";
import type { SmsPort } from "../mqtt/ports.js";
import { decodePdu, encodePdu, SmppPduError } from "./codec.js";
import { deliverSmBody } from "./deliver-sm.js";
import type { Delivery } from "./deliveries.js";
import type { DeliveryStore } from "./delivery-store.js";
import { PduFramer } from "./framer.js";
import { MAX_SEQUENCE } from "./header.js";
import { decodeSmText } from "./message-text.js";
import { SmppDecodeError } from "./octets.js";
import type { BindCommand, Pdu, PduOf, ShortMessageBody } from "./pdu.js";
import { cancelSm, messageIdPrefix, querySm } from "./queries.js";
import { Reassembler, type SubmittedPart } from "./reassembly.js";
import { allowedIn, BOUND_STATE, canReceive, type SessionState } from "./session-state.js";
import { SmppRefusal } from "./smpp-error.js";
import { STATUS, statusText } from "./status.js";
import { readSubmit, sendRequestOf, statusOfSendError } from "./submit.js";
import { TLV, u8Tlv } from "./tlv.js";

const log = createLogger("smpp");

/** After an ESME refuses a deliver_sm, it is offered again this much later. */
export const REDELIVER_MS = 10_000;

/** What a session needs of the server around it. */
export interface SessionHost {
  readonly config: SmppConfig;
  readonly service: SmsPort;
  readonly deliveries: DeliveryStore;
  /** The account these credentials name, or the command_status refusing the bind. */
  authenticate(address: string, systemId: string, password: string): SmppAccount | number;
  /** Whether the account may submit one more now (smpp.accounts[].throughput). */
  withinThroughput(account: SmppAccount): boolean;
  now(): number;
  bound(session: SmppSession): void;
  closed(session: SmppSession): void;
}

interface InFlight {
  delivery: Delivery;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One ESME connection: reads PDUs, keeps the session state (open → bound → closed), answers
 * requests, sends deliver_sm from the account's durable line (at most windowSize unanswered)
 * and keeps the timers (bind, enquire_link, inactivity, responses).
 */
export class SmppSession {
  state: SessionState = "open";
  account: SmppAccount | undefined;
  readonly address: string;
  readonly connectedAt: number;
  private readonly framer = new PduFramer();
  private readonly reassembler = new Reassembler();
  private readonly inFlight = new Map<number, InFlight>();
  private readonly submits = new Set<Promise<void>>();
  private sequence = 0;
  private bindTimer: ReturnType<typeof setTimeout> | undefined;
  private inactivityTimer: ReturnType<typeof setTimeout> | undefined;
  private linkTimer: ReturnType<typeof setInterval> | undefined;
  private linkWait: { sequence: number; timer: ReturnType<typeof setTimeout> } | undefined;
  private reassemblyTimer: ReturnType<typeof setTimeout> | undefined;
  private redeliverTimer: ReturnType<typeof setTimeout> | undefined;
  private submitting = 0;

  constructor(
    private readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.address = socket.remoteAddress ?? "unknown";
    this.connectedAt = host.now();
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.received(chunk));
    socket.on("error", (err) =>
      log.debug({ address: this.address, err: err.message }, "socket error"),
    );
    socket.on("close", () => this.closeNow());
    this.bindTimer = setTimeout(() => {
      log.warn({ address: this.address }, "SMPP connection did not bind in time: closed");
      this.closeNow();
    }, this.ms(host.config.bindTimeoutSeconds));
    this.touch();
  }

  /** Unanswered deliver_sm now. */
  get unacknowledged(): number {
    return this.inFlight.size;
  }

  /** Offers waiting deliveries (the store has new ones for this account). */
  pump(): void {
    if (this.account === undefined || !canReceive(this.state)) return;
    const room = this.host.config.windowSize - this.inFlight.size;
    if (room <= 0) return;
    for (const d of this.host.deliveries.claim(this.account.systemId, room)) {
      const sequence = this.nextSequence();
      const timer = setTimeout(() => {
        log.warn(
          { account: this.account?.systemId, address: this.address },
          "no deliver_sm_resp in time: session closed (the delivery waits for the next bind)",
        );
        this.closeNow();
      }, this.ms(this.host.config.responseTimeoutSeconds));
      this.inFlight.set(sequence, { delivery: d, timer });
      this.write({
        command: "deliver_sm",
        status: 0,
        sequence,
        body: deliverSmBody(d, this.account.dataCoding0, this.account.inboundDestination),
      });
    }
  }

  /** Unbinds (the gateway stops): waits for submissions under way, then closes. */
  async unbind(): Promise<void> {
    if (this.state === "closed") return;
    if (this.state !== "open")
      this.write({ command: "unbind", status: 0, sequence: this.nextSequence() });
    await Promise.allSettled([...this.submits]);
    this.socket.end();
    this.closeNow();
  }

  /** Closes at once; deliveries not answered wait for the next bind. */
  closeNow(): void {
    if (this.state === "closed") return;
    const wasBound = this.state !== "open";
    this.state = "closed";
    for (const t of [
      this.bindTimer,
      this.inactivityTimer,
      this.reassemblyTimer,
      this.redeliverTimer,
    ])
      if (t !== undefined) clearTimeout(t);
    if (this.linkTimer !== undefined) clearInterval(this.linkTimer);
    if (this.linkWait !== undefined) clearTimeout(this.linkWait.timer);
    for (const f of this.inFlight.values()) {
      clearTimeout(f.timer);
      this.host.deliveries.release(f.delivery.seq);
    }
    this.inFlight.clear();
    this.reassembler.drain();
    if (!this.socket.destroyed) this.socket.destroy();
    if (wasBound)
      log.info({ account: this.account?.systemId, address: this.address }, "SMPP session closed");
    this.host.closed(this);
  }

  private isClosed(): boolean {
    return this.state === "closed";
  }

  private ms(seconds: number): number {
    return Math.round(seconds * 1000);
  }

  private nextSequence(): number {
    this.sequence = this.sequence >= MAX_SEQUENCE ? 1 : this.sequence + 1;
    return this.sequence;
  }

  /** A whole PDU arrived: the session is alive. Partial PDUs do not count (a slowloris). */
  private touch(): void {
    if (this.inactivityTimer !== undefined) clearTimeout(this.inactivityTimer);
    this.inactivityTimer = setTimeout(() => {
      log.warn(
        { account: this.account?.systemId, address: this.address },
        "SMPP session inactive: unbound",
      );
      if (this.state !== "open")
        this.write({ command: "unbind", status: 0, sequence: this.nextSequence() });
      this.socket.end();
      this.closeNow();
    }, this.ms(this.host.config.inactivitySeconds));
  }

  private write(pdu: Pdu): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    // A client that does not read its answers is not read from either (bounded memory).
    if (!this.socket.write(encodePdu(pdu))) {
      this.socket.pause();
      this.socket.once("drain", () => this.socket.resume());
    }
  }

  private nack(status: number, sequence: number): void {
    this.write({ command: "generic_nack", status, sequence });
  }

  private received(chunk: Buffer): void {
    if (this.state === "closed") return;
    let pdus: Buffer[];
    try {
      pdus = this.framer.push(chunk);
    } catch (err) {
      // The stream cannot be cut into PDUs any more: tell the ESME, then close.
      const status = err instanceof SmppDecodeError ? err.status : STATUS.ESME_RINVCMDLEN;
      log.warn(
        { address: this.address, err: (err as Error).message },
        "SMPP stream unreadable: closed",
      );
      this.nack(status, 0);
      this.socket.end();
      this.closeNow();
      return;
    }
    for (const buf of pdus) {
      if (this.isClosed()) return;
      this.touch();
      let pdu: Pdu;
      try {
        pdu = decodePdu(buf);
      } catch (err) {
        if (!(err instanceof SmppPduError)) throw err;
        log.warn({ address: this.address, err: err.message }, "SMPP PDU refused");
        this.nack(err.status, err.sequence);
        continue;
      }
      try {
        this.handle(pdu);
      } catch (err) {
        // A bug must not take the process down with it: this PDU is refused, the session goes on.
        log.error(
          { address: this.address, command: pdu.command, err: String(err) },
          "SMPP PDU failed",
        );
        this.refuse(pdu, STATUS.ESME_RSYSERR);
      }
    }
  }

  private handle(pdu: Pdu): void {
    if (!allowedIn(this.state, pdu.command)) {
      const status = pdu.command.startsWith("bind_") ? STATUS.ESME_RALYBND : STATUS.ESME_RINVBNDSTS;
      this.refuse(pdu, status);
      return;
    }
    switch (pdu.command) {
      case "bind_transmitter":
      case "bind_receiver":
      case "bind_transceiver":
        this.bind(pdu);
        return;
      case "unbind":
        this.write({ command: "unbind_resp", status: 0, sequence: pdu.sequence });
        this.socket.end();
        this.closeNow();
        return;
      case "enquire_link":
        this.write({ command: "enquire_link_resp", status: 0, sequence: pdu.sequence });
        return;
      case "submit_sm":
        this.submit(pdu);
        return;
      case "query_sm":
        this.query(pdu);
        return;
      case "cancel_sm":
        this.cancel(pdu);
        return;
      case "deliver_sm_resp":
        this.delivered(pdu);
        return;
      case "enquire_link_resp":
        if (this.linkWait?.sequence === pdu.sequence) {
          clearTimeout(this.linkWait.timer);
          this.linkWait = undefined;
        }
        return;
      case "unbind_resp":
        this.socket.end();
        this.closeNow();
        return;
      case "deliver_sm":
        // An ESME does not deliver to the SMSC.
        this.refuse(pdu, STATUS.ESME_RINVCMDID);
        return;
      default:
        // Other responses (generic_nack, …) answer nothing we wait for.
        return;
    }
  }

  /** Answers a request with its response carrying `status` (a generic_nack for a response). */
  private refuse(pdu: Pdu, status: number): void {
    const resp = `${pdu.command}_resp`;
    if (pdu.command.endsWith("_resp") || pdu.command === "generic_nack") return;
    this.write({ command: resp as Pdu["command"], status, sequence: pdu.sequence } as Pdu);
  }

  private bind(pdu: PduOf<BindCommand>): void {
    const resp = `${pdu.command}_resp` as const;
    const { systemId, password } = pdu.body;
    const result = this.host.authenticate(this.address, systemId, password);
    if (typeof result === "number") {
      log.warn(
        { address: this.address, systemId, status: statusText(result) },
        "SMPP bind refused",
      );
      this.write({ command: resp, status: result, sequence: pdu.sequence });
      this.socket.end();
      this.closeNow();
      return;
    }
    this.account = result;
    this.state = BOUND_STATE[pdu.command];
    if (this.bindTimer !== undefined) clearTimeout(this.bindTimer);
    this.write({
      command: resp,
      status: 0,
      sequence: pdu.sequence,
      body: { systemId: "smsgw", tlvs: [u8Tlv(TLV.sc_interface_version, 0x34)] },
    });
    log.info({ account: systemId, address: this.address, state: this.state }, "SMPP session bound");
    this.linkTimer = setInterval(
      () => this.enquireLink(),
      this.ms(this.host.config.enquireLinkSeconds),
    );
    this.host.bound(this);
    this.pump();
  }

  private enquireLink(): void {
    if (this.linkWait !== undefined) return;
    const sequence = this.nextSequence();
    const timer = setTimeout(() => {
      log.warn(
        { account: this.account?.systemId, address: this.address },
        "no enquire_link_resp in time: closed",
      );
      this.closeNow();
    }, this.ms(this.host.config.responseTimeoutSeconds));
    this.linkWait = { sequence, timer };
    this.write({ command: "enquire_link", status: 0, sequence });
  }

  private delivered(pdu: PduOf<"deliver_sm_resp">): void {
    const f = this.inFlight.get(pdu.sequence);
    if (f === undefined || this.account === undefined) return;
    clearTimeout(f.timer);
    this.inFlight.delete(pdu.sequence);
    const account = this.account.systemId;
    if (pdu.status === STATUS.ESME_ROK) {
      this.host.deliveries.done(account, f.delivery.seq).then(
        () => this.pump(),
        (err: unknown) =>
          log.error({ err: String(err), account }, "could not record a deliver_sm_resp"),
      );
      return;
    }
    // Refused for now (ESME_RX_T_APPN, a full queue …): offered again later, to this or another session.
    log.warn(
      { account, status: statusText(pdu.status) },
      "deliver_sm refused by the ESME: offered again later",
    );
    this.host.deliveries.release(f.delivery.seq);
    this.redeliverTimer ??= setTimeout(() => {
      this.redeliverTimer = undefined;
      this.pump();
    }, REDELIVER_MS);
  }

  private query(pdu: PduOf<"query_sm">): void {
    try {
      const body = querySm(this.host.service, (this.account as SmppAccount).systemId, pdu.body);
      this.write({ command: "query_sm_resp", status: 0, sequence: pdu.sequence, body });
    } catch (err) {
      this.refuse(pdu, err instanceof SmppRefusal ? err.status : STATUS.ESME_RQUERYFAIL);
    }
  }

  private cancel(pdu: PduOf<"cancel_sm">): void {
    this.track(
      cancelSm(this.host.service, (this.account as SmppAccount).systemId, pdu.body).then(
        () => this.write({ command: "cancel_sm_resp", status: 0, sequence: pdu.sequence }),
        (err: unknown) =>
          this.refuse(pdu, err instanceof SmppRefusal ? err.status : STATUS.ESME_RCANCELFAIL),
      ),
    );
  }

  private track(p: Promise<void>): void {
    this.submits.add(p);
    void p.finally(() => this.submits.delete(p));
  }

  private submitResp(sequences: readonly number[], status: number, messageId?: string): void {
    for (const sequence of sequences)
      this.write(
        status === 0 && messageId !== undefined
          ? { command: "submit_sm_resp", status, sequence, body: { messageId } }
          : { command: "submit_sm_resp", status, sequence },
      );
  }

  private submit(pdu: PduOf<"submit_sm">): void {
    const account = this.account as SmppAccount;
    const now = this.host.now();
    if (this.submitting >= this.host.config.windowSize || !this.host.withinThroughput(account)) {
      this.submitResp([pdu.sequence], STATUS.ESME_RTHROTTLED);
      return;
    }
    let read: ReturnType<typeof readSubmit>;
    try {
      read = readSubmit(pdu.body, account, now);
    } catch (err) {
      this.submitResp([pdu.sequence], statusOfSendError(err));
      if (err instanceof SmppRefusal)
        log.debug({ account: account.systemId, err: err.toString() }, "submit_sm refused");
      return;
    }
    let parts: SubmittedPart[] = [{ sequence: pdu.sequence, part: 1, data: read.data }];
    if (read.concat !== undefined) {
      const c = read.concat;
      let added: ReturnType<Reassembler["add"]>;
      try {
        added = this.reassembler.add(
          `${read.to}|${c.ref}|${read.dataCoding}`,
          c.total,
          { sequence: pdu.sequence, part: c.part, data: read.data },
          now,
        );
      } catch (err) {
        this.submitResp([pdu.sequence], STATUS.ESME_RTHROTTLED);
        log.warn({ account: account.systemId, err: (err as Error).message }, "submit_sm refused");
        return;
      }
      this.submitResp(
        added.superseded.map((p) => p.sequence),
        STATUS.ESME_RSUBMITFAIL,
      );
      if (added.complete === undefined) {
        this.armReassembly();
        return;
      }
      parts = added.complete;
    }
    this.track(this.queue(pdu.body, read, parts, account));
  }

  /** Parts held longer than the response timeout are refused: the ESME may send them again. */
  private armReassembly(): void {
    if (this.reassemblyTimer !== undefined) return;
    const ms = this.ms(this.host.config.responseTimeoutSeconds);
    this.reassemblyTimer = setTimeout(() => {
      this.reassemblyTimer = undefined;
      const expired = this.reassembler.expire(this.host.now() - ms + 1);
      if (expired.length > 0)
        log.warn(
          { account: this.account?.systemId, parts: expired.length },
          "concatenated message incomplete in time: parts refused",
        );
      this.submitResp(
        expired.map((p) => p.sequence),
        STATUS.ESME_RSUBMITFAIL,
      );
      if (this.reassembler.size > 0) this.armReassembly();
    }, ms);
  }

  /** Queues a whole message durably, then answers every submit_sm it came in. */
  private async queue(
    body: ShortMessageBody,
    read: ReturnType<typeof readSubmit>,
    parts: SubmittedPart[],
    account: SmppAccount,
  ): Promise<void> {
    const sequences = parts.map((p) => p.sequence);
    this.submitting++;
    const id = `${messageIdPrefix(account.systemId)}${randomUUID()}`;
    let watched = false;
    try {
      const data =
        parts.length === 1
          ? (parts[0] as SubmittedPart).data
          : Buffer.concat(parts.map((p) => p.data));
      const text = decodeSmText(data, body.dataCoding, account.dataCoding0);
      if (read.receipt !== 0) {
        await this.host.deliveries.watch(id, {
          account: account.systemId,
          mask: read.receipt,
          to: read.to,
          from: read.from,
          text: text.text.slice(0, 20),
          submittedAt: this.host.now(),
        });
        watched = true;
      }
      await this.host.service.send(sendRequestOf(read, text, id));
      this.submitResp(sequences, 0, id);
    } catch (err) {
      if (watched) await this.host.deliveries.unwatch(id).catch(() => undefined);
      const status = statusOfSendError(err);
      if (status === STATUS.ESME_RSYSERR)
        log.error({ account: account.systemId, err: String(err) }, "submit_sm failed");
      this.submitResp(sequences, status);
    } finally {
      this.submitting--;
    }
  }
}
