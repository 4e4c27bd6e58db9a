/**
 * GSM 7-bit packing (23.038 §6.1.2.1.1): septet i occupies bits [7i, 7i+7) of the user data,
 * least significant bit first. `startSeptet` leaves room for a UDH plus its fill bits
 * (23.040 §9.2.3.24: the text starts on a septet boundary after the header).
 */
export function packSeptets(
  septets: Uint8Array,
  count: number,
  out: Uint8Array,
  outOffset: number,
  startSeptet: number,
): number {
  const totalBits = (startSeptet + count) * 7;
  const end = outOffset + ((totalBits + 7) >> 3);
  // Only the octets the text touches are cleared: the header before them is kept.
  for (let i = outOffset + ((startSeptet * 7) >> 3); i < end; i++) out[i] = 0;
  let bit = startSeptet * 7;
  for (let i = 0; i < count; i++, bit += 7) {
    const s = septets[i]!;
    const byte = outOffset + (bit >> 3);
    const shift = bit & 7;
    out[byte] = out[byte]! | ((s << shift) & 0xff);
    if (shift > 1) out[byte + 1] = out[byte + 1]! | (s >> (8 - shift));
  }
  return end - outOffset;
}

/** Octets needed for `septets` septets of user data. */
export function septetOctets(septets: number): number {
  return (septets * 7 + 7) >> 3;
}

/**
 * Unpacks `count` septets starting at septet `startSeptet` of `data` into `out`. The caller has
 * checked that `data` holds `septetOctets(startSeptet + count)` octets.
 */
export function unpackSeptets(
  data: Uint8Array,
  startSeptet: number,
  count: number,
  out: Uint8Array,
  byteOffset = 0,
): void {
  let bit = startSeptet * 7;
  for (let i = 0; i < count; i++, bit += 7) {
    const byte = byteOffset + (bit >> 3);
    const shift = bit & 7;
    let v = data[byte]! >> shift;
    if (shift > 1) v |= data[byte + 1]! << (8 - shift);
    out[i] = v & 0x7f;
  }
}
