/**
 * The type of number of a sender address (TON, bits 6–4 of the type-of-address octet, 23.040
 * §9.1.2.5). It says how to read the digits: `international` carries the country code,
 * `national` and `unknown` are as dialled in the network's country, and `alphanumeric` is a
 * name a sender chose freely (a bulk-SMS provider lets anyone send as "01702222222"), never a
 * phone number, whatever characters it holds.
 */
export type AddressType =
  | "unknown"
  | "international"
  | "national"
  | "network-specific"
  | "subscriber"
  | "alphanumeric"
  | "abbreviated"
  | "reserved";

/** Every type, in TON order (index = the TON value). */
export const ADDRESS_TYPES = [
  "unknown",
  "international",
  "national",
  "network-specific",
  "subscriber",
  "alphanumeric",
  "abbreviated",
  "reserved",
] as const satisfies readonly AddressType[];

/** The TON of a type-of-address octet (`0x91` → international, `0xD0` → alphanumeric). */
export function addressTypeOf(toa: number): AddressType {
  return ADDRESS_TYPES[(toa >> 4) & 0x07] ?? "unknown";
}
