import type { Duplex } from "node:stream";

/**
 * The modem's UART pins: every attached byte stream (in-process pair end, TCP socket, PTY
 * bridge) hears what the modem writes, and anything written into any of them reaches the
 * modem. A closed stream simply drops off the line.
 */
export class Wire {
  private readonly streams = new Set<Duplex>();

  constructor(private readonly onInput: (chunk: Buffer) => void) {}

  get connections(): number {
    return this.streams.size;
  }

  attach(stream: Duplex): void {
    this.streams.add(stream);
    const detach = (): void => {
      this.streams.delete(stream);
    };
    stream.on("data", (chunk: Buffer | string) => {
      this.onInput(typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk);
    });
    stream.on("error", detach);
    stream.on("close", detach);
    stream.on("end", detach);
  }

  /** Writes latin1 text (so GSM-charset bytes survive) or raw bytes to every listener. */
  write(data: string | Buffer): void {
    const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
    for (const s of this.streams) {
      if (!s.destroyed && s.writable) s.write(bytes);
    }
  }

  /** Hang up every connection (simulator shutdown). */
  closeAll(): void {
    for (const s of this.streams) s.destroy();
    this.streams.clear();
  }
}
