import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

let h: GatewayTest;
beforeAll(async () => {
  // A British number and a short code: both outside the default destination policy.
  h = await startGatewayTest({
    config: { sms: { policy: { allowedCountries: ["SIM", "GB"], allowShortCodes: true } } },
  });
});
afterAll(async () => {
  await h.dispose();
});

const sentTo = (to: string, text: string) =>
  new Promise<{ to: string; text: string }>((resolve) => {
    const check = (s: { to: string; text: string }) => {
      if (s.to === to && s.text === text) {
        h.sim.off("sent", check);
        resolve(s);
      }
    };
    for (const s of h.sim.sent) if (s.to === to && s.text === text) return resolve(s);
    h.sim.on("sent", check);
  });

describe("sending an SMS over MQTT", () => {
  it("bridge/request/send answers with the queued message after it is durable", async () => {
    const response = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "t-1",
    );
    await h.client.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491701234567", text: "via request", transaction: "t-1" }),
    );
    expect((await response).json).toMatchObject({
      status: "ok",
      data: { to: "+491701234567", parts: 1, encoding: "gsm7", status: "queued" },
      transaction: "t-1",
    });
  });

  it("bridge/request/send reaches the modem as an SMS-SUBMIT to that number", async () => {
    const sent = sentTo("+491701234567", "via request 2");
    await h.client.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491701234567", text: "via request 2" }),
    );
    expect(await sent).toMatchObject({ to: "+491701234567", text: "via request 2" });
  });

  it("<base>/send takes the same JSON and is answered on bridge/response/send too", async () => {
    const sent = sentTo("+441234567890", "via send");
    const response = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === 42,
    );
    await h.client.publish(
      "smsgw/send",
      JSON.stringify({ to: "+441234567890", text: "via send", transaction: 42 }),
    );
    await sent;
    expect((await response).json).toMatchObject({ status: "ok", transaction: 42 });
  });

  it("<base>/send/<00number> sends the plain payload to +number", async () => {
    const sent = sentTo("+491709876543", "Door open 🚪");
    await h.client.publish("smsgw/send/00491709876543", "Door open 🚪");
    expect((await sent).text).toBe("Door open 🚪");
  });

  it("<base>/send/<short code> sends to the short code as written", async () => {
    const sent = sentTo("2222", "BALANCE");
    await h.client.publish("smsgw/send/2222", "BALANCE");
    expect((await sent).to).toBe("2222");
  });

  it("a list of recipients becomes one message each, listed in the response", async () => {
    const response = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "multi",
    );
    await h.client.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({
        to: ["+491701111111", "+491702222222"],
        text: "to both",
        transaction: "multi",
        id: "both",
      }),
    );
    const data = (
      (await response).json as { data: { messages: Array<{ id: string; to: string }> } }
    ).data;
    expect(data.messages.map((m) => [m.id, m.to])).toEqual([
      ["both:+491701111111", "+491701111111"],
      ["both:+491702222222", "+491702222222"],
    ]);
  });

  it("every lifecycle change is published on status/<id>", async () => {
    const response = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "life",
    );
    await h.client.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491703333333", text: "lifecycle", id: "life-1", transaction: "life" }),
    );
    await response;
    await h.client.waitForTopic("smsgw/status/life-1", (j) => j.status === "sent");
    expect(h.client.jsonOn("smsgw/status/life-1").map((s) => [s.status, s.partsSent])).toEqual([
      ["queued", 0],
      ["sending", 0],
      ["sent", 1],
    ]);
  });

  it("the same id twice is one SMS", async () => {
    const first = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "dup-1",
    );
    await h.client.publish(
      "smsgw/send",
      JSON.stringify({ to: "+491704444444", text: "once", id: "dup", transaction: "dup-1" }),
    );
    await first;
    await h.client.waitForTopic("smsgw/status/dup", (j) => j.status === "sent");
    const second = h.client.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "dup-2",
    );
    await h.client.publish(
      "smsgw/send",
      JSON.stringify({ to: "+491704444444", text: "once", id: "dup", transaction: "dup-2" }),
    );
    expect(((await second).json as { data: { status: string } }).data.status).toBe("sent");
    expect(h.sim.sent.filter((s) => s.text === "once")).toHaveLength(1);
  });
});
