import { describe, expect, it } from "vitest";
import { modemAvailable, modemPayload } from "../../src/mqtt/modem-payload.js";
import { maskImei, receivedPayload, statusPayload } from "../../src/mqtt/payloads.js";
import type { ModemView } from "../../src/mqtt/ports.js";

describe("published payloads", () => {
  it("a status event carries the lifecycle fields and the time of the change", () => {
    expect(
      statusPayload({
        id: "m1",
        to: "+491701234567",
        text: "secret text is not in status events",
        status: "failed",
        parts: 2,
        partsSent: 1,
        encoding: "gsm7",
        priority: "normal",
        createdAt: "2025-01-01T00:00:00.000Z",
        updatedAt: "2025-01-01T00:00:05.000Z",
        error: { code: "sms.rejected", message: "network failure", cms: 38 },
      }),
    ).toEqual({
      id: "m1",
      to: "+491701234567",
      status: "failed",
      parts: 2,
      partsSent: 1,
      error: { code: "sms.rejected", message: "network failure", cms: 38 },
      at: "2025-01-01T00:00:05.000Z",
    });
  });

  it("a received SMS names the missing parts of an incomplete message", () => {
    const p = receivedPayload({
      id: "i1",
      from: "+441234567890",
      text: "part one…",
      receivedAt: "2025-01-01T00:00:00.000Z",
      smsc: "+447785016005",
      parts: 3,
      complete: false,
      missingParts: [2],
      encoding: "ucs2",
      class: null,
    });
    expect([p.complete, p.missingParts]).toEqual([false, [2]]);
  });

  it("an IMEI keeps only its last four digits", () => {
    expect([maskImei("356938035643809"), maskImei(undefined)]).toEqual(["***********3809", null]);
  });

  it("the modem state says null for what the modem has not told yet", () => {
    const view = { state: "registering", on: () => view, off: () => view } as ModemView;
    expect(modemPayload(view, new Date("2025-01-01T00:00:00Z"))).toEqual({
      state: "registering",
      available: false,
      reason: null,
      operator: null,
      registration: null,
      accessTechnology: null,
      signal: null,
      sim: null,
      smsc: null,
      storage: null,
      manufacturer: null,
      model: null,
      updatedAt: "2025-01-01T00:00:00.000Z",
    });
  });

  it("the modem state says why the modem is in it", () => {
    const view = {
      state: "failed",
      reason: "no-port",
      on: () => view,
      off: () => view,
    } as ModemView;
    expect(modemPayload(view)).toMatchObject({ state: "failed", reason: "no-port" });
  });

  it("the modem state takes operator, technology, signal and storage from the modem info", () => {
    const view = {
      state: "ready",
      info: {
        operator: { name: "Telekom.de", mcc: "262", mnc: "01" },
        act: { code: 7, name: "LTE", generation: "4G" as const },
        signal: { rssi: 20, dbm: -73, percent: 65 },
        storage: { memory: "SM", used: 3, total: 30 },
        registration: "home" as const,
      },
      on: () => view,
      off: () => view,
    } as ModemView;
    expect(modemPayload(view)).toMatchObject({
      operator: "Telekom.de",
      accessTechnology: "LTE",
      signal: { rssi: 20, dbm: -73, percent: 65 },
      storage: { used: 3, total: 30 },
      registration: "home",
    });
  });

  it("the modem's readings are available while it is ready or degraded, in no other state", () => {
    const states = ["ready", "degraded", "registering", "recovering", "failed", "off", "no-port"];
    expect(states.filter(modemAvailable)).toEqual(["ready", "degraded"]);
  });

  it("the modem state says whether its readings are current", () => {
    const at = (state: string) => {
      const view = { state, on: () => view, off: () => view } as ModemView;
      return modemPayload(view).available;
    };
    expect([at("ready"), at("failed")]).toEqual([true, false]);
  });
});
