import { afterEach, describe, expect, it, vi } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { parseConfig } from "../../src/config/index.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * Call to run a command (the "GSM gate opener"): the real gateway, the simulator's
 * `call <number> [rings]`, the automation deciding each call, and `<base>/call` saying what
 * became of it. Rate windows move with a faked Date.
 */

const ALICE = "+491701111111";
const BOB = "+491702222222";
const STRANGER = "+491709999999";
const PIN = "471100";

const automation = (trigger: Record<string, unknown> = {}): AutomationConfigInput => ({
  contacts: { numbers: { alice: ALICE, bob: BOB } },
  commands: [
    {
      name: "gate",
      pattern: "GATE <state:OPEN|CLOSE>",
      publish: [{ topic: "home/gate/set", payload: "{{state}} by {{user}}" }],
      reply: "Gate {{state}}",
    },
  ],
  security: { users: [{ who: "alice", allow: ["*"], pin: PIN }] },
  callTriggers: [
    { name: "open-gate", callers: ["alice"], command: "gate", args: { state: "OPEN" }, ...trigger },
  ],
});

let h: GatewayTest | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
  vi.useRealTimers();
});

/** The gateway with call triggers; calls are hung up at their first ring (they cost nothing). */
async function start(trigger: Record<string, unknown> = {}): Promise<GatewayTest> {
  h = await startGatewayTest({
    sim: { ringIntervalMs: 50, operator: { name: "Telekom", mccMnc: "26201" } },
    config: {
      calls: { hangUpAfterRings: 1 },
      automation: automation(trigger),
      sms: { rateLimits: { perMinute: 0, perHour: 0, perDay: 0 } },
    },
  });
  await h.gateway.whenAutomationStarted();
  await expect.poll(() => h?.sim.commands).toContain("AT+CLIP=1");
  return h;
}

/** Makes the SIM ring once from `from`; resolves with the `<base>/call` event of that call. */
async function call(t: GatewayTest, from: string): Promise<Record<string, unknown>> {
  const before = t.client.on("smsgw/call").length;
  const ended = new Promise((r) => t.sim.once("call-ended", r));
  t.sim.call(from, 3);
  const [, events] = await Promise.all([
    ended,
    t.client.waitForCount((m) => m.topic === "smsgw/call", before + 1),
  ]);
  return events.at(-1)?.json as Record<string, unknown>;
}

const gatePublishes = (t: GatewayTest) => t.client.on("home/gate/set").map((m) => m.text);

describe("a call from an allowed caller", () => {
  it("runs the trigger's command: its MQTT action is published", async () => {
    const t = await start();
    await call(t, ALICE);
    await expect.poll(() => gatePublishes(t)).toEqual(["OPEN by alice"]);
  });

  it("is announced on <base>/call with outcome triggered and the trigger's name", async () => {
    const t = await start();
    expect(await call(t, ALICE)).toEqual({
      from: ALICE,
      at: expect.any(String),
      outcome: "triggered",
      trigger: "open-gate",
    });
  });

  it("is audited on <base>/command like an SMS command, marked via call", async () => {
    const t = await start();
    await call(t, ALICE);
    const audit = await t.client.waitForTopic("smsgw/command");
    expect(audit.json).toMatchObject({
      sender: ALICE,
      name: "gate",
      outcome: "ok",
      via: "call",
    });
  });

  it("is hung up at the first ring, so the call costs nothing", async () => {
    const t = await start();
    const ended = new Promise((r) => t.sim.once("call-ended", r));
    t.sim.call(ALICE, 10);
    expect(await ended).toEqual({ from: ALICE, by: "module" });
  });
});

describe("a call from anyone else", () => {
  it("runs nothing and is announced as not-allowed", async () => {
    const t = await start();
    const event = await call(t, STRANGER);
    await t.gateway.automation?.idle();
    expect([event.outcome, gatePublishes(t)]).toEqual(["not-allowed", []]);
  });

  it("from a contact who is not on the trigger's list is not-allowed too", async () => {
    const t = await start();
    expect((await call(t, BOB)).outcome).toBe("not-allowed");
  });
});

