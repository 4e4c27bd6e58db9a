import { describe, expect, it } from "vitest";
import { runUssd } from "../../src/cli/commands/ussd.js";
import { startGatewayTest } from "../support/gateway.js";

/** `smsgw ussd` against a running gateway over MQTT, as a user types it. */
async function run(h: { url: string }, code: string | undefined, flags = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runUssd(
    code,
    { url: h.url, base: "smsgw", ...flags },
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { exit, out, err };
}

describe("smsgw ussd", () => {
  it("prints the network's answer and exits 0", async () => {
    const h = await startGatewayTest();
    expect(await run(h, "*100#")).toEqual({ exit: 0, out: ["Balance: 12.34 EUR"], err: [] });
  });

  it("says how to answer an open menu", async () => {
    const h = await startGatewayTest();
    const r = await run(h, "*101#");
    expect(r.out).toEqual([
      "1. Balance\n2. Data",
      "(menu open: answer with smsgw ussd --reply <choice>)",
    ]);
  });

  it("answers the open menu with --reply", async () => {
    const h = await startGatewayTest();
    await run(h, "*101#");
    expect((await run(h, "2", { reply: true })).out).toEqual(["Data left: 1.5 GB"]);
  });

  it("exits 1 and names the code when the gateway refuses", async () => {
    const h = await startGatewayTest();
    await run(h, "*101#");
    const r = await run(h, "*100#");
    expect([r.exit, r.err]).toEqual([1, [expect.stringContaining("ussd.busy")]]);
  });

  it("exits 1 with the status when the network does not support the code", async () => {
    const h = await startGatewayTest();
    expect(await run(h, "*999#")).toEqual({ exit: 1, out: ["(not-supported)"], err: [] });
  });

  it("exits 2 without a code", async () => {
    const h = await startGatewayTest();
    expect((await run(h, undefined)).exit).toBe(2);
  });
});
