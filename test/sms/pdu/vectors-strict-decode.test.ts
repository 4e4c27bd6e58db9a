import { describe, expect, it } from "vitest";
import { type DecodedSms, decodePdu } from "../../../src/sms/pdu/index.js";
import { loadVectors, startsWithSmscField, type Vector } from "./helpers/vectors.js";

/**
 * Every `strict` vector (the source's stated values agree with an independent decoder) decodes
 * to the stated values. Each expected key is mapped to our field; keys that describe the
 * source's own API or raw layout are listed in IGNORED with the reason.
 */
const vectors = loadVectors("decode-vectors.json").filter((v) => v.tier === "strict");

const TYPES: Record<string, DecodedSms["type"]> = {
  "SMS-DELIVER": "deliver",
  "SMS-SUBMIT": "submit",
  "SMS-STATUS-REPORT": "status-report",
};

const IGNORED = new Set([
  "timestamp_mm", // ModemManager's own format of `timestamp`, which is checked
  "timestamp_fields", // the same SCTS as `timestamp`, split into fields
  "udl", // raw TP-UDL: covered by the text (decoded by UDL, not by octet count)
  "ud_octets",
  "udhl",
  "storage_status", // +CMGL stat, not part of the PDU
  "validity_minutes_input", // encoder input (checked in the encode vectors)
  "vp_meaning", // prose for vp_relative_octet, which is checked
  "dcs_meaning", // prose; the MWI it describes is asserted in dcs.test.ts
  "note",
  "full_text_after_reassembly", // checked per group below
  "concat_part_of_total",
]);

/** "relative:3 days, 0:00:00" / "relative:364 days, 0:00:00" (Python timedelta) → seconds. */
function timedeltaSeconds(s: string): number {
  const m = /^(?:(\d+) days?, )?(\d+):(\d\d):(\d\d)$/.exec(s);
  if (!m) throw new Error(`unparsed validity ${s}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

function address(d: DecodedSms): string | undefined {
  return d.from ?? d.to ?? d.recipient;
}

function expectations(
  d: DecodedSms,
  e: Record<string, unknown>,
): Array<[string, unknown, unknown]> {
  const out: Array<[string, unknown, unknown]> = [];
  for (const [key, want] of Object.entries(e)) {
    if (IGNORED.has(key)) continue;
    switch (key) {
      case "type":
        out.push([key, d.type, TYPES[want as string]]);
        break;
      case "text":
      case "smsc":
      case "timestamp":
      case "pid":
      case "dcs":
      case "status":
        out.push([key, d[key], want]);
        break;
      case "sender":
        out.push([key, d.from, want]);
        break;
      case "recipient":
        out.push([key, d.to ?? d.recipient, want]);
        break;
      case "address":
      case "address(recipient)_international":
      case "address(recipient)_digits":
        out.push([key, address(d), want]);
        break;
      case "sender_digits":
        out.push([key, d.from?.replace(/^\+/, ""), want]);
        break;
      case "smsc_digits":
        out.push([key, d.smsc?.replace(/^\+/, ""), want]);
        break;
      case "sender_ton":
        out.push([key, ((d.addressType ?? 0) >> 4) & 0x07, want]);
        break;
      case "sender_npi":
        out.push([key, (d.addressType ?? 0) & 0x0f, want]);
        break;
      case "mr":
        out.push([key, d.reference, want]);
        break;
      case "scts":
        out.push([key, d.timestamp, want]);
        break;
      case "discharge_time":
        out.push([key, d.dischargeTime, want]);
        break;
      case "delivered":
        out.push([key, d.statusCategory === "delivered", want]);
        break;
      case "status_report_requested":
        out.push([key, d.statusReportRequested, want]);
        break;
      case "reject_duplicates":
        out.push([key, d.rejectDuplicates, want]);
        break;
      case "concat":
      case "concat_decoded_by_reference": {
        const c = want as { ref: number; part: number; total: number; ref_bits?: number };
        out.push([
          key,
          d.concat,
          { ref: c.ref, part: c.part, total: c.total, refBits: c.ref_bits ?? d.concat?.refBits },
        ]);
        break;
      }
      case "should_concat":
        out.push([key, d.concat !== null, want]);
        break;
      case "validity": {
        const [format, rest] = (want as string).split(/:(.*)/s) as [string, string];
        out.push([
          key,
          d.validity,
          format === "relative"
            ? { format, seconds: timedeltaSeconds(rest) }
            : { format, timestamp: rest },
        ]);
        break;
      }
      case "vp_relative_octet":
        out.push([key, d.validity?.format, "relative"]);
        break;
      case "data_hex":
        out.push([key, d.data, want]);
        break;
      case "charset":
        out.push([key, d.encoding, want]);
        break;
      case "ports":
        out.push([key, d.ports, want]);
        break;
      case "dest_port":
        out.push([key, d.ports?.dest, want]);
        break;
      case "port_addressing_8bit":
        out.push([key, d.ports?.bits === 8, want]);
        break;
      case "udh_ie_types":
        out.push([key, d.udh?.every((ie) => ie.iei === 0x0a) && d.udh.length > 0, true]);
        break;
      case "replace_type_pid":
        out.push([key, d.pid >= 0x41 && d.pid <= 0x47, want]);
        break;
      case "mwi": {
        const text = want as string;
        const source = text.includes("CPHS") ? "cphs" : "udh";
        out.push([key, d.mwi?.source, source]);
        out.push([key, d.mwi?.active, text.startsWith("set")]);
        if (text.includes("dont store")) out.push([key, d.mwi?.store, false]);
        break;
      }
      case "email_gateway": {
        // 23.040 §3.8: the text carries "<address> <body>"; Android also splits at " /".
        const g = want as { from: string; body: string };
        out.push([key, [`${g.from} ${g.body}`, `${g.from} /${g.body}`].includes(d.text), true]);
        break;
      }
      default:
        out.push([`unhandled expected key ${key}`, undefined, want]);
    }
  }
  return out;
}

describe("decoding the strict real-world vectors", () => {
  it.each(vectors.map((v) => [v.id, v] as [string, Vector]))(
    "%s decodes to the stated values",
    (_id, v) => {
      const d = decodePdu(v.pdu!, { smsc: startsWithSmscField(v) });
      for (const [key, actual, want] of expectations(d, v.expected)) {
        expect({ key, value: actual }).toEqual({ key, value: want });
      }
    },
  );

  it("python-gsmmodem's concatenated SUBMIT parts join to the stated full text", () => {
    const group = vectors.filter((v) => v.id.startsWith("gsmmodem-concat-submit-"));
    const parts = group
      .map((v) => decodePdu(v.pdu!))
      .sort((a, b) => (a.concat?.part ?? 0) - (b.concat?.part ?? 0));
    expect(parts.map((p) => [p.concat?.part, p.concat?.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(parts.map((p) => p.text).join("")).toBe(group[0]!.expected.full_text_after_reassembly);
  });
});
