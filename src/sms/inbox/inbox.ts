import { randomUUID } from "node:crypto";
import { errorMessage } from "../../errors.js";
import { createLogger } from "../../log.js";
import type { Urc } from "../../modem/at/index.js";
import { addressTypeOf } from "../address-type.js";
import type { StatusReport } from "../delivery-reports.js";
import { isReady, type ModemPort } from "../modem-port.js";
import type { SmsOptions } from "../options.js";
import { type DecodedSms, decodePdu } from "../pdu/index.js";
import type { HistoryRecord, SmsPersistence } from "../state.js";
import type { InboundMessage } from "../types.js";
import { fingerprint, RecentSet } from "./fingerprint.js";
import { JobQueue } from "./job-queue.js";
import { type AssembledMessage, Reassembler, type ReceivedPart } from "./reassembly.js";
import { type Slot, type StoredEntry, StoredMessages } from "./stored-messages.js";

const log = createLogger("sms:inbox");

export interface InboxDeps {
  persistence: SmsPersistence;
  modem: ModemPort;
  options: SmsOptions;
  now: () => number;
  /** A new inbound message, called once it is durable. */
  deliver: (m: InboundMessage) => void;
  /** A status report for the outbox; resolves once applied durably. */
  report: (r: StatusReport) => Promise<unknown>;
}

/**
 * Receiving: `+CMTI` → `AT+CMGR` → decode → durable → only then `AT+CMGD`. A sweep with
 * `AT+CMGL=4` (PDU mode "all") at start, whenever the modem becomes ready again, periodically,
 * and when the SIM is nearly full or answers `+CMS ERROR: 322`, picks up what a lost URC or a
 * restart left on the SIM. Multipart messages are reassembled; network duplicates dropped.
 * A URC naming another memory than the home one is read (and swept) there: see StoredMessages.
 */
export class Inbox {
  private readonly jobs = new JobQueue();
  private readonly reassembler: Reassembler;
  private readonly seen: RecentSet;
  private readonly stored: StoredMessages;
  private sweepQueued = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly onUrc = (u: Urc) => this.handleUrc(u);
  private readonly onState = (e: { to: string }) => {
    if (e.to === "ready") this.requestSweep("modem ready");
  };

  constructor(private readonly deps: InboxDeps) {
    const d = deps.persistence.data;
    this.reassembler = new Reassembler(d.partials, deps.options.reassemblyTimeoutMs);
    this.seen = new RecentSet(d.seen, deps.options.dedupeMemory);
    this.stored = new StoredMessages(deps.modem.at, deps.options.storage, () =>
      this.requestSweep("memory full (CMS 322)"),
    );
  }

  start(): void {
    this.stopped = false;
    this.deps.modem.at.on("urc", this.onUrc);
    this.deps.modem.on("state", this.onState);
    if (isReady(this.deps.modem)) this.requestSweep("start");
    this.schedulePeriodicSweep();
    this.scheduleExpiry();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.modem.at.off("urc", this.onUrc);
    this.deps.modem.off("state", this.onState);
    clearTimeout(this.sweepTimer);
    clearTimeout(this.expiryTimer);
    await this.jobs.idle();
  }

  /** Inbound messages durable and not yet acknowledged, in arrival order. */
  pending(): InboundMessage[] {
    return this.deps.persistence.data.inbox.map((m) => ({ ...m }));
  }

  /** A consumer took the message: history first, then out of the live state. */
  async ack(id: string): Promise<void> {
    const m = this.deps.persistence.data.inbox.find((x) => x.id === id);
    if (m === undefined) return;
    await this.deps.persistence.appendHistory([
      { kind: "inbound", ackedAt: new Date(this.deps.now()).toISOString(), ...m },
    ]);
    await this.deps.persistence.update((d) => {
      const i = d.inbox.findIndex((x) => x.id === id);
      if (i >= 0) d.inbox.splice(i, 1);
    });
  }

  /** Runs a sweep now (and waits for it). */
  sweep(): Promise<void> {
    return this.jobs.run(() => this.doSweep());
  }

  /** Runs all queued work (tests, shutdown). */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  private handleUrc(u: Urc): void {
    if (this.stopped) return;
    switch (u.name) {
      case "+CMTI":
      case "+CDSI": {
        // `+CMTI: <mem>,<index>`: the index means nothing without its memory.
        const fields = u.params.split(",");
        const index = Number(fields.pop()?.trim());
        if (!Number.isInteger(index)) {
          log.warn({ line: u.line }, "unreadable storage URC");
          return;
        }
        const mem = this.stored.locate(fields[0]);
        void this.jobs.run(() => this.readSlot({ mem, index }));
        const total = this.stored.homeTotal;
        if (
          mem === null &&
          total !== undefined &&
          index + 1 >= total * this.deps.options.simFullRatio
        )
          this.requestSweep("SIM nearly full");
        return;
      }
      case "+CMT":
      case "+CDS":
        // Routed straight to us (AT+CNMI mt=2 / ds=1): nothing on the SIM to delete.
        if (u.pdu !== undefined) {
          const pdu = u.pdu;
          void this.jobs.run(() =>
            this.process([{ index: null, stat: null, length: 0, pdu, mem: null }]),
          );
        }
        return;
      case "+CIEV":
        // SIMCom/Quectel indicate a full message store ("SMSFULL",1 / "MESSAGE",…): sweep.
        if (/SMSFULL|MEMFULL/i.test(u.params)) this.requestSweep("SIM full");
        return;
    }
  }

  private requestSweep(reason: string): void {
    if (this.sweepQueued || this.stopped) return;
    this.sweepQueued = true;
    log.debug({ reason }, "sweep requested");
    void this.jobs.run(async () => {
      this.sweepQueued = false;
      await this.doSweep();
    });
  }

