import { STATUS } from "./status.js";

/**
 * A PDU that cannot be read. `status` is the command_status to answer it with (§5.1.3):
 * the ESME learns what was wrong, and the session goes on.
 */
export class SmppDecodeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SmppDecodeError";
  }
}

/** Reads the fields of a PDU body: integers, C-Octet Strings, octet strings. */
export class BodyReader {
  constructor(
    private readonly buf: Buffer,
    public offset: number,
    private readonly end: number,
  ) {}

  get remaining(): number {
    return this.end - this.offset;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.offset++] as number;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  /**
   * A C-Octet String of at most `max` octets with its NUL (§3.1). Text fields are ASCII; an
   * octet above 0x7F is read as Latin-1 rather than refused.
   */
  cstring(field: string, max: number): string {
    const nul = this.buf.indexOf(0, this.offset);
    if (nul < 0 || nul >= this.end)
      throw new SmppDecodeError(STATUS.ESME_RINVCMDLEN, `${field} has no terminating NUL`);
    if (nul + 1 - this.offset > max)
      throw new SmppDecodeError(
        STATUS.ESME_RINVPARLEN,
        `${field} is longer than ${max - 1} characters`,
      );
    const s = this.buf.toString("latin1", this.offset, nul);
    this.offset = nul + 1;
    return s;
  }

  octets(n: number, field: string): Buffer {
    this.need(n, field);
    const b = Buffer.from(this.buf.subarray(this.offset, this.offset + n));
    this.offset += n;
    return b;
  }

  private need(n: number, field: string): void {
    if (this.offset + n > this.end)
      throw new SmppDecodeError(STATUS.ESME_RINVCMDLEN, `the PDU ends inside ${field}`);
  }
}

/** Builds a PDU body from its fields. */
export class BodyWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;

  u8(v: number): this {
    return this.push(Buffer.from([v & 0xff]));
  }

  u16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v & 0xffff, 0);
    return this.push(b);
  }

  cstring(s: string): this {
    const b = Buffer.alloc(Buffer.byteLength(s, "latin1") + 1);
    b.write(s, 0, "latin1");
    return this.push(b);
  }

  octets(b: Uint8Array): this {
    return this.push(Buffer.from(b));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }

  private push(b: Buffer): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
}
