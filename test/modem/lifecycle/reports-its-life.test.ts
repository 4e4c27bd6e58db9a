import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("state events", () => {
  it("carry from, to, reason and an ISO time", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready");
    expect(h.changes[0]).toEqual({
      from: "off",
      to: "syncing",
      reason: "starting",
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("whenReady resolves once ready", async () => {
    h = await harness();
    let ready = false;
    const wait = h.modem.whenReady().then(() => {
      ready = true;
    });
    await h.modem.start();
    await h.until(() => ready, 30_000, "whenReady");
    await wait;
    expect(h.modem.state).toBe("ready");
  });

  it("whenReady rejects when aborted", async () => {
    h = await harness({ sim: { simAbsent: true } });
    const ac = new AbortController();
    const wait = h.modem.whenReady(ac.signal);
    await h.modem.start();
    ac.abort();
    await expect(wait).rejects.toMatchObject({ code: "modem.aborted" });
  });

  it("emits sms-ready after the SMS set-up", async () => {
    h = await harness();
    let smsReady = 0;
    h.modem.on("sms-ready", () => smsReady++);
    await h.modem.start();
    await h.untilState("ready");
    expect(smsReady).toBe(1);
  });

  it("publishes info changes", async () => {
    h = await harness();
    const infos: unknown[] = [];
    h.modem.on("info", (i: unknown) => infos.push(i));
    await h.modem.start();
    await h.untilState("ready");
    expect(infos.at(-1)).toEqual(h.modem.info);
  });
});

describe("counters", () => {
  it("record the last OK time and the time spent in each state", async () => {
    h = await harness({ modem: { timing: { healthIntervalMs: 10_000 } } });
    await h.modem.start();
    await h.untilState("ready");
    await h.advance(60_000);
    const stats = h.modem.stats;
    expect(stats.lastOkAt).toBeDefined();
    expect(stats.timeInState.ready).toBeGreaterThanOrEqual(60_000);
    expect(stats.state).toBe("ready");
  });

  it("stop() ends off", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready");
    await h.modem.stop();
    expect(h.modem.state).toBe("off");
  });
});

describe("a port that goes away (USB unplug)", () => {
  it("waits for the channel to reopen it, then configures the modem again", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready");
    await h.sim.close(); // every connection dropped; the channel reopens a fresh port
    await h.until(() => h.changes.some((c) => c.reason === "transport-closed"), 10_000);
    await h.untilState("ready", 60_000);
    expect(h.changes.map((c) => c.reason)).toContain("transport-reopened");
  });
});
