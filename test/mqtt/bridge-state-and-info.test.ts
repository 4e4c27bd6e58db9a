import { connectAsync } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { TestClient } from "./support/client.js";

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe("bridge state and info", () => {
  it("bridge/state is online and retained once connected", async () => {
    h = await startGatewayTest();
    const late = await TestClient.connect(h.url, ["smsgw/bridge/state"]);
    const m = await late.waitForTopic("smsgw/bridge/state");
    await late.close();
    expect([m.json, m.retain]).toEqual([{ state: "online" }, true]);
  });

  it("bridge/state says offline after a graceful stop, and since when", async () => {
    h = await startGatewayTest();
    const before = Date.now();
    await h.gateway.stop();
    const late = await TestClient.connect(h.url, ["smsgw/bridge/state"]);
    const m = await late.waitForTopic("smsgw/bridge/state");
    await late.close();
    const json = m.json as { state: string; since: string };
    expect([json.state, Date.parse(json.since) >= before, m.retain]).toEqual([
      "offline",
      true,
      true,
    ]);
  });

  it("the last will says offline when the connection dies", async () => {
    h = await startGatewayTest();
    // A client with the same id takes the session over: the broker drops the gateway's
    // connection without a DISCONNECT, so it publishes the will.
    const hh = h;
    const offline = hh.client.waitForTopic("smsgw/bridge/state", (j) => j.state === "offline");
    const usurper = await connectAsync(hh.url, {
      clientId: hh.config.mqtt.clientId,
      reconnectPeriod: 0,
    });
    await offline;
    await usurper.endAsync(true);
    expect(hh.client.jsonOn("smsgw/bridge/state").at(-1)).toEqual({ state: "offline" });
  });

  it("bridge/info has the version, the modem with its IMEI masked and no secrets", async () => {
    h = await startGatewayTest({
      config: { modem: { pin: "1234" }, mqtt: { password: "hunter2", username: "gw" } },
    });
    const m = await h.client.waitForTopic(
      "smsgw/bridge/info",
      (j) => (j.modem as { imei: unknown }).imei !== null,
    );
    const info = m.json as {
      version: string;
      modem: { imei: string; model: string };
      config: unknown;
    };
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.modem.imei).toMatch(/^\*+\d{4}$/);
    expect([m.text.includes("hunter2"), m.text.includes('"1234"')]).toEqual([false, false]);
  });

  it("<base>/modem is retained with the modem's state, operator and signal", async () => {
    h = await startGatewayTest();
    const m = await h.client.waitForTopic(
      "smsgw/modem",
      (j) => j.state === "ready" && j.operator !== null,
    );
    expect([m.retain || h.client.on("smsgw/modem").length > 0, m.json]).toMatchObject([
      true,
      { state: "ready", signal: { dbm: expect.any(Number) }, registration: "home" },
    ]);
  });
});
