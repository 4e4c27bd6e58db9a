import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * The attack: any MQTT client lists the queue (other clients' one-time codes included) and
 * cancels what it likes. MQTT has no identity beyond the topic, so without
 * `mqtt.allowQueueAdmin` queue/list shows only messages sent over MQTT, without their text, and
 * queue/cancel reaches only those; alerts and replies look like unknown ids.
 */

const LATER = "2099-01-01T00:00:00Z";

async function request(h: GatewayTest, name: string, payload: Record<string, unknown> = {}) {
  return (await h.client.request(name, payload)) as {
    status: string;
    code?: string;
    data: Record<string, unknown>;
  };
}

async function queueBoth(h: GatewayTest): Promise<void> {
  await h.gateway.service.send({
    to: "+491701234567",
    text: "Your login code is 482913",
    id: "otp-42",
    notBefore: LATER,
    origin: "alert",
  });
  const r = await request(h, "send", {
    to: "+491702222222",
    text: "from mqtt",
    id: "mine-1",
    notBefore: LATER,
  });
  expect(r.status).toBe("ok");
}

describe("without mqtt.allowQueueAdmin (the default)", () => {
  let h: GatewayTest;
  beforeAll(async () => {
    h = await startGatewayTest();
    await queueBoth(h);
  });
  afterAll(async () => {
    await h.dispose();
  });

  it("queue/list shows only messages sent over MQTT", async () => {
    const r = await request(h, "queue/list");
    const messages = r.data.messages as Array<{ id: string }>;
    expect(messages.map((m) => m.id)).toEqual(["mine-1"]);
  });

  it("queue/list shows no texts", async () => {
    const r = await request(h, "queue/list");
    expect(JSON.stringify(r)).not.toContain("from mqtt");
    expect(JSON.stringify(r)).not.toContain("482913");
  });

  it("queue/cancel of an alert's id answers as for an unknown id and leaves it queued", async () => {
    const r = await request(h, "queue/cancel", { id: "otp-42" });
    expect(r).toMatchObject({ status: "error", code: "sms.not-found" });
    expect(h.gateway.service.get("otp-42")?.status).toBe("queued");
  });

  it("queue/cancel of a message sent over MQTT cancels it", async () => {
    const r = await request(h, "queue/cancel", { id: "mine-1" });
    expect(r).toMatchObject({ status: "ok", data: { id: "mine-1", status: "cancelled" } });
  });
});

describe("with mqtt.allowQueueAdmin", () => {
  let h: GatewayTest;
  beforeAll(async () => {
    h = await startGatewayTest({ config: { mqtt: { allowQueueAdmin: true } } });
    await queueBoth(h);
  });
  afterAll(async () => {
    await h.dispose();
  });

  it("queue/list shows every message with its text", async () => {
    const r = await request(h, "queue/list");
    const messages = r.data.messages as Array<{ id: string; text: string }>;
    expect(messages.map((m) => [m.id, m.text])).toEqual([
      ["otp-42", "Your login code is 482913"],
      ["mine-1", "from mqtt"],
    ]);
  });

  it("queue/cancel cancels an alert", async () => {
    const r = await request(h, "queue/cancel", { id: "otp-42" });
    expect(r).toMatchObject({ status: "ok", data: { status: "cancelled" } });
  });
});
