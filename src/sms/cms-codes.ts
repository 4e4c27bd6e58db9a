/**
 * What a failed `AT+CMGS` means for the message (27.005 §3.2.5, 24.011 Annex
 * E-2 RP causes, 23.040 §9.2.3.22 TP-FCS). One function, one listed set of codes:
 * - `permanent`: the message itself can never go (bad number, barred, bad PDU) → failed at once;
 * - `temporary` with scope `destination`: retry this recipient later, others carry on;
 * - `temporary` with scope `modem`: the gateway can't send anything right now (no SIM, no
 *   network, not ready) → pause all sending briefly, the message keeps its attempts. Networks
 *   also answer these for one unreachable number, so the outbox treats the code as the
 *   destination's when other numbers go through meanwhile.
 */
export type CmsClass =
  | { kind: "permanent"; reason: string }
  | { kind: "temporary"; scope: "destination" | "modem"; reason: string };

const PERMANENT: Record<number, string> = {
  1: "unassigned number",
  8: "operator determined barring",
  10: "call barred",
  21: "short message transfer rejected",
  28: "unidentified subscriber",
  29: "facility rejected",
  30: "unknown subscriber",
  50: "requested facility not subscribed",
  69: "requested facility not implemented",
  95: "invalid message",
  96: "invalid mandatory information",
  97: "message type non-existent",
  98: "message not compatible with protocol state",
  99: "information element non-existent",
  176: "TPDU not supported",
  193: "no SC subscription",
  195: "invalid SME address",
  196: "destination SME barred",
  197: "rejected duplicate",
  198: "TP-VPF not supported",
  199: "TP-VP not supported",
  303: "operation not supported",
  304: "invalid PDU mode parameter",
  305: "invalid text mode parameter",
  340: "no +CNMA acknowledgement expected",
  // Vendor codes (Siemens/Telit): the PDU or address we built is refused as written.
  515: "invalid character in address string",
  517: "invalid character in PDU",
  549: "incorrect PDU length",
  553: "incorrect PDU length",
};

const TEMPORARY_DESTINATION: Record<number, string> = {
  22: "memory capacity exceeded",
  27: "destination out of service",
  41: "temporary failure",
  42: "congestion",
  47: "resources unavailable",
  81: "invalid short message transfer reference",
  111: "protocol error",
  127: "interworking unspecified",
  192: "SC busy",
  194: "SC system failure",
  255: "unspecified error",
  332: "network timeout",
  500: "unknown error",
};

const TEMPORARY_MODEM: Record<number, string> = {
  38: "network out of order",
  300: "ME failure",
  301: "SMS service of ME reserved",
  302: "operation not allowed (modem not ready for SMS)",
  310: "SIM not inserted",
  311: "SIM PIN required",
  312: "PH-SIM PIN required",
  313: "SIM failure",
  314: "SIM busy",
  315: "SIM wrong",
  316: "SIM PUK required",
  317: "SIM PIN2 required",
  318: "SIM PUK2 required",
  320: "memory failure",
  330: "SMSC address unknown",
  331: "no network service",
};

/** Every code classifyCms knows by name (metrics count the others together). */
export const KNOWN_CMS_CODES: ReadonlySet<number> = new Set(
  [PERMANENT, TEMPORARY_DESTINATION, TEMPORARY_MODEM].flatMap((t) => Object.keys(t).map(Number)),
);

export function classifyCms(code: number | undefined): CmsClass {
  if (code === undefined) return { kind: "temporary", scope: "destination", reason: "error" };
  const permanent = PERMANENT[code];
  if (permanent !== undefined) return { kind: "permanent", reason: permanent };
  const dest = TEMPORARY_DESTINATION[code];
  if (dest !== undefined) return { kind: "temporary", scope: "destination", reason: dest };
  const modem = TEMPORARY_MODEM[code];
  if (modem !== undefined) return { kind: "temporary", scope: "modem", reason: modem };
  // TP-FCS 0x80–0xAF: TP-PID, TP-DCS and command errors — our PDU is wrong (23.040 §9.2.3.22).
  if (code >= 0x80 && code <= 0xaf) return { kind: "permanent", reason: "TPDU field rejected" };
  // Unlisted codes: retry, bounded by retry.maxAttempts, rather than drop a message on a guess.
  return { kind: "temporary", scope: "destination", reason: `error ${code}` };
}
