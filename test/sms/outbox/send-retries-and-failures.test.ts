import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Gateway, startGateway, statuses, until, useFakeClock } from "../helpers/gateway.js";

let gw: Gateway;
beforeEach(() => useFakeClock());
afterEach(async () => {
  await gw.dispose();
  vi.useRealTimers();
});

const A = "+491701111111";
const B = "+491702222222";

describe("temporary CMS errors are retried with backoff", () => {
  it("send-retries-on-cms-temporary: CMS 41 → queued again → sent after the backoff", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 5_000 } } });
    gw.sim.failNextSend(41);
    await gw.service.send({ to: A, text: "retry me", id: "r1" });
    await until(() => statuses(gw.events, "r1").length >= 3);
    expect(statuses(gw.events, "r1")).toEqual(["queued", "sending", "queued"]);
    expect(gw.service.get("r1")?.error).toMatchObject({ cms: 41, code: "sms.send-retry" });
    await vi.advanceTimersByTimeAsync(4_000);
    expect(gw.sim.sent).toHaveLength(0);
    await until(() => statuses(gw.events, "r1").includes("sent"), { stepMs: 500 });
    expect(gw.sim.sent.map((s) => s.text)).toEqual(["retry me"]);
  });

  it("gives up after the configured attempts", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 1_000, maxAttempts: 3 } } });
    gw.sim.failNextSend(42, 3);
    await gw.service.send({ to: A, text: "x", id: "r2" });
    await until(() => statuses(gw.events, "r2").includes("failed"), { stepMs: 500 });
    expect(gw.service.get("r2")).toMatchObject({
      status: "failed",
      error: { code: "sms.retries-exhausted", cms: 42 },
    });
    expect(gw.sim.sent).toHaveLength(0);
  });
});

describe("permanent CMS errors fail at once", () => {
  it("permanent-cms-fails-at-once: CMS 1 (unassigned number) → failed, not retried", async () => {
    gw = await startGateway();
    gw.sim.failNextSend(1);
    await gw.service.send({ to: A, text: "x", id: "p1" });
    await until(() => statuses(gw.events, "p1").includes("failed"));
    expect(statuses(gw.events, "p1")).toEqual(["queued", "sending", "failed"]);
    expect(gw.service.get("p1")?.error).toEqual({
      code: "sms.rejected",
      message: "+CMS ERROR 1: unassigned number",
      cms: 1,
    });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(gw.sim.commands.filter((c) => c.startsWith("AT+CMGS")).length).toBe(1);
  });
});

describe("backoff is per destination", () => {
  it("per-destination-backoff-does-not-block-others", async () => {
    gw = await startGateway({ options: { retry: { baseMs: 10_000 } } });
    gw.sim.failNextSend(41);
    await gw.service.send({ to: A, text: "to A", id: "a" });
    await until(() => statuses(gw.events, "a").length >= 3);
    await gw.service.send({ to: B, text: "to B", id: "b" });
    await until(() => statuses(gw.events, "b").includes("sent"));
    expect(gw.sim.sent.map((s) => s.to)).toEqual([B]);
    await until(() => statuses(gw.events, "a").includes("sent"), { stepMs: 1_000 });
    expect(gw.sim.sent.map((s) => s.to)).toEqual([B, A]);
  });
});

describe("the modem's state gates sending", () => {
  it("nothing is sent while the modem is not ready; sending resumes by itself", async () => {
    gw = await startGateway();
    await gw.loseNetwork();
    await gw.service.send({ to: A, text: "wait", id: "w" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(gw.sim.sent).toHaveLength(0);
    expect(gw.service.get("w")?.status).toBe("queued");
    await gw.regainNetwork();
    await until(() => gw.sim.sent.length === 1);
    expect(gw.sim.sent[0]?.text).toBe("wait");
  });

  it("a modem that fails mid-send (CMS 331 no network) keeps the message and its attempts", async () => {
    gw = await startGateway({ options: { retry: { maxAttempts: 1 } } });
    gw.sim.failNextSend(331);
    await gw.service.send({ to: A, text: "x", id: "n" });
    await until(() => statuses(gw.events, "n").includes("sent"), { stepMs: 500 });
    expect(gw.sim.sent).toHaveLength(1);
  });
});
