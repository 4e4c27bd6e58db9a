import { PduError } from "./errors.js";

export type Encoding = "gsm7" | "ucs2" | "8bit";
export type MessageClass = 0 | 1 | 2 | 3;
export type WaitingType = "voicemail" | "fax" | "email" | "other";

/** A message-waiting indication, from the DCS, UDH IEI 0x01 or a CPHS originator. */
export interface MessageWaiting {
  source: "dcs" | "udh" | "cphs";
  type: WaitingType;
  active: boolean;
  /** false = the handset may discard the message after updating the indicator. */
  store: boolean;
  /** Messages waiting (UDH only). */
  count?: number;
}

export interface DcsInfo {
  encoding: Encoding;
  class: MessageClass | null;
  mwi: MessageWaiting | null;
}

const WAITING: readonly WaitingType[] = ["voicemail", "fax", "email", "other"];

/** 23.038 §4 data coding scheme. Reserved alphabets and groups count as the default alphabet. */
export function decodeDcs(dcs: number): DcsInfo {
  const group = dcs >> 4;
  if (group <= 0x07) {
    // 00xx / 01xx: general data coding (01xx = marked for automatic deletion).
    if (dcs & 0x20)
      throw new PduError("compressed", "compressed user data (DCS bit 5) is not supported");
    const alphabet = (dcs >> 2) & 0x03;
    return {
      encoding: alphabet === 1 ? "8bit" : alphabet === 2 ? "ucs2" : "gsm7",
      class: dcs & 0x10 ? ((dcs & 0x03) as MessageClass) : null,
      mwi: null,
    };
  }
  if (group >= 0x0c && group <= 0x0e) {
    return {
      encoding: group === 0x0e ? "ucs2" : "gsm7",
      class: null,
      mwi: {
        source: "dcs",
        type: WAITING[dcs & 0x03]!,
        active: (dcs & 0x08) !== 0,
        store: group !== 0x0c,
      },
    };
  }
  if (group === 0x0f) {
    return {
      encoding: dcs & 0x04 ? "8bit" : "gsm7",
      class: (dcs & 0x03) as MessageClass,
      mwi: null,
    };
  }
  return { encoding: "gsm7", class: null, mwi: null };
}

/** DCS for what we send: general group, class 0 (flash) when asked. */
export function encodeDcs(encoding: "gsm7" | "ucs2", flash: boolean): number {
  return (encoding === "ucs2" ? 0x08 : 0x00) | (flash ? 0x10 : 0x00);
}

/** UDH IEI 0x01 special SMS message indication (23.040 §9.2.3.24.2). */
export function udhWaiting(data: Uint8Array): MessageWaiting | null {
  if (data.length < 2) return null;
  const kind = data[0]! & 0x7f;
  const count = data[1]!;
  return {
    source: "udh",
    type: kind <= 3 ? WAITING[kind]! : "other",
    active: count > 0,
    store: (data[0]! & 0x80) !== 0,
    count,
  };
}
