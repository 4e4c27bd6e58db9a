import { createHash } from "node:crypto";

/**
 * A contact's id: what Home Assistant's ids and topic levels may hold ([a-z0-9_-]), made from
 * the contact's name so it stays the same from run to run. Accented letters are transliterated
 * ("Jörg" → `jorg`, "Jürg" → `jurg`); a name with letters that have no ASCII form ("Алиса",
 * "王伟") gets a short hash of the whole name appended, so two such names never share an id.
 * Names that still collide (e.g. "Jörg" and "Jorg") are refused when the config is loaded.
 */
export function contactId(name: string): string {
  const ascii = transliterate(name.normalize("NFC"));
  const id = ascii
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "");
  // A letter or digit outside ASCII survived: it would vanish from the id.
  const lost = [...ascii].some((c) => c.charCodeAt(0) > 0x7f && /[\p{L}\p{N}]/u.test(c));
  if (!lost && id !== "") return id;
  const hash = createHash("sha256").update(name.normalize("NFC")).digest("hex").slice(0, 8);
  return id === "" ? `h${hash}` : `${id}_${hash}`;
}

/** Letters that Unicode decomposition does not reduce to a base letter plus marks. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "SS",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ø: "o",
  Ø: "O",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "TH",
  ı: "i",
};

/** Base letters without their accents (NFKD then drop combining marks), plus `LETTERS`. */
function transliterate(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßẞæÆœŒøØłŁđĐðÐþÞı]/g, (c) => LETTERS[c] ?? c);
}
