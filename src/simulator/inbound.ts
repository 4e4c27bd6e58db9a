import { decodePdu, encodeStatusReport, tpduLength } from "../sms/pdu/index.js";
import type { ModemCore } from "./core.js";
import type { InboundPart, SentSms } from "./types.js";

/**
 * The network side of reception: SMS-DELIVER PDUs and status reports reach the module and
 * are routed by AT+CNMI (27.005 §3.4.1): stored + `+CMTI`, or direct `+CMT`/`+CDS`.
 * The network holds messages while the module can't take them (off, not registered, SIM
 * full) and hands them over, in order, once it can.
 */

function canReceive(core: ModemCore): boolean {
  return (
    core.poweredOn &&
    !core.hung &&
    core.smsReady &&
    core.simInitialised &&
    core.sim.ready &&
    core.registeredAnywhere()
  );
}

/**
 * Routes one DELIVER; null when it has to stay at the network (storage full). Stored ones go
 * to the receive memory (SM, or ME with `receiveMemory: "ME"`).
 */
function route(core: ModemCore, pdu: string): InboundPart | null {
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
    if (core.settings.csms === 1) core.cnmaPending++;
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

/** Hands held messages to the module while it can take them. */
export function flushNetworkQueue(core: ModemCore): void {
  while (core.networkQueue.length > 0 && canReceive(core)) {
    const part = route(core, core.networkQueue[0]!);
    if (part === null) return;
    core.networkQueue.shift();
    core.events.emit("inbound", part);
  }
}

/** The network delivers one SMS-DELIVER PDU (with SMSC field) to the module. */
export function deliverPdu(core: ModemCore, pdu: string): void {
  core.networkQueue.push(pdu.toUpperCase());
  flushNetworkQueue(core);
}

/**
 * Sends a status report for a sent part, routed by <ds>: 1 → `+CDS: <len>` + PDU,
 * 2 → stored (SM, or SR with `reportMemory: "SR"`) + `+CDSI: "<mem>",<i>`, 0 → not shown.
 * Returns false when the module couldn't take it (off, not registered, <ds>=0, storage full).
 */
export function deliverStatusReport(core: ModemCore, sent: SentSms, status: number): boolean {
  if (!canReceive(core)) return false;
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
    if (core.settings.csms === 1) core.cnmaPending++;
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
export function autoDeliveryReport(core: ModemCore, sent: SentSms): void {
  const opt = core.opts.autoDeliveryReport;
  if (opt === undefined || opt === false || !sent.statusReportRequested) return;
  const status = typeof opt === "object" ? (opt.status ?? 0) : 0;
  core.scheduler.after(core.delay(core.timing.deliveryReport, "+CDS"), () => {
    deliverStatusReport(core, sent, status);
  });
}
