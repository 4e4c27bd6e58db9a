import { isSmsgwError } from "../errors.js";
import type { SmsPort } from "../mqtt/ports.js";
import type { OutboundStatus } from "../sms/types.js";
import type { CancelSmBody, QuerySmBody, QuerySmRespBody } from "./pdu.js";
import { SmppRefusal } from "./smpp-error.js";
import { smppTime } from "./smpp-time.js";
import { MESSAGE_STATE, STATUS } from "./status.js";

/** Our message ids carry the account: `smpp-<systemId>-<uuid>` (≤ 58 octets of the 64). */
export const messageIdPrefix = (systemId: string): string => `smpp-${systemId}-`;

const STATE: Record<OutboundStatus, number> = {
  queued: MESSAGE_STATE.ENROUTE,
  sending: MESSAGE_STATE.ENROUTE,
  sent: MESSAGE_STATE.ENROUTE,
  delivered: MESSAGE_STATE.DELIVERED,
  failed: MESSAGE_STATE.UNDELIVERABLE,
  expired: MESSAGE_STATE.EXPIRED,
  cancelled: MESSAGE_STATE.DELETED,
};

const FINAL = new Set<OutboundStatus>(["delivered", "failed", "expired", "cancelled"]);

/** An account sees only its own messages: another's id is as unknown as a wrong one. */
function own(systemId: string, messageId: string): void {
  if (!messageId.startsWith(messageIdPrefix(systemId)))
    throw new SmppRefusal(STATUS.ESME_RINVMSGID, `no message ${messageId} of this account`);
}

/** query_sm → the message's state (§4.8): ENROUTE until it is delivered, failed, expired. */
export function querySm(service: SmsPort, systemId: string, q: QuerySmBody): QuerySmRespBody {
  own(systemId, q.messageId);
  const m = service.get(q.messageId);
  if (m === undefined)
    throw new SmppRefusal(STATUS.ESME_RQUERYFAIL, `message ${q.messageId} is not known (any more)`);
  return {
    messageId: m.id,
    finalDate: FINAL.has(m.status) ? smppTime(Date.parse(m.updatedAt)) : "",
    messageState: STATE[m.status],
    errorCode: Math.min(255, m.error?.cms ?? 0),
  };
}

/** cancel_sm → cancels a message not yet sent (§4.9); a sent one is ESME_RCANCELFAIL. */
export async function cancelSm(service: SmsPort, systemId: string, c: CancelSmBody): Promise<void> {
  if (c.messageId === "")
    throw new SmppRefusal(
      STATUS.ESME_RCANCELFAIL,
      "cancel_sm by source and destination (no message_id) is not supported",
    );
  own(systemId, c.messageId);
  let m: Awaited<ReturnType<SmsPort["cancel"]>>;
  try {
    m = await service.cancel(c.messageId);
  } catch (err) {
    throw new SmppRefusal(
      STATUS.ESME_RCANCELFAIL,
      isSmsgwError(err) ? err.message : "the message cannot be cancelled",
    );
  }
  if (m === undefined)
    throw new SmppRefusal(STATUS.ESME_RINVMSGID, `message ${c.messageId} is not known`);
  if (m.status !== "cancelled")
    throw new SmppRefusal(STATUS.ESME_RCANCELFAIL, `message ${c.messageId} is already ${m.status}`);
}
