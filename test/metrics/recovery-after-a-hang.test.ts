import { setTimeout as realSleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { parseExposition, type Samples, sample } from "./support/scrape.js";

/**
 * The real gateway on fake time: the simulated module hangs, the health check notices, the
 * ladder heals it. The metrics show the way down and the steps taken.
 */

const modemTiming = {
  healthIntervalMs: 1000,
  probeMs: 500,
  recoverBaseMs: 100,
  recoverMaxMs: 1000,
  regPollMs: 200,
  regPollLimit: 3,
  regPollSlowMs: 1000,
  signalIntervalMs: 1000,
};

let h: GatewayTest | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.dispose();
  h = undefined;
});

/** Advances fake time in small steps, with a real millisecond for the sockets and files. */
async function until(pred: () => boolean, maxMs: number, what: string): Promise<void> {
  for (let t = 0; t <= maxMs; t += 10) {
    if (pred()) return;
    await vi.advanceTimersByTimeAsync(10);
    await realSleep(1);
  }
  throw new Error(`${what} not reached in ${maxMs} ms`);
}

async function gateway(): Promise<GatewayTest> {
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  const t = await startGatewayTest({
    start: false,
    modemTiming,
    config: { metrics: { enabled: true, listen: "127.0.0.1:0" } },
  });
  h = t;
  let done = false;
  t.startGateway().then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await until(() => done, 120_000, "gateway started");
  return t;
}

const scrape = async (t: GatewayTest): Promise<Samples> =>
  parseExposition((await t.gateway.metrics?.render())?.body ?? "");

describe("metrics of a modem that hangs and is healed", () => {
  it("show the modem down and recovering while it does not answer", async () => {
    const t = await gateway();
    t.sim.hang(true);
    await until(() => t.gateway.modem.state === "recovering", 60_000, "recovering");
    const s = await scrape(t);
    expect([
      sample(s, "smsgw_modem_up"),
      sample(s, "smsgw_modem_state", { state: "recovering" }),
      sample(s, "smsgw_modem_state", { state: "ready" }),
    ]).toEqual([0, 1, 0]);
  });

  it("count AT commands that timed out", async () => {
    const t = await gateway();
    t.sim.hang(true);
    await until(() => t.gateway.modem.state === "recovering", 60_000, "recovering");
    expect(
      sample(await scrape(t), "smsgw_modem_at_commands_total", { result: "timeout" }),
    ).toBeGreaterThan(0);
  });

  it("count each step of the healing ladder it took, and show it up again", async () => {
    const t = await gateway();
    t.sim.hang(true);
    await until(() => t.gateway.modem.state === "recovering", 60_000, "recovering");
    await until(() => t.gateway.modem.state === "ready", 300_000, "healed");
    const s = await scrape(t);
    const steps = ["retry", "resync", "cfun-reset", "power-cycle", "reopen"].map((step) =>
      sample(s, "smsgw_modem_recoveries_total", { step }),
    );
    expect(steps).toEqual([1, 1, 1, 1, 0]);
    expect(sample(s, "smsgw_modem_up")).toBe(1);
  });
});
