import { describe, expect, it } from "vitest";
import { startGatewayTest } from "../../support/gateway.js";

/** With `sms.optOut` off (the default), STOP is an ordinary message and nothing is held back. */

describe("the opt-out list when off (the default)", () => {
  it("a STOP is published unflagged, and a send to its sender is queued", async () => {
    const h = await startGatewayTest();
    h.sim.deliverSms({ from: "+491706660001", text: "STOP" });
    const got = await h.client.waitForTopic("smsgw/received", (j) => j.text === "STOP");
    expect((got.json as Record<string, unknown>).optOut).toBeUndefined();
    const [m] = await h.gateway.service.send({ to: "+491706660001", text: "hello" });
    expect(m?.status).toBe("queued");
    expect(h.gateway.service.optOuts()).toEqual([]);
  });
});
