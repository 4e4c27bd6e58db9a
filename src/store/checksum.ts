import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Checksummed framing for the two on-disk forms. A snapshot is one JSON document whose data
 * is covered by a SHA-256 (an SD card can return stale or flipped blocks that still parse as
 * JSON); a journal line carries a CRC-32 so a record torn by a power cut is recognised and
 * ignored instead of being half-applied.
 */

const DOC_HEAD = '{"smsgw-store":1,"sha256":"';
const DOC_MID = '","data":';
const HASH_HEX = 64;
const BODY_START = DOC_HEAD.length + HASH_HEX + DOC_MID.length;

export function sealDocument(body: string): string {
  return `${DOC_HEAD}${sha256(body)}${DOC_MID}${body}}\n`;
}

export type Opened = { ok: true; body: string } | { ok: false; reason: string };

/** The data part of a sealed document, or why it is not one. Plain JSON is accepted as is. */
export function openDocument(text: string): Opened {
  if (text.length === 0) return { ok: false, reason: "file is empty" };
  if (!text.startsWith(DOC_HEAD)) {
    // A hand-written or lowdb-made plain JSON file: no checksum to check, parse decides.
    return { ok: true, body: text };
  }
  const hash = text.slice(DOC_HEAD.length, DOC_HEAD.length + HASH_HEX);
  if (text.slice(DOC_HEAD.length + HASH_HEX, BODY_START) !== DOC_MID) {
    return { ok: false, reason: "header is damaged" };
  }
  const end = text.endsWith("}\n") ? text.length - 2 : text.endsWith("}") ? text.length - 1 : -1;
  if (end < BODY_START) return { ok: false, reason: "file is truncated" };
  const body = text.slice(BODY_START, end);
  if (sha256(body) !== hash)
    return { ok: false, reason: "checksum mismatch (truncated or damaged)" };
  return { ok: true, body };
}

/** One journal line: `<crc32 hex8> <json>\n`. */
export function sealLine(json: string): string {
  return `${crcHex(json)} ${json}\n`;
}

/** The JSON of a journal line, or undefined when the line is torn or damaged. */
export function openLine(line: string): string | undefined {
  if (line.length < 10 || line[8] !== " ") return undefined;
  const json = line.slice(9);
  return crcHex(json) === line.slice(0, 8) ? json : undefined;
}

function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

function crcHex(s: string): string {
  return crc32(s).toString(16).padStart(8, "0");
}
