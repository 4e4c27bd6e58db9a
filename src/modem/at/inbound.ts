import { classifyLine } from "./classify.js";
import { type FramerOptions, LineFramer } from "./framer.js";
import { parseFinal } from "./result-codes.js";
import type { ActiveTx } from "./tx-runner.js";
import type { Urc } from "./types.js";
import { isKnownUrc, parseUrc, prefixName } from "./urc.js";

export interface InboundSink {
  /** The command on the wire, if any. */
  active(): ActiveTx | undefined;
  urc(urc: Urc): void;
  /** A final result with no command on the wire (late answer of a timed-out command). */
  strayFinal(line: string): void;
  trace(dir: "«", text: string): void;
}

/**
 * Bytes from the modem → framer → each line to the transaction on the wire or to URC
 * subscribers. Holds the only cross-line state: the header of a two-line URC (`+CMT`,
 * `+CDS`) waiting for its PDU line.
 */
export class InboundRouter {
  readonly framer: LineFramer;
  private twoLineHeader: string | undefined;
  /** The lines so far of a `+CUSD` string that spans lines (its text has line breaks). */
  private openString: string[] | undefined;
  private readonly sink: InboundSink;

  constructor(sink: InboundSink, framer: FramerOptions) {
    this.sink = sink;
    this.framer = new LineFramer(framer);
  }

  /** A new connection: forget partial lines and a pending two-line URC. */
  reset(): void {
    this.framer.reset();
    this.framer.expectPrompt = false;
    this.twoLineHeader = undefined;
    this.openString = undefined;
  }

  feed(chunk: Buffer | string): void {
    for (const token of this.framer.feed(chunk)) {
      if (token.kind === "prompt") {
        this.sink.trace("«", ">");
        this.sink.active()?.feed({ type: "prompt" });
      } else this.line(token.text);
    }
  }

  private line(line: string): void {
    if (this.openString !== undefined) {
      this.continueString(line);
      return;
    }
    const header = this.twoLineHeader;
    if (header !== undefined) {
      this.twoLineHeader = undefined;
      // The PDU line of +CMT/+CDS (27.005 §3.4.1); a result code or URC instead means it never came.
      if (parseFinal(line) === undefined && prefixName(line) === undefined && !isKnownUrc(line)) {
        this.sink.trace("«", line);
        this.sink.urc(parseUrc(header, line));
        return;
      }
      this.sink.urc(parseUrc(header));
    }
    const active = this.sink.active();
    const cls = classifyLine(line, active?.ctx);
    // Never trace the echo itself: it would carry a PIN.
    this.sink.trace("«", cls.kind === "echo" ? "(echo)" : line);
    switch (cls.kind) {
      case "echo":
        return;
      case "final":
        active?.feed({ type: "final", result: cls.result });
        return;
      case "response":
        active?.addLine(line);
        return;
      case "urc":
        if (cls.twoLine) this.twoLineHeader = line;
        else if (opensString(line)) this.openString = [line];
        else this.sink.urc(parseUrc(line));
        return;
      case "stray-final":
        this.sink.strayFinal(line);
        return;
    }
  }

  /**
   * A module prints the line breaks of a USSD text as they are (`+CUSD: 1,"Bal: 5.00` …
   * `2. Data",15`), so the pieces up to the closing quote are one URC, whatever is on the wire.
   * A result code or a known URC instead, or more than MAX_STRING_LINES, means the quote never
   * closes: what came is delivered as it is.
   */
  private continueString(line: string): void {
    const parts = this.openString ?? [];
    const interrupted =
      parseFinal(line) !== undefined || (prefixName(line) !== undefined && isKnownUrc(line));
    if (!interrupted) {
      this.sink.trace("«", line);
      parts.push(line);
      if (quoteCount(parts.join("\n")) % 2 === 1 && parts.length < MAX_STRING_LINES) return;
    }
    this.openString = undefined;
    this.sink.urc(parseUrc(parts.join("\n")));
    if (interrupted) this.line(line);
  }
}

/** More lines than any USSD text has (182 characters): a quote that never closes. */
const MAX_STRING_LINES = 40;

/** A `+CUSD` line whose string is still open at the end of the line. */
function opensString(line: string): boolean {
  return prefixName(line) === "+CUSD" && quoteCount(line) % 2 === 1;
}

function quoteCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x22) n++;
  return n;
}
