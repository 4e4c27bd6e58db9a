import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { createLogger } from "../log.js";
import { buildHttpApp, type HttpDoorDeps } from "./app.js";

const log = createLogger("http");

export interface HttpDoor {
  readonly app: FastifyInstance;
  /** The port it listens on (the real one when `http.port` is 0). */
  readonly port: number;
  /** `http://127.0.0.1:8080` or `https://…`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds the HTTP API and listens on `http.listen`:`http.port`; HTTPS with `deps.https`
 * (`readTlsFiles`), else plain HTTP.
 */
export async function startHttpDoor(deps: HttpDoorDeps): Promise<HttpDoor> {
  const https = deps.https;
  const app = buildHttpApp(deps);
  await app.listen({ host: deps.config.listen, port: deps.config.port });
  const port = (app.server.address() as AddressInfo).port;
  const host = deps.config.listen.includes(":") ? `[${deps.config.listen}]` : deps.config.listen;
  const url = `${https === undefined ? "http" : "https"}://${host}:${port}`;
  log.info({ url }, "HTTP API listening");
  return { app, port, url, close: () => app.close() };
}
