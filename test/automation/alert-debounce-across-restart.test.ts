import { describe, expect, it, vi } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { createAutomation } from "../../src/automation/index.js";
import { type AutomationState, openAutomationState } from "../../src/automation/state.js";
import { useFakeClock } from "../sms/helpers/gateway.js";
import { type AutomationHarness, harnessPerTest, memoryOf, settled } from "./support/harness.js";

const ALICE = "+491701111111";
const SEC = 1_000;

type RuleInput = NonNullable<NonNullable<AutomationConfigInput["alerts"]>["rules"]>[number];

const boiler: RuleInput = {
  name: "boiler",
  topic: "home/boiler",
  condition: ">=",
  threshold: 90,
  forSeconds: 60,
  message: "Boiler {{value}}",
  to: ["alice"],
};
const tank: RuleInput = { ...boiler, name: "tank", topic: "home/tank", message: "Tank {{value}}" };

const harness = harnessPerTest({ fakeTime: true });

function configWith(...rules: RuleInput[]): AutomationConfigInput {
  return { contacts: { numbers: { alice: ALICE } }, alerts: { rules } };
}

async function start(...rules: RuleInput[]): Promise<AutomationHarness> {
  useFakeClock();
  vi.setSystemTime(new Date("2025-06-02T12:00:00Z"));
  return harness.start({ config: configWith(...rules) });
}

/** A reading; `retain` ones the broker replays when the automation subscribes after a restart. */
function sensor(topic: string, payload: string, retain = false): Promise<void> {
  harness.current?.memory?.sensor(topic, payload, retain);
  return harness.current?.automation.idle() ?? Promise.resolve();
}

async function later(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await harness.current?.automation.idle();
}

/** The automation's state file as a restart would find it (the automation stopped first). */
async function stateFile(t: AutomationHarness): Promise<AutomationState> {
  await t.automation.stop();
  const file = await openAutomationState(t.gw.dir);
  const data = structuredClone(file.data);
  await file.close();
  return data;
}

describe("a forSeconds wait across a gateway restart", () => {
  it("fires at the original deadline when the gateway restarts mid-wait", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95", true);
    await later(30 * SEC);
    await t.restart(); // the broker replays the retained 95: still too hot
    await later(30 * SEC - 1);
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(1);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 95`]);
  });

  it("fires despite a restart every 20 seconds (a reboot loop cannot hold it back)", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95", true);
    for (let i = 0; i < 3; i++) {
      await later(20 * SEC);
      await t.restart();
    }
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 95`]);
  });

  it("fires at once when the wait ran out while the gateway was down", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95", true);
    await later(30 * SEC);
    await t.restart(() => vi.setSystemTime(Date.now() + 5 * 60 * SEC));
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 95`]);
  });

  it("waits the full time again when the condition cleared before the restart", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95");
    await later(30 * SEC);
    await sensor("home/boiler", "80");
    await t.restart();
    await sensor("home/boiler", "96");
    await later(60 * SEC - 1);
    await settled(t);
    expect(t.sent()).toEqual([]);
  });

  it("waits the full time again when the first reading after the restart is back to normal", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95");
    await later(30 * SEC);
    await t.restart();
    await sensor("home/boiler", "80");
    await sensor("home/boiler", "97");
    await later(60 * SEC - 1);
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(1);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 97`]);
  });

  it("remembers when the condition began while it holds, per rule and topic", async () => {
    const t = await start(boiler);
    await later(5 * SEC);
    await sensor("home/boiler", "95");
    expect((await stateFile(t)).alertHolds).toEqual({
      "boiler|home/boiler": Date.parse("2025-06-02T12:00:05Z"),
    });
  });

  it("forgets when the condition began once it clears", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95");
    await sensor("home/boiler", "80");
    expect((await stateFile(t)).alertHolds).toEqual({});
  });

  it("forgets when the condition began once the alert fires", async () => {
    const t = await start(boiler);
    await sensor("home/boiler", "95");
    await later(60 * SEC);
    await t.untilSent(1);
    expect((await stateFile(t)).alertHolds).toEqual({});
  });

  it("drops the wait of a rule removed from the config at the next start", async () => {
    const t = await start(boiler, tank);
    await sensor("home/boiler", "95");
    await sensor("home/tank", "99");
    await t.automation.stop();
    const next = createAutomation({
      config: configWith(boiler),
      sms: t.gw.service,
      mqtt: memoryOf(t),
      storeDir: t.gw.dir,
    });
    await next.start();
    await next.stop();
    expect(Object.keys((await stateFile(t)).alertHolds)).toEqual(["boiler|home/boiler"]);
  });
});
