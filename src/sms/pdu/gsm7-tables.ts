/**
 * GSM 7-bit alphabets (3GPP TS 23.038 §6.2.1 default, §6.2.1.1 extension, Annex A national
 * language tables). A locking-shift table is 128 characters indexed by septet (0x1B is the
 * escape and never a character); a single-shift table lists the codes reachable after ESC.
 */

export const ESC = 0x1b;

export type NationalLanguage = "turkish" | "spanish" | "portuguese";

/** National language identifiers used in UDH IEI 0x24/0x25 (23.038 §6.2.1.2.4). */
export const LANGUAGE_IDS: Record<NationalLanguage, number> = {
  turkish: 1,
  spanish: 2,
  portuguese: 3,
};

export const DEFAULT_TABLE =
  "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5" +
  "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u001b\u00c6\u00e6\u00df\u00c9" +
  " !\"#\u00a4%&'()*+,-./0123456789:;<=>?" +
  "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7" +
  "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";

/** 23.038 A.3.1 Turkish locking shift. */
const TURKISH_LOCKING =
  "@\u00a3$\u00a5\u20ac\u00e9\u00f9\u0131\u00f2\u00c7\n\u011e\u011f\r\u00c5\u00e5" +
  "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u001b\u015e\u015f\u00df\u00c9" +
  " !\"#\u00a4%&'()*+,-./0123456789:;<=>?" +
  "\u0130ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7" +
  "\u00e7abcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";

/** 23.038 A.3.3 Portuguese locking shift. (Spanish has no locking table: A.3.2 is "reserved".) */
const PORTUGUESE_LOCKING =
  "@\u00a3$\u00a5\u00ea\u00e9\u00fa\u00ed\u00f3\u00e7\n\u00d4\u00f4\r\u00c1\u00e1" +
  "\u0394_\u00aa\u00c7\u00c0\u221e^\\\u20ac\u00d3|\u001b\u00c2\u00e2\u00ca\u00c9" +
  " !\"#\u00ba%&'()*+,-./0123456789:;<=>?" +
  "\u00cdABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c3\u00d5\u00da\u00dc\u00a7" +
  "~abcdefghijklmnopqrstuvwxyz\u00e3\u00f5`\u00fc\u00e0";

type ShiftEntries = ReadonlyArray<readonly [code: number, char: string]>;

/** 23.038 §6.2.1.1: the default extension table (each character costs ESC + code). */
const DEFAULT_EXTENSION: ShiftEntries = [
  [0x0a, "\f"],
  [0x14, "^"],
  [0x28, "{"],
  [0x29, "}"],
  [0x2f, "\\"],
  [0x3c, "["],
  [0x3d, "~"],
  [0x3e, "]"],
  [0x40, "|"],
  [0x65, "\u20ac"],
];

/** 23.038 A.2.1 Turkish single shift. */
const TURKISH_SINGLE: ShiftEntries = [
  ...DEFAULT_EXTENSION,
  [0x47, "\u011e"],
  [0x49, "\u0130"],
  [0x53, "\u015e"],
  [0x63, "\u00e7"],
  [0x67, "\u011f"],
  [0x69, "\u0131"],
  [0x73, "\u015f"],
];

/** 23.038 A.2.2 Spanish single shift. */
const SPANISH_SINGLE: ShiftEntries = [
  ...DEFAULT_EXTENSION,
  [0x09, "\u00e7"],
  [0x41, "\u00c1"],
  [0x49, "\u00cd"],
  [0x4f, "\u00d3"],
  [0x55, "\u00da"],
  [0x61, "\u00e1"],
  [0x69, "\u00ed"],
  [0x6f, "\u00f3"],
  [0x75, "\u00fa"],
];

/** 23.038 A.2.3 Portuguese single shift. */
const PORTUGUESE_SINGLE: ShiftEntries = [
  [0x05, "\u00ea"],
  [0x09, "\u00e7"],
  [0x0a, "\f"],
  [0x0b, "\u00d4"],
  [0x0c, "\u00f4"],
  [0x0e, "\u00c1"],
  [0x0f, "\u00e1"],
  [0x12, "\u03a6"],
  [0x13, "\u0393"],
  [0x14, "^"],
  [0x15, "\u03a9"],
  [0x16, "\u03a0"],
  [0x17, "\u03a8"],
  [0x18, "\u03a3"],
  [0x19, "\u0398"],
  [0x1f, "\u00ca"],
  [0x28, "{"],
  [0x29, "}"],
  [0x2f, "\\"],
  [0x3c, "["],
  [0x3d, "~"],
  [0x3e, "]"],
  [0x40, "|"],
  [0x41, "\u00c0"],
  [0x49, "\u00cd"],
  [0x4f, "\u00d3"],
  [0x55, "\u00da"],
  [0x5b, "\u00c3"],
  [0x5c, "\u00d5"],
  [0x61, "\u00c2"],
  [0x65, "\u20ac"],
  [0x69, "\u00ed"],
  [0x6f, "\u00f3"],
  [0x75, "\u00fa"],
  [0x7b, "\u00e3"],
  [0x7c, "\u00f5"],
  [0x7f, "\u00e2"],
];

/** Locking-shift table by language id; ids without a table fall back to the default. */
export function lockingTable(languageId: number): string {
  if (languageId === 1) return TURKISH_LOCKING;
  if (languageId === 3) return PORTUGUESE_LOCKING;
  return DEFAULT_TABLE;
}

/** Single-shift entries by language id; ids without a table fall back to the default extension. */
export function singleShiftEntries(languageId: number): ShiftEntries {
  if (languageId === 1) return TURKISH_SINGLE;
  if (languageId === 2) return SPANISH_SINGLE;
  if (languageId === 3) return PORTUGUESE_SINGLE;
  return DEFAULT_EXTENSION;
}

/** Whether a real locking table exists (Spanish has none, so no IE 0x25 is sent for it). */
export function hasLockingTable(languageId: number): boolean {
  return languageId === 1 || languageId === 3;
}

export function hasSingleShiftTable(languageId: number): boolean {
  return languageId >= 1 && languageId <= 3;
}
