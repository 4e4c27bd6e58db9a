import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request a receiver got, as it came. */
export interface Received {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** How it was answered. */
  answered: Behaviour;
}

/** How the receiver answers: a status, `hang` (never), or `close` (drops the connection). */
export type Behaviour = number | "hang" | "close";

/**
 * A real HTTP receiver on 127.0.0.1 (port 0) that records every request and answers as told
 * (the behaviour can change between requests).
 */
export async function startReceiver(initial: Behaviour = 200): Promise<{
  url: string;
  port: number;
  requests: Received[];
  behave: (b: Behaviour) => void;
  /** Resolves once `n` requests in all have arrived. */
  waitFor: (n: number) => Promise<void>;
  close: () => Promise<void>;
}> {
  let behaviour = initial;
  const requests: Received[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        answered: behaviour,
      });
      for (const w of [...waiters])
        if (requests.length >= w.n) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      if (behaviour === "hang") hanging.add(res);
      else if (behaviour === "close") req.socket.destroy();
      else res.writeHead(behaviour).end("ok");
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    behave: (b) => {
      behaviour = b;
    },
    waitFor: (n) =>
      requests.length >= n
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ n, resolve })),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The real timer, taken before a test fakes the clock: waiting for I/O must not move it. */
const realSetTimeout = globalThis.setTimeout;

/** Lets real I/O (sockets, fsync) run for a few real milliseconds without moving fake timers. */
export async function flushIo(ms = 30): Promise<void> {
  await new Promise<void>((r) => realSetTimeout(r, ms));
}

/**
 * Waits in real time (sockets and fsync need it; fake timers stay where they are) until
 * `cond` holds; fails after 10 s.
 */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (cond()) return;
    await new Promise<void>((r) => realSetTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
