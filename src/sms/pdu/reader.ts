import { PduError } from "./errors.js";

/** Cursor over PDU octets; every read checks the length so lying length fields fail cleanly. */
export class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  need(count: number, what: string): void {
    if (count > this.remaining)
      throw new PduError(
        "truncated",
        `PDU truncated: ${what} needs ${count} octet(s) at offset ${this.pos}, ${this.remaining} left`,
      );
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  /** Consumes `count` octets and returns their offset in `bytes` (no view is allocated). */
  skip(count: number, what: string): number {
    this.need(count, what);
    const at = this.pos;
    this.pos += count;
    return at;
  }
}

/**
 * Writer over a buffer sized for the largest PDU (SMSC 12 + TPDU 164 octets). The encoders are
 * synchronous, so each keeps one and resets it per call instead of allocating.
 */
export class Writer {
  readonly bytes = new Uint8Array(200);
  pos = 0;

  reset(): this {
    this.pos = 0;
    return this;
  }

  u8(value: number): void {
    this.bytes[this.pos++] = value;
  }

  put(data: Uint8Array | readonly number[]): void {
    for (let i = 0; i < data.length; i++) this.bytes[this.pos++] = data[i]!;
  }
}
