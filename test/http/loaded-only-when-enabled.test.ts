import { describe, expect, it, vi } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

/**
 * The HTTP framework costs ≈ 20 MiB of memory: a gateway with `http.enabled: false` loads
 * none of it and listens on no HTTP port.
 */

const loaded = vi.hoisted(() => ({ door: false, fastify: false }));

vi.mock("../../src/http/index.js", async (importOriginal) => {
  loaded.door = true;
  return importOriginal();
});
vi.mock("fastify", async (importOriginal) => {
  loaded.fastify = true;
  return importOriginal();
});

describe("the HTTP API's code", () => {
  it("is not loaded by a gateway with http off (the default)", async () => {
    const h = await startGatewayTest();
    expect(h.gateway.http).toBeUndefined();
    expect(loaded).toEqual({ door: false, fastify: false });
  });

  it("is loaded, and listens, once http.enabled is true", async () => {
    const h = await startGatewayTest({ config: { http: { enabled: true, port: 0 } } });
    expect(loaded).toEqual({ door: true, fastify: true });
    expect(h.gateway.http?.port).toBeGreaterThan(0);
  });
});
