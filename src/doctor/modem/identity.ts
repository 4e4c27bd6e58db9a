import type { AtRunner } from "../../modem/at/index.js";
import { detectProfile } from "../../modem/profiles/index.js";
import { lines } from "./query.js";

export interface Identity {
  manufacturer: string | null;
  model: string | null;
  firmware: string | null;
  /** Full IMEI: only ever shown masked. */
  imei: string | null;
  profile: string;
}

/**
 * `8612…0128`: enough to tell two modems apart, not enough to clone or report the device
 * (the IMEI is a hardware identity, and reports get pasted into public issues).
 */
export function maskImei(imei: string): string {
  const digits = imei.trim();
  // Too short to be an IMEI: show nothing of it rather than most of it.
  if (digits.length < 9) return "…";
  return `${digits.slice(0, 4)}…${digits.slice(-4)}`;
}

/**
 * Identification (27.007 §5): AT+CGMI, +CGMM, +CGMR, +CGSN, falling back to ATI for modules
 * that refuse the + forms. Answers come with or without their prefix (`+CGMR: LE20B04…`,
 * `Revision:1418B04…`, bare `EC25EFAR06A03M4G`).
 */
export async function readIdentity(at: AtRunner): Promise<Identity> {
  const manufacturer = first(await lines(at, "AT+CGMI"), /^\+?C?GMI:\s*/i);
  let model = first(await lines(at, "AT+CGMM"), /^\+?C?GMM:\s*/i);
  const firmware = first(await lines(at, "AT+CGMR"), /^(\+?C?GMR:|Revision:)\s*/i);
  let imei = imeiIn(await lines(at, "AT+CGSN"));
  let ati: string[] | undefined;
  if (model === null || imei === null) {
    ati = await lines(at, "ATI");
    model ??= ati?.map((l) => l.replace(/^Model:\s*/i, "")).find((l) => /\d/.test(l)) ?? null;
    imei ??= imeiIn(ati);
  }
  const profile = detectProfile([model, ...(ati ?? [])].filter(Boolean).join(" ")).id;
  return { manufacturer, model, firmware, imei, profile };
}

function first(answer: string[] | undefined, prefix: RegExp): string | null {
  const line = answer?.map((l) => l.trim()).find((l) => l !== "");
  if (line === undefined) return null;
  const value = line.replace(prefix, "").replace(/^"|"$/g, "").trim();
  return value === "" ? null : value;
}

/** An IMEI is 15 digits (14 + check digit; IMEISV 16); `+CGSN: "8612…"` and `IMEI: 8612…` occur. */
function imeiIn(answer: string[] | undefined): string | null {
  for (const line of answer ?? []) {
    const m = /(?:^|\D)(\d{14,17})(?:\D|$)/.exec(line);
    if (m !== null) return m[1]!;
  }
  return null;
}
