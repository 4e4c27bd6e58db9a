import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * The attack over MQTT: one anonymous publish to a premium range, to a short code, or to 200
 * recipients. Each is refused with a closed error code, and nothing reaches the modem.
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

describe("sending over MQTT where the policy forbids", () => {
  it("a +882 number is refused with sms.destination-denied", async () => {
    expect(await responseTo({ to: "+882345678901", text: "x" })).toMatchObject({
      status: "error",
      code: "sms.destination-denied",
    });
  });

  it("a plain-text send to 00882… is refused too", async () => {
    await h.client.publish("smsgw/send/00882345678901", "x");
    const m = await h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.code === "sms.destination-denied" && String(j.error).includes("+882345678901"),
    );
    expect(m.json).toMatchObject({ status: "error" });
  });

  it("a short code is refused", async () => {
    expect(await responseTo({ to: "81234", text: "x" })).toMatchObject({
      code: "sms.destination-denied",
      error: '"81234" refused: short codes are not allowed (sms.policy.allowShortCodes is false)',
    });
  });

  it("200 recipients in one request are refused with sms.too-many-recipients", async () => {
    const to = Array.from({ length: 200 }, (_, i) => `+4917012${String(i).padStart(5, "0")}`);
    expect(await responseTo({ to, text: "x" })).toMatchObject({
      code: "sms.too-many-recipients",
      error: "200 recipients in one request; at most 20 (sms.maxRecipients)",
    });
  });

  it("a list with one premium number queues none of the others", async () => {
    const r = await responseTo({ to: ["+491701111111", "+882345678901"], text: "x", id: "mix" });
    expect(r.code).toBe("sms.destination-denied");
    expect(h.gateway.service.get("mix:+491701111111")).toBeUndefined();
  });

  it("sent nothing to the modem", () => {
    expect(h.sim.sent).toEqual([]);
  });
});
