import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import { TestClient } from "../mqtt/support/client.js";

/**
 * The real gateway with the HTTP API on: its health at GET /api/v1/health (token) and /healthz
 * (no token), and retained on smsgw/bridge/health; then the network drops the registration.
 */

let t: HttpGatewayTest;
let monitor: string;

beforeAll(async () => {
  t = await startHttpGatewayTest();
  monitor = (await new TokenStore(t.h.config.store.dir).create("monitor", ["metrics:read"])).token;
});
afterAll(async () => {
  await t.h.dispose();
});

describe("the health of a gateway whose modem is ready", () => {
  it("is pass at GET /api/v1/health with HTTP 200, every check named", async () => {
    const r = await t.call("GET", "/api/v1/health", { token: monitor });
    expect([r.statusCode, r.json().status, Object.keys(r.json().checks)]).toEqual([
      200,
      "pass",
      [
        "modem:ready",
        "modem:signal",
        "queue:oldest",
        "messages:failed",
        "store:writable",
        "mqtt:connected",
        "sim:storage",
      ],
    ]);
  });

  it("needs a token with metrics:read at /api/v1/health", async () => {
    expect((await t.call("GET", "/api/v1/health")).statusCode).toBe(401);
  });

  it("is pass at /healthz without a token, and nothing more", async () => {
    const r = await t.call("GET", "/healthz");
    expect([r.statusCode, r.json()]).toEqual([200, { status: "pass" }]);
  });

  it("is published retained on smsgw/bridge/health", async () => {
    const late = await TestClient.connect(t.h.url, ["smsgw/bridge/health"]);
    try {
      const m = await late.waitForTopic("smsgw/bridge/health");
      expect([m.retain, (m.json as { status: string }).status]).toEqual([true, "pass"]);
    } finally {
      await late.close();
    }
  });
});

describe("the health of a gateway that lost the network", () => {
  it("fails with 503 at /healthz, and says so on smsgw/bridge/health", async () => {
    const late = await TestClient.connect(t.h.url, ["smsgw/bridge/health"]);
    try {
      await late.waitForTopic("smsgw/bridge/health", (j) => j.status === "pass");
      const published = late.waitForTopic("smsgw/bridge/health", (j) => j.status === "fail");
      t.h.sim.dropRegistration(2);
      const doc = (await published).json as {
        checks: Record<string, { observedValue: unknown }>;
      };
      expect(doc.checks["modem:ready"]?.observedValue).toBe("registering");
      expect((await t.call("GET", "/healthz")).statusCode).toBe(503);
    } finally {
      await late.close();
    }
  });
});
