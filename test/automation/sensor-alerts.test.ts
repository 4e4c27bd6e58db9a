import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { type AutomationHarness, settled, startAutomationHarness } from "./support/harness.js";

const ALICE = "+491701111111";
const BOB = "+491702222222";

const config: AutomationConfigInput = {
  contacts: { numbers: { alice: ALICE, bob: BOB }, groups: { family: ["alice", "bob"] } },
  alerts: {
    rules: [
      {
        name: "freezer",
        topic: "home/+/freezer",
        value: "temperature",
        condition: ">",
        threshold: -10,
        hysteresis: 3,
        cooldownMinutes: 30,
        message: "{{topic}} warm: {{value}} °C",
        recovery: "{{topic}} OK again: {{value}} °C",
        to: ["alice"],
      },
      {
        name: "door",
        topic: "home/door",
        condition: "==",
        threshold: "open",
        message: "Door {{value}}",
        priority: "high",
        to: ["family"],
      },
    ],
  },
};

let h: AutomationHarness;
let offset = 0;
beforeEach(async () => {
  offset = 0;
  h = await startAutomationHarness({
    config,
    clock: { now: () => Date.now() + offset },
  });
});
afterEach(async () => {
  await h.dispose();
});

/** A sensor reading through the real broker, handled by the automation before this resolves. */
async function reading(topic: string, payload: unknown): Promise<void> {
  const seen = h.automationReceived(topic);
  await h.observer?.publish(topic, typeof payload === "string" ? payload : JSON.stringify(payload));
  await seen;
  await h.automation.idle();
}

describe("sensor alerts over a real broker", () => {
  it("fire once for a threshold crossing, hold inside the hysteresis band, then send the recovery", async () => {
    for (const t of [-20, -5, -8, -11, -6, -12.5])
      await reading("home/garage/freezer", { temperature: t });
    await settled(h);
    expect(h.sent()).toEqual([`${ALICE}: home/garage/freezer warm: -5 °C`]);
    await reading("home/garage/freezer", { temperature: -14 });
    await h.untilSent(2);
    expect(h.sent()[1]).toBe(`${ALICE}: home/garage/freezer OK again: -14 °C`);
  });

  it("respect the cooldown: a new crossing within it sends nothing, after it one message", async () => {
    for (const t of [-5, -14]) await reading("home/garage/freezer", { temperature: t });
    await h.untilSent(2);
    for (const t of [-4, -15]) await reading("home/garage/freezer", { temperature: t });
    await settled(h);
    expect(h.sent()).toHaveLength(2);
    offset = 31 * 60_000;
    await reading("home/garage/freezer", { temperature: -3 });
    await h.untilSent(3);
    expect(h.sent()[2]).toBe(`${ALICE}: home/garage/freezer warm: -3 °C`);
  });

  it("track each topic under a wildcard rule as its own alert", async () => {
    await reading("home/garage/freezer", { temperature: -2 });
    await reading("home/cellar/freezer", { temperature: -1 });
    await h.untilSent(2);
    expect(h.sent().sort()).toEqual([
      `${ALICE}: home/cellar/freezer warm: -1 °C`,
      `${ALICE}: home/garage/freezer warm: -2 °C`,
    ]);
  });

  it("send one message per group member, comparing text values", async () => {
    await reading("home/door", "open");
    await h.untilSent(2);
    expect(h.sent().sort()).toEqual([`${ALICE}: Door open`, `${BOB}: Door open`]);
  });

  it("ignore payloads without the value", async () => {
    await reading("home/garage/freezer", "not json");
    await reading("home/garage/freezer", { humidity: 80 });
    await settled(h);
    expect(h.sent()).toEqual([]);
  });
});
