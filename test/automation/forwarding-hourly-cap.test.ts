import { describe, expect, it, vi } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { openAutomationState } from "../../src/automation/state.js";
import { type AutomationHarness, harnessPerTest, settled, useFakeDate } from "./support/harness.js";

/** Warnings and errors logged while this file runs: every module's logger writes here. */
const logged: Array<Record<string, unknown>> = vi.hoisted(() => []);
vi.mock("../../src/log.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/log.js")>();
  const { pino } = await import("pino");
  const root = pino(
    { level: "warn", base: undefined },
    { write: (l: string) => logged.push(JSON.parse(l)) },
  );
  return { ...real, createLogger: (ns: string) => root.child({ ns }) };
});

const ALICE = "+491701111111";
const BOB = "+491702222222";
/** The next gateway in a ring A → B → C → A: whatever it forwards comes back to us. */
const RING = "+491703333333";
const MIN = 60_000;

const harness = harnessPerTest();

function capWarnings(): string[] {
  return logged.filter((l) => l.ns === "automation:forwarding").map((l) => JSON.stringify(l));
}

type ForwardInput = NonNullable<AutomationConfigInput["forwarding"]>[number];

async function start(rule: Partial<ForwardInput>): Promise<AutomationHarness> {
  hop = 0;
  logged.length = 0;
  useFakeDate();
  vi.setSystemTime(new Date("2025-06-02T12:00:00Z"));
  const config: AutomationConfigInput = {
    contacts: { numbers: { alice: ALICE, bob: BOB }, groups: { family: ["alice", "bob"] } },
    forwarding: [{ name: "ring", from: RING, to: ["bob"], ...rule }],
    autoReply: [{ name: "notice", from: RING, reply: "Not read here" }],
  };
  return harness.start({ config });
}

let hop = 0;

/**
 * Receives `n` messages from the ring (each its own text: the service takes the same text from
 * the same sender at the same instant for a duplicate) and waits until all queued has gone out.
 */
async function hops(t: AutomationHarness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await t.receive(RING, `hop ${hop++}`);
  await settled(t);
}

function forwarded(t: AutomationHarness): string[] {
  return t.sent().filter((s) => !s.startsWith(RING));
}

async function later(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await harness.current?.automation.idle();
}

describe("the hourly cap on a forwarding rule", () => {
  it("forwards every message while under the cap", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 3 });
    await hops(t, 3);
    expect(forwarded(t)).toEqual([
      `${BOB}: From ${RING}: hop 0`,
      `${BOB}: From ${RING}: hop 1`,
      `${BOB}: From ${RING}: hop 2`,
    ]);
  });

  it("stops forwarding once the cap is reached", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 3 });
    await hops(t, 5);
    expect(forwarded(t)).toHaveLength(3);
  });

  it("stops a ring of gateways at the default of 30 SMS per hour", async () => {
    const t = await start({ to: ["bob"] });
    await hops(t, 32);
    expect(forwarded(t)).toHaveLength(30);
  });

  it("counts each recipient's SMS: a message to two recipients uses two of the hour's SMS", async () => {
    const t = await start({ to: ["family"], maxPerHour: 4 });
    await hops(t, 3);
    expect(forwarded(t).sort()).toEqual([
      `${ALICE}: From ${RING}: hop 0`,
      `${ALICE}: From ${RING}: hop 1`,
      `${BOB}: From ${RING}: hop 0`,
      `${BOB}: From ${RING}: hop 1`,
    ]);
  });

  it("forwards to as many recipients as the hour has SMS left", async () => {
    const t = await start({ to: ["family"], maxPerHour: 3 });
    await hops(t, 2);
    expect(forwarded(t)).toHaveLength(3);
  });

  it("forwards again an hour after the forwards that reached it", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 2 });
    await hops(t, 3);
    await later(60 * MIN);
    await hops(t, 1);
    expect(forwarded(t)).toEqual([
      `${BOB}: From ${RING}: hop 0`,
      `${BOB}: From ${RING}: hop 1`,
      `${BOB}: From ${RING}: hop 3`,
    ]);
  });

  it("logs one warning per hour while capped, not one per message", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 1 });
    await hops(t, 4);
    await later(30 * MIN);
    await hops(t, 2);
    expect(capWarnings()).toHaveLength(1);
    await later(31 * MIN);
    await hops(t, 3);
    expect(capWarnings()).toHaveLength(2);
  });

  it("names the rule in its warning, but no phone number and no message text", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 1 });
    await hops(t, 2);
    expect(capWarnings()).toEqual([expect.stringContaining('"rule":"ring"')]);
    expect(capWarnings()[0]).not.toMatch(/\+49|hop/);
  });

  it("counts over a rolling hour, not per clock hour", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 2 });
    await hops(t, 1);
    await later(40 * MIN);
    await hops(t, 1);
    await later(30 * MIN); // 70 min after the first forward, 30 after the second
    await hops(t, 2);
    expect(forwarded(t)).toHaveLength(3);
  });

  it("keeps the count across a restart, so a restart loop cannot reset it", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 2 });
    await hops(t, 2);
    await t.restart();
    await hops(t, 2);
    expect(forwarded(t)).toHaveLength(2);
  });

  it("still handles a message it does not forward (the auto-reply answers it)", async () => {
    const t = await start({ from: "*", to: ["bob"], maxPerHour: 1 });
    await t.receive(ALICE, "first");
    await t.receive(RING, "second");
    await settled(t);
    expect(t.gw.inbound.map((m) => m.text)).toEqual(["first", "second"]);
    expect(t.sent()).toEqual([`${BOB}: From ${ALICE}: first`, `${RING}: Not read here`]);
  });

  it("keeps in the state file only the last hour's forwards of configured rules", async () => {
    const t = await start({ to: ["bob"], maxPerHour: 2 });
    await hops(t, 2);
    await t.automation.stop();
    const before = await openAutomationState(t.gw.dir);
    await before.update((s) => {
      s.forwards.removed = [Date.now()];
    });
    await before.close();
    await t.automation.start();
    await later(61 * MIN);
    await hops(t, 1);
    await t.automation.stop();
    const after = await openAutomationState(t.gw.dir);
    const forwards = after.data.forwards;
    await after.close();
    expect(forwards).toEqual({ ring: [Date.parse("2025-06-02T13:01:00Z")] });
  });
});
