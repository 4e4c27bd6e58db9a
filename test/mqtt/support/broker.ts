import { createServer, type Server, type Socket } from "node:net";
import { Aedes } from "aedes";

/**
 * An aedes broker on a free loopback port whose network side can go away and come back on the
 * same port while the broker (and the sessions it keeps in memory) stays: a broker outage as
 * clients see it.
 */
export class TestBroker {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  private constructor(private readonly aedes: Aedes) {}

  static async start(): Promise<TestBroker> {
    const b = new TestBroker(await Aedes.createBroker());
    await b.listen();
    return b;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      this.aedes.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (typeof address === "object" && address !== null) this.port = address.port;
    this.server = server;
  }

  /**
   * Resolves once the client `clientId` has acknowledged a QoS 1 message on `topic`. mqtt.js
   * emits `message` before it sends the PUBACK, so that client's listeners have run by then.
   * For a clean session aedes keeps no copy of what it sent, so the acknowledgement names no
   * topic: any one from that client counts (call this just before the publish it waits for).
   */
  acknowledged(clientId: string, topic: string, timeoutMs = 10_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.aedes.off("ack", on);
        reject(new Error(`${clientId} acknowledged nothing on ${topic}`));
      }, timeoutMs);
      const on = (packet: { cmd: string } | undefined, client: { id: string }) => {
        if (client.id !== clientId) return;
        if (packet !== undefined && "topic" in packet && packet.topic !== topic) return;
        clearTimeout(timer);
        this.aedes.off("ack", on);
        resolve();
      };
      this.aedes.on("ack", on);
    });
  }

  /** Drops every connection and stops listening (the broker keeps its sessions). */
  async outage(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.outage();
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
  }
}
