import { randomUUID } from "node:crypto";
import { errorMessage } from "../../errors.js";
import { createLogger } from "../../log.js";
import { AtError } from "../../modem/at/errors.js";
import { parseCmgl, parseCmgr, parseCpms, type StoredPdu } from "../../modem/at/parsers/index.js";
import type { Urc } from "../../modem/at/types.js";
import type { StatusReport } from "../delivery-reports.js";
import { isReady, type ModemPort } from "../modem-port.js";
import type { SmsOptions } from "../options.js";
import { type DecodedSms, decodePdu } from "../pdu/index.js";
import type { HistoryRecord, SmsPersistence } from "../state.js";
import type { InboundMessage } from "../types.js";
import { fingerprint, RecentSet } from "./fingerprint.js";
import { JobQueue } from "./job-queue.js";
import { type AssembledMessage, Reassembler, type ReceivedPart } from "./reassembly.js";

const log = createLogger("sms:inbox");
/** Inbox commands go before queued sends: a full SIM loses messages, a late send does not. */
const PRIORITY = 5;

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
 */
export class Inbox {
  private readonly jobs = new JobQueue();
  private readonly reassembler: Reassembler;
  private readonly seen: RecentSet;
  private simTotal: number | undefined;
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
        const index = Number(u.params.split(",").pop()?.trim());
        if (!Number.isInteger(index)) {
          log.warn({ line: u.line }, "unreadable storage URC");
          return;
        }
        void this.jobs.run(() => this.readIndex(index));
        if (
          this.simTotal !== undefined &&
          index + 1 >= this.simTotal * this.deps.options.simFullRatio
        )
          this.requestSweep("SIM nearly full");
        return;
      }
      case "+CMT":
      case "+CDS":
        // Routed straight to us (AT+CNMI mt=2 / ds=1): nothing on the SIM to delete.
        if (u.pdu !== undefined) {
          const pdu = u.pdu;
          void this.jobs.run(() => this.process([{ index: null, stat: null, length: 0, pdu }]));
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

  private async readIndex(index: number): Promise<void> {
    let entry: StoredPdu;
    try {
      const res = await this.at(`AT+CMGR=${index}`, "+CMGR:");
      if (!res.lines.some((l) => /^\+CMGR\s*:/i.test(l))) return; // empty slot
      entry = { ...parseCmgr(res.lines), index };
    } catch (err) {
      if (err instanceof AtError && err.cmsCode === 321) return; // already deleted (by a sweep)
      log.warn({ index, err: errorMessage(err) }, "reading a stored SMS failed; the sweep retries");
      return;
    }
    await this.process([entry]);
  }

  private async doSweep(): Promise<void> {
    if (!isReady(this.deps.modem)) return;
    try {
      const cpms = await this.at("AT+CPMS?", "+CPMS:");
      const total = parseCpms(cpms.lines)[0]?.total;
      if (total !== null && total !== undefined && total > 0) this.simTotal = total;
    } catch (err) {
      log.debug({ err: errorMessage(err) }, "AT+CPMS? failed");
    }
    let entries: StoredPdu[];
    try {
      const res = await this.at("AT+CMGL=4", "+CMGL:", 30_000);
      entries = parseCmgl(res.lines);
    } catch (err) {
      log.warn({ err: errorMessage(err) }, "listing stored SMS failed");
      return;
    }
    // Stored outgoing messages (stat 2/3) are not ours to take.
    const incoming = entries.filter((e) => e.stat === null || e.stat <= 1);
    if (incoming.length > 0) log.info({ count: incoming.length }, "sweep found stored messages");
    await this.process(incoming);
  }

  /**
   * Decodes stored/routed PDUs, makes the outcome durable in one write, announces new
   * messages, applies status reports, and only then deletes them from the SIM.
   */
  private async process(entries: StoredPdu[]): Promise<void> {
    if (entries.length === 0) return;
    const now = this.deps.now();
    const fresh: InboundMessage[] = [];
    const reports: StatusReport[] = [];
    const undecodable: HistoryRecord[] = [];
    const deletable: number[] = [];
    const decoded: Array<{ e: StoredPdu; sms: DecodedSms | undefined }> = entries.map((e) => {
      try {
        return { e, sms: decodePdu(e.pdu) };
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
          if (e.index !== null) deletable.push(e.index);
          continue;
        }
        if (sms.type === "status-report") {
          reports.push(toReport(sms));
          if (e.index !== null) deletable.push(e.index);
          continue;
        }
        if (sms.type !== "deliver") continue;
        if (e.index !== null) deletable.push(e.index);
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
    for (const index of deletable) await this.delete(index);
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

  private async delete(index: number): Promise<void> {
    try {
      await this.at(`AT+CMGD=${index}`);
    } catch (err) {
      if (err instanceof AtError && err.cmsCode === 321) return;
      log.warn(
        { index, err: errorMessage(err) },
        "deleting a stored SMS failed; the sweep retries",
      );
    }
  }

  private async at(command: string, expect?: string, timeoutMs?: number) {
    try {
      return await this.deps.modem.at.run({
        command,
        priority: PRIORITY,
        ...(expect === undefined ? {} : { expect }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    } catch (err) {
      // +CMS ERROR: 322 memory full: clear what we have read, then look again.
      if (err instanceof AtError && err.cmsCode === 322) this.requestSweep("memory full (CMS 322)");
      throw err;
    }
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
  if (sms.timestamp !== undefined) part.timestamp = sms.timestamp;
  return part;
}

function toReport(sms: DecodedSms): StatusReport {
  const r: StatusReport = { reference: sms.reference ?? -1, status: sms.status ?? 0xff };
  if (sms.recipient !== undefined) r.recipient = sms.recipient;
  if (sms.timestamp !== undefined) r.timestamp = sms.timestamp;
  if (sms.dischargeTime !== undefined) r.dischargeTime = sms.dischargeTime;
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
  return m;
}
