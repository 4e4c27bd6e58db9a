import { afterEach, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe("<base>/stats", () => {
  it("is not published again with the same counters (a send that failed and was retried)", async () => {
    h = await startGatewayTest();
    const hh = h;
    hh.sim.failNextSend(38, 3);
    const sent = hh.client.waitForTopic("smsgw/stats", (j) => j.sent === 1, 30_000);
    await hh.client.publish("smsgw/send/00491701234567", "retried once");
    await sent;
    // The last message event (sent) is coalesced with nothing after it: wait out the window.
    await new Promise((r) => setTimeout(r, 1_000));
    const texts = hh.client.on("smsgw/stats").map((m) => m.text);
    const repeats = texts.filter((t, i) => i > 0 && t === texts[i - 1]);
    expect(repeats).toEqual([]);
  });
});
