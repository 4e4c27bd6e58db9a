import { decodePdu, encodeStatusReport, tpduLength } from "../sms/pdu/index.js";
import type { ModemCore } from "./core.js";
import type { InboundPart, SentSms } from "./types.js";

/**
 * The network side of reception: SMS-DELIVER PDUs and status reports reach the module and
 * are routed by AT+CNMI (27.005 §3.4.1): stored + `+CMTI`, or direct `+CMT`/`+CDS`.
 * The network holds messages while the module can't take them (off, not registered, SIM
 * full) and hands them over, in order, once it can.
 */
export class Inbound {
  /** Inbound PDUs the network still holds (modem off, SIM full, not registered). */
  private readonly queue: string[] = [];
  /** +CMT/+CDS waiting for AT+CNMA (only with AT+CSMS=1). */
  private cnmaPending = 0;

  constructor(private readonly core: ModemCore) {}

  get held(): readonly string[] {
    return this.queue;
  }

  /** Power lost: nothing waits for an acknowledgement any more (the queue stays at the network). */
  reset(): void {
    this.cnmaPending = 0;
  }

  /** AT+CNMA: false when no +CMT/+CDS awaits one. */
  acknowledge(): boolean {
    if (this.core.settings.csms !== 1 || this.cnmaPending <= 0) return false;
    this.cnmaPending--;
    return true;
  }

  /** The network delivers one SMS-DELIVER PDU (with SMSC field) to the module. */
  deliver(pdu: string): void {
    this.queue.push(pdu.toUpperCase());
    this.flush();
  }

  /** Hands held messages to the module while it can take them. */
  flush(): void {
    while (this.queue.length > 0 && this.canReceive()) {
      const part = this.route(this.queue[0]!);
      if (part === null) return;
      this.queue.shift();
      this.core.events.emit("inbound", part);
    }
  }

  /**
   * Sends a status report for a sent part, routed by <ds>: 1 → `+CDS: <len>` + PDU,
   * 2 → stored (SM, or SR with `reportMemory: "SR"`) + `+CDSI: "<mem>",<i>`, 0 → not shown.
   * Returns false when the module couldn't take it (off, not registered, <ds>=0, storage full).
   */
  deliverReport(sent: SentSms, status: number): boolean {
    const { core } = this;
    if (!this.canReceive()) return false;
    const pdu = encodeStatusReport({
      reference: sent.reference,
      recipient: sent.to,
      status,
      timestamp: sent.at,
      dischargeTime: new Date(),
      ...(core.settings.smsc !== "" ? { smsc: core.settings.smsc } : {}),
    });
    const { ds } = core.settings.cnmi;
    if (ds === 1) {
      core.urc(`+CDS: ${tpduLength(pdu)}`, pdu);
      if (core.settings.csms === 1) this.cnmaPending++;
    } else if (ds === 2) {
      const mem = core.memories.reports;
      const index = core.memories.storage(mem).store(pdu, 0);
      if (index === null) return false;
      core.urc(`+CDSI: "${mem}",${index}`);
    } else return false;
    core.events.emit("report", { sent, status, pdu });
    return true;
  }

  /** With `autoDeliveryReport`, each part that asked for a report gets one after a while. */
  autoReport(sent: SentSms): void {
    const { core } = this;
    const opt = core.opts.autoDeliveryReport;
    if (opt === undefined || opt === false || !sent.statusReportRequested) return;
    const status = typeof opt === "object" ? (opt.status ?? 0) : 0;
    core.scheduler.after(core.delay(core.timing.deliveryReport, "+CDS"), () => {
      this.deliverReport(sent, status);
    });
  }

  private canReceive(): boolean {
    const { power, sim, network } = this.core;
    return (
      power.poweredOn &&
      !power.hung &&
      sim.smsReady &&
      sim.initialised &&
      sim.card.ready &&
      network.registeredAnywhere()
    );
  }

  /**
   * Routes one DELIVER; null when it has to stay at the network (storage full). Stored ones go
   * to the receive memory (SM, or ME with `receiveMemory: "ME"`).
   */
  private route(pdu: string): InboundPart | null {
    const { core } = this;
    let cls: number | null = null;
    try {
      cls = decodePdu(pdu).class;
    } catch {
      // A broken PDU is still handed to the host: that is what a real module does.
    }
    const { mt } = core.settings.cnmi;
    // Class 2 (SIM-specific) is always stored; mt=2 routes the rest, mt=3 only class 3.
    const direct = cls !== 2 && (mt === 2 || (mt === 3 && cls === 3));
    if (direct) {
      core.urc(`+CMT: ,${tpduLength(pdu)}`, pdu);
      if (core.settings.csms === 1) this.cnmaPending++;
      return { pdu, route: "direct" };
    }
    const mem = core.memories.receive;
    const index = core.memories.storage(mem).store(pdu, 0);
    if (index === null) {
      core.events.emit("storage-full");
      return null;
    }
    if (mt >= 1) core.urc(`+CMTI: "${mem}",${index}`);
    return { pdu, route: "stored", index };
  }
}
