import { describe, expect, it } from "vitest";
import {
  buildHealthDocument,
  type HealthInputs,
  healthHttpStatus,
} from "../../src/health/index.js";

const healthy: HealthInputs = {
  version: "1.2.3",
  modem: { state: "ready", signalDbm: -71, storage: { used: 3, total: 50 } },
  oldestQueuedSeconds: null,
  lastHour: { finished: 4, failed: 0 },
  storeWritable: true,
  mqttConnected: true,
};

const doc = (change: Partial<HealthInputs>) => buildHealthDocument({ ...healthy, ...change });
const statusOf = (change: Partial<HealthInputs>, check: string) =>
  doc(change).checks[check]?.status;

describe("the health document", () => {
  it("passes, in SMSGate's shape, when every check passes", () => {
    expect(doc({})).toEqual({
      status: "pass",
      version: "1.2.3",
      checks: expect.objectContaining({
        "modem:ready": {
          description: "The modem answers and is registered on the network",
          observedUnit: "state",
          observedValue: "ready",
          status: "pass",
        },
      }),
    });
  });

  it("names the checks modem:ready, modem:signal, queue:oldest, messages:failed, store:writable, mqtt:connected, sim:storage", () => {
    expect(Object.keys(doc({}).checks)).toEqual([
      "modem:ready",
      "modem:signal",
      "queue:oldest",
      "messages:failed",
      "store:writable",
      "mqtt:connected",
      "sim:storage",
    ]);
  });

  it("fails when the modem is not ready, whatever else passes (the worst check wins)", () => {
    const d = doc({ modem: { ...healthy.modem, state: "recovering" } });
    expect([d.status, d.checks["modem:ready"]?.observedValue]).toEqual(["fail", "recovering"]);
  });

  it("warns below -100 dBm", () => {
    expect(statusOf({ modem: { ...healthy.modem, signalDbm: -105 } }, "modem:signal")).toBe("warn");
  });

  it("warns when the oldest queued message waited more than 15 minutes", () => {
    expect(statusOf({ oldestQueuedSeconds: 901 }, "queue:oldest")).toBe("warn");
  });

  it("warns when some messages of the last hour failed, and fails when all did", () => {
    expect([
      statusOf({ lastHour: { finished: 5, failed: 1 } }, "messages:failed"),
      statusOf({ lastHour: { finished: 2, failed: 2 } }, "messages:failed"),
    ]).toEqual(["warn", "fail"]);
  });

  it("fails when the store cannot be written", () => {
    expect(doc({ storeWritable: false }).status).toBe("fail");
  });

  it("warns without the broker (SMS keep going)", () => {
    expect(doc({ mqttConnected: false }).status).toBe("warn");
  });

  it("warns when the SIM's memory is more than 80 % full", () => {
    const d = doc({ modem: { ...healthy.modem, storage: { used: 45, total: 50 } } });
    expect([d.status, d.checks["sim:storage"]?.observedValue]).toEqual(["warn", 90]);
  });

  it("includes host:undervoltage where the Pi reports it, warning when it was low", () => {
    expect(statusOf({ undervoltage: { now: false, sinceBoot: true } }, "host:undervoltage")).toBe(
      "warn",
    );
  });

  it("is answered with HTTP 200 on pass and warn, 503 on fail", () => {
    expect([
      healthHttpStatus(doc({})),
      healthHttpStatus(doc({ mqttConnected: false })),
      healthHttpStatus(doc({ storeWritable: false })),
    ]).toEqual([200, 200, 503]);
  });
});
