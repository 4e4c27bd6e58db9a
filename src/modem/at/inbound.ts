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
        else this.sink.urc(parseUrc(line));
        return;
      case "stray-final":
        this.sink.strayFinal(line);
        return;
    }
  }
}