  private schedulePeriodicSweep(): void {
    const every = this.deps.options.sweepIntervalMs;
    if (every <= 0 || this.stopped) return;
    this.sweepTimer = setTimeout(() => {
      if (isReady(this.deps.modem)) this.requestSweep("periodic");
      this.schedulePeriodicSweep();
    }, every);
    this.sweepTimer.unref?.();
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const at = this.reassembler.nextExpiry();
    if (at === undefined || this.stopped) return;
    this.expiryTimer = setTimeout(
      () => void this.jobs.run(() => this.expirePartials()),
      Math.max(0, at - this.deps.now()),
    );
    this.expiryTimer.unref?.();
  }

  private async readSlot(slot: Slot): Promise<void> {
    const entry = await this.stored.read(slot);
    if (entry !== null) await this.process([entry]);
  }

  private async doSweep(): Promise<void> {
    if (!isReady(this.deps.modem)) return;
    const entries = await this.stored.list();
    // Stored outgoing messages (stat 2/3) are not ours to take.
    const incoming = entries.filter((e) => e.stat === null || e.stat <= 1);
    if (incoming.length > 0) log.info({ count: incoming.length }, "sweep found stored messages");
    await this.process(incoming);
  }

  /**
   * Decodes stored/routed PDUs, makes the outcome durable in one write, announces new
   * messages, applies status reports, and only then deletes them from storage.
   */
  private async process(entries: StoredEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.deps.now();
    const fresh: InboundMessage[] = [];
    const reports: StatusReport[] = [];
    const undecodable: HistoryRecord[] = [];
    const deletable: Slot[] = [];
    const decoded: Array<{ e: StoredEntry; sms: DecodedSms | undefined }> = entries.map((e) => {
      try {
        const sms = decodePdu(e.pdu);
        if (sms.warnings !== undefined)
          log.warn({ type: sms.type, warnings: sms.warnings }, "received PDU has unusable fields");
        return { e, sms };
      } catch (err) {
        undecodable.push({
          kind: "inbound-undecodable",
          at: new Date(now).toISOString(),
          pdu: e.pdu,
          reason: errorMessage(err),
        });
        return { e, sms: undefined };
      }
    });
    if (undecodable.length > 0) await this.deps.persistence.appendHistory(undecodable);
    await this.deps.persistence.update((d) => {
      for (const { e, sms } of decoded) {
        if (sms === undefined) {
          if (e.index !== null) deletable.push({ mem: e.mem, index: e.index });
          continue;
        }
        if (sms.type === "status-report") {
          reports.push(toReport(sms));
          if (e.index !== null) deletable.push({ mem: e.mem, index: e.index });
          continue;
        }
        if (sms.type !== "deliver") continue;
        if (e.index !== null) deletable.push({ mem: e.mem, index: e.index });
        const part = toPart(sms);
        const fp = fingerprint(part);
        if (this.seen.has(fp)) continue; // the same SMS again from the network or the SIM
        this.seen.add(fp);
        const result = this.reassembler.add(part, now);
        if (result.kind !== "complete") continue;
        const m = toInbound(result.message, now);
        d.inbox.push(m);
        d.counters.received++;
        fresh.push(m);
      }
    });
    for (const m of fresh) this.deps.deliver(m);
    for (const r of reports) await this.deps.report(r);
    this.scheduleExpiry();
    await this.stored.delete(deletable);
  }

  private async expirePartials(): Promise<void> {
    const fresh: InboundMessage[] = [];
    await this.deps.persistence.update((d) => {
      for (const a of this.reassembler.expire(this.deps.now())) {
        const m = toInbound(a, this.deps.now());
        d.inbox.push(m);
        d.counters.received++;
        fresh.push(m);
      }
    });
    for (const m of fresh) {
      log.warn(
        { id: m.id, from: m.from, missing: m.missingParts },
        "multipart timed out incomplete",
      );
      this.deps.deliver(m);
    }
    this.scheduleExpiry();
  }
}

function toPart(sms: DecodedSms): ReceivedPart {
  const part: ReceivedPart = {
    from: sms.from ?? "",
    text: sms.encoding === "8bit" ? (sms.data ?? sms.text) : sms.text,
    encoding: sms.encoding,
    class: sms.class,
    smsc: sms.smsc,
    concat: sms.concat,
  };
  // A time stamp that is not a valid time (null) is left out, as if the SC had sent none.
  if (typeof sms.timestamp === "string") part.timestamp = sms.timestamp;
  if (sms.addressType !== undefined) part.addressType = addressTypeOf(sms.addressType);
  return part;
}

function toReport(sms: DecodedSms): StatusReport {
  const r: StatusReport = { reference: sms.reference ?? -1, status: sms.status ?? 0xff };
  if (sms.recipient !== undefined) r.recipient = sms.recipient;
  if (typeof sms.timestamp === "string") r.timestamp = sms.timestamp;
  if (typeof sms.dischargeTime === "string") r.dischargeTime = sms.dischargeTime;
  return r;
}

function toInbound(a: AssembledMessage, now: number): InboundMessage {
  const m: InboundMessage = {
    id: randomUUID(),
    from: a.from,
    text: a.text,
    receivedAt: new Date(now).toISOString(),
    smsc: a.smsc,
    parts: a.parts,
    complete: a.complete,
    encoding: a.encoding,
    class: a.class,
  };
  if (a.missingParts !== undefined) m.missingParts = a.missingParts;
  if (a.timestamp !== undefined) m.timestamp = a.timestamp;
  if (a.addressType !== undefined) m.addressType = a.addressType;
  return m;
}
