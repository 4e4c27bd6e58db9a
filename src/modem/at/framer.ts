import { Transform, type TransformCallback } from "node:stream";

/** What the framer hands on: a complete line (trimmed, never empty) or the SMS input prompt. */
export type AtToken = { kind: "line"; text: string } | { kind: "prompt" };

export type DropReason = "control-bytes" | "over-long" | "garbage";

export interface FramerOptions {
  /** Longest line kept; longer ones are dropped up to their end. Default 8192 (a Huawei `+CLAC` is ~1.7k). */
  maxLineLength?: number;
  /** Told about everything dropped, for a debug log. Never fatal. */
  onDrop?: (reason: DropReason, sample: string) => void;
}

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;

/**
 * Byte → token framing, pure and incremental: data may be split at any byte.
 * - Bytes are latin1, so GSM-charset bytes survive one to one.
 * - A line ends at LF; trailing CRs are dropped (`\r\n`, `\r\r\n` from Huawei/ZTE `+CLAC`, bare LF).
 *   A CR followed by anything else also ends the line (echo `AT…\r` glued to the next byte).
 * - The prompt `> ` has no line ending (27.005 §3.5.1, ofono GSMV1_STATE_PROMPT), so it is
 *   recognised at the start of a line, but only while `expectPrompt` is set.
 * - NUL and other control bytes (Ctrl-Z/ESC in an echoed PDU, line noise) are dropped.
 */
export class LineFramer {
  expectPrompt = false;
  private buf = "";
  private crPending = false;
  private overLong = false;
  private droppedControl = 0;
  private readonly max: number;
  private readonly onDrop: FramerOptions["onDrop"];

  constructor(opts: FramerOptions = {}) {
    this.max = opts.maxLineLength ?? 8192;
    this.onDrop = opts.onDrop;
  }

  feed(chunk: Buffer | string, out: AtToken[] = []): AtToken[] {
    const text = typeof chunk === "string" ? chunk : chunk.toString("latin1");
    let start = 0; // start of a run of plain bytes not yet appended to buf
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 || c === TAB) {
        if (this.crPending) {
          this.crPending = false;
          this.endLine(out);
        }
        continue;
      }
      this.append(text, start, i, out);
      start = i + 1;
      if (c === LF) {
        this.crPending = false;
        this.endLine(out);
      } else if (c === CR) {
        this.crPending = true;
      } else {
        if (this.crPending) {
          this.crPending = false;
          this.endLine(out);
        }
        this.droppedControl++;
      }
    }
    this.append(text, start, text.length, out);
    if (this.droppedControl > 0) {
      this.onDrop?.("control-bytes", `${this.droppedControl} byte(s)`);
      this.droppedControl = 0;
    }
    return out;
  }

  /** Forget a partial line (after a reconnect the old bytes mean nothing). */
  reset(): void {
    this.buf = "";
    this.crPending = false;
    this.overLong = false;
  }

  private append(text: string, from: number, to: number, out: AtToken[]): void {
    if (to <= from) return;
    // A CR directly before this run ends the previous line first.
    if (this.crPending) {
      this.crPending = false;
      this.endLine(out);
    }
    if (this.overLong) return;
    // The prompt: `>` at the start of a line, optionally followed by one space. With echo on
    // the PDU echo follows on the same line, so don't wait for the line to end.
    if (this.expectPrompt && this.buf === "" && text.charCodeAt(from) === 0x3e) {
      out.push({ kind: "prompt" });
      from += text.charCodeAt(from + 1) === 0x20 ? 2 : 1;
      if (to <= from) return;
    }
    this.buf += text.slice(from, to);
    if (this.buf.length > this.max) {
      this.onDrop?.("over-long", this.buf.slice(0, 40));
      this.buf = "";
      this.overLong = true;
      return;
    }
  }

  private endLine(out: AtToken[]): void {
    const raw = this.buf;
    const wasOverLong = this.overLong;
    this.buf = "";
    this.overLong = false;
    if (wasOverLong) return;
    const text = raw.trim();
    if (text === "") return;
    if (isGarbage(text)) {
      this.onDrop?.("garbage", text.slice(0, 40));
      return;
    }
    out.push({ kind: "line", text });
  }
}

/** Line noise: no letter or digit at all, or mostly bytes outside printable ASCII. */
function isGarbage(text: string): boolean {
  let printable = 0;
  let alnum = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      printable++;
      if (!alnum && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a))) {
        alnum = true;
      }
    }
  }
  return !alnum || printable * 2 < text.length;
}

/** The framer as its own stream stage: bytes in, `AtToken` objects out. */
export class AtFramer extends Transform {
  readonly framer: LineFramer;

  constructor(opts: FramerOptions = {}) {
    super({ readableObjectMode: true, writableObjectMode: false });
    this.framer = new LineFramer(opts);
  }

  get expectPrompt(): boolean {
    return this.framer.expectPrompt;
  }

  set expectPrompt(on: boolean) {
    this.framer.expectPrompt = on;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (const token of this.framer.feed(chunk)) this.push(token);
    done();
  }
}
