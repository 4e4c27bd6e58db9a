import { describe, expect, it } from "vitest";
import { buildHttpApp } from "../../src/http/app.js";
import { TokenStore } from "../../src/http/tokens.js";
import type { SmsPort } from "../../src/mqtt/ports.js";
import { startHttpGatewayTest } from "./support/http-gateway.js";

/** 429 when a limit says no, 503 only when the store cannot write, never for the modem. */

const LATER = "2099-01-01T00:00:00Z";
const msg = (id: string) => ({ to: "+491701234567", text: "x", id, notBefore: LATER });

describe("a send the gateway cannot take now", () => {
  it("answers 429 with Retry-After when the doors' part of the queue is full", async () => {
    const t = await startHttpGatewayTest({ sms: { queueCapacity: 4, reservedQueuePercent: 50 } });
    const post = (id: string) =>
      t.call("POST", "/api/v1/messages", { token: t.tokens.send, body: msg(id) });
    expect((await post("q-1")).statusCode).toBe(202);
    expect((await post("q-2")).statusCode).toBe(202);
    const r = await post("q-3");
    expect(r.statusCode).toBe(429);
    expect(r.headers["retry-after"]).toBe("60");
    expect(r.json()).toMatchObject({ code: "sms.queue-full" });
  });

  it("answers 202 while the modem is down: the queue is durable", async () => {
    const t = await startHttpGatewayTest();
    await t.h.gateway.modem.stop();
    const r = await t.call("POST", "/api/v1/messages", {
      token: t.tokens.send,
      body: { to: "+491701234567", text: "later" },
    });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ status: "queued" });
  });

  it("answers 202 while the MQTT broker is down: HTTP does not go through MQTT", async () => {
    const t = await startHttpGatewayTest();
    await t.h.stopBroker();
    await expect.poll(() => t.h.gateway.bridge.connected).toBe(false);
    const r = await t.call("POST", "/api/v1/messages", {
      token: t.tokens.send,
      body: { to: "+491701234567", text: "no broker" },
    });
    expect(r.statusCode).toBe(202);
  });

  it("answers 503 with Retry-After when the store cannot write", async () => {
    const t = await startHttpGatewayTest();
    const real = t.h.gateway.service;
    // The disk is full: the service's durable write fails as the file system says.
    const diskFull: SmsPort = Object.assign(Object.create(real) as SmsPort, {
      send: async () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
          code: "ENOSPC",
        });
      },
    });
    const app = buildHttpApp({
      service: diskFull,
      modem: t.h.gateway.modem,
      tokens: new TokenStore(t.h.config.store.dir),
      config: t.h.config.http,
      maxParts: 10,
      deliveryReports: false,
      startedAt: new Date(),
      mqtt: () => "connected",
    });
    try {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${t.tokens.send}`, "content-type": "application/json" },
        payload: JSON.stringify({ to: "+491701234567", text: "x" }),
      });
      expect(r.statusCode).toBe(503);
      expect(r.headers["retry-after"]).toBe("5");
      expect(r.json()).toEqual({
        status: "error",
        code: "http.store-unavailable",
        error: "the store cannot write now; try again later",
      });
    } finally {
      await app.close();
    }
  });
});
