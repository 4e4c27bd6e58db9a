import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { ConfigInput } from "../../../src/config/index.js";
import type { SimulatedModemOptions } from "../../../src/simulator/index.js";
import { type GatewayTest, startGatewayTest } from "../../support/gateway.js";

export const USER = "sms";
export const PASSWORD = "correct-horse-battery";

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

export interface SmsgateTest {
  h: GatewayTest;
  app: FastifyInstance;
  /** A request with the right Basic credentials unless `authorization` is given (null: none). */
  call(
    method: "GET" | "POST" | "DELETE",
    url: string,
    opts?: { body?: unknown; authorization?: string | null; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

/** The real gateway with the HTTP API and `http.smsgate` set (user `sms`). */
export async function startSmsgateTest(
  config: ConfigInput = {},
  sim?: SimulatedModemOptions,
): Promise<SmsgateTest> {
  const h = await startGatewayTest({
    config: {
      ...config,
      http: {
        enabled: true,
        port: 0,
        smsgate: { username: USER, password: PASSWORD },
        ...config.http,
      },
    },
    ...(sim === undefined ? {} : { sim }),
  });
  const app = h.gateway.http?.app;
  if (app === undefined) throw new Error("the HTTP API did not start");
  return {
    h,
    app,
    call(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.authorization !== null)
        headers.authorization = opts.authorization ?? basic(USER, PASSWORD);
      if (opts.body === undefined) return app.inject({ method, url, headers });
      headers["content-type"] ??= "application/json";
      const payload = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      return app.inject({ method, url, headers, payload });
    },
  };
}
