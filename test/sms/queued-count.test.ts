import { afterEach, describe, expect, it } from "vitest";
import { type Gateway, startGateway, until } from "./helpers/gateway.js";

/**
 * The outbox's count of messages waiting (queued or being sent), which the capacity check asks
 * for on every send, is kept as messages come and change status: it always equals a count of
 * the live records.
 */

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
});

const counted = () =>
  Object.values(gw.store.data.outbox).filter((r) => r.status === "queued" || r.status === "sending")
    .length;

describe("the outbox's waiting count", () => {
  it("follows sends while the modem is away, a cancel, and the queue draining", async () => {
    gw = await startGateway();
    await gw.modem.stop(); // keep everything queued
    await gw.service.send({ to: ["+491701111111", "+491702222222"], text: "a", id: "two" });
    await gw.service.send({ to: "+491703333333", text: "b", id: "one" });
    const afterSends = [gw.service.stats().queued, counted()];
    await gw.service.cancel("one");
    const afterCancel = [gw.service.stats().queued, counted()];
    await gw.modem.start();
    await until(() => gw.sim.sent.length === 2);
    await until(() => counted() === 0);
    expect([afterSends, afterCancel, [gw.service.stats().queued, counted()]]).toEqual([
      [3, 3],
      [2, 2],
      [0, 0],
    ]);
  });

  it("still refuses a send once the waiting messages fill the queue, and takes one again when they went", async () => {
    gw = await startGateway({ options: { queueCapacity: 2 } });
    await gw.modem.stop();
    await gw.service.send({ to: ["+491701111111", "+491702222222"], text: "a" });
    await expect(gw.service.send({ to: "+491703333333", text: "b" })).rejects.toMatchObject({
      code: "sms.queue-full",
    });
    await gw.modem.start();
    await until(() => counted() === 0);
    await expect(gw.service.send({ to: "+491703333333", text: "c" })).resolves.toHaveLength(1);
  });
});
