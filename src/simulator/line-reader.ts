/**
 * The modem's UART input, byte by byte, as a real module reads it (V.250 §5.2.1):
 * command lines end with CR (S3), LF is ignored, BS (S5) deletes; after a `> ` prompt the
 * text/PDU runs until Ctrl-Z (send) or ESC (abort). Echo, when on, returns every byte as it
 * arrives — including the PDU and its Ctrl-Z.
 */

const CR = 0x0d;
const LF = 0x0a;
const BS = 0x08;
const CTRL_Z = 0x1a;
const ESC = 0x1b;

/** SIM800 documents 556 characters per command line; longer input is thrown away. */
export const MAX_LINE = 556;
/** A PDU is at most 176 octets (352 hex digits); allow slack for text mode and junk. */
export const MAX_DATA = 4096;

export interface LineReaderSink {
  echoEnabled(): boolean;
  echo(bytes: Buffer): void;
  /** A complete command line (without CR). `overflow` when it was longer than MAX_LINE. */
  line(text: string, overflow: boolean): void;
  /** Data typed after the prompt, ended by Ctrl-Z ("submit") or ESC ("cancel"). */
  data(text: string, end: "submit" | "cancel"): void;
}

export class LineReader {
  private mode: "command" | "data" = "command";
  private buf: number[] = [];
  private overflow = false;

  constructor(private readonly sink: LineReaderSink) {}

  get inDataMode(): boolean {
    return this.mode === "data";
  }

  /** Switch to data mode; called when the prompt has been written. */
  expectData(): void {
    this.mode = "data";
    this.buf = [];
    this.overflow = false;
  }

  /** Forget any partial input (power loss, reboot). */
  reset(): void {
    this.mode = "command";
    this.buf = [];
    this.overflow = false;
  }

  push(chunk: Buffer): void {
    let echoFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.mode === "data") {
        if (b === CTRL_Z || b === ESC) {
          // Echo up to and including the terminator before the answer can be written.
          this.flushEcho(chunk, echoFrom, i + 1);
          echoFrom = i + 1;
          const text = String.fromCharCode(...this.buf);
          this.buf = [];
          this.mode = "command";
          this.sink.data(text, b === CTRL_Z ? "submit" : "cancel");
          continue;
        }
        if (b === BS) this.buf.pop();
        else if (this.buf.length < MAX_DATA) this.buf.push(b);
        continue;
      }
      if (b === CR) {
        this.flushEcho(chunk, echoFrom, i + 1);
        echoFrom = i + 1;
        const text = String.fromCharCode(...this.buf);
        const overflow = this.overflow;
        this.buf = [];
        this.overflow = false;
        this.sink.line(text, overflow);
        continue;
      }
      // ESC outside a PDU input is ignored, as on real modems (V.250: only "AT" starts a line).
      if (b === LF || b === 0 || b === ESC) continue;
      if (b === BS) {
        this.buf.pop();
        continue;
      }
      if (this.buf.length >= MAX_LINE) {
        this.overflow = true;
        continue;
      }
      this.buf.push(b);
      // V.250 §5.2.4: "A/" repeats the last command line at once, no CR needed.
      if (this.buf.length === 2 && (this.buf[0] === 0x41 || this.buf[0] === 0x61) && b === 0x2f) {
        this.flushEcho(chunk, echoFrom, i + 1);
        echoFrom = i + 1;
        this.buf = [];
        this.sink.line("A/", false);
      }
    }
    this.flushEcho(chunk, echoFrom, chunk.length);
  }

  private flushEcho(chunk: Buffer, from: number, to: number): void {
    if (to > from && this.sink.echoEnabled()) this.sink.echo(chunk.subarray(from, to));
  }
}
