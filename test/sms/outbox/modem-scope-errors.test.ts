import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Gateway, startGateway, statuses, until, useFakeClock } from "../helpers/gateway.js";

let gw: Gateway;
beforeEach(() => useFakeClock());
afterEach(async () => {
  await gw.dispose();
  vi.useRealTimers();
});

const BAD = "+491700000038";
const GOOD = ["+491701111111", "+491702222222", "+491703333333", "+491704444444", "+491705555555"];

function cmgsCount(g: Gateway): number {
  return g.sim.commands.filter((c) => c.startsWith("AT+CMGS")).length;
}

/** Lets simulated time pass in steps, with real event-loop turns between them. */
async function elapse(ms: number, stepMs = 1_000): Promise<void> {
  for (let t = 0; t < ms; t += stepMs) {
    await vi.advanceTimersByTimeAsync(stepMs);
    await new Promise((r) => setImmediate(r));
  }
}

describe("a number that keeps answering a modem-scope CMS error does not block the queue", () => {
  for (const cms of [38, 330, 331]) {
    it(`CMS ${cms} on one number: five messages queued behind it go out within seconds`, async () => {
      gw = await startGateway();
      gw.sim.failSendsTo(BAD, cms);
      await gw.service.send({ to: BAD, text: "never", id: "bad" });
      for (const [i, to] of GOOD.entries())
        await gw.service.send({ to, text: `m${i}`, id: `g${i}` });
      const start = Date.now();
      await until(() => gw.sim.sent.length === GOOD.length, { stepMs: 100 });
      expect(Date.now() - start).toBeLessThanOrEqual(5_000);
      expect(gw.sim.sent.map((s) => s.to).sort()).toEqual([...GOOD].sort());
    });
  }

  it("the failing message gets attempts counted and its own backoff, and ends failed", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 1_000, maxAttempts: 3 } } });
    gw.sim.failSendsTo(BAD, 38);
    await gw.service.send({ to: BAD, text: "never", id: "bad" });
    for (const [i, to] of GOOD.entries()) await gw.service.send({ to, text: `m${i}`, id: `g${i}` });
    await until(() => statuses(gw.events, "bad").includes("failed"), { stepMs: 500 });
    expect(gw.service.get("bad")).toMatchObject({
      status: "failed",
      error: {
        code: "sms.retries-exhausted",
        message: "gave up after 3 attempts: +CMS ERROR 38: network out of order",
        cms: 38,
      },
    });
    expect(gw.sim.sent).toHaveLength(GOOD.length);
  });

  it("between its attempts the failing number waits out its own growing backoff", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 4_000, maxAttempts: 12 } } });
    gw.sim.failSendsTo(BAD, 38);
    await gw.service.send({ to: BAD, text: "never", id: "bad" });
    await gw.service.send({ to: GOOD[0]!, text: "goes", id: "g0" });
    await until(() => gw.sim.sent.length === 1, { stepMs: 100 });
    const before = cmgsCount(gw);
    await elapse(60_000, 500);
    // Counted from here: 4 s, 8 s, 16 s, 32 s backoff, so 4 or 5 tries in a minute.
    expect(cmgsCount(gw) - before).toBeLessThanOrEqual(5);
    expect(gw.service.get("bad")?.status).toBe("queued");
  });
});

describe("when the network refuses every number, messages wait instead of failing", () => {
  it("an hour of CMS 38 for every number fails no message, even with a small retry budget", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 1_000, maxAttempts: 2 } } });
    gw.sim.failSendsTo("*", 38);
    for (const [i, to] of GOOD.entries()) await gw.service.send({ to, text: `m${i}`, id: `g${i}` });
    await elapse(60 * 60_000, 5_000);
    expect(cmgsCount(gw)).toBeGreaterThan(GOOD.length);
    expect(gw.events.filter((e) => e.status === "failed")).toEqual([]);
    expect(GOOD.map((_, i) => gw.service.get(`g${i}`)?.status)).toEqual(GOOD.map(() => "queued"));
  });

  it("a lone message refused after the last success waits instead of failing", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 1_000, maxAttempts: 2 } } });
    await gw.service.send({ to: GOOD[0]!, text: "before", id: "before" });
    await until(() => gw.sim.sent.length === 1);
    gw.sim.failSendsTo("*", 38);
    await gw.service.send({ to: GOOD[1]!, text: "alone", id: "alone" });
    await elapse(60 * 60_000, 5_000);
    expect(gw.service.get("alone")?.status).toBe("queued");
    // The pause grows to 30 s: about two tries a minute, not one per second.
    expect(cmgsCount(gw)).toBeLessThan(2 + 130);
  });

  it("each pause ends with a try of another message, not the same one again", async () => {
    gw = await startGateway();
    gw.sim.failSendsTo("*", 38);
    for (const [i, to] of GOOD.entries()) await gw.service.send({ to, text: `m${i}`, id: `g${i}` });
    const tried = () => gw.events.filter((e) => e.status === "sending").map((e) => e.id);
    await until(() => tried().length >= 2 * GOOD.length, { stepMs: 500 });
    expect(tried().slice(0, 2 * GOOD.length)).toEqual([
      ...["g0", "g1", "g2", "g3", "g4"],
      ...["g0", "g1", "g2", "g3", "g4"],
    ]);
  });

  it("sending resumes within the longest pause (30 s) once the network is back", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 1_000, maxAttempts: 2 } } });
    await gw.service.send({ to: GOOD[0]!, text: "before", id: "before" });
    await until(() => gw.sim.sent.length === 1);
    gw.sim.failSendsTo("*", 38);
    for (const [i, to] of GOOD.entries()) await gw.service.send({ to, text: `m${i}`, id: `g${i}` });
    await elapse(20 * 60_000, 5_000);
    expect(gw.sim.sent).toHaveLength(1);
    gw.sim.failSendsTo("*", null);
    const back = Date.now();
    await until(() => gw.sim.sent.length === 1 + GOOD.length, { stepMs: 500 });
    expect(Date.now() - back).toBeLessThanOrEqual(31_000);
    expect(gw.events.filter((e) => e.status === "failed")).toEqual([]);
  });
});
