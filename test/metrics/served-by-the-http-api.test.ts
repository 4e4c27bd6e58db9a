import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import { parseExposition, sample } from "./support/scrape.js";

/** With the HTTP API on, it serves /metrics behind a token and counts its own requests. */

let t: HttpGatewayTest;
let metricsToken: string;

beforeAll(async () => {
  t = await startHttpGatewayTest({ metrics: { enabled: true } });
  metricsToken = (await new TokenStore(t.h.config.store.dir).create("prometheus", ["metrics:read"]))
    .token;
});
afterAll(async () => {
  await t.h.dispose();
});

const scrape = async () =>
  parseExposition((await t.call("GET", "/metrics", { token: metricsToken })).body);

describe("GET /metrics on the HTTP API", () => {
  it("answers a token with metrics:read in the Prometheus text format", async () => {
    const r = await t.call("GET", "/metrics", { token: metricsToken });
    expect([r.statusCode, r.headers["content-type"]]).toEqual([
      200,
      "text/plain; version=0.0.4; charset=utf-8",
    ]);
  });

  it("refuses a request without a token (401)", async () => {
    expect((await t.call("GET", "/metrics")).statusCode).toBe(401);
  });

  it("refuses a token without metrics:read (403)", async () => {
    expect((await t.call("GET", "/metrics", { token: t.tokens.send })).statusCode).toBe(403);
  });

  it("opens no listener of its own", () => {
    expect(t.h.gateway.metricsListener).toBeUndefined();
  });

  it("counts requests by route template, method and status class, never by URL", async () => {
    await t.call("GET", "/api/v1/messages/no-such-id", { token: t.tokens.read });
    const body = (await t.call("GET", "/metrics", { token: metricsToken })).body;
    expect(
      sample(parseExposition(body), "smsgw_http_requests_total", {
        route: "/api/v1/messages/:id",
        method: "GET",
        code: "4xx",
      }),
    ).toBe(1);
    expect(body).not.toContain("no-such-id");
  });

  it("counts failed authentications of the HTTP door", async () => {
    const before = sample(await scrape(), "smsgw_auth_failures_total", { interface: "http" }) ?? 0;
    await t.call("GET", "/api/v1/modem", { token: "wrong-token" });
    expect(sample(await scrape(), "smsgw_auth_failures_total", { interface: "http" })).toBe(
      before + 1,
    );
  });
});
