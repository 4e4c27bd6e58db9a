import { afterEach, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe("requests published while the gateway is down", () => {
  it("are kept by the broker for the gateway's session and all sent after it restarts", async () => {
    h = await startGatewayTest();
    const hh = h;
    await hh.gateway.stop();
    for (let i = 1; i <= 5; i++)
      await hh.client.publish(
        "smsgw/send",
        JSON.stringify({ to: "+491701234567", text: `queued ${i}`, id: `down-${i}` }),
      );
    await hh.startGateway();
    await expect
      .poll(() => hh.sim.sent.filter((s) => s.text.startsWith("queued ")).length, {
        timeout: 10_000,
      })
      .toBe(5);
    expect(hh.sim.sent.map((s) => s.text).filter((t) => t.startsWith("queued "))).toEqual([
      "queued 1",
      "queued 2",
      "queued 3",
      "queued 4",
      "queued 5",
    ]);
  });
});
