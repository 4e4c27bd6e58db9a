import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { GatewayMetrics } from "./gateway-metrics.js";

const log = createLogger("metrics");

export interface MetricsListener {
  /** The port it listens on (the real one when the configured port is 0). */
  readonly port: number;
  /** `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` on its own small listener, for a gateway without the HTTP API: plain
 * node:http, no framework, no token (so it belongs on loopback), nothing else served.
 */
export async function startMetricsListener(
  metrics: Pick<GatewayMetrics, "render">,
  address: { host: string; port: number },
): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("only /metrics is served here\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      response.end("use GET\n");
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => {
        response.writeHead(200, { "content-type": contentType });
        response.end(request.method === "HEAD" ? undefined : body);
      },
      (err: unknown) => {
        log.error({ err: errorMessage(err) }, "metrics not rendered");
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end("metrics not available\n");
      },
    );
  });
  // A scraper holds its connection open between scrapes; close() must not wait for it.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  const url = `http://${host}:${port}/metrics`;
  log.info({ url }, "metrics listening");
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