describe("the per-caller rate limit", () => {
  it("refuses calls beyond perCallerPerHour as rate-limited, and runs nothing for them", async () => {
    const t = await start({ perCallerPerHour: 2 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await call(t, ALICE)).outcome);
    await t.gateway.automation?.idle();
    expect([outcomes, gatePublishes(t).length]).toEqual([
      ["triggered", "triggered", "rate-limited"],
      2,
    ]);
  });

  it("lets the caller in again an hour later", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-02T12:00:00Z"));
    const t = await start({ perCallerPerHour: 1 });
    await call(t, ALICE);
    vi.setSystemTime(new Date("2026-06-02T13:00:01Z"));
    expect((await call(t, ALICE)).outcome).toBe("triggered");
  });
});

describe("requireSmsCodeWithinMinutes", () => {
  it("without a recent SMS command with a valid code: not-allowed, naming why", async () => {
    const t = await start({ requireSmsCodeWithinMinutes: 10 });
    const event = await call(t, ALICE);
    expect([event.outcome, event.reason]).toEqual(["not-allowed", "no-recent-sms-code"]);
  });

  it("runs the command when the caller sent a valid code within the window", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-02T12:00:00Z"));
    const t = await start({ requireSmsCodeWithinMinutes: 10 });
    t.sim.deliverSms({ from: ALICE, text: `${PIN} GATE CLOSE` });
    await t.client.waitForTopic("smsgw/command", (j) => j.outcome === "ok");
    vi.setSystemTime(new Date("2026-06-02T12:09:00Z"));
    expect((await call(t, ALICE)).outcome).toBe("triggered");
  });

  it("refuses once the window has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-06-02T12:00:00Z"));
    const t = await start({ requireSmsCodeWithinMinutes: 10 });
    t.sim.deliverSms({ from: ALICE, text: `${PIN} GATE CLOSE` });
    await t.client.waitForTopic("smsgw/command", (j) => j.outcome === "ok");
    vi.setSystemTime(new Date("2026-06-02T12:11:00Z"));
    expect((await call(t, ALICE)).outcome).toBe("not-allowed");
  });

  it("a wrong code does not count", async () => {
    const t = await start({ requireSmsCodeWithinMinutes: 10 });
    t.sim.deliverSms({ from: ALICE, text: "999999 GATE CLOSE" });
    await t.client.waitForTopic("smsgw/command", (j) => j.outcome === "wrong-secret");
    expect((await call(t, ALICE)).outcome).toBe("not-allowed");
  });
});

describe("while the automation is not running", () => {
  it("a call is still announced, as ignored, and runs nothing", async () => {
    const t = await start();
    await t.gateway.automation?.stop();
    const event = await call(t, ALICE);
    expect([event.outcome, gatePublishes(t)]).toEqual(["ignored", []]);
  });
});

describe("without call triggers", () => {
  it("<base>/call carries no outcome", async () => {
    h = await startGatewayTest({
      sim: { ringIntervalMs: 50 },
      config: { calls: { hangUpAfterRings: 1 } },
    });
    await expect.poll(() => h?.sim.commands).toContain("AT+CLIP=1");
    expect(await call(h, STRANGER)).toEqual({ from: STRANGER, at: expect.any(String) });
  });
});

describe("the callTriggers config", () => {
  const parse = (trigger: Record<string, unknown>) =>
    expect(parseConfig({ automation: automation(trigger) })).rejects;

  it("refuses a trigger naming no command, naming the key", async () => {
    await parse({ command: "door" }).toThrow(
      /automation\.callTriggers\.0\.command.*no command "door"/s,
    );
  });

  it("refuses a caller that is neither a contact, a group nor a number", async () => {
    await parse({ callers: ["carol"] }).toThrow(/automation\.callTriggers\.0\.callers/);
  });

  it("refuses a rate limit below 1 per hour", async () => {
    await parse({ perCallerPerHour: 0 }).toThrow(/callTriggers\.0\.perCallerPerHour.*at least 1/s);
  });
});
