import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { parseExposition, type Samples, sample } from "./support/scrape.js";

/**
 * The real gateway with metrics on and one SMS command guarded by a PIN: Bob sends it once
 * with a wrong PIN and once with the right one.
 */

const BOB = "+491702222222";
let h: GatewayTest;
let samples: Samples;

beforeAll(async () => {
  h = await startGatewayTest({
    config: {
      metrics: { enabled: true, listen: "127.0.0.1:0" },
      automation: {
        contacts: { numbers: { bob: BOB } },
        commands: [{ name: "hello", pattern: "HELLO", reply: "hi" }],
        security: { users: [{ who: "bob", allow: ["hello"], pin: "471100" }] },
      },
    },
  });
  await h.gateway.whenAutomationStarted();
  const outcome = (o: string) =>
    h.client.waitForTopic("smsgw/command", (j) => j.outcome === o, 10_000);
  h.sim.deliverSms({ from: BOB, text: "123456 HELLO" });
  await outcome("wrong-secret");
  h.sim.deliverSms({ from: BOB, text: "471100 HELLO" });
  await outcome("ok");
  samples = parseExposition((await h.gateway.metrics?.render())?.body ?? "");
});
afterAll(async () => {
  await h.dispose();
});

describe("metrics of SMS commands", () => {
  it("count each attempt by its outcome", () => {
    expect([
      sample(samples, "smsgw_remote_commands_total", { result: "wrong-secret" }),
      sample(samples, "smsgw_remote_commands_total", { result: "ok" }),
    ]).toEqual([1, 1]);
  });

  it("count the wrong PIN as an authentication failure of the SMS door", () => {
    expect(sample(samples, "smsgw_auth_failures_total", { interface: "sms" })).toBe(1);
  });
});
