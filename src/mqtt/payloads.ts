import type { CallDecision, CallEvent } from "../sms/calls/index.js";
import type {
  AddressType,
  Encoding,
  InboundMessage,
  OutboundMessage,
  OutboundPart,
  OutboundStatus,
  SmsStats,
} from "../sms/types.js";
import type { BalanceReading, UssdEvent, UssdResult } from "../sms/ussd/index.js";
import type { SmppSessionView } from "./ports.js";

/**
 * Every JSON payload the bridge publishes or accepts, by shape. `topics.ts` maps each topic to
 * one of these; handlers and tests both use them.
 */

export interface BridgeStatePayload {
  state: "online" | "offline";
  /**
   * With `offline` after a clean stop: when it stopped (ISO 8601). The broker's last will,
   * written at connect time, cannot know when the connection will die, so it has none.
   */
  since?: string;
}

export interface BridgeInfoPayload {
  version: string;
  /** When this gateway process started (ISO 8601). */
  startedAt: string;
  modem: {
    manufacturer: string | null;
    model: string | null;
    /** IMEI with all but the last 4 digits masked. */
    imei: string | null;
    profile: string | null;
  };
  /** The configuration summary, without secrets. */
  config: Record<string, unknown>;
  /** Bound SMPP sessions, when the SMPP server runs. */
  smpp?: { sessions: SmppSessionView[] };
}

/** `<base>/bridge/response/<name>`, zigbee2mqtt style. */
export type BridgeResponse<T> =
  | { status: "ok"; data: T; transaction?: string | number }
  | {
      status: "error";
      error: string;
      code: string;
      data: Record<string, never>;
      transaction?: string | number;
    };

export interface SentMessageData {
  id: string;
  to: string;
  parts: number;
  encoding: Encoding;
  status: OutboundStatus;
  /** A delivery report was requested: `delivered` (not `sent`) is then the status to wait for. */
  deliveryReport: boolean;
  /** Why it failed at once (`sms.opted-out`): absent for a message that was queued. */
  error?: { code: string; message: string };
}

/** One recipient: the message itself; several: `messages`, one per recipient. */
export type SendResponseData = SentMessageData | { messages: SentMessageData[] };

/** The messages of a send response, one per recipient. */
export function sentMessages(data: SendResponseData): SentMessageData[] {
  return "messages" in data ? data.messages : [data];
}

export interface HealthData {
  healthy: boolean;
  modem: string;
  /** The broker connection: `connected` whenever the answer comes over MQTT; not so over another door. */
  mqtt: "connected" | "disconnected";
  uptimeSeconds: number;
  stats: SmsStats;
  inboxPending: number;
}

/**
 * `queue/list`: without `mqtt.allowQueueAdmin` only messages sent over MQTT, without their
 * text; with it every live message with its text.
 */
export interface QueueListData {
  count: number;
  messages: Array<Omit<OutboundMessage, "text"> & { text?: string }>;
}

/** `<base>/status/<id>`: every lifecycle change of an outbound message. */
export interface StatusPayload {
  id: string;
  to: string;
  status: OutboundStatus;
  parts: number;
  partsSent: number;
  error?: { code: string; message: string; cms?: number };
  at: string;
  /**
   * Once a part is sent: each part's TP-MR and status report (`pending`, `delivered`,
   * `failed`; `none` when no report was asked for). Absent before anything was sent.
   */
  reports?: Array<{
    part: number;
    reference: number | null;
    report: OutboundPart["report"];
    reportStatus?: number;
  }>;
}

/** `<base>/received`: one inbound SMS (reassembled). */
export interface ReceivedPayload {
  id: string;
  from: string;
  text: string;
  receivedAt: string;
  smsc: string | null;
  parts: number;
  complete: boolean;
  missingParts?: number[];
  encoding: Encoding;
  class: 0 | 1 | 2 | 3 | null;
  timestamp?: string;
  /** How the network typed the sender: `alphanumeric` is a chosen name, not a number. */
  addressType?: AddressType;
  /** The text was an opt-out keyword: the sender was put on (`stop`) or taken off the list. */
  optOut?: "stop" | "start";
}

