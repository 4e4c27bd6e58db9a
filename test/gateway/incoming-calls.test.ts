import { describe, expect, it } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

/** Rings 50 ms apart: a call takes a fraction of a second instead of 20 s. */
const sim = { ringIntervalMs: 50 };
const missedOf = (m: { json: unknown }) => (m.json as { missedCalls?: number }).missedCalls;

describe("incoming calls", () => {
  it("turn on caller ID (AT+CLIP=1) once the modem is ready", async () => {
    const h = await startGatewayTest({ sim });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
  });

  it("are published on <base>/call with the contact's name", async () => {
    const h = await startGatewayTest({
      sim,
      config: { contacts: [{ name: "Alice", number: "+491701234567" }] },
    });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
    const event = h.client.waitForTopic("smsgw/call");
    h.sim.call("+491701234567", 2);
    expect((await event).json).toEqual({
      from: "+491701234567",
      contact: "Alice",
      at: expect.any(String),
    });
  });

  it("are published once per call, not per ring", async () => {
    const h = await startGatewayTest({ sim });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
    const missed = h.client.waitForTopic("smsgw/modem", (j) => j.missedCalls === 1);
    h.sim.call("+491709999999", 3);
    await missed;
    expect(h.client.on("smsgw/call").map((m) => m.json)).toEqual([
      { from: "+491709999999", at: expect.any(String) },
    ]);
  });

  it("count as missed in <base>/modem when the caller gives up", async () => {
    const h = await startGatewayTest({ sim });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
    h.sim.call("+491709999999", 2);
    const m = await h.client.waitForTopic("smsgw/modem", (j) => j.missedCalls === 1);
    expect(missedOf(m)).toBe(1);
  });

  it("from an unknown number are hung up at once (ATH) with rejectUnknown", async () => {
    const h = await startGatewayTest({ sim, config: { calls: { rejectUnknown: true } } });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
    const ended = new Promise((r) => h.sim.once("call-ended", r));
    h.sim.call("+491709999999", 10);
    expect(await ended).toEqual({ from: "+491709999999", by: "module" });
  });

  it("from an allowed number ring on with rejectUnknown", async () => {
    const h = await startGatewayTest({
      sim,
      config: { calls: { rejectUnknown: true, allowed: ["+491701234567"] } },
    });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
    const ended = new Promise((r) => h.sim.once("call-ended", r));
    h.sim.call("+491701234567", 3);
    expect(await ended).toEqual({ from: "+491701234567", by: "caller" });
  });

  it("are hung up after hangUpAfterRings rings", async () => {
    const h = await startGatewayTest({ sim, config: { calls: { hangUpAfterRings: 2 } } });
    await expect.poll(() => h.sim.commands).toContain("AT+CLIP=1");
    const ended = new Promise((r) => h.sim.once("call-ended", r));
    h.sim.call("+491701234567", 10);
    expect(await ended).toEqual({ from: "+491701234567", by: "module" });
    expect(h.sim.commands.filter((c) => c === "ATH")).toHaveLength(1);
  });

  it("are not reported with calls.enabled false", async () => {
    const h = await startGatewayTest({ sim, config: { calls: { enabled: false } } });
    h.sim.call("+491701234567", 2);
    await new Promise((r) => setTimeout(r, 300));
    expect([h.sim.commands.includes("AT+CLIP=1"), h.client.on("smsgw/call")]).toEqual([false, []]);
  });
});
