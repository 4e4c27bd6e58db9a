import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

let h: GatewayTest;
beforeAll(async () => {
  h = await startGatewayTest({ config: { sms: { maxParts: 2 } } });
});
afterAll(async () => {
  await h.dispose();
});

let n = 0;
/** Publishes to `topic` and returns the next error response on bridge/response/<name>. */
async function errorFor(
  topic: string,
  payload: string | Buffer,
  name = "send",
): Promise<Record<string, unknown>> {
  const before = h.client.on(`smsgw/bridge/response/${name}`).length;
  await h.client.publish(topic, payload);
  const all = await h.client.waitForCount(
    (m) => m.topic === `smsgw/bridge/response/${name}`,
    before + 1,
  );
  n++;
  return all[before]?.json as Record<string, unknown>;
}

describe("bad input on MQTT gets an error response and the gateway keeps running", () => {
  it("a payload that is not JSON", async () => {
    expect(await errorFor("smsgw/bridge/request/send", "to=+4917&text=hi")).toMatchObject({
      status: "error",
      code: "mqtt.invalid-json",
    });
  });

  it("a payload of 1 MB", async () => {
    expect(await errorFor("smsgw/send", Buffer.alloc(1024 * 1024, 0x20))).toEqual({
      status: "error",
      code: "mqtt.payload-too-large",
      error: "the payload has 1048576 bytes; at most 65536 are accepted",
      data: {},
    });
  });

  it("fields of the wrong type, with the transaction echoed", async () => {
    expect(
      await errorFor(
        "smsgw/bridge/request/send",
        JSON.stringify({ to: 4917, text: ["x"], transaction: "bad-types" }),
      ),
    ).toEqual({
      status: "error",
      code: "mqtt.invalid-request",
      error:
        "`to`: expected a phone number (a string) or a list of them; `text`: expected the message text (a string)",
      data: {},
      transaction: "bad-types",
    });
  });

  it("an invalid number", async () => {
    expect(
      await errorFor("smsgw/send", JSON.stringify({ to: "+49abc", text: "hi" })),
    ).toMatchObject({
      status: "error",
      code: "sms.invalid-number",
    });
  });

  it("an invalid number in a send topic", async () => {
    expect(await errorFor("smsgw/send/12", "hi")).toMatchObject({
      status: "error",
      code: "sms.invalid-number",
    });
  });

  it("an empty text", async () => {
    expect(await errorFor("smsgw/send/00491701234567", "")).toMatchObject({
      status: "error",
      code: "sms.empty-text",
    });
  });

  it("more parts than allowed", async () => {
    expect(
      await errorFor("smsgw/send", JSON.stringify({ to: "+491701234567", text: "x".repeat(400) })),
    ).toMatchObject({
      status: "error",
      code: "sms.too-many-parts",
    });
  });

  it("a send topic with extra levels", async () => {
    expect(await errorFor("smsgw/send/0049170/123", "hi")).toMatchObject({
      status: "error",
      code: "mqtt.invalid-topic",
    });
  });

  it("a retained send request is sent once, and refused when it is replayed at a restart", async () => {
    const before = h.client.on("smsgw/bridge/response/send").length;
    await h.client.publish("smsgw/send/00491705555555", "retained", { retain: true });
    await h.client.waitForCount((m) => m.topic === "smsgw/bridge/response/send", before + 1);
    await h.gateway.stop();
    await h.startGateway();
    const all = await h.client.waitForCount(
      (m) => m.topic === "smsgw/bridge/response/send",
      before + 2,
    );
    await h.client.publish("smsgw/send/00491705555555", "", { retain: true });
    expect(all[before + 1]?.json).toMatchObject({ status: "error", code: "mqtt.retained-request" });
    expect(h.sim.sent.filter((s) => s.text === "retained")).toHaveLength(1);
  });

  it("an unknown request name", async () => {
    expect(await errorFor("smsgw/bridge/request/reboot", "{}", "reboot")).toMatchObject({
      status: "error",
      code: "mqtt.unknown-request",
    });
  });

  it("after all of that a good request is still sent", async () => {
    const response = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "still-alive",
    );
    await h.client.publish(
      "smsgw/send",
      JSON.stringify({ to: "+491701234567", text: "still alive", transaction: "still-alive" }),
    );
    expect((await response).json).toMatchObject({ status: "ok" });
    expect(n).toBeGreaterThan(0);
  });
});
