import { parseError, splitFields, toInt, toLines, unquote } from "./fields.js";

/** One stored message in PDU mode. */
export interface StoredPdu {
  /** Storage index (`+CMGL`); null for `+CMGR`, which does not repeat it. */
  index: number | null;
  /** 0 REC UNREAD, 1 REC READ, 2 STO UNSENT, 3 STO SENT; null when the modem leaves it out (ZTE `+CMGR: ,,27`). */
  stat: number | null;
  alpha?: string;
  /** TPDU length in octets (the SMSC field not counted). */
  length: number;
  /** PDU hex including the SMSC field, upper case. */
  pdu: string;
}

/**
 * `AT+CMGL=4` in PDU mode: `+CMGL: <index>,<stat>,[<alpha>],<length>` then the PDU line.
 * Pantech leaves the alpha field out (`+CMGL: 17,3,35`). The last integer of the header is
 * the length and the next non-empty line is the PDU. Headers without a PDU are
 * skipped; a malformed header throws `at.parse`.
 */
export function parseCmgl(input: string | readonly string[]): StoredPdu[] {
  const lines = toLines(input);
  const out: StoredPdu[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!/^\+CMGL\s*:/i.test(line)) continue;
    const { fields, inlinePdu } = header(line, "+CMGL");
    const index = toInt(fields[0]);
    const length = toInt(fields[fields.length - 1]);
    if (index === undefined || length === undefined || fields.length < 2)
      throw parseError("+CMGL", line);
    let pdu = inlinePdu;
    if (pdu === undefined) {
      const next = lines[i + 1];
      if (next === undefined || /^\+CMGL\s*:/i.test(next)) continue;
      pdu = next;
      i++;
    }
    const entry: StoredPdu = {
      index,
      stat: fields.length >= 3 ? (toInt(fields[1]) ?? null) : null,
      length,
      pdu: cleanPdu(pdu),
    };
    const alpha = fields.length >= 4 ? unquote(fields[2]!) : undefined;
    if (alpha !== undefined && alpha !== "") entry.alpha = alpha;
    out.push(entry);
  }
  return out;
}

/**
 * `AT+CMGR=<i>` in PDU mode: `+CMGR: <stat>,[<alpha>],<length>` then the PDU line. Variants
 * (gammu at-sms dumps, MM, pgm): `+CMGR: 0,"",50` + CRLF (Telit), `+CMGR: 0,23`, `+CMGR: ,,27`
 * (ZTE), `+CMGR: 4,1,,151` (Siemens), `+CMGR: 24`, the PDU on the header line after a space,
 * a trailing `"` on the PDU. Throws `at.parse` when there is no header or no PDU.
 */
export function parseCmgr(input: string | readonly string[]): StoredPdu {
  const lines = toLines(input);
  const at = lines.findIndex((l) => /^\+CMGR\s*:/i.test(l));
  const line = lines[at];
  if (line === undefined) throw parseError("+CMGR", lines[0]);
  const { fields, inlinePdu } = header(line, "+CMGR");
  const length = toInt(fields[fields.length - 1]);
  const pdu = inlinePdu ?? lines.slice(at + 1).find((l) => !/^(OK|ERROR)$/i.test(l));
  if (length === undefined || pdu === undefined) throw parseError("+CMGR", line);
  // Siemens puts an extra field first (`4,1,,151`): the stat is the field two before the length… or
  // the first when there are three or fewer.
  const statField = fields.length >= 4 ? fields[1] : fields.length >= 2 ? fields[0] : undefined;
  const entry: StoredPdu = {
    index: null,
    stat: toInt(statField) ?? null,
    length,
    pdu: cleanPdu(pdu),
  };
  const alpha = fields.length >= 3 ? unquote(fields[fields.length - 2]!) : undefined;
  if (alpha !== undefined && alpha !== "") entry.alpha = alpha;
  return entry;
}

function header(line: string, name: string): { fields: string[]; inlinePdu?: string } {
  const params = line.replace(new RegExp(`^\\${name}\\s*:\\s*`, "i"), "");
  const fields = splitFields(params);
  const last = fields[fields.length - 1] ?? "";
  // MM test_cmgr_response_generic: `+CMGR: 1,,147 0791…` — the PDU on the same line.
  const m = /^(\d+)\s+([0-9A-Fa-f]+"?)$/.exec(last);
  if (m) {
    fields[fields.length - 1] = m[1]!;
    return { fields, inlinePdu: m[2]! };
  }
  return { fields };
}

function cleanPdu(text: string): string {
  return text.trim().replace(/^"|"$/g, "").trim().toUpperCase();
}
