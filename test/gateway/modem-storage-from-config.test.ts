import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import type { Gateway } from "../../src/gateway/index.js";
import type { SimulatedModem } from "../../src/simulator/index.js";
import { startGatewayTest } from "../support/gateway.js";

/** A gateway on a module that stores received SMS in its own memory ("ME"). */
async function start(storage?: "SM" | "ME"): Promise<{ g: Gateway; sim: SimulatedModem }> {
  const t = await startGatewayTest({
    sim: { receiveMemory: "ME" },
    config: {
      modem: { port: "sim://SIM7600", ...(storage === undefined ? {} : { storage }) },
      mqtt: { clientId: "gw-mem" },
    },
  });
  return { g: t.gateway, sim: t.sim };
}

/** Resolves once the service announces an inbound SMS with this text. */
function received(g: Gateway, text: string): Promise<void> {
  return new Promise((resolve) => {
    const on = (m: { text: string }) => {
      if (m.text !== text) return;
      g.service.off("inbound", on);
      resolve();
    };
    g.service.on("inbound", on);
  });
}

describe("modem.storage in the config", () => {
  it("is SM (the SIM card) unless set", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.modem.storage).toBe("SM");
  });

  it("selects that memory for reading, writing and receiving at set-up", async () => {
    const { sim } = await start("ME");
    expect(sim.commands).toContain('AT+CPMS="ME","ME","ME"');
  });

  it("makes the inbox read SMS announced there without switching memories", async () => {
    const { g, sim } = await start("ME");
    const before = sim.commands.length;
    const got = received(g, "kept in ME");
    sim.deliverSms({ from: "+491709876543", text: "kept in ME" });
    await got;
    expect(sim.commands.slice(before).filter((c) => c.startsWith("AT+CPMS="))).toEqual([]);
  });

  it("deletes what it read from that memory once it is stored", async () => {
    const { g, sim } = await start("ME");
    const got = received(g, "delete from ME");
    sim.deliverSms({ from: "+491709876543", text: "delete from ME" });
    await got;
    for (let i = 0; i < 200 && sim.memories.storage("ME").used > 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(sim.memories.storage("ME").used).toBe(0);
  });
});
