/**
 * UCS-2 user data is UTF-16BE in practice: handsets send surrogate pairs for emoji, so a JS
 * string's code units map 1:1 to the payload (23.038 §6.2.3; ofono/Android do the same).
 */
export function writeUcs2(
  text: string,
  start: number,
  end: number,
  out: Uint8Array,
  offset: number,
): number {
  let o = offset;
  for (let i = start; i < end; i++) {
    const u = text.charCodeAt(i);
    out[o++] = u >> 8;
    out[o++] = u & 0xff;
  }
  return o - offset;
}

/** UTF-16BE → string. A trailing odd octet is ignored; lone surrogates are kept so that a
 * pair split across parts by a careless sender still joins up when the parts are joined. */
export function readUcs2(data: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  for (let i = start; i + 1 < end; i += 2) units.push((data[i]! << 8) | data[i + 1]!);
  return String.fromCharCode.apply(null, units);
}

export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
