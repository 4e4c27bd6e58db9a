import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./support/harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const contacts = [{ name: "Alice", number: "+491701234567" }];
const isDiscovery = (t: string) => t.startsWith("homeassistant/") && t.endsWith("/config");

describe("Home Assistant discovery on the broker", () => {
  it("is published retained after connecting", async () => {
    h = await startHarness({ config: { contacts } });
    const m = await h.client.waitForTopic("homeassistant/notify/smsgw_smsgw/sms_alice/config");
    expect(m.json).toMatchObject({ command_topic: "smsgw/send/00491701234567" });
  });

  it("is published again when Home Assistant says it is online", async () => {
    h = await startHarness({ config: { contacts } });
    const hh = h;
    const first = await hh.client.waitForCount((m) => isDiscovery(m.topic), 10);
    await hh.client.publish("homeassistant/status", "online");
    await hh.client.waitForCount((m) => isDiscovery(m.topic), first.length * 2);
    expect(hh.client.messages.filter((m) => isDiscovery(m.topic)).length).toBe(first.length * 2);
  });

  it("a notify entity's message is sent as an SMS to the contact", async () => {
    h = await startHarness({ config: { contacts } });
    const hh = h;
    await hh.client.publish("smsgw/send/00491701234567", "Washing machine done");
    await expect
      .poll(() => hh.sim.sent.find((s) => s.text === "Washing machine done")?.to)
      .toBe("+491701234567");
  });

  it("is not published when turned off", async () => {
    h = await startHarness({ config: { mqtt: { homeassistant: { enabled: false } } } });
    await h.client.waitForTopic("smsgw/bridge/info");
    expect(h.client.messages.filter((m) => isDiscovery(m.topic))).toEqual([]);
  });
});

const config = (t: string) => `homeassistant/${t}/config`;
describe("Home Assistant discovery keeps the device stable", () => {
  it("publishes the same device block after Home Assistant restarts as before", async () => {
    h = await startHarness({ config: { contacts } });
    const hh = h;
    const topic = config("sensor/smsgw_smsgw/operator");
    const [first] = await hh.client.waitForCount((m) => m.topic === topic, 1);
    await hh.client.publish("homeassistant/status", "online");
    const [, again] = await hh.client.waitForCount((m) => m.topic === topic, 2);
    const device = (json: unknown) => (json as { device?: unknown } | undefined)?.device;
    expect(device(again?.json)).toEqual(device(first?.json));
  });
});

describe("the modem topic for Home Assistant", () => {
  it("says the modem's readings are available once it is ready", async () => {
    h = await startHarness();
    const m = await h.client.waitForTopic("smsgw/modem", (j) => j.state === "ready");
    expect(m.json).toMatchObject({ state: "ready", available: true });
  });
});
