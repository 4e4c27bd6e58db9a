import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BalanceReading, UssdService } from "../../src/sms/ussd/index.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { parseExposition, type Samples, sample } from "./support/scrape.js";

/**
 * The real gateway (simulator, aedes broker) with metrics on, scraped after a scenario: USSD
 * answered with a balance, a menu and its reply, a refused code and a timeout; one balance
 * reading; a call from an allowed caller that runs a call trigger and one from a stranger that
 * is hung up on at once, and one more from the allowed caller while the automation is stopped.
 */

const ALICE = "+491701111111";
const STRANGER = "+491709999999";

let h: GatewayTest;
let samples: Samples;
let reading: BalanceReading | undefined;

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function callEnded(t: GatewayTest, from: string, before: number): Promise<void> {
  const ended = new Promise((r) => t.sim.once("call-ended", r));
  t.sim.call(from, 3);
  await Promise.all([ended, t.client.waitForCount((m) => m.topic === "smsgw/call", before + 1)]);
}

beforeAll(async () => {
  h = await startGatewayTest({
    sim: { ringIntervalMs: 50 },
    config: {
      metrics: { enabled: true, listen: "127.0.0.1:0" },
      balance: { code: "*100#" },
      calls: { hangUpAfterRings: 1, rejectUnknown: true, allowed: [ALICE] },
      automation: {
        contacts: { numbers: { alice: ALICE } },
        commands: [
          {
            name: "gate",
            pattern: "GATE <state:OPEN|CLOSE>",
            publish: [{ topic: "gate", payload: "{{state}}" }],
          },
        ],
        callTriggers: [
          { name: "open-gate", callers: ["alice"], command: "gate", args: { state: "OPEN" } },
        ],
      },
    },
  });
  await h.gateway.whenAutomationStarted();
  await until("caller ID on", () => h.sim.commands.includes("AT+CLIP=1"));

  const ussd = h.gateway.ussd as UssdService;
  h.sim.setUssdAnswer("*555#", { notSupported: true });
  h.sim.setUssdAnswer("*556#", { noReply: true });
  await ussd.request({ session: "new", code: "*100#" });
  await ussd.request({ session: "new", code: "*101#" });
  await ussd.request({ session: "reply", text: "2" });
  await ussd.request({ session: "new", code: "*555#" });
  // The simulated network never answers *556#: the wait ends after 50 ms.
  await ussd.request({ session: "new", code: "*556#", timeoutSeconds: 0.05 });

  reading = await h.gateway.balance?.check();

  await callEnded(h, ALICE, 0);
  await callEnded(h, STRANGER, 1);
  // With the automation stopped, nobody decides the next call: it is announced as ignored.
  await h.gateway.automation?.stop();
  await callEnded(h, ALICE, 2);
  await h.client.waitForTopic("smsgw/modem", (j) => j.missedCalls === 3);

  const response = await fetch(h.gateway.metricsListener?.url ?? "");
  samples = parseExposition(await response.text());
});
afterAll(async () => {
  await h.dispose();
});

describe("USSD requests in a scrape", () => {
  it("counts the balance answer and the menu's reply as done, the menu as further_action", () => {
    expect([
      sample(samples, "smsgw_ussd_requests_total", { result: "done" }),
      sample(samples, "smsgw_ussd_requests_total", { result: "further_action" }),
    ]).toEqual([3, 1]);
  });

  it("counts the code the network does not know as not_supported and the silence as timeout", () => {
    expect([
      sample(samples, "smsgw_ussd_requests_total", { result: "not_supported" }),
      sample(samples, "smsgw_ussd_requests_total", { result: "timeout" }),
      sample(samples, "smsgw_ussd_requests_total", { result: "error" }),
    ]).toEqual([1, 1, 0]);
  });
});

describe("the SIM's balance in a scrape", () => {
  it("is the amount last read, labelled with its currency", () => {
    expect(sample(samples, "smsgw_sim_balance", { currency: "EUR" })).toBe(12.34);
  });

  it("carries the reading's time in Unix seconds", () => {
    expect(sample(samples, "smsgw_sim_balance_timestamp_seconds")).toBe(
      Date.parse(reading?.at ?? "") / 1000,
    );
  });
});

describe("incoming calls in a scrape", () => {
  it("counts the allowed caller's call as triggered and the stranger's as rejected", () => {
    expect([
      sample(samples, "smsgw_calls_total", { action: "triggered" }),
      sample(samples, "smsgw_calls_total", { action: "rejected" }),
    ]).toEqual([1, 1]);
  });

  it("counts the call no running automation decided as ignored", () => {
    expect(sample(samples, "smsgw_calls_total", { action: "ignored" })).toBe(1);
  });

  it("counts every call as missed once it ended unanswered", () => {
    expect(sample(samples, "smsgw_calls_total", { action: "missed" })).toBe(3);
  });

  it("puts no phone number into any label", () => {
    expect([...samples.keys()].filter((k) => k.includes("49170"))).toEqual([]);
  });
});
