import { describe, expect, it } from "vitest";
import { type DiscoveryInput, discoveryMessages } from "../../src/mqtt/homeassistant/discovery.js";
import { startGatewayTest } from "../support/gateway.js";

/** The `balance` field of a `<base>/modem` message. */
const balanceOf = (m: { json: unknown }) => (m.json as { balance?: unknown }).balance;

const input: DiscoveryInput = {
  baseTopic: "smsgw",
  discoveryPrefix: "homeassistant",
  version: "1.2.3",
  contacts: [],
  modemIntervalSeconds: 60,
};
const find = (i: DiscoveryInput, topic: string) =>
  discoveryMessages(i).find((m) => m.topic === topic)?.payload;

describe("Home Assistant entities for the SIM's balance", () => {
  it("a monetary sensor in the configured currency, read from <base>/modem", () => {
    const sensor = find(
      { ...input, balance: { currency: "EUR" } },
      "homeassistant/sensor/smsgw_smsgw/balance/config",
    );
    expect(sensor).toMatchObject({
      device_class: "monetary",
      unit_of_measurement: "EUR",
      state_topic: "smsgw/modem",
      value_template: "{{ value_json.balance.amount if value_json.balance else none }}",
    });
  });

  it("a button that publishes {} on bridge/request/balance/check", () => {
    const button = find(
      { ...input, balance: { currency: undefined } },
      "homeassistant/button/smsgw_smsgw/check_balance/config",
    );
    expect(button).toMatchObject({
      command_topic: "smsgw/bridge/request/balance/check",
      payload_press: "{}",
    });
  });

  it("neither without balance in the config", () => {
    const ids = discoveryMessages(input).map((m) => m.topic);
    expect(ids.filter((t) => t.includes("balance"))).toEqual([]);
  });

  it("pressing the button (its payload on its topic) checks the balance", async () => {
    const h = await startGatewayTest({
      config: { balance: { code: "*100#" }, mqtt: { homeassistant: { enabled: true } } },
    });
    const published = h.client.waitForTopic(
      "smsgw/modem",
      (j) => (j.balance as { amount?: number } | null)?.amount === 12.34,
    );
    await h.client.publish("smsgw/bridge/request/balance/check", "{}");
    expect(balanceOf(await published)).toMatchObject({ amount: 12.34 });
  });
});

describe("Home Assistant entities for incoming calls", () => {
  it("an event entity per call on <base>/call at QoS 1", () => {
    const event = find(
      { ...input, calls: true },
      "homeassistant/event/smsgw_smsgw/incoming_call/config",
    );
    expect(event).toMatchObject({ state_topic: "smsgw/call", qos: 1, event_types: ["call"] });
  });

  it("a missed-call counter read from <base>/modem", () => {
    const sensor = find(
      { ...input, calls: true },
      "homeassistant/sensor/smsgw_smsgw/missed_calls/config",
    );
    expect(sensor).toMatchObject({
      state_topic: "smsgw/modem",
      value_template: "{{ value_json.missedCalls }}",
      state_class: "total_increasing",
    });
  });
});
