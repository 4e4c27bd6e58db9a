import { describe, expect, it } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

describe("USSD over MQTT (bridge/request/ussd)", () => {
  it("answers a code with the network's text", async () => {
    const h = await startGatewayTest();
    const r = await h.client.request("ussd", { code: "*100#" });
    expect(r).toMatchObject({
      status: "ok",
      data: { status: "done", text: "Balance: 12.34 EUR", dcs: 15, sessionOpen: false },
    });
  });

  it("publishes each outcome on <base>/ussd", async () => {
    const h = await startGatewayTest();
    const event = h.client.waitForTopic("smsgw/ussd");
    await h.client.request("ussd", { code: "*100#" });
    expect((await event).json).toMatchObject({
      status: "done",
      request: "*100#",
      text: "Balance: 12.34 EUR",
      sessionOpen: false,
    });
  });

  it("walks a menu: the first answer keeps the session open, the reply ends it", async () => {
    const h = await startGatewayTest();
    const menu = await h.client.request("ussd", { code: "*101#" });
    const answer = await h.client.request("ussd", { session: "reply", text: "1" });
    expect([menu.data, answer.data]).toEqual([
      { status: "further-action", text: "1. Balance\n2. Data", dcs: 15, sessionOpen: true },
      { status: "done", text: "Balance: 12.34 EUR", dcs: 15, sessionOpen: false },
    ]);
  });

  it("refuses a second dialogue while a menu is open with ussd.busy", async () => {
    const h = await startGatewayTest();
    await h.client.request("ussd", { code: "*101#" });
    expect(await h.client.request("ussd", { code: "*100#" })).toMatchObject({
      status: "error",
      code: "ussd.busy",
    });
  });

  it("refuses a new request without a code with mqtt.invalid-request", async () => {
    const h = await startGatewayTest();
    expect(await h.client.request("ussd", { session: "new" })).toMatchObject({
      status: "error",
      code: "mqtt.invalid-request",
    });
  });

  it("is refused with ussd.unavailable when ussd.enabled is false", async () => {
    const h = await startGatewayTest({ config: { ussd: { enabled: false } } });
    expect(await h.client.request("ussd", { code: "*100#" })).toMatchObject({
      status: "error",
      code: "ussd.unavailable",
    });
  });

  it("does not dial a retained request again when the gateway restarts", async () => {
    const h = await startGatewayTest();
    await h.client.publish(
      "smsgw/bridge/request/ussd",
      JSON.stringify({ code: "*100#", transaction: "r1" }),
      { retain: true },
    );
    await h.client.waitForCount((m) => m.topic === "smsgw/bridge/response/ussd", 1);
    await h.gateway.stop();
    await h.startGateway();
    const all = await h.client.waitForCount((m) => m.topic === "smsgw/bridge/response/ussd", 2);
    await h.client.publish("smsgw/bridge/request/ussd", "", { retain: true });
    expect(all[1]?.json).toMatchObject({ status: "error", code: "mqtt.retained-request" });
  });
});

describe("the ussd config section reaches the service", () => {
  it("requestEncoding packed: the code goes out packed and the packed answer is read", async () => {
    const h = await startGatewayTest({
      config: { ussd: { requestEncoding: "packed" } },
      sim: { ussdStyle: "packed" },
    });
    const r = await h.client.request("ussd", { code: "*100#" });
    expect([h.sim.commands.includes('AT+CUSD=1,"AA180C3602",15'), r.data]).toEqual([
      true,
      expect.objectContaining({ text: "Balance: 12.34 EUR" }),
    ]);
  });
});

describe("USSD never holds up SMS", () => {
  it("an SMS queued while a USSD menu is open goes out, and the menu stays open", async () => {
    const h = await startGatewayTest();
    await h.client.request("ussd", { code: "*101#" });
    await h.client.request("send", { to: "+491701234567", text: "during the menu" });
    await expect.poll(() => h.sim.sent.map((s) => s.text)).toEqual(["during the menu"]);
    expect(h.sim.ussdMenuOpen).toBe(true);
  });

  it("an SMS requested while a USSD request waits for the network goes out before the answer", async () => {
    const h = await startGatewayTest({ sim: { ussd: { "*100#": { noReply: true } } } });
    const ussd = h.client.waitForTopic(
      "smsgw/bridge/response/ussd",
      (j) => j.transaction === "u1",
      60_000,
    );
    await h.client.publish(
      "smsgw/bridge/request/ussd",
      JSON.stringify({ code: "*100#", timeoutSeconds: 60, transaction: "u1" }),
    );
    await expect.poll(() => h.sim.commands).toContain('AT+CUSD=1,"*100#",15');
    const sent = await h.client.request("send", { to: "+491701234567", text: "not held up" });
    await expect.poll(() => h.sim.sent.map((s) => s.text)).toEqual(["not held up"]);
    expect(sent.status).toBe("ok");
    // Ends the waiting request: it answers `terminated`.
    await h.client.request("ussd", { session: "cancel" });
    expect((await ussd).json).toMatchObject({ status: "ok", data: { status: "terminated" } });
  });
});
