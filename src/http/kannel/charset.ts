/**
 * The text of a Kannel request, decoded from the charset it names. Kannel's defaults: UTF-8,
 * and UTF-16BE when `coding=2` (UCS-2) names none.
 */

const LABELS: Record<string, "utf8" | "utf16be" | "latin1" | "windows-1252" | "ascii"> = {
  utf8: "utf8",
  utf16be: "utf16be",
  ucs2: "utf16be",
  ucs2be: "utf16be",
  utf16: "utf16be", // without a byte-order mark, UTF-16 is big-endian
  iso88591: "latin1",
  latin1: "latin1",
  l1: "latin1",
  windows1252: "windows-1252",
  cp1252: "windows-1252",
  ascii: "ascii",
  usascii: "ascii",
};

/** Thrown for an unknown charset or bytes that are not text in it. */
export class CharsetError extends Error {}

export function decodeKannelText(
  bytes: Buffer,
  charset: string | undefined,
  coding: number | undefined,
): string {
  const label = (charset ?? (coding === 2 ? "UTF-16BE" : "UTF-8"))
    .toLowerCase()
    .replace(/[-_\s]/g, "");
  const kind = LABELS[label];
  switch (kind) {
    case "utf8":
      return strict("utf-8", bytes);
    case "utf16be":
      if (bytes.length % 2 !== 0) throw new CharsetError("UTF-16BE text of an odd byte count");
      return strict("utf-16be", bytes);
    case "latin1":
      // Exactly ISO-8859-1 (the WHATWG decoder would read it as windows-1252).
      return bytes.toString("latin1");
    case "windows-1252":
      return strict("windows-1252", bytes);
    case "ascii":
      if (bytes.some((b) => b > 0x7f)) throw new CharsetError("a byte above 0x7F in ASCII text");
      return bytes.toString("latin1");
    default:
      throw new CharsetError(`unknown charset "${charset}"`);
  }
}

function strict(encoding: string, bytes: Buffer): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CharsetError(`the text is not ${encoding}`);
  }
}
