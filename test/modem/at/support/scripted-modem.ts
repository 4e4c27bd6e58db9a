import type { Duplex } from "node:stream";
import { duplexPair } from "./duplex-pair.js";

/** A string is sent as raw bytes; a function is called with the modem; anything else sends nothing. */
export type Reply = unknown;

export interface ScriptOptions {
  /** Answer a command line (without CR). Return the raw bytes to send (latin1), or nothing. */
  onCommand: (command: string, modem: ScriptedModem) => Reply;
  /** Answer the data typed after a prompt (without Ctrl-Z); `aborted` when it ended with ESC. */
  onData?: (data: string, modem: ScriptedModem, aborted: boolean) => Reply;
  /** Echo commands and data back like a modem before ATE0. */
  echo?: boolean;
}

/**
 * A modem played from a script over a real byte stream: it reads what the host writes, splits
 * commands at CR, collects prompt data up to Ctrl-Z/ESC, and answers with raw bytes.
 */
export class ScriptedModem {
  readonly host: Duplex;
  readonly wire: Duplex;
  /** Every command line received, in order. */
  readonly commands: string[] = [];
  /** Everything the host wrote, raw. */
  received = "";
  private buf = "";
  private inData = false;
  private readonly opts: ScriptOptions;

  constructor(opts: ScriptOptions) {
    this.opts = opts;
    [this.host, this.wire] = duplexPair();
    this.wire.on("data", (chunk: Buffer) => this.onBytes(chunk.toString("latin1")));
  }

  /** Send raw bytes to the host (URCs, garbage, anything). */
  send(text: string | Buffer): void {
    if (!this.wire.destroyed)
      this.wire.write(typeof text === "string" ? Buffer.from(text, "latin1") : text);
  }

  /** Enter prompt mode: the next bytes up to Ctrl-Z/ESC are data. */
  prompt(bytes = "\r\n> "): void {
    this.inData = true;
    this.send(bytes);
  }

  /** Pull the cable. */
  unplug(err?: Error): void {
    this.wire.on("error", () => {}); // the modem end has no one to tell
    this.wire.destroy(err);
  }

  private onBytes(text: string): void {
    this.received += text;
    for (const ch of text) {
      if (this.inData) {
        if (ch === "\x1a" || ch === "\x1b") {
          const data = this.buf;
          this.buf = "";
          this.inData = false;
          if (this.opts.echo) this.send(data + ch);
          this.reply(this.opts.onData?.(data, this, ch === "\x1b"));
        } else this.buf += ch;
        continue;
      }
      if (ch === "\r") {
        const cmd = this.buf.trim();
        this.buf = "";
        if (cmd === "") continue;
        this.commands.push(cmd);
        if (this.opts.echo) this.send(`${cmd}\r`);
        this.reply(this.opts.onCommand(cmd, this));
      } else if (ch !== "\n") this.buf += ch;
    }
  }

  private reply(r: Reply): void {
    if (typeof r === "string") this.send(r);
    else if (typeof r === "function") (r as (m: ScriptedModem) => void)(this);
  }
}

/** `\r\n<line>\r\n` for each line: how a V1 modem frames its answers. */
export function frame(...lines: string[]): string {
  return lines.map((l) => `\r\n${l}\r\n`).join("");
}
