import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * A batch the outbox cannot take whole: what fit is queued, the answer is 429 with
 * Retry-After, the progress counts the rest as `missing`, and the same request again once
 * there is room queues exactly those.
 */

interface Progress {
  counts: Record<string, number>;
  done: boolean;
}

let t: HttpGatewayTest;
beforeAll(async () => {
  // The doors may fill 9 of 10 places (10% is kept for alerts and replies).
  t = await startHttpGatewayTest({ sms: { queueCapacity: 10, reservedQueuePercent: 10 } });
});
afterAll(async () => {
  await t.h.dispose();
});

const LATER = "2099-01-01T00:00:00Z";
const batch = {
  id: "big",
  text: "hello",
  recipients: Array.from({ length: 8 }, (_, i) => `+49170888000${i}`),
  notBefore: LATER,
};

describe("a batch larger than the room left in the outbox", () => {
  it("answers 429 with Retry-After once the outbox is full", async () => {
    for (let i = 0; i < 3; i++)
      await t.call("POST", "/api/v1/messages", {
        token: t.tokens.send,
        body: { to: "+491708889999", text: `single ${i}`, id: `single-${i}`, notBefore: LATER },
      });
    const r = await t.call("POST", "/api/v1/batches", { token: t.tokens.send, body: batch });
    expect(r.statusCode).toBe(429);
    expect(r.json()).toMatchObject({ code: "sms.queue-full" });
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("keeps what fit, and counts the rest as missing", async () => {
    const p = (
      await t.call("GET", "/api/v1/batches/big", { token: t.tokens.read })
    ).json() as Progress;
    expect(p.counts).toMatchObject({ queued: 6, missing: 2 });
    expect(p.done).toBe(false);
  });

  it("the same request again, once there is room, queues only the missing ones", async () => {
    for (let i = 0; i < 3; i++)
      await t.call("DELETE", `/api/v1/messages/single-${i}`, { token: t.tokens.send });
    const r = await t.call("POST", "/api/v1/batches", { token: t.tokens.send, body: batch });
    expect(r.statusCode).toBe(200);
    expect((r.json() as Progress).counts).toMatchObject({ queued: 8, missing: 0 });
    expect(t.h.gateway.service.list().filter((m) => m.id.startsWith("big:"))).toHaveLength(8);
  });
});
