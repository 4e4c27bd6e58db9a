import { afterEach, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { TestClient } from "./support/client.js";

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const contacts = [{ name: "Alice", number: "+491701234567" }];
const isDiscovery = (t: string) => t.startsWith("homeassistant/") && t.endsWith("/config");

describe("Home Assistant discovery on the broker", () => {
  it("is published retained after connecting", async () => {
    h = await startGatewayTest({ config: { contacts } });
    const m = await h.client.waitForTopic("homeassistant/notify/smsgw_smsgw/sms_alice/config");
    expect(m.json).toMatchObject({ command_topic: "smsgw/send/00491701234567" });
  });

  it("is published again when Home Assistant says it is online", async () => {
    h = await startGatewayTest({ config: { contacts } });
    const hh = h;
    const first = await hh.client.waitForCount((m) => isDiscovery(m.topic), 10);
    await hh.client.publish("homeassistant/status", "online");
    await hh.client.waitForCount((m) => isDiscovery(m.topic), first.length * 2);
    expect(hh.client.messages.filter((m) => isDiscovery(m.topic)).length).toBe(first.length * 2);
  });

  it("a notify entity's message is sent as an SMS to the contact", async () => {
    h = await startGatewayTest({ config: { contacts } });
    const hh = h;
    await hh.client.publish("smsgw/send/00491701234567", "Washing machine done");
    await expect
      .poll(() => hh.sim.sent.find((s) => s.text === "Washing machine done")?.to)
      .toBe("+491701234567");
  });

  it("is not published when turned off", async () => {
    h = await startGatewayTest({ config: { mqtt: { homeassistant: { enabled: false } } } });
    await h.client.waitForTopic("smsgw/bridge/info");
    expect(h.client.messages.filter((m) => isDiscovery(m.topic))).toEqual([]);
  });
});

const config = (t: string) => `homeassistant/${t}/config`;
/** A config as an earlier smsgw run published it (the id `sms_j_rg` was "Jörg" before). */
const earlier = JSON.stringify({
  name: "SMS Jörg",
  command_topic: "smsgw/send/00491701111111",
  unique_id: "smsgw_smsgw_sms_j_rg",
  origin: { name: "smsgw", sw_version: "0.9.0" },
});

describe("Home Assistant discovery keeps the device stable", () => {
  it("publishes the same device block after Home Assistant restarts as before", async () => {
    h = await startGatewayTest({ config: { contacts } });
    const hh = h;
    const topic = config("sensor/smsgw_smsgw/operator");
    const [first] = await hh.client.waitForCount((m) => m.topic === topic, 1);
    await hh.client.publish("homeassistant/status", "online");
    const [, again] = await hh.client.waitForCount((m) => m.topic === topic, 2);
    const device = (json: unknown) => (json as { device?: unknown } | undefined)?.device;
    expect(device(again?.json)).toEqual(device(first?.json));
  });
});

describe("Home Assistant discovery removes what it no longer publishes", () => {
  it("clears the config of an entity an earlier run published and this one does not", async () => {
    h = await startGatewayTest({
      start: false,
      config: {
        contacts: [
          { name: "Jörg", number: "+491701111111" },
          { name: "Jürg", number: "+491702222222" },
        ],
      },
    });
    await h.client.publish(config("notify/smsgw_smsgw/sms_j_rg"), earlier, { retain: true });
    await h.startGateway();
    const cleared = await h.client.waitFor(
      (m) => m.topic === config("notify/smsgw_smsgw/sms_j_rg") && m.text === "",
    );
    expect(cleared.text).toBe("");
  });

  it("leaves the broker without the stale config and with the current ones", async () => {
    h = await startGatewayTest({ start: false, config: { contacts } });
    await h.client.publish(config("notify/smsgw_smsgw/sms_bob"), earlier, { retain: true });
    await h.startGateway();
    const hh = h;
    await hh.client.waitFor(
      (m) => m.topic === config("notify/smsgw_smsgw/sms_bob") && m.text === "",
    );
    const stale = config("notify/smsgw_smsgw/sms_bob");
    const published = (m: { topic: string; text: string }) =>
      isDiscovery(m.topic) && m.text !== "" && m.topic !== stale;
    const current = await hh.client.waitForCount(published, 11);
    const fresh = await TestClient.connect(hh.url, ["homeassistant/#"]);
    try {
      await fresh.waitForCount((m) => isDiscovery(m.topic), 11);
      expect(fresh.messages.map((m) => m.topic).sort()).toEqual(current.map((m) => m.topic).sort());
    } finally {
      await fresh.close();
    }
  });

  it("leaves configs under its node id that smsgw did not publish", async () => {
    h = await startGatewayTest({ start: false, config: { contacts } });
    const foreign = JSON.stringify({ name: "Hand-made", state_topic: "x", origin: { name: "me" } });
    await h.client.publish(config("sensor/smsgw_smsgw/mine"), foreign, { retain: true });
    await h.client.publish(config("notify/smsgw_smsgw/sms_bob"), earlier, { retain: true });
    await h.startGateway();
    const hh = h;
    await hh.client.waitFor(
      (m) => m.topic === config("notify/smsgw_smsgw/sms_bob") && m.text === "",
    );
    const fresh = await TestClient.connect(hh.url, [config("sensor/smsgw_smsgw/mine")]);
    try {
      expect((await fresh.waitForTopic(config("sensor/smsgw_smsgw/mine"))).text).toBe(foreign);
    } finally {
      await fresh.close();
    }
  });

  it("clears what an earlier run published when discovery is turned off", async () => {
    h = await startGatewayTest({
      start: false,
      config: { contacts, mqtt: { homeassistant: { enabled: false } } },
    });
    await h.client.publish(config("notify/smsgw_smsgw/sms_alice"), earlier, { retain: true });
    await h.startGateway();
    const cleared = await h.client.waitFor(
      (m) => m.topic === config("notify/smsgw_smsgw/sms_alice") && m.text === "",
    );
    expect(cleared.text).toBe("");
  });
});

describe("the modem topic for Home Assistant", () => {
  it("says the modem's readings are available once it is ready", async () => {
    h = await startGatewayTest();
    const m = await h.client.waitForTopic("smsgw/modem", (j) => j.state === "ready");
    expect(m.json).toMatchObject({ state: "ready", available: true });
  });
});
