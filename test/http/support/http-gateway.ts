import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { ConfigInput } from "../../../src/config/index.js";
import { TokenStore } from "../../../src/http/tokens.js";
import {
  type GatewayTest,
  type GatewayTestOptions,
  startGatewayTest,
} from "../../support/gateway.js";

export interface HttpGatewayTest {
  h: GatewayTest;
  app: FastifyInstance;
  /** Tokens by scope: `send` (messages:send), `read` (messages:read), `admin`. */
  tokens: { send: string; read: string; admin: string };
  call(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

/** The real gateway with the HTTP API on a free loopback port, and one token per scope. */
export async function startHttpGatewayTest(
  config: ConfigInput = {},
  more: Omit<GatewayTestOptions, "config"> = {},
): Promise<HttpGatewayTest> {
  const h = await startGatewayTest({
    ...more,
    config: { ...config, http: { enabled: true, port: 0, ...config.http } },
  });
  const store = new TokenStore(h.config.store.dir);
  const tokens = {
    send: (await store.create("sender", ["messages:send", "messages:read"])).token,
    read: (await store.create("reader", ["messages:read"])).token,
    admin: (await store.create("root", ["admin"])).token,
  };
  const app = h.gateway.http?.app;
  if (app === undefined) throw new Error("the HTTP API did not start");
  return {
    h,
    app,
    tokens,
    call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined && typeof opts.body !== "string") {
        headers["content-type"] ??= "application/json";
        return app.inject({ method, url, headers, payload: JSON.stringify(opts.body) });
      }
      if (typeof opts.body === "string") headers["content-type"] ??= "application/json";
      return app.inject({
        method,
        url,
        headers,
        ...(opts.body === undefined ? {} : { payload: opts.body as string }),
      });
    },
  };
}
