import { connect, type Socket } from "node:net";

/**
 * A bare SMTP client for tests that need two conversations interleaved step by step: each
 * `say` sends one line and resolves with the server's complete reply (its last line's code).
 */
export class SmtpDialogue {
  private buffer = "";
  private waiting: ((reply: string) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      this.buffer += d;
      this.flush();
    });
  }

  /** Connects and reads the greeting. */
  static async open(port: number): Promise<SmtpDialogue> {
    const socket = connect(port, "127.0.0.1");
    const d = new SmtpDialogue(socket);
    await d.reply();
    return d;
  }

  /** Sends a line; resolves with the reply's code (250, 452, …). */
  async say(line: string): Promise<number> {
    const reply = this.reply();
    this.socket.write(`${line}\r\n`);
    return Number((await reply).slice(0, 3));
  }

  close(): void {
    this.socket.destroy();
  }

  private reply(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
  }

  /** A reply is complete at a line `NNN text` (a `NNN-text` line continues it). */
  private flush(): void {
    const m = /^(?:\d{3}-[^\n]*\n)*(\d{3}(?: [^\n]*)?\n)/.exec(this.buffer);
    if (m === null || this.waiting === undefined) return;
    const resolve = this.waiting;
    this.waiting = undefined;
    this.buffer = this.buffer.slice(m[0].length);
    resolve(m[1] as string);
  }
}
