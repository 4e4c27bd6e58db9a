import { createServer, type Server, type Socket } from "node:net";
import { Aedes } from "aedes";
import { createLogger } from "../log.js";

const log = createLogger("mqtt:broker");

export interface EmbeddedBroker {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An in-process MQTT 3.1.1 broker (aedes) for `smsgw demo`, tests and benches. Listens on
 * `port` (default 1883); if that is taken and `fallback` is set, on a free port instead.
 */
export async function startEmbeddedBroker(
  opts: { host?: string; port?: number; fallback?: boolean } = {},
): Promise<EmbeddedBroker> {
  const host = opts.host ?? "127.0.0.1";
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    broker.handle(socket);
  });
  let port: number;
  try {
    port = await listen(server, host, opts.port ?? 1883);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || opts.fallback !== true) {
      broker.close();
      throw err;
    }
    log.info({ port: opts.port ?? 1883 }, "port taken: the embedded broker uses a free port");
    port = await listen(server, host, 0);
  }
  return {
    host,
    port,
    url: `mqtt://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => broker.close(() => resolve()));
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}
