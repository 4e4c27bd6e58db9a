/**
 * The SMS service's public types. The MQTT bridge, the automation layer and
 * any future HTTP API see messages only in these shapes.
 */

import type { ErrorCode } from "../errors.js";
import type { AddressType } from "./address-type.js";
import type { Encoding } from "./pdu/index.js";

export type { AddressType, Encoding };

export type Priority = "high" | "normal" | "low";

/**
 * Who asked for a send. Doors that take requests from outside the gateway (`mqtt`, `http`,
 * `smpp`, `email`) may fill the outbox only up to its reserved part, so alerts and replies can
 * always be queued; budgets of the automation key on the others. `local` (the default) is an
 * in-process caller such as the CLI.
 */
export type SendOrigin =
  | "mqtt"
  | "http"
  | "smpp"
  | "email"
  | "alert"
  | "automation-reply"
  | "command-reply"
  | "forward"
  | "schedule"
  | "local";

/** Origins of requests from outside the gateway. */
export const DOOR_ORIGINS: readonly SendOrigin[] = ["mqtt", "http", "smpp", "email"];

export interface SendRequest {
  to: string | string[];
  text: string;
  /** Client id: the same id twice is one message (one per recipient when `to` is a list). */
  id?: string;
  priority?: Priority;
  /** Class 0 SMS. */
  flash?: boolean;
  /** Time to live: never sent later than this after it became sendable; also the PDU's TP-VP. */
  validitySeconds?: number;
  deliveryReport?: boolean;
  /** Not sent before this time (ISO 8601 or Date). */
  notBefore?: string | Date;
  encoding?: "auto" | "gsm7" | "ucs2";
  /** Who asks (default `local`); see SendOrigin. */
  origin?: SendOrigin;
  /**
   * A message the recipient needs whatever they opted out of (a one-time code, a bank's
   * transaction notice): sent even to a number on the opt-out list.
   */
  transactional?: boolean;
}

export type OutboundStatus =
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "failed"
  | "expired"
  | "cancelled";

export interface OutboundMessage {
  id: string;
  to: string;
  text: string;
  status: OutboundStatus;
  parts: number;
  partsSent: number;
  encoding: Encoding;
  priority: Priority;
  createdAt: string;
  updatedAt: string;
  error?: { code: ErrorCode; message: string; cms?: number };
}

/** One status change of an outbound message, as it happened. */
export interface StatusChange {
  status: OutboundStatus;
  /** ISO 8601. */
  at: string;
  /** The error the change came with (a retry's temporary error, the failure). */
  error?: { code: ErrorCode; message: string; cms?: number };
}

/** One part of an outbound message: the reference the modem gave it and its status report. */
export interface OutboundPart {
  /** 1-based. */
  part: number;
  /** TP-MR from `+CMGS` (0–255); null while the part is not sent. */
  reference: number | null;
  /** When the modem accepted the part (ISO 8601); null while not sent. */
  sentAt: string | null;
  /**
   * The part's status report: `none` when no report was asked for or the part is not sent,
   * `pending` while waiting (also after a "still trying" report), then `delivered` or `failed`.
   */
  report: "none" | "pending" | "delivered" | "failed";
  /** The report's TP-ST value, when one came. */
  reportStatus?: number;
  /** The TP-ST value in words. */
  reportText?: string;
  /** When the report arrived (ISO 8601). */
  reportAt?: string;
}

/** An outbound message with its whole story: every status change and every part. */
export interface OutboundDetail extends OutboundMessage {
  deliveryReport: boolean;
  origin: SendOrigin;
  history: StatusChange[];
  partStates: OutboundPart[];
}

export interface InboundMessage {
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
  /** SC timestamp of the (first) part, ISO 8601 with offset. */
  timestamp?: string;
  /**
   * How the network typed the sender (TON): an `alphanumeric` sender is a chosen name, never a
   * phone number. Absent on messages stored before it was recorded.
   */
  addressType?: AddressType;
  /**
   * The whole text was an opt-out keyword and the sender was put on (`stop`) or taken off
   * (`start`) the opt-out list. Absent for every other message.
   */
  optOut?: "stop" | "start";
}

export interface SmsStats {
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  received: number;
}

/** A page of the history: at most `limit` records, appended within [since, until] (epoch ms). */
export interface HistoryPage<T> {
  limit: number;
  until?: number;
  since?: number;
  filter?: (m: T) => boolean;
}
