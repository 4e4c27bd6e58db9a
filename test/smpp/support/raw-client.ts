import { connect, type Socket } from "node:net";
import { decodePdu, encodePdu } from "../../../src/smpp/codec.js";
import { PduFramer } from "../../../src/smpp/framer.js";
import type { Pdu } from "../../../src/smpp/pdu.js";

/** A TCP client speaking raw octets (to send what no SMPP library would), reading with our codec. */
export class RawClient {
  readonly received: Pdu[] = [];
  closed = false;
  private readonly framer = new PduFramer();
  private readonly waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      for (const b of this.framer.push(chunk)) this.received.push(decodePdu(b));
      this.wake();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  send(data: Buffer | Pdu): void {
    this.socket.write(Buffer.isBuffer(data) ? data : encodePdu(data));
  }

  /** The next PDU received (or undefined when the connection closed first). */
  async next(): Promise<Pdu | undefined> {
    const seen = this.taken;
    while (this.received.length <= seen && !this.closed)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.taken = Math.min(this.received.length, seen + 1);
    return this.received[seen];
  }

  async whenClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }

  private taken = 0;

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export const bindPdu = (systemId: string, password: string, sequence = 1): Pdu => ({
  command: "bind_transceiver",
  status: 0,
  sequence,
  body: {
    systemId,
    password,
    systemType: "",
    interfaceVersion: 0x34,
    addrTon: 0,
    addrNpi: 0,
    addressRange: "",
  },
});
