import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { HttpConfig } from "../../config/schema.js";
import { createLogger } from "../../log.js";
import { SENDSMS_PATH } from "./route.js";

const log = createLogger("http:kannel");

/** Kannel smsbox's answer to any other path, byte for byte (no trailing newline). */
export const UNKNOWN_REQUEST = "Unknown request.";

export interface KannelListener {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The request handler of the second listener: `/cgi-bin/sendsms` goes through the HTTP app
 * (the same route, hooks and failure limit as on the main port); every other path gets
 * smsbox's 404, so this port never exposes the token-authenticated API.
 */
export function sendsmsOnly(app: FastifyInstance) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    if ((q < 0 ? url : url.slice(0, q)) === SENDSMS_PATH) {
      app.routing(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/html", "content-length": UNKNOWN_REQUEST.length });
    res.end(req.method === "HEAD" ? undefined : UNKNOWN_REQUEST);
  };
}

/**
 * Listens on `http.kannel.listen` (Kannel's sendsms-port, 13013 by default) with the main
 * listener's TLS, serving only `/cgi-bin/sendsms`, so a URL copied from a Kannel set-up works
 * as it is. `app` must be ready (listening on its own port).
 */
export async function listenKannel(
  app: FastifyInstance,
  config: HttpConfig,
  https: { cert: Buffer; key: Buffer } | undefined,
): Promise<KannelListener | undefined> {
  const listen = config.kannel.listen;
  if (listen === undefined) return undefined;
  const handler = sendsmsOnly(app);
  const server =
    https === undefined ? createHttpServer(handler) : createHttpsServer(https, handler);
  // The same connection limits as the main listener (Fastify sets them on its server).
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  server.requestTimeout = app.server.requestTimeout;
  server.headersTimeout = app.server.headersTimeout;
  const address = listen.address ?? config.listen;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `${https === undefined ? "http" : "https"}://${host}:${port}`;
  log.info({ url: `${url}${SENDSMS_PATH}` }, "Kannel sendsms listening");
  return {
    port,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
