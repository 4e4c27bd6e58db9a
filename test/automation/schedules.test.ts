import { describe, expect, it, vi } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { useFakeClock } from "../sms/helpers/gateway.js";
import { type AutomationHarness, harnessPerTest, settled } from "./support/harness.js";

const ALICE = "+491701111111";

const harness = harnessPerTest({ fakeTime: true });

async function start(
  at: string,
  schedules: unknown[],
  housekeeping?: Record<string, () => void>,
): Promise<AutomationHarness> {
  useFakeClock();
  vi.setSystemTime(new Date(at));
  const config = { contacts: { numbers: { alice: ALICE } }, schedules } as AutomationConfigInput;
  return harness.start({
    config,
    ...(housekeeping === undefined ? {} : { housekeeping }),
  });
}

async function later(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await harness.current?.automation.idle();
}

const morning = {
  name: "morning",
  type: "message",
  cron: "0 8 * * *",
  timeZone: "Europe/Berlin",
  to: ["alice"],
  text: "Good morning, it is {{date}}",
};

describe("scheduled messages", () => {
  it("go out at their time in their time zone, not before", async () => {
    const t = await start("2025-06-02T05:59:00Z", [morning]); // 07:59 in Berlin
    await later(59_000);
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(1_500);
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Good morning, it is 2025-06-02`]);
  });

  it("send the daily status report", async () => {
    const t = await start("2025-06-02T19:59:30Z", [
      { name: "report", type: "status-report", cron: "0 20 * * *", timeZone: "UTC", to: ["alice"] },
    ]);
    await later(31_000);
    await t.untilSent(1);
    expect(t.sent()[0]).toMatch(
      /^\+491701111111: Daily report: smsgw ready: signal -73 dBm \(65%\), operator Telekom \(LTE\), up 0m, queue 0/,
    );
  });

  it("run housekeeping hooks the gateway passes in", async () => {
    const calls: string[] = [];
    await start(
      "2025-06-02T02:59:59Z",
      [
        {
          name: "prune",
          type: "housekeeping",
          cron: "0 3 * * *",
          timeZone: "UTC",
          task: "history-retention",
        },
      ],
      {
        "history-retention": () => void calls.push("retention"),
        "sim-sweep": () => void calls.push("sweep"),
      },
    );
    await later(2_000);
    expect(calls).toEqual(["retention"]);
  });
});

describe("a run missed while the gateway was down", () => {
  it("runs once at start when the job says run-once", async () => {
    const t = await start("2025-06-02T05:50:00Z", [{ ...morning, missed: "run-once" }]);
    await t.restart(() => vi.setSystemTime(new Date("2025-06-02T09:00:00Z")));
    await t.untilSent(1);
    await later(60 * 60_000);
    await settled(t);
    expect(t.sent()).toEqual([`${ALICE}: Good morning, it is 2025-06-02`]);
  });

  it("is skipped when the job says skip, and the next run still happens", async () => {
    const t = await start("2025-06-02T05:50:00Z", [{ ...morning, missed: "skip" }]);
    await t.restart(() => vi.setSystemTime(new Date("2025-06-02T09:00:00Z")));
    await settled(t);
    expect(t.sent()).toEqual([]);
    await later(21 * 60 * 60_000); // 06:00 UTC next day = 08:00 Berlin
    await t.untilSent(1);
    expect(t.sent()).toEqual([`${ALICE}: Good morning, it is 2025-06-03`]);
  });
});
