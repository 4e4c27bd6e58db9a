import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

const timing = {
  healthIntervalMs: 10_000,
  recoverBaseMs: 1000,
  recoverMaxMs: 8000,
  maxRounds: 2,
  failedRetryMs: 60_000,
};
/** The SIM800 profile waits this long for `SMS Ready` after a boot it believes happened. */
const SMS_READY_TIMEOUT_MS = 60_000;

const reasons = () => h.changes.map((c) => c.reason);
const timeOf = (reason: string) => Date.parse(h.changes.find((c) => c.reason === reason)!.at);

describe("a port wedged in the driver (the ladder's reopen step, real AtChannel.reopen)", () => {
  async function wedged(): Promise<void> {
    h = await harness({ modem: { timing }, reopen: "channel" });
    await h.modem.start();
    await h.untilState("ready");
    h.ports.wedge();
    await h.untilState("recovering", 30_000);
  }

  it("comes back ready after the reopen step", async () => {
    await wedged();
    await h.untilState("ready", 180_000);
    expect(reasons()).toContain("recovered-by-reopen");
  });

  it("opens exactly one fresh port, once", async () => {
    await wedged();
    await h.untilState("ready", 180_000);
    expect([h.reopens, h.ports.opened]).toEqual([1, 2]);
  });

  it("does not wait for an SMS-ready URC from a module that never restarted", async () => {
    await wedged();
    await h.untilState("ready", 180_000);
    const back = Date.parse(h.changes.at(-1)!.at);
    expect(back - timeOf("recovered-by-reopen")).toBeLessThan(SMS_READY_TIMEOUT_MS);
  });
});

describe("a port that stays away while the ladder climbs", () => {
  it("is ready again once it returns, after the reopen step found it missing", async () => {
    h = await harness({ modem: { timing }, reopen: "channel" });
    await h.modem.start();
    await h.untilState("ready");
    h.ports.unplug();
    await h.until(() => h.reopens > 0, 120_000, "the ladder's reopen step");
    h.ports.replug();
    await h.untilState("ready", 120_000);
    expect(h.channel.isOpen).toBe(true);
  });
});

describe("a port lost in the middle of configuring", () => {
  async function dropOnCpin(): Promise<void> {
    h = await harness({ modem: { timing } });
    const drop = (line: string) => {
      if (line !== "AT+CPIN?") return;
      h.sim.off("command", drop);
      h.ports.unplug();
    };
    h.sim.on("command", drop);
    await h.modem.start();
    await h.until(() => reasons().includes("transport-closed"), 10_000, "transport-closed");
    h.ports.replug();
  }

  it("leaves configuring for recovering", async () => {
    await dropOnCpin();
    expect(h.changes).toContainEqual(
      expect.objectContaining({
        from: "configuring",
        to: "recovering",
        reason: "transport-closed",
      }),
    );
  });

  it("syncs and configures again when the port returns, and ends ready", async () => {
    await dropOnCpin();
    await h.untilState("ready", 60_000);
    const after = h.changes.slice(h.changes.findIndex((c) => c.reason === "transport-closed"));
    expect(after.map((c) => c.to)).toEqual([
      "recovering",
      "syncing",
      "configuring",
      "registering",
      "ready",
    ]);
  });
});
