import { afterEach, describe, expect, it } from "vitest";
import { type Gateway, startGateway, statuses, until } from "./helpers/gateway.js";

let gw: Gateway;
afterEach(async () => {
  await gw.dispose();
});

describe("sending", () => {
  it("a request becomes one message per recipient, each sent to the network", async () => {
    gw = await startGateway();
    const msgs = await gw.service.send({ to: ["+491701111111", "+491702222222"], text: "hello" });
    expect(msgs.map((m) => [m.to, m.status])).toEqual([
      ["+491701111111", "queued"],
      ["+491702222222", "queued"],
    ]);
    await until(() => gw.sim.sent.length === 2);
    expect(gw.sim.sent.map((s) => [s.to, s.text])).toEqual([
      ["+491701111111", "hello"],
      ["+491702222222", "hello"],
    ]);
  });

  it("goes queued → sending → sent, each announced", async () => {
    gw = await startGateway();
    const [m] = await gw.service.send({ to: "+491701111111", text: "hi", id: "m1" });
    expect(m?.id).toBe("m1");
    await until(() => statuses(gw.events, "m1").includes("sent"));
    expect(statuses(gw.events, "m1")).toEqual(["queued", "sending", "sent"]);
  });

  it("sends every part of a long message, each with its own AT+CMGS", async () => {
    gw = await startGateway();
    const text = "x".repeat(400);
    const [m] = await gw.service.send({ to: "+491701111111", text, id: "long" });
    expect(m?.parts).toBe(3);
    await until(() => statuses(gw.events, "long").includes("sent"));
    expect(gw.sim.sent.map((s) => s.text).join("")).toBe(text);
    expect(gw.sim.commands.filter((c) => c.startsWith("AT+CMGS=")).length).toBe(3);
    expect(gw.service.get("long")).toMatchObject({ status: "sent", partsSent: 3 });
  });

  it("refuses an empty text", async () => {
    gw = await startGateway();
    await expect(gw.service.send({ to: "+491701111111", text: "" })).rejects.toMatchObject({
      code: "sms.empty-text",
    });
  });

  it("refuses an invalid number with the reason", async () => {
    gw = await startGateway();
    await expect(gw.service.send({ to: "+49abc", text: "x" })).rejects.toMatchObject({
      code: "sms.invalid-number",
    });
  });

  it("refuses more parts than allowed", async () => {
    gw = await startGateway({ options: { maxParts: 2 } });
    await expect(
      gw.service.send({ to: "+491701111111", text: "y".repeat(500) }),
    ).rejects.toMatchObject({
      code: "sms.too-many-parts",
    });
  });

  it("refuses new work when the queue is full", async () => {
    gw = await startGateway({ options: { queueCapacity: 2 } });
    await gw.modem.stop(); // keep everything queued
    await gw.service.send({ to: ["+491701111111", "+491702222222"], text: "a" });
    await expect(gw.service.send({ to: "+491703333333", text: "b" })).rejects.toMatchObject({
      code: "sms.queue-full",
    });
  });
});
