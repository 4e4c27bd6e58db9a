import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHttpApp } from "../../src/http/app.js";
import { AuthFailures } from "../../src/http/auth-failures.js";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** Failed authentications per client address: past the limit, 429 with Retry-After. */

let t: HttpGatewayTest;
let now = 0;
let app: ReturnType<typeof buildHttpApp>;
beforeAll(async () => {
  t = await startHttpGatewayTest();
  // A second app on the same gateway parts, with a clock the test moves.
  app = buildHttpApp({
    service: t.h.gateway.service,
    modem: t.h.gateway.modem,
    tokens: new TokenStore(t.h.config.store.dir),
    config: { ...t.h.config.http, authFailures: { max: 3, windowSeconds: 60 } },
    maxParts: 10,
    deliveryReports: false,
    startedAt: new Date(),
    mqtt: () => "connected",
    now: () => now,
  });
});
afterAll(async () => {
  await app.close();
  await t.h.dispose();
});

const get = (token: string, remoteAddress = "192.0.2.7") =>
  app.inject({
    method: "GET",
    url: "/api/v1/modem",
    remoteAddress,
    headers: { authorization: `Bearer ${token}` },
  });

describe("failed authentications from one address", () => {
  it("answer 401 up to http.authFailures.max", async () => {
    for (let i = 0; i < 3; i++) expect((await get("wrong")).statusCode).toBe(401);
  });

  it("past the limit answer 429 with Retry-After, even with a valid token", async () => {
    now += 10_000;
    const r = await get(t.tokens.read);
    expect(r.statusCode).toBe(429);
    expect(r.headers["retry-after"]).toBe("50");
    expect(r.json()).toMatchObject({ code: "http.too-many-failures" });
  });

  it("do not lock out another address", async () => {
    expect((await get(t.tokens.read, "192.0.2.8")).statusCode).toBe(200);
  });

  it("are forgotten when the window ends", async () => {
    now += 50_000;
    expect((await get(t.tokens.read)).statusCode).toBe(200);
  });
});

describe("AuthFailures", () => {
  it("remembers at most maxAddresses addresses, dropping the oldest", () => {
    const f = new AuthFailures({ max: 1, windowMs: 60_000, now: () => 0, maxAddresses: 2 });
    f.failed("a");
    f.failed("b");
    f.failed("c");
    expect(["a", "b", "c"].map((x) => f.retryAfterSeconds(x))).toEqual([0, 60, 60]);
  });
});
