import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { SmsgwError } from "../errors.js";
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

async function readPem(path: string, key: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new SmsgwError(
      "config.invalid",
      `http.tls.${key}: cannot read ${path} (${(err as Error).message})`,
    );
  }
}

/** Builds the HTTP API and listens on `http.listen`:`http.port` (HTTPS when `http.tls` is set). */
export async function startHttpDoor(deps: Omit<HttpDoorDeps, "https">): Promise<HttpDoor> {
  const tls = deps.config.tls;
  const https =
    tls === undefined
      ? undefined
      : { cert: await readPem(tls.cert, "cert"), key: await readPem(tls.key, "key") };
  const app = buildHttpApp({ ...deps, ...(https === undefined ? {} : { https }) });
  await app.listen({ host: deps.config.listen, port: deps.config.port });
  const port = (app.server.address() as AddressInfo).port;
  const host = deps.config.listen.includes(":") ? `[${deps.config.listen}]` : deps.config.listen;
  const url = `${https === undefined ? "http" : "https"}://${host}:${port}`;
  log.info({ url }, "HTTP API listening");
  return { app, port, url, close: () => app.close() };
}
