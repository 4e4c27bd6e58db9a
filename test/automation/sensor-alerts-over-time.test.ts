import { describe, expect, it, vi } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { useFakeClock } from "../sms/helpers/gateway.js";
import { type AutomationHarness, harnessPerTest, settled } from "./support/harness.js";

const ALICE = "+491701111111";
const MIN = 60_000;

const harness = harnessPerTest({ fakeTime: true });

async function start(
  rule: Record<string, unknown>,
  extra: AutomationConfigInput = {},
): Promise<AutomationHarness> {
  useFakeClock();
  vi.setSystemTime(new Date("2025-06-02T12:00:00Z"));
  const config = {
    contacts: { numbers: { alice: ALICE } },
    ...extra,
    alerts: { ...extra.alerts, rules: [{ name: "r", to: ["alice"], ...rule }] },
  } as AutomationConfigInput;
  return harness.start({ config });
}

function sensor(topic: string, payload: unknown, retain = false): Promise<void> {
  harness.current?.memory?.sensor(topic, payload, retain);
  return harness.current?.automation.idle() ?? Promise.resolve();
}

async function later(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await harness.current?.automation.idle();
}

describe("a silent sensor", () => {
  const silent = {
    topic: "home/pump/heartbeat",
    condition: "silent",
    silentMinutes: 30,
    message: "Pump silent for {{minutes}} min",
    recovery: "Pump is back",
  };

  it("raises its alert after N minutes without a message", async () => {
    const t = await start(silent);
    await sensor("home/pump/heartbeat", "1");
    await later(29 * MIN);
    await sensor("home/pump/heartbeat", "2");
    await later(29 * MIN);
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(2 * MIN);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Pump silent for 30 min`]);
  });

  it("is silent too when it never reported since the start", async () => {
    const t = await start(silent);
    await later(31 * MIN);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Pump silent for 30 min`]);
  });

  it("sends the recovery message when it reports again", async () => {
    const t = await start(silent);
    await later(31 * MIN);
    await sensor("home/pump/heartbeat", "3");
    await t.untilSent(2);
    expect(t.sent()[1]).toBe(`${ALICE}: Pump is back`);
  });

  it("written in seconds, it alerts after that many seconds, and {{seconds}} says how long", async () => {
    const t = await start({
      ...silent,
      silentMinutes: undefined,
      silentSeconds: 90,
      message: "Pump silent for {{seconds}} s ({{minutes}} min)",
    });
    await sensor("home/pump/heartbeat", "1");
    await later(89_000);
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(1_000);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Pump silent for 90 s (1.5 min)`]);
  });

  it("does not count a retained (old) message replayed by the broker as a sign of life", async () => {
    const t = await start(silent);
    await sensor("home/pump/heartbeat", "last words", true);
    await later(20 * MIN);
    t.memory?.replayRetained(); // e.g. after a reconnect without a session
    await later(11 * MIN);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Pump silent for 30 min`]);
  });
});

describe("debounce, repeat, cooldown and quiet hours", () => {
  const hot = { topic: "home/boiler", condition: ">=", threshold: 90, message: "Boiler {{value}}" };

  it("fires only after the condition held for forSeconds", async () => {
    const t = await start({ ...hot, forSeconds: 60 });
    await sensor("home/boiler", "95");
    await later(30_000);
    await sensor("home/boiler", "80");
    await later(60_000);
    await settled(t);
    expect(t.sent()).toEqual([]);
    await sensor("home/boiler", "91");
    await later(59_000);
    await sensor("home/boiler", "92");
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(1_000);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 92`]);
  });

  it("repeats while the alert stays active", async () => {
    const t = await start({ ...hot, repeatMinutes: 60 });
    await sensor("home/boiler", "95");
    await t.untilSent(1);
    await later(60 * MIN);
    await t.untilSent(2);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 95`, `${ALICE}: Boiler 95`]);
  });

  it("sends an alert held back by the cooldown when it ends, if still active", async () => {
    const t = await start({ ...hot, cooldownMinutes: 10, recovery: "Boiler ok" });
    await sensor("home/boiler", "95");
    await sensor("home/boiler", "50");
    await sensor("home/boiler", "96");
    await t.untilSent(2);
    await later(9 * MIN);
    await settled(t);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 95`, `${ALICE}: Boiler ok`]);
    await later(1 * MIN);
    await t.untilSent(3);
    expect(t.sent()[2]).toBe(`${ALICE}: Boiler 96`);
  });

  it("holds a normal alert during quiet hours and sends it when they end", async () => {
    const t = await start(hot, {
      alerts: { quietHours: { start: "22:00", end: "07:00", timeZone: "Europe/Berlin" } },
    });
    vi.setSystemTime(new Date("2025-06-02T22:30:00Z")); // 00:30 in Berlin (UTC+2)
    await sensor("home/boiler", "99");
    await later(6 * 60 * MIN); // 06:30 Berlin
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(30 * MIN); // 07:00 Berlin
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 99`]);
  });

  it("sends a held alert at 07:00 summer time on the night clocks jump forward", async () => {
    const t = await start(hot, {
      alerts: { quietHours: { start: "22:00", end: "07:00", timeZone: "Europe/Berlin" } },
    });
    vi.setSystemTime(new Date("2025-03-29T22:30:00Z")); // 23:30 in Berlin (UTC+1)
    await sensor("home/boiler", "99");
    await later(6.5 * 60 * MIN - 1); // just before 07:00 CEST (05:00 UTC)
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(1);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 99`]);
  });

  it("lets a high-priority alert through quiet hours", async () => {
    const t = await start(
      { ...hot, priority: "high" },
      { alerts: { quietHours: { start: "22:00", end: "07:00", timeZone: "UTC" } } },
    );
    vi.setSystemTime(new Date("2025-06-02T23:00:00Z"));
    await sensor("home/boiler", "99");
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 99`]);
  });

  it("does not alert again after a restart for an alert already sent", async () => {
    const t = await start(hot);
    await sensor("home/boiler", "95", true);
    await t.untilSent(1);
    await t.restart(); // the broker replays the retained 95 on subscribe
    await sensor("home/boiler", "97");
    await settled(t);
    expect(t.sent()).toEqual([`${ALICE}: Boiler 95`]);
  });
});

describe("changed", () => {
  it("alerts on each change of the value, not on the first reading", async () => {
    const t = await start({
      topic: "home/mode",
      condition: "changed",
      cooldownMinutes: 0,
      message: "{{previous}} → {{value}}",
    });
    await sensor("home/mode", "away");
    await sensor("home/mode", "away");
    await sensor("home/mode", "home");
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: away → home`]);
  });
});
