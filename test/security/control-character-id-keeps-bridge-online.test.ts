import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * The attack: a send request whose `id` holds a control character. The gateway used to publish
 * `<base>/status/a\x01b`, which mosquitto answers by dropping the connection, on every
 * reconnect. Here (aedes) the claim is the refusal itself and that the bridge keeps serving;
 * the mosquitto half is the `.system.test.ts` of the same name.
 */

let h: GatewayTest;
beforeAll(async () => {
  h = await startGatewayTest();
});
afterAll(async () => {
  await h.dispose();
});

function responseTo(payload: Record<string, unknown>): Promise<Record<string, unknown>> {
  return h.client.request("send", payload);
}

describe("a send request id with a control character", () => {
  it("is refused with mqtt.invalid-request naming the id", async () => {
    const r = await responseTo({ to: "+491701234567", text: "x", id: "a\u0001b" });
    expect(r).toMatchObject({ status: "error", code: "mqtt.invalid-request" });
    expect(String(r.error)).toContain("`id`: at most 200 printable ASCII characters");
  });

  it("queues nothing", () => {
    expect(h.gateway.service.list().map((m) => m.id)).not.toContain("a\u0001b");
  });

  it("is refused when it holds a tab, a non-ASCII letter, a DEL or a bidi override", async () => {
    for (const id of ["a\tb", "päckchen", "x\u007f", "pu\u202emp"]) {
      const r = await responseTo({ to: "+491701234567", text: "x", id });
      expect(r.code, id).toBe("mqtt.invalid-request");
    }
  });

  it("leaves the bridge online and serving the next request", async () => {
    const r = await responseTo({ to: "+491701234567", text: "after the attack", id: "ok-1" });
    expect(r).toMatchObject({ status: "ok", data: { id: "ok-1" } });
    await h.client.waitForTopic("smsgw/status/ok-1", (j) => j.status === "sent");
    expect(h.gateway.bridge.connected).toBe(true);
    expect(h.client.jsonOn("smsgw/bridge/state").at(-1)).toEqual({ state: "online" });
  });
});

describe("a cancel request id with a control character", () => {
  it("is refused with mqtt.invalid-request", async () => {
    await h.client.publish(
      "smsgw/bridge/request/queue/cancel",
      JSON.stringify({ id: "a\u0001b", transaction: "c-1" }),
    );
    const m = await h.client.waitForTopic(
      "smsgw/bridge/response/queue/cancel",
      (j) => j.transaction === "c-1",
    );
    expect(m.json).toMatchObject({ status: "error", code: "mqtt.invalid-request" });
  });
});
