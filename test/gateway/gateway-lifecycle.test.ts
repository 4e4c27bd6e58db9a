import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/** A gateway built from a config alone (`sim://SIM7600`), not started yet. */
function build(): Promise<GatewayTest> {
  return startGatewayTest({
    config: { modem: { port: "sim://SIM7600" }, mqtt: { clientId: "gw-life" } },
    simulatorFromConfig: true,
    observe: ["smsgw/bridge/state"],
    start: false,
  });
}

describe("the gateway built from a config", () => {
  it("brings the modem to ready and the bridge online, with only a config", async () => {
    const t = await build();
    const g = t.gateway;
    await g.start();
    await g.modem.whenReady();
    await t.client.waitForTopic("smsgw/bridge/state", (j) => j.state === "online");
    expect([g.modem.state, g.bridge.connected, g.simulator?.profile.name]).toEqual([
      "ready",
      true,
      "SIM7600",
    ]);
  });

  it("creates the store directory", async () => {
    const t = await build();
    await t.gateway.start();
    expect(await readdir(t.dir)).toContain("store");
  });

  it("publishes offline when stopped and may be stopped twice", async () => {
    const t = await build();
    const g = t.gateway;
    await g.start();
    await t.client.waitForTopic("smsgw/bridge/state", (j) => j.state === "online");
    await Promise.all([g.stop(), g.stop()]);
    await t.client.waitForTopic("smsgw/bridge/state", (j) => j.state === "offline");
    expect(() => g.service).toThrow("the gateway is not started");
  });

  it("sends a message queued before the broker was reachable", async () => {
    const t = await build();
    const g = t.gateway;
    await t.stopBroker();
    await g.start();
    await g.modem.whenReady();
    await g.service.send({ to: "+491701234567", text: "no broker needed" });
    await expect.poll(() => g.simulator?.sent.map((s) => s.text)).toEqual(["no broker needed"]);
  });
});
