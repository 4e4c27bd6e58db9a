import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, connectAsync } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/**
 * The attack (fleet mode): a retained, forged `<base>/fleet/members/evil` naming another
 * client's id as offline made the gateway connect as that client (`clean: false`) and consume
 * what was queued for it. A gateway now adopts only members listed in `mqtt.fleet.members`, with
 * the client id listed there.
 */

let broker: Mosquitto;
let sim: SimulatedModem;
let gateway: Gateway;
let observer: TestClient;
let dir: string;

const VICTIM = { clientId: "victim-ha", clean: false, reconnectPeriod: 0 };

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-sec-fleet-"));
  // The victim: a persistent session with a subscription and three queued messages.
  const victim = await connectAsync(broker.url, VICTIM);
  await victim.subscribeAsync("victim/#", { qos: 1 });
  await victim.endAsync();
  const pub = await connectAsync(broker.url, { clientId: "sec-fleet-pub" });
  for (const n of [1, 2, 3]) await pub.publishAsync("victim/inbox", `control-${n}`, { qos: 1 });
  // The forgeries: an unlisted member naming the victim, and a listed one with a wrong client id.
  await pub.publishAsync(
    "smsgw/fleet/members/evil",
    JSON.stringify({ gatewayId: "evil", state: "offline", clientId: "victim-ha" }),
    { qos: 1, retain: true },
  );
  await pub.publishAsync(
    "smsgw/fleet/members/gw-b",
    JSON.stringify({ gatewayId: "gw-b", state: "offline", clientId: "victim-ha" }),
    { qos: 1, retain: true },
  );
  // A real dead member, listed with its client id: its adoption shows the gateway at work.
  await pub.publishAsync(
    "smsgw/fleet/members/gw-c",
    JSON.stringify({ gatewayId: "gw-c", state: "offline", clientId: "smsgw-gw-c-fleet" }),
    { qos: 1, retain: true },
  );
  await pub.endAsync();

  sim = new SimulatedModem({ profile: "SIM7600", timing: "instant" });
  const { config } = await parseConfig(
    {
      mqtt: {
        url: broker.url,
        clientId: "smsgw-gw-a",
        reconnect: { minMs: 100, maxMs: 500 },
        homeassistant: { enabled: false },
        fleet: {
          enabled: true,
          gatewayId: "gw-a",
          members: [
            { gatewayId: "gw-a", clientId: "smsgw-gw-a" },
            { gatewayId: "gw-b", clientId: "smsgw-gw-b" },
            { gatewayId: "gw-c", clientId: "smsgw-gw-c" },
          ],
        },
      },
      store: { dir },
      sms: { deliveryReports: false, sweepIntervalSeconds: 0 },
    },
    { env: {} },
  );
  observer = await TestClient.connect(
    broker.url,
    ["smsgw/#", "smsgw/fleet/adopt/#"],
    "sec-fleet-observer",
  );
  gateway = new Gateway({ config, simulator: sim });
  await gateway.start();
  await gateway.bridge.whenConnected();
  await observer.waitForTopic("smsgw/fleet/members/gw-a", (j) => j.state === "online");
});

afterAll(async () => {
  await gateway?.stop();
  await observer?.close();
  await sim?.close();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("forged fleet member announcements", () => {
  it("do not make the gateway take over the named client's session: its messages wait for it", async () => {
    // The listed member's adoption publishes its end marker; by then the retained forgeries
    // have arrived too, and stop() waits for every adoption that was started.
    await observer.waitFor(
      (m) => m.topic.startsWith("smsgw/fleet/adopt/gw-a/gw-c/"),
      20_000,
      "the adoption of gw-c",
    );
    await gateway.stop();
    const got: string[] = [];
    // Listening before the connect: queued messages follow the CONNACK at once.
    const victim = connect(broker.url, VICTIM);
    victim.on("message", (_t, p) => got.push(p.toString()));
    await expect
      .poll(() => got, { timeout: 10_000 })
      .toEqual(["control-1", "control-2", "control-3"]);
    await victim.endAsync();
  });

  it("adopt no session of an unlisted member", () => {
    const adopted = observer.messages
      .filter((m) => m.topic.startsWith("smsgw/fleet/adopt/"))
      .map((m) => m.topic.split("/")[4]);
    expect(adopted).toEqual(["gw-c"]);
  });
});
