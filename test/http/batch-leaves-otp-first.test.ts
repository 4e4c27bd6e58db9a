import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * A batch never starves single sends: its messages are low priority, so a one-time code sent
 * after a 200-message batch reaches the network before the batch's tail.
 */

let t: HttpGatewayTest;
beforeAll(async () => {
  // Each send takes 3 ms at the simulated network (real timers): the batch takes ≥ 0.6 s.
  t = await startHttpGatewayTest(
    { sms: { rateLimits: { perMinute: 0, perHour: 0, perDay: 0 } } },
    { sim: { timing: { base: "instant", send: 3 } } },
  );
});
afterAll(async () => {
  await t.h.dispose();
});

describe("a one-time code sent after a 200-message batch", () => {
  it("reaches the simulator before the batch's tail", async () => {
    const recipients = Array.from(
      { length: 200 },
      (_, i) => `+4917044${String(i).padStart(5, "0")}`,
    );
    const batch = await t.call("POST", "/api/v1/batches", {
      token: t.tokens.send,
      body: { text: "Newsletter", recipients },
    });
    expect(batch.statusCode).toBe(202);
    const otp = await t.call("POST", "/api/v1/messages", {
      token: t.tokens.send,
      body: { to: "+491709990000", text: "Your code is 123456" },
    });
    expect(otp.statusCode).toBe(202);
    await vi.waitFor(() => expect(t.h.sim.sent).toHaveLength(201), { timeout: 20_000 });
    const order = t.h.sim.sent.map((s) => s.text);
    const otpAt = order.indexOf("Your code is 123456");
    // At most the few batch messages already on their way when the code arrived go first.
    expect(otpAt).toBeLessThan(10);
    expect(order.lastIndexOf("Newsletter")).toBeGreaterThan(otpAt);
  }, 30_000);
});
