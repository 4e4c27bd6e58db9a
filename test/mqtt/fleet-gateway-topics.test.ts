import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * A gateway in fleet mode against the in-process broker (aedes has no shared subscriptions, so
 * the fleet's shared send is a system test): its own topics under `<base>/<gatewayId>`, its
 * member announcement, and statuses that name the gateway.
 */

let h: GatewayTest;

beforeAll(async () => {
  h = await startGatewayTest({
    config: {
      mqtt: { fleet: { enabled: true, gatewayId: "pi-7" }, homeassistant: { enabled: false } },
    },
  });
});

afterAll(async () => {
  await h?.dispose();
});

describe("a gateway in fleet mode", () => {
  it("publishes its bridge state under <base>/<gatewayId>", async () => {
    const m = await h.client.waitForTopic("smsgw/pi-7/bridge/state", (j) => j.state === "online");
    expect(m.json).toEqual({ state: "online" });
  });

  it("announces itself as a fleet member with its fleet session's client id", async () => {
    const m = await h.client.waitForTopic("smsgw/fleet/members/pi-7", (j) => j.state === "online");
    expect(m.json).toEqual({
      gatewayId: "pi-7",
      state: "online",
      clientId: `${h.config.mqtt.clientId}-fleet`,
    });
  });

  it("publishes nothing on the flat layout's topics", async () => {
    await h.client.waitForTopic("smsgw/pi-7/modem");
    expect(h.client.on("smsgw/bridge/state")).toEqual([]);
    expect(h.client.on("smsgw/modem")).toEqual([]);
  });

  it("takes its own send requests and names itself in every status", async () => {
    await h.client.publish(
      "smsgw/pi-7/send",
      JSON.stringify({ to: "+491701234567", text: "own topic", id: "own-1" }),
    );
    const sent = await h.client.waitForTopic("smsgw/pi-7/status/own-1", (j) => j.status === "sent");
    expect(sent.json).toMatchObject({ id: "own-1", status: "sent", gateway: "pi-7" });
    expect(h.sim.sent.map((s) => s.text)).toContain("own topic");
  });

  it("answers its own requests on its own response topic", async () => {
    await h.client.publish("smsgw/pi-7/bridge/request/health", "");
    const r = await h.client.waitForTopic("smsgw/pi-7/bridge/response/health");
    expect(r.json).toMatchObject({ status: "ok", data: { healthy: true } });
  });

  it("says offline as a fleet member when stopped", async () => {
    const offline = h.client.waitForTopic("smsgw/fleet/members/pi-7", (j) => j.state === "offline");
    await h.gateway.stop();
    expect((await offline).json).toMatchObject({ gatewayId: "pi-7", state: "offline" });
  });
});

describe("Home Assistant discovery of a gateway in fleet mode", () => {
  let ha: GatewayTest;

  beforeAll(async () => {
    ha = await startGatewayTest({
      config: { mqtt: { fleet: { enabled: true, gatewayId: "pi-8" } } },
    });
  });

  afterAll(async () => {
    await ha?.dispose();
  });

  it("points the entities' availability at the gateway's own bridge state", async () => {
    const m = await ha.client.waitFor(
      (x) => x.topic.startsWith("homeassistant/") && x.topic.endsWith("/config"),
      10_000,
      "a discovery config",
    );
    expect(JSON.stringify(m.json)).toContain("smsgw/pi-8/bridge/state");
  });

  it("names the device after the gateway id, without the topic path", async () => {
    const m = await ha.client.waitForTopic("homeassistant/sensor/smsgw_smsgw_pi-8/signal/config");
    expect(m.json).toMatchObject({ device: { name: "SMS gateway pi-8" } });
  });
});
