import { afterEach, describe, expect, it } from "vitest";
import { type Gateway, startGateway } from "../sms/helpers/gateway.js";

/**
 * The attack: fill the durable outbox from MQTT (future-dated messages wait there for days) so
 * alerts and command replies can no longer be queued. Requests from the doors may fill the
 * outbox only up to its reserved part.
 */

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.dispose();
  gw = undefined;
});

const LATER = "2099-01-01T00:00:00Z";
let next = 0;

async function fill(g: Gateway, n: number, origin: "mqtt" | "alert"): Promise<unknown> {
  for (let i = 0; i < n; i++) {
    // Future-dated: they stay in the outbox, as in the attack.
    const err = await g.service
      .send({ to: "+491701234567", text: "x", notBefore: LATER, origin, id: `${origin}-${next++}` })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    if (err !== undefined) return err;
  }
  return undefined;
}

describe("an outbox of 10 with 10% reserved", () => {
  it("refuses the 10th MQTT message with sms.queue-full naming the reserved part", async () => {
    gw = await startGateway({ options: { queueCapacity: 10, reservedQueuePercent: 10 } });
    expect(await fill(gw, 9, "mqtt")).toBeUndefined();
    const err = (await fill(gw, 1, "mqtt")) as { code: string; message: string };
    expect([err.code, err.message]).toEqual([
      "sms.queue-full",
      "the outbox is full for mqtt requests (9 of 10 messages waiting; the last 10% is kept for alerts and replies); try again later",
    ]);
  });

  it("still queues an alert when MQTT has filled its part", async () => {
    gw = await startGateway({ options: { queueCapacity: 10, reservedQueuePercent: 10 } });
    await fill(gw, 10, "mqtt");
    const [m] = await gw.service.send({ to: "+491701234567", text: "ALERT", origin: "alert" });
    expect(m?.status).toBe("queued");
  });

  it("refuses an alert only when the whole outbox is full", async () => {
    gw = await startGateway({ options: { queueCapacity: 10, reservedQueuePercent: 10 } });
    await fill(gw, 9, "mqtt");
    expect(await fill(gw, 2, "alert")).toMatchObject({ code: "sms.queue-full" });
    expect(gw.service.list().length).toBe(10);
  });
});

describe("the origin of a send request", () => {
  it("is remembered with the message", async () => {
    gw = await startGateway();
    await gw.service.send({ to: "+491701234567", text: "x", id: "a1", origin: "alert" });
    await gw.service.send({ to: "+491701234567", text: "x", id: "l1", notBefore: LATER });
    expect([gw.service.originOf("a1"), gw.service.originOf("l1")]).toEqual(["alert", "local"]);
  });

  it("must be one of the known origins", async () => {
    gw = await startGateway();
    const err = await gw.service
      .send({ to: "+491701234567", text: "x", origin: "nobody" as never })
      .catch((e) => e);
    expect(err.code).toBe("sms.invalid-request");
  });
});