/** `<base>/modem` (retained). Fields the modem has not told yet are null. */
export interface ModemPayload {
  state: string;
  /** Whether the readings below are current (see `modemAvailable`). */
  available: boolean;
  /** Why the modem is in its state (`no-port`, `not-a-modem`, `no-network`, …). */
  reason: string | null;
  operator: string | null;
  registration: string | null;
  accessTechnology: string | null;
  signal: { rssi: number | null; dbm: number | null; percent: number | null } | null;
  sim: string | null;
  smsc: string | null;
  storage: { used: number; total: number } | null;
  manufacturer: string | null;
  model: string | null;
  /** Whether the system clock agrees with the mobile network's time (one-time codes need it). */
  clock?: "synchronised" | "unsynchronised" | "unknown";
  /** The SIM's credit as last read, when `balance` is configured (null until the first read). */
  balance?: { amount: number; currency: string | null; at: string } | null;
  /** Calls that rang unanswered since the gateway started, when `calls.enabled`. */
  missedCalls?: number;
  updatedAt: string;
}

/** `<base>/stats` (retained): counters for dashboards and Home Assistant sensors. */
export interface StatsPayload extends SmsStats {
  inboxPending: number;
}

export function statusPayload(m: OutboundMessage, parts?: readonly OutboundPart[]): StatusPayload {
  const p: StatusPayload = {
    id: m.id,
    to: m.to,
    status: m.status,
    parts: m.parts,
    partsSent: m.partsSent,
    at: m.updatedAt,
  };
  if (m.error !== undefined) p.error = { ...m.error };
  if (parts?.some((x) => x.reference !== null))
    p.reports = parts.map((x) => ({
      part: x.part,
      reference: x.reference,
      report: x.report,
      ...(x.reportStatus === undefined ? {} : { reportStatus: x.reportStatus }),
    }));
  return p;
}

export function receivedPayload(m: InboundMessage): ReceivedPayload {
  const p: ReceivedPayload = {
    id: m.id,
    from: m.from,
    text: m.text,
    receivedAt: m.receivedAt,
    smsc: m.smsc,
    parts: m.parts,
    complete: m.complete,
    encoding: m.encoding,
    class: m.class,
  };
  if (m.missingParts !== undefined && m.missingParts.length > 0)
    p.missingParts = [...m.missingParts];
  if (m.timestamp !== undefined) p.timestamp = m.timestamp;
  if (m.addressType !== undefined) p.addressType = m.addressType;
  if (m.optOut !== undefined) p.optOut = m.optOut;
  return p;
}

export function sentMessageData(m: OutboundMessage, deliveryReport: boolean): SentMessageData {
  return {
    id: m.id,
    to: m.to,
    parts: m.parts,
    encoding: m.encoding,
    status: m.status,
    deliveryReport,
    ...(m.status === "failed" && m.error !== undefined
      ? { error: { code: m.error.code, message: m.error.message } }
      : {}),
  };
}

export function okResponse<T>(data: T, transaction?: string | number): BridgeResponse<T> {
  return transaction === undefined ? { status: "ok", data } : { status: "ok", data, transaction };
}

export type ErrorResponse = Extract<BridgeResponse<never>, { status: "error" }>;

export function errorResponse(
  code: string,
  error: string,
  transaction?: string | number,
): ErrorResponse {
  const r: ErrorResponse = { status: "error", error, code, data: {} };
  if (transaction !== undefined) r.transaction = transaction;
  return r;
}

/** IMEIs identify a device: publish only the last 4 digits. */
export function maskImei(imei: string | null | undefined): string | null {
  if (imei === null || imei === undefined || imei === "") return null;
  return imei.length <= 4 ? "****" : `${"*".repeat(imei.length - 4)}${imei.slice(-4)}`;
}

/** The `data` of a `bridge/response/ussd`: what the network answered. */
export type UssdResponseData = UssdResult;

/** `<base>/ussd`: each USSD outcome, also those the network sent on its own. */
export type UssdPayload = UssdEvent;

/** The `data` of `bridge/response/balance/check`: the reading, or null when none came yet. */
export type BalanceCheckData = { balance: BalanceReading | null };

/** `<base>/call`: each incoming call, at its first ring. */
export type CallPayload = CallEvent & Partial<CallDecision>;
