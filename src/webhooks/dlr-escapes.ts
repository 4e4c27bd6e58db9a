import type { OutboundMessage } from "../sms/types.js";
import { kannelTime, plusForm as plus, substituteEscapes } from "./kannel-escapes.js";

/** Kannel's delivery report types (`%d`, and the bits of `dlr-mask`). */
export const DLR = {
  delivered: 1,
  notDelivered: 2,
  buffered: 4,
  smscSubmit: 8,
  smscReject: 16,
} as const;

/**
 * The `%d` for a message's new state, from the state it had: `sent` is the SMSC's acceptance
 * (8), `delivered` the phone's (1); a failure or expiry after the SMSC took it is "not
 * delivered" (2), before it "rejected" (16). `queued`/`sending` report nothing.
 */
export function dlrTypeOf(
  status: OutboundMessage["status"],
  previous: string | undefined,
): number | undefined {
  switch (status) {
    case "sent":
      return DLR.smscSubmit;
    case "delivered":
      return DLR.delivered;
    case "failed":
    case "expired":
    case "cancelled":
      return previous === "sent" ? DLR.notDelivered : DLR.smscReject;
    default:
      return undefined;
  }
}

/** What the escapes of one callback are made of. */
export interface DlrFacts {
  type: number;
  message: Pick<OutboundMessage, "id" | "to" | "status" | "updatedAt" | "error">;
  from: string;
  smsc: string;
}

/** `%A`: what the SMSC said, in Kannel's words (ACK/, NACK/…). */
function smscReply(f: DlrFacts): string {
  const m = f.message;
  switch (m.status) {
    case "sent":
      return "ACK/";
    case "delivered":
      return "DELIVRD";
    case "expired":
      return "EXPIRED";
    default:
      return `NACK/${m.error?.cms ?? ""}/${m.error?.message ?? m.status}`;
  }
}

/**
 * The values of Kannel's dlr-url escapes: %d type, %A SMSC reply, %F foreign id and %I internal
 * id (both the smsgw message id: one modem, no other id), %p/%P sender/receiver, %q/%Q the same
 * with 00 as +, %t time, %T Unix time, %i the smsc asked for.
 */
export function dlrEscapes(f: DlrFacts): Record<string, string> {
  const at = new Date(f.message.updatedAt);
  return {
    d: String(f.type),
    A: smscReply(f),
    F: f.message.id,
    I: f.message.id,
    p: f.from,
    P: f.message.to,
    q: plus(f.from),
    Q: plus(f.message.to),
    t: kannelTime(at),
    T: String(Math.floor(at.getTime() / 1000)),
    i: f.smsc,
  };
}

/**
 * The dlr-url with Kannel's escapes replaced, each value URL-encoded; %% is a percent sign,
 * other escapes are left as they are.
 */
export function substituteDlrUrl(url: string, f: DlrFacts): string {
  return substituteEscapes(url, dlrEscapes(f), encodeURIComponent);
}
