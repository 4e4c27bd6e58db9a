import { type BodyReader, type BodyWriter, SmppDecodeError } from "./octets.js";
import { STATUS } from "./status.js";

/** An optional parameter (§5.3): a tag and its value, kept as octets so it round-trips. */
export interface Tlv {
  tag: number;
  value: Buffer;
}

/** The tags smsgw reads or writes (§5.3.2). */
export const TLV = {
  receipted_message_id: 0x001e,
  user_message_reference: 0x0204,
  sar_msg_ref_num: 0x020c,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  sc_interface_version: 0x0210,
  network_error_code: 0x0423,
  message_payload: 0x0424,
  message_state: 0x0427,
} as const;

/** Reads TLVs up to the end of the body. */
export function readTlvs(r: BodyReader): Tlv[] {
  const out: Tlv[] = [];
  while (r.remaining > 0) {
    if (r.remaining < 4)
      throw new SmppDecodeError(
        STATUS.ESME_RINVOPTPARSTREAM,
        "an optional parameter ends inside its tag or length",
      );
    const tag = r.u16("an optional parameter's tag");
    const length = r.u16("an optional parameter's length");
    if (length > r.remaining)
      throw new SmppDecodeError(
        STATUS.ESME_RINVPARLEN,
        `optional parameter 0x${tag.toString(16).padStart(4, "0")} is longer than the PDU`,
      );
    out.push({ tag, value: r.octets(length, "an optional parameter") });
  }
  return out;
}

export function writeTlvs(w: BodyWriter, tlvs: readonly Tlv[]): void {
  for (const t of tlvs) w.u16(t.tag).u16(t.value.length).octets(t.value);
}

export const findTlv = (tlvs: readonly Tlv[], tag: number): Tlv | undefined =>
  tlvs.find((t) => t.tag === tag);

/** An integer TLV's value (1, 2 or 4 octets); undefined when absent or of another size. */
export function tlvInt(tlvs: readonly Tlv[], tag: number): number | undefined {
  const t = findTlv(tlvs, tag);
  if (t === undefined) return undefined;
  if (t.value.length === 1) return t.value.readUInt8(0);
  if (t.value.length === 2) return t.value.readUInt16BE(0);
  if (t.value.length === 4) return t.value.readUInt32BE(0);
  return undefined;
}

export function u8Tlv(tag: number, v: number): Tlv {
  return { tag, value: Buffer.from([v & 0xff]) };
}

export function u16Tlv(tag: number, v: number): Tlv {
  const value = Buffer.alloc(2);
  value.writeUInt16BE(v & 0xffff, 0);
  return { tag, value };
}

/** A C-Octet String TLV (receipted_message_id): the text and its NUL. */
export function cstringTlv(tag: number, s: string): Tlv {
  return { tag, value: Buffer.concat([Buffer.from(s, "latin1"), Buffer.from([0])]) };
}

/** A C-Octet String TLV's text, with or without its NUL. */
export function tlvCstring(tlvs: readonly Tlv[], tag: number): string | undefined {
  const t = findTlv(tlvs, tag);
  if (t === undefined) return undefined;
  const nul = t.value.indexOf(0);
  return t.value.toString("latin1", 0, nul < 0 ? t.value.length : nul);
}
