import { tpduLength } from "../../sms/pdu/index.js";
import type { ModemCore } from "../core.js";
import type { Reply } from "../types.js";

/**
 * Checks the hex typed after the prompt against the length given in AT+CMGS/CMGW=<length>
 * (TPDU octets, SMSC field not counted). Returns the upper-case PDU or the error reply
 * (+CMS ERROR: 304 invalid PDU mode parameter).
 */
export function checkPduInput(core: ModemCore, data: string, length: number): string | Reply {
  const hex = data.replace(/[\s\r\n]/g, "").toUpperCase();
  if (hex === "" || hex.length % 2 !== 0 || !/^[0-9A-F]+$/.test(hex)) return core.cms(304);
  let tpdu: number;
  try {
    tpdu = tpduLength(hex);
  } catch {
    return core.cms(304);
  }
  if (tpdu !== length) return core.cms(304);
  return hex;
}
