import { describe, expect, it, vi } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

/** The SMPP server costs memory and opens a port: a gateway with it off loads none of it. */

const loaded = vi.hoisted(() => ({ smpp: false }));

vi.mock("../../src/smpp/index.js", async (importOriginal) => {
  loaded.smpp = true;
  return importOriginal();
});

describe("the SMPP server's code", () => {
  it("is not loaded by a gateway with smpp off (the default)", async () => {
    const h = await startGatewayTest();
    expect([h.gateway.smpp, loaded.smpp]).toEqual([undefined, false]);
  });

  it("is loaded and listening once smpp.enabled is true", async () => {
    const h = await startGatewayTest({
      config: {
        smpp: { enabled: true, port: 0, accounts: [{ systemId: "a", password: "password-1" }] },
      },
    });
    expect([loaded.smpp, (h.gateway.smpp?.port ?? 0) > 0]).toEqual([true, true]);
  });
});
