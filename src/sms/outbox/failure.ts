import { isSmsgwError } from "../../errors.js";
import { AtError } from "../../modem/at/index.js";
import { classifyCms } from "../cms-codes.js";

/**
 * What a failed send means: the message can never go (`permanent`), this destination should
 * wait (`destination`), or the modem can't send anything right now (`modem`: not ready,
 * closed, hung, no network — the message keeps its attempts and waits for the modem, unless
 * other numbers go through meanwhile: see ModemScope).
 */
export type SendFailure =
  | { kind: "permanent"; message: string; cms?: number }
  | { kind: "destination"; message: string; cms?: number }
  | { kind: "modem"; message: string; cms?: number };

export function classifySendError(err: unknown): SendFailure {
  if (err instanceof AtError) {
    switch (err.code) {
      case "at.cms": {
        const c = classifyCms(err.cmsCode);
        const message =
          err.cmsCode === undefined ? err.message : `+CMS ERROR ${err.cmsCode}: ${c.reason}`;
        const cms = err.cmsCode === undefined ? {} : { cms: err.cmsCode };
        if (c.kind === "permanent") return { kind: "permanent", message, ...cms };
        return { kind: c.scope, message, ...cms };
      }
      case "at.error":
        // A bare ERROR: a modem that is not SMS-ready yet, or a PDU it dislikes. Retry,
        // bounded by the message's attempts.
        return { kind: "destination", message: err.message };
      default:
        // at.timeout / at.prompt-timeout / at.closed / at.aborted / at.cme / at.not-supported:
        // the modem, not the message. A CMGS timeout may still have gone out: sending it again
        // is the at-least-once choice.
        return { kind: "modem", message: err.message };
    }
  }
  if (isSmsgwError(err) && (err.area === "sms" || err.area === "pdu"))
    return { kind: "permanent", message: err.message };
  return { kind: "destination", message: err instanceof Error ? err.message : String(err) };
}
