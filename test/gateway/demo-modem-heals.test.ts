import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { SimulatedModem } from "../../src/simulator/index.js";

/**
 * The gateway as `smsgw demo` builds it (a simulator handed in, default modem timings), on fake
 * time. No broker is listening: the modem side does not need one.
 */
let gateway: Gateway | undefined;
let sim: SimulatedModem | undefined;
let dir: string | undefined;

afterEach(async () => {
  await gateway?.stop();
  await sim?.close();
  vi.useRealTimers();
  if (dir) await rm(dir, { recursive: true, force: true });
  gateway = sim = dir = undefined;
});

async function demoGateway(): Promise<Gateway> {
  dir = await mkdtemp(join(tmpdir(), "smsgw-demo-heal-"));
  const { config } = await parseConfig(
    {
      modem: { port: "sim://SIM7600" },
      mqtt: { url: "mqtt://127.0.0.1:1", clientId: "demo-heal" },
      store: { dir },
    },
    { env: {} },
  );
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  sim = new SimulatedModem({ profile: "SIM7600", timing: "instant" });
  gateway = new Gateway({ config, simulator: sim });
  await gateway.start();
  await until(() => gateway?.modem.state === "ready", 60_000);
  return gateway;
}

async function until(pred: () => boolean, maxMs: number): Promise<void> {
  for (let t = 0; t <= maxMs && !pred(); t += 250) await vi.advanceTimersByTimeAsync(250);
}

describe("the demo's simulated modem", () => {
  it("is healed from a hang by the recovery ladder's power cycle (PWRKEY)", async () => {
    const g = await demoGateway();
    sim?.hang(true);
    await until(() => g.modem.state === "recovering", 120_000);
    await until(() => g.modem.state === "ready", 300_000);
    expect([g.modem.state, sim?.hung, g.modem.stats.resets["power-cycle"]]).toEqual([
      "ready",
      false,
      1,
    ]);
  });
});
