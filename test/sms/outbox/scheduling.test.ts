import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Gateway, startGateway, statuses, until, useFakeClock } from "../helpers/gateway.js";

let gw: Gateway;
beforeEach(() => useFakeClock());
afterEach(async () => {
  await gw.dispose();
  vi.useRealTimers();
});

const A = "+491701111111";

describe("priority", () => {
  it("priority-overtakes: an OTP queued behind a newsletter goes first", async () => {
    // Each send takes 1 s on the network, so the queue builds up behind the first one.
    gw = await startGateway({ simOptions: { timing: { send: 1_000 } } });
    await gw.service.send({ to: A, text: "news 1", priority: "low" });
    await until(() => gw.sim.commands.some((c) => c.startsWith("AT+CMGS")));
    await gw.service.send({ to: A, text: "news 2", priority: "low" });
    await gw.service.send({ to: A, text: "news 3", priority: "low" });
    await gw.service.send({ to: A, text: "OTP 123456", priority: "high" });
    await until(() => gw.sim.sent.length === 4, { stepMs: 250 });
    expect(gw.sim.sent.map((s) => s.text)).toEqual(["news 1", "OTP 123456", "news 2", "news 3"]);
  });
});

describe("idempotent ids", () => {
  it("idempotent-id: the same id twice is one message", async () => {
    gw = await startGateway();
    const [first] = await gw.service.send({ to: A, text: "once", id: "same" });
    const [second] = await gw.service.send({ to: A, text: "once", id: "same" });
    expect(second?.id).toBe(first?.id);
    await until(() => statuses(gw.events, "same").includes("sent"));
    const [third] = await gw.service.send({ to: A, text: "once", id: "same" });
    expect(third?.status).toBe("sent");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gw.sim.sent).toHaveLength(1);
  });

  it("two requests with the same id in the same tick are one message", async () => {
    gw = await startGateway();
    const [a, b] = await Promise.all([
      gw.service.send({ to: A, text: "x", id: "tick" }),
      gw.service.send({ to: A, text: "x", id: "tick" }),
    ]);
    expect(a?.[0]?.id).toBe("tick");
    expect(b?.[0]?.id).toBe("tick");
    await until(() => statuses(gw.events, "tick").includes("sent"));
    expect(gw.sim.sent).toHaveLength(1);
  });

  it("a given id with several recipients names one message per recipient", async () => {
    gw = await startGateway();
    const msgs = await gw.service.send({ to: [A, "+491702222222"], text: "x", id: "batch" });
    expect(msgs.map((m) => m.id)).toEqual(["batch:+491701111111", "batch:+491702222222"]);
  });
});

describe("time to live", () => {
  it("expired-never-sent-late: a message whose TTL passed while the modem was away is expired", async () => {
    gw = await startGateway();
    await gw.loseNetwork();
    await gw.service.send({ to: A, text: "stale", id: "ttl", validitySeconds: 60 });
    await vi.advanceTimersByTimeAsync(61_000);
    await until(() => statuses(gw.events, "ttl").includes("expired"));
    expect(gw.service.get("ttl")?.error?.code).toBe("sms.expired");
    await gw.regainNetwork();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gw.sim.sent).toHaveLength(0);
  });

  it("the default TTL applies when the request has none", async () => {
    gw = await startGateway({ options: { ttlSeconds: 300 } });
    await gw.loseNetwork();
    await gw.service.send({ to: A, text: "stale", id: "ttl2" });
    await vi.advanceTimersByTimeAsync(301_000);
    await until(() => statuses(gw.events, "ttl2").includes("expired"));
  });
});

describe("not before", () => {
  it("waits until the not-before time", async () => {
    gw = await startGateway();
    const notBefore = new Date(Date.now() + 60_000);
    await gw.service.send({ to: A, text: "later", id: "nb", notBefore });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(gw.sim.sent).toHaveLength(0);
    await until(() => gw.sim.sent.length === 1, { stepMs: 500 });
    expect(Date.now()).toBeGreaterThanOrEqual(notBefore.getTime());
  });
});

describe("cancel", () => {
  it("cancels a queued message: it is never sent", async () => {
    gw = await startGateway();
    await gw.loseNetwork();
    await gw.service.send({ to: A, text: "never", id: "c" });
    const m = await gw.service.cancel("c");
    expect(m?.status).toBe("cancelled");
    await gw.regainNetwork();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gw.sim.sent).toHaveLength(0);
    expect(statuses(gw.events, "c")).toEqual(["queued", "cancelled"]);
  });

  it("leaves a message that was already sent as it is", async () => {
    gw = await startGateway();
    await gw.service.send({ to: A, text: "gone", id: "c2" });
    await until(() => statuses(gw.events, "c2").includes("sent"));
    expect((await gw.service.cancel("c2"))?.status).toBe("sent");
  });

  it("an unknown id gives undefined", async () => {
    gw = await startGateway();
    expect(await gw.service.cancel("nope")).toBeUndefined();
  });
});

describe("rate limits and send window", () => {
  it("holds messages beyond the per-minute limit until the window moves", async () => {
    gw = await startGateway({ options: { rateLimits: { perMinute: 2 } } });
    await gw.service.send({ to: [A, "+491702222222", "+491703333333"], text: "x" });
    await until(() => gw.sim.sent.length === 2);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(gw.sim.sent).toHaveLength(2);
    await until(() => gw.sim.sent.length === 3, { stepMs: 1_000 });
  });

  it("sends only inside the send window", async () => {
    vi.setSystemTime(new Date(2025, 2, 5, 21, 0));
    gw = await startGateway({ options: { sendWindow: { start: "08:00", end: "20:00" } } });
    await gw.service.send({ to: A, text: "morning", id: "win" });
    await vi.advanceTimersByTimeAsync(10 * 3_600_000);
    expect(gw.sim.sent).toHaveLength(0);
    await until(() => gw.sim.sent.length === 1, { stepMs: 60_000 });
    expect(new Date().getHours()).toBe(8);
  });
});
