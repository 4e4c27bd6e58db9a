// An SMS-SUBMIT decoder for the image test, written apart from the gateway's codec
// (3GPP TS 23.040 §9.2.2.2 layout, UCS-2 and GSM 7-bit basic characters only), so the PDU
// the modem receives is checked by something that does not share the gateway's bugs.
// Also the fixed inbound PDU the test injects, with the text a phone shows for it.

/** A public, hand-checked SMS-DELIVER: "How are you?" from +31641600986 (7-bit, SMSC +31624000000). */
export const FIXED_INBOUND = {
  pdu: "07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07",
  from: "+31641600986",
  text: "How are you?",
};

const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** Decodes an SMS-SUBMIT PDU as given to AT+CMGS (starting with the SMSC length octet). */
export function decodeSubmit(hex) {
  const b = Buffer.from(hex, "hex");
  if (b.length * 2 !== hex.length) throw new Error("not hex");
  let i = 1 + b[0]; // SMSC field
  const first = b[i++];
  if ((first & 0x03) !== 0x01) throw new Error(`not an SMS-SUBMIT (first octet ${first})`);
  const vpf = (first >> 3) & 0x03;
  const udhi = (first & 0x40) !== 0;
  const reference = b[i++];
  const digits = b[i++];
  const toa = b[i++];
  let to = "";
  for (let k = 0; k < Math.ceil(digits / 2); k++) {
    const o = b[i + k];
    to += (o & 0x0f).toString(16) + (o >> 4).toString(16);
  }
  i += Math.ceil(digits / 2);
  to = to.slice(0, digits);
  if ((toa & 0x70) === 0x10) to = `+${to}`;
  const pid = b[i++];
  const dcs = b[i++];
  i += vpf === 2 ? 1 : vpf === 0 ? 0 : 7;
  const udl = b[i++];
  let ud = b.subarray(i);
  let text;
  if ((dcs & 0x0c) === 0x08) {
    if (udhi) ud = ud.subarray(1 + ud[0]);
    text = "";
    for (let k = 0; k + 1 < ud.length; k += 2) text += String.fromCharCode(ud.readUInt16BE(k));
  } else if ((dcs & 0x0c) === 0x00) {
    const septets = [];
    for (let n = 0; n < udl; n++) {
      const bit = n * 7;
      const lo = ud[bit >> 3] >> (bit & 7);
      const hi = (bit & 7) > 1 ? ud[(bit >> 3) + 1] << (8 - (bit & 7)) : 0;
      septets.push((lo | hi) & 0x7f);
    }
    text = septets.map((s) => GSM7_BASIC[s]).join("");
  } else throw new Error(`data coding ${dcs} not handled here`);
  return { reference, to, pid, dcs, text };
}
