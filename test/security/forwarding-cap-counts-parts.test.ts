import { describe, expect, it } from "vitest";
import { harnessPerTest, settled } from "../automation/support/harness.js";

/**
 * Attack: make the gateway spend money forwarding long texts. `maxPerHour: 3` counted
 * forwarded messages, so three 1,400-character SMS went out as 30 parts. It now counts parts.
 */
const harness = harnessPerTest();
const LONG = "x".repeat(1_400); // 10 parts in GSM 7-bit

describe("the forwarding cap", () => {
  it("counts parts: 4 long SMS under a cap of 20 parts send at most 20", async () => {
    const h = await harness.start({
      config: {
        forwarding: [
          { name: "all", from: "*", to: ["+491704444444"], template: "{{text}}", maxPerHour: 20 },
        ],
      },
    });
    for (let i = 0; i < 4; i++) await h.receive(`+4477009001${i}0`, `${LONG}${i}`);
    await settled(h);
    expect(h.gw.sim.sent.length).toBe(20);
  });

  it("sends nothing of a message longer than what is left of the cap", async () => {
    const h = await harness.start({
      config: {
        forwarding: [
          { name: "all", from: "*", to: ["+491704444444"], template: "{{text}}", maxPerHour: 3 },
        ],
      },
    });
    await h.receive("+447700900100", LONG);
    await settled(h);
    expect(h.gw.sim.sent.length).toBe(0);
  });
});
