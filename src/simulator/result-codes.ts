/**
 * Final result lines as a module formats them under AT+CMEE (27.007 §9.1): 0 → bare ERROR,
 * 1 → numeric `+CME ERROR: <n>`, 2 → verbose text. Texts follow 27.007 §9.2 / 27.005 §3.2.5.
 */

const cmeText: Record<number, string> = {
  0: "phone failure",
  3: "operation not allowed",
  4: "operation not supported",
  10: "SIM not inserted",
  11: "SIM PIN required",
  12: "SIM PUK required",
  13: "SIM failure",
  14: "SIM busy",
  15: "SIM wrong",
  16: "incorrect password",
  20: "memory full",
  21: "invalid index",
  22: "not found",
  23: "memory failure",
  30: "no network service",
  31: "network timeout",
  32: "network not allowed - emergency calls only",
  50: "incorrect parameters",
  100: "unknown",
};

const cmsText: Record<number, string> = {
  300: "ME failure",
  301: "SMS service of ME reserved",
  302: "operation not allowed",
  303: "operation not supported",
  304: "invalid PDU mode parameter",
  305: "invalid text mode parameter",
  310: "SIM not inserted",
  311: "SIM PIN required",
  312: "PH-SIM PIN required",
  313: "SIM failure",
  314: "SIM busy",
  315: "SIM wrong",
  316: "SIM PUK required",
  320: "memory failure",
  321: "invalid memory index",
  322: "memory full",
  330: "SMSC address unknown",
  331: "no network service",
  332: "network timeout",
  340: "no +CNMA acknowledgement expected",
  500: "unknown error",
};

export function cmeError(code: number, cmee: number): string {
  if (cmee === 0) return "ERROR";
  if (cmee === 2 && cmeText[code] !== undefined) return `+CME ERROR: ${cmeText[code]}`;
  return `+CME ERROR: ${code}`;
}

/** SMS errors: modems print +CMS ERROR even with CMEE=0; CMEE=2 turns them into text. */
export function cmsError(code: number, cmee: number): string {
  if (cmee === 2 && cmsText[code] !== undefined) return `+CMS ERROR: ${cmsText[code]}`;
  return `+CMS ERROR: ${code}`;
}
