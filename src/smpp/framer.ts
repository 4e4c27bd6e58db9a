import { HEADER_LENGTH, MAX_PDU_LENGTH } from "./header.js";
import { SmppDecodeError } from "./octets.js";
import { STATUS } from "./status.js";

/**
 * Cuts a TCP byte stream into whole PDUs by their command_length. A length below the header's
 * 16 octets or above MAX_PDU_LENGTH cannot be resynchronised from: push() throws and the
 * session must close (after a generic_nack).
 */
export class PduFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxLength = MAX_PDU_LENGTH) {}

  /** Octets received that are not yet a whole PDU. */
  get pending(): number {
    return this.buffered;
  }

  /** Adds received octets; returns the PDUs they complete, in order. */
  push(data: Buffer): Buffer[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const out: Buffer[] = [];
    while (this.buffered >= 4) {
      const head = this.peek(4);
      const length = head.readUInt32BE(0);
      if (length < HEADER_LENGTH || length > this.maxLength)
        throw new SmppDecodeError(
          STATUS.ESME_RINVCMDLEN,
          `command_length ${length} is outside ${HEADER_LENGTH}–${this.maxLength}`,
        );
      if (this.buffered < length) break;
      out.push(this.take(length));
    }
    return out;
  }

  private peek(n: number): Buffer {
    if ((this.chunks[0] as Buffer).length < n) this.chunks = [Buffer.concat(this.chunks)];
    return (this.chunks[0] as Buffer).subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const pdu = Buffer.from(all.subarray(0, n));
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return pdu;
  }
}
