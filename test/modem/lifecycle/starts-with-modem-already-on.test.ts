import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("a modem that is already on at start", () => {
  it("becomes ready without a PWRKEY pulse", async () => {
    h = await harness({ power: true });
    await h.modem.start();
    await h.untilState("ready", 30_000);
    expect(h.pwrkey?.pulses()).toEqual([]);
  });

  it("goes off → syncing → configuring → registering → ready", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready", 30_000);
    expect(h.changes.map((c) => c.to)).toEqual(["syncing", "configuring", "registering", "ready"]);
  });

  it("configures echo off, numeric errors, PDU mode and new-message indications", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready", 30_000);
    expect(h.sim.settings.echo).toBe(false);
    expect(h.sim.settings.cmee).toBe(1);
    expect(h.sim.settings.cmgf).toBe(0);
    expect(h.sim.settings.cnmi.mt).toBe(1);
  });

  it("fills in identity, operator, signal and storage", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready", 30_000);
    expect(h.modem.info).toMatchObject({
      profile: "sim800",
      model: "SIMCOM_SIM800",
      imei: "861234567890128",
      sim: "ready",
      registration: "home",
      operator: { name: "Telekom.de", mcc: "262", mnc: "01" },
      signal: { rssi: 20, dbm: -73 },
      smsc: "+491710760000",
      deliveryReports: "cds",
    });
  });
});
