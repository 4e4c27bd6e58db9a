import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../src/mqtt/embedded-broker.js";
import { TestClient } from "../mqtt/support/client.js";

let broker: EmbeddedBroker | undefined;
let gateway: Gateway | undefined;
let client: TestClient | undefined;
let dir: string | undefined;

afterEach(async () => {
  await gateway?.stop();
  await client?.close();
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  gateway = client = broker = dir = undefined;
});

async function build(): Promise<Gateway> {
  broker = await startEmbeddedBroker({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), "smsgw-gw-"));
  const { config } = await parseConfig(
    {
      modem: { port: "sim://SIM7600" },
      mqtt: { url: broker.url, clientId: "gw-life" },
      store: { dir: join(dir, "store") },
    },
    { env: {} },
  );
  client = await TestClient.connect(broker.url, ["smsgw/bridge/state"]);
  gateway = new Gateway({ config });
  return gateway;
}

describe("the gateway built from a config", () => {
  it("brings the modem to ready and the bridge online, with only a config", async () => {
    const g = await build();
    await g.start();
    await g.modem.whenReady();
    await client?.waitForTopic("smsgw/bridge/state", (j) => j.state === "online");
    expect([g.modem.state, g.bridge.connected, g.simulator?.profile.name]).toEqual([
      "ready",
      true,
      "SIM7600",
    ]);
  });

  it("creates the store directory", async () => {
    const g = await build();
    await g.start();
    expect(await readdir(join(dir as string))).toContain("store");
  });

  it("publishes offline when stopped and may be stopped twice", async () => {
    const g = await build();
    await g.start();
    await client?.waitForTopic("smsgw/bridge/state", (j) => j.state === "online");
    await Promise.all([g.stop(), g.stop()]);
    await client?.waitForTopic("smsgw/bridge/state", (j) => j.state === "offline");
    expect(() => g.service).toThrow("the gateway is not started");
  });

  it("sends a message queued before the broker was reachable", async () => {
    const g = await build();
    await broker?.close();
    broker = undefined;
    await g.start();
    await g.modem.whenReady();
    await g.service.send({ to: "+491701234567", text: "no broker needed" });
    await expect.poll(() => g.simulator?.sent.map((s) => s.text)).toEqual(["no broker needed"]);
  });
});
