import { describe, expect, it } from "vitest";
import { ago, statusText } from "../../src/cli/status-text.js";
import type { GatewayStatus } from "../../src/mqtt/remote.js";

const NOW = Date.parse("2026-12-03T10:00:00.000Z");

const retained: GatewayStatus = {
  state: { state: "online" },
  info: {
    version: "0.1.0",
    startedAt: "2026-12-03T08:00:00.000Z",
    modem: { manufacturer: "SIMCOM", model: "SIM800", imei: "***********1234", profile: "sim800" },
    config: {},
  },
  modem: {
    state: "ready",
    available: true,
    reason: null,
    operator: "Telekom",
    registration: "home",
    accessTechnology: "GSM",
    signal: { rssi: 20, dbm: -73, percent: 65 },
    sim: "ready",
    smsc: "+491710760000",
    storage: { used: 1, total: 30 },
    manufacturer: "SIMCOM",
    model: "SIM800",
    updatedAt: "2026-12-03T09:55:00.000Z",
  },
  stats: { queued: 2, sent: 10, delivered: 8, failed: 1, received: 4, inboxPending: 0 },
};

const text = (s: GatewayStatus) => statusText(s, "mqtt://broker:1883", "smsgw", NOW);

describe("smsgw status's text", () => {
  it("shows an online gateway with its modem, network and messages", () => {
    expect(text(retained).split("\n")).toEqual([
      "gateway   online (smsgw 0.1.0, up since 2026-12-03T08:00:00.000Z)",
      "modem     SIMCOM SIM800, IMEI ***********1234",
      "state     ready",
      "network   Telekom (home, GSM), signal -73 dBm",
      "SIM       ready, SMSC +491710760000, storage 1/30",
      "messages  2 queued, 10 sent, 8 delivered, 1 failed, 4 received",
    ]);
  });

  it("says a stopped gateway is offline and since when", () => {
    const s = {
      ...retained,
      state: { state: "offline" as const, since: "2026-12-03T09:50:00.000Z" },
    };
    expect(text(s).split("\n")[0]).toBe(
      "gateway   OFFLINE since 2026-12-03T09:50:00.000Z (10 min ago; it was stopped)",
    );
  });

  it("shows none of a stopped gateway's last figures as current", () => {
    const s = {
      ...retained,
      state: { state: "offline" as const, since: "2026-12-03T09:50:00.000Z" },
    };
    expect(text(s).split("\n").slice(1)).toEqual([
      "last run  smsgw 0.1.0, started 2026-12-03T08:00:00.000Z",
      "          (its modem, network and message figures are not shown: they are out of date)",
    ]);
  });

  it("says when a gateway whose connection was lost was last heard from", () => {
    const s = { ...retained, state: { state: "offline" as const } };
    expect(text(s).split("\n")[0]).toBe(
      "gateway   OFFLINE: its connection to the broker was lost; last heard 2026-12-03T09:55:00.000Z (5 min ago)",
    );
  });

  it("says when no gateway ever published there", () => {
    const none = { state: null, info: null, modem: null, stats: null };
    expect(text(none)).toBe(
      "gateway   none: nothing published on smsgw/bridge/state at mqtt://broker:1883",
    );
  });
});

describe("how long ago", () => {
  it("counts seconds up to two minutes", () => {
    expect(ago("2026-12-03T09:58:01.000Z", NOW)).toBe("119 s ago");
  });

  it("counts minutes up to two hours, hours up to two days, then days", () => {
    expect([
      ago("2026-12-03T08:01:00.000Z", NOW),
      ago("2026-12-02T00:00:00.000Z", NOW),
      ago("2026-11-20T10:00:00.000Z", NOW),
    ]).toEqual(["119 min ago", "34 h ago", "13 days ago"]);
  });

  it("points at the clocks when the time is in the future", () => {
    expect(ago("2026-12-03T10:05:00.000Z", NOW)).toBe("in the future: check the clocks");
  });
});
