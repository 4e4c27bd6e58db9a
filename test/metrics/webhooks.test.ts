import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { startReceiver, until } from "../support/webhook-receiver.js";
import { parseExposition, type Samples, sample } from "./support/scrape.js";

/**
 * The real gateway with metrics on and two webhooks: one receiver answers 200, the other 500.
 * One SMS arrives.
 */

let h: GatewayTest;
let samples: Samples;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const ok = await startReceiver(200);
  const broken = await startReceiver(500);
  closers.push(ok.close, broken.close);
  h = await startGatewayTest({
    config: {
      metrics: { enabled: true, listen: "127.0.0.1:0" },
      webhooks: {
        endpoints: [
          { id: "ok", url: ok.url, events: ["sms.received"] },
          { id: "broken", url: broken.url, events: ["sms.received"] },
        ],
      },
    },
  });
  h.sim.deliverSms({ from: "+491701234567", text: "count me" });
  const engine = h.gateway.webhooks?.engine;
  await until(
    () => engine?.attemptsOf("ok").length === 1 && engine.attemptsOf("broken").length === 1,
    "both attempts",
  );
  samples = parseExposition((await h.gateway.metrics?.render())?.body ?? "");
});
afterAll(async () => {
  await h.dispose();
  for (const c of closers) await c();
});

describe("metrics of webhooks", () => {
  it("count each call by its result", () => {
    expect([
      sample(samples, "smsgw_webhook_deliveries_total", { result: "delivered" }),
      sample(samples, "smsgw_webhook_deliveries_total", { result: "retry" }),
      sample(samples, "smsgw_webhook_deliveries_total", { result: "given-up" }),
    ]).toEqual([1, 1, 0]);
  });

  it("show the events still waiting: the failed one, for its retry", () => {
    expect(sample(samples, "smsgw_webhook_pending_events", {})).toBe(1);
  });
});
