import { ERROR_CODES } from "../error-codes.js";
import { statusPayload } from "../mqtt/payloads.js";
import { classifyCms } from "../sms/cms-codes.js";
import type { OutboundDetail, StatusChange } from "../sms/types.js";

type ErrorInfo = NonNullable<StatusChange["error"]>;

/** An error with its catalogue sentence and, for a `+CMS ERROR`, what the number means. */
function explained(e: ErrorInfo) {
  return {
    ...e,
    description: ERROR_CODES[e.code],
    ...(e.cms === undefined ? {} : { cmsText: classifyCms(e.cms).reason }),
  };
}

/**
 * GET /api/v1/messages/{id}: the status payload's fields (`at` is the last change), the
 * message's own fields, every status change with its time and error, and every part with the
 * reference the modem returned and its status report. The text only for admin: one-time codes
 * and alerts stay private to their sender.
 */
export function messageStory(m: OutboundDetail, admin: boolean) {
  const { text, history, partStates, error, ...rest } = m;
  return {
    ...statusPayload(m),
    ...rest,
    ...(error === undefined ? {} : { error: explained(error) }),
    ...(admin ? { text } : {}),
    history: history.map((c) => (c.error === undefined ? c : { ...c, error: explained(c.error) })),
    partStates,
  };
}
