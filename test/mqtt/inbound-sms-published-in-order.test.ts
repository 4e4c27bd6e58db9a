import { afterEach, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const texts = (hh: GatewayTest) =>
  hh.client.jsonOn<{ text: string }>("smsgw/received").map((m) => m.text);

describe("inbound SMS on <base>/received", () => {
  it("arrives as JSON with sender, text, parts and encoding", async () => {
    h = await startGatewayTest();
    h.sim.deliverSms({ from: "+441234567890", text: "Hello from the network" });
    const m = await h.client.waitForTopic("smsgw/received");
    expect(m.json).toMatchObject({
      from: "+441234567890",
      text: "Hello from the network",
      parts: 1,
      complete: true,
      encoding: "gsm7",
      class: null,
    });
  });

  it("reassembles a multipart message with emoji delivered out of order", async () => {
    h = await startGatewayTest();
    const text = `${"Ünïcödé 🔥 ".repeat(12)}end`;
    h.sim.deliverSms({ from: "+441234567890", text, order: "reverse" });
    const m = await h.client.waitForTopic("smsgw/received");
    expect(m.json).toMatchObject({ text, parts: 3, complete: true, encoding: "ucs2" });
  });

  it("leaves the service's inbox only after the broker acknowledged it", async () => {
    h = await startGatewayTest();
    h.sim.deliverSms({ from: "+441234567890", text: "acked" });
    await h.client.waitForTopic("smsgw/received");
    const hh = h;
    await expect.poll(() => hh.gateway.service.pendingInbound().length).toBe(0);
  });

  it("waits while the broker is away and then publishes every message in arrival order", async () => {
    h = await startGatewayTest();
    const hh = h;
    await hh.stopBroker();
    for (let i = 1; i <= 5; i++) hh.sim.deliverSms({ from: "+441234567890", text: `offline ${i}` });
    await expect
      .poll(() => hh.gateway.service.pendingInbound().length, { timeout: 10_000 })
      .toBe(5);
    await hh.startBroker();
    await hh.client.waitForCount((m) => m.topic === "smsgw/received", 5);
    expect(texts(hh)).toEqual(["offline 1", "offline 2", "offline 3", "offline 4", "offline 5"]);
  });

  it("publishes what was still pending when the gateway restarts", async () => {
    h = await startGatewayTest();
    const hh = h;
    await hh.gateway.bridge.stop();
    hh.sim.deliverSms({ from: "+441234567890", text: "while the bridge was down" });
    await expect
      .poll(() => hh.gateway.service.pendingInbound().length, { timeout: 10_000 })
      .toBe(1);
    await hh.gateway.stop();
    await hh.startGateway();
    const m = await hh.client.waitForTopic("smsgw/received");
    expect((m.json as { text: string }).text).toBe("while the bridge was down");
  });
});
