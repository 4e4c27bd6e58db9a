import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import type { Gateway } from "../../src/gateway/index.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../src/mqtt/embedded-broker.js";
import { TestClient } from "../mqtt/support/client.js";

const MISSING = "/dev/ttyDOES-NOT-EXIST";

/** What the gateway logged: every module's logger writes here. */
const logged: Array<{ level: number; msg: string; [k: string]: unknown }> = vi.hoisted(() => []);
vi.mock("../../src/log.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/log.js")>();
  const { pino } = await import("pino");
  const root = pino({ level: "info" }, { write: (l: string) => logged.push(JSON.parse(l)) });
  return { ...real, createLogger: (ns: string) => root.child({ ns }) };
});
let GatewayClass: typeof Gateway;

beforeAll(async () => {
  ({ Gateway: GatewayClass } = await import("../../src/gateway/index.js"));
});

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
  logged.length = 0;
});

async function build(): Promise<Gateway> {
  broker = await startEmbeddedBroker({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), "smsgw-noport-"));
  const { config } = await parseConfig(
    {
      modem: { port: MISSING },
      mqtt: { url: broker.url, clientId: "gw-noport" },
      store: { dir: join(dir, "store") },
    },
    { env: {} },
  );
  client = await TestClient.connect(broker.url, ["smsgw/#", "test/#"]);
  gateway = new GatewayClass({ config });
  return gateway;
}

describe("a gateway whose modem port does not exist", () => {
  it("starts", async () => {
    const g = await build();
    await expect(g.start()).resolves.toBeUndefined();
  });

  it("brings the MQTT bridge online all the same", async () => {
    const g = await build();
    await g.start();
    const m = await client?.waitForTopic("smsgw/bridge/state", (j) => j.state === "online");
    expect(m?.json).toMatchObject({ state: "online" });
  });

  it("reports the modem as failed/no-port on <base>/modem", async () => {
    const g = await build();
    await g.start();
    const m = await client?.waitForTopic("smsgw/modem", (j) => j.state === "failed");
    expect(m?.json).toMatchObject({ state: "failed", reason: "no-port" });
  });

  it("logs an error that names the port and says how to fix it", async () => {
    const g = await build();
    await g.start();
    const error = logged.find((l) => l.level >= 50);
    expect(error).toMatchObject({
      port: MISSING,
      reason: "no-port",
      command: "ls -l /dev/serial0 /dev/serial/by-id/",
    });
    expect(error?.msg).toContain("/dev/serial/by-id/");
  });
});

describe("a stop requested while the gateway is starting", () => {
  it("resolves, and so does the start", async () => {
    const g = await build();
    const starting = g.start();
    await expect(Promise.all([g.stop(), starting])).resolves.toEqual([undefined, undefined]);
  });

  it("leaves nothing published by the gateway", async () => {
    const g = await build();
    const starting = g.start();
    await g.stop();
    await starting;
    // A round trip through the broker after the stop, then a moment for anything late.
    await client?.publish("test/marker", "after-stop");
    await client?.waitForTopic("test/marker");
    await new Promise((r) => setTimeout(r, 300));
    expect(client?.on("smsgw/bridge/state").map((m) => m.json)).toEqual([]);
  });

  it("leaves the gateway stopped", async () => {
    const g = await build();
    const starting = g.start();
    await g.stop();
    await starting;
    expect(() => g.modem).toThrow("the gateway is not started");
  });
});
