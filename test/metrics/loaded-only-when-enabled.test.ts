import { describe, expect, it, vi } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

/** prom-client and its default collectors cost memory: a gateway with metrics off loads none. */

const loaded = vi.hoisted(() => ({ metrics: false, promClient: false }));

vi.mock("../../src/metrics/index.js", async (importOriginal) => {
  loaded.metrics = true;
  return importOriginal();
});
vi.mock("prom-client", async (importOriginal) => {
  loaded.promClient = true;
  return importOriginal();
});

describe("the metrics' code", () => {
  it("is not loaded by a gateway with metrics off (the default)", async () => {
    const h = await startGatewayTest();
    expect([h.gateway.metrics, h.gateway.metricsListener]).toEqual([undefined, undefined]);
    expect(loaded).toEqual({ metrics: false, promClient: false });
  });

  it("is loaded, with its own listener, once metrics.enabled is true", async () => {
    const h = await startGatewayTest({
      config: { metrics: { enabled: true, listen: "127.0.0.1:0" } },
    });
    expect(loaded).toEqual({ metrics: true, promClient: true });
    expect(h.gateway.metricsListener?.port).toBeGreaterThan(0);
  });
});
