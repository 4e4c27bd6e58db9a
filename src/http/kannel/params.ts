/**
 * Kannel's request parameters as raw bytes. A Kannel client percent-encodes the text in the
 * charset it names (`charset=UTF-16BE` sends `%00H%00i`), so the query string cannot be decoded
 * as UTF-8 first: each value is kept as the bytes it encodes, and only the text is decoded, in
 * its charset (charset.ts).
 */
export type KannelParams = Map<string, Buffer>;

const HEX = /^[0-9A-Fa-f]{2}$/;
const NON_ASCII = /[\u0080-\uFFFF]/;

/** A hex digit's value, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `%XX` → that byte, `+` → space, any other character → its UTF-8 bytes. */
export function percentDecodeBytes(s: string): Buffer {
  return NON_ASCII.test(s) ? decodeAnyText(s) : decodeAscii(s);
}

/** What clients send: ASCII only, decoded in one pass without intermediate strings. */
function decodeAscii(s: string): Buffer {
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = c === 0x2b ? 0x20 : c;
  }
  return out.subarray(0, n);
}

/** Characters beyond ASCII (a client that did not encode them) are taken as their UTF-8 bytes. */
function decodeAnyText(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "%" && HEX.test(s.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === "+") out.push(0x20);
    else {
      const cp = s.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      out.push(...Buffer.from(ch, "utf8"));
      i += ch.length - 1;
    }
  }
  return Buffer.from(out);
}

/**
 * Adds the `name=value` pairs of a query string or form body to `into`. As Kannel's CGI
 * lookup, the first occurrence of a name is the one that counts.
 */
export function addQueryParams(query: string, into: KannelParams = new Map()): KannelParams {
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = percentDecodeBytes(eq < 0 ? pair : pair.slice(0, eq)).toString("utf8");
    const value = percentDecodeBytes(eq < 0 ? "" : pair.slice(eq + 1));
    if (!into.has(name)) into.set(name, value);
  }
  return into;
}

/** The query string of a request URL (after the first `?`), or "". */
export function queryOf(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? "" : url.slice(q + 1);
}

const HEADER_PREFIX = "x-kannel-";

/**
 * `X-Kannel-To: …` and the like (Kannel's POST form) → `to`, … . Header values arrive as
 * Latin-1 strings: their bytes are kept. They override a parameter of the same name.
 */
export function addKannelHeaders(
  headers: Record<string, string | string[] | undefined>,
  into: KannelParams,
): KannelParams {
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(HEADER_PREFIX) || value === undefined) continue;
    const v = Array.isArray(value) ? value.join(" ") : value;
    into.set(name.slice(HEADER_PREFIX.length), Buffer.from(v, "latin1"));
  }
  return into;
}

/** A parameter as text (UTF-8), or undefined when absent. */
export function stringParam(params: KannelParams, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = params.get(n);
    if (v !== undefined) return v.toString("utf8");
  }
  return undefined;
}

/**
 * A numeric parameter read as Kannel's `sscanf("%d")` does: leading digits count ("12abc" is
 * 12), no digits at all leave it unset.
 */
export function intParam(params: KannelParams, ...names: string[]): number | undefined {
  const s = stringParam(params, ...names);
  if (s === undefined) return undefined;
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 10);
}
