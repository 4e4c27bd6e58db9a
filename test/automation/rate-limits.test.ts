import { describe, expect, it, vi } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { openAutomationState } from "../../src/automation/state.js";
import { type AutomationHarness, harnessPerTest, settled, useFakeDate } from "./support/harness.js";

const ALICE = "+491701111111";
const BOB = "+491702222222";
const STRANGER = "+491709999999";
const MIN = 60_000;

const harness = harnessPerTest();

/** Alice and Bob may run RELAY with a PIN; Alice's commands and everyone's replies are capped. */
async function start(
  rateLimit: { commandsPerHour?: number; repliesPerHour?: number; autoRepliesPerHour?: number },
  extra: Partial<AutomationConfigInput> = {},
): Promise<AutomationHarness> {
  useFakeDate();
  vi.setSystemTime(new Date("2025-06-02T12:00:00Z"));
  return harness.start({
    config: {
      contacts: { numbers: { alice: ALICE, bob: BOB } },
      commands: [
        {
          name: "relay",
          pattern: "RELAY <name> <state:ON|OFF>",
          reply: "Relay {{name}} {{state}}",
        },
      ],
      security: {
        users: [
          { who: "alice", allow: ["relay"], pin: "471100" },
          { who: "bob", allow: ["relay"], pin: "081500" },
        ],
        rateLimit,
      },
      ...extra,
    },
  });
}

let n = 0;
/** A command from `from` (each text differs: the same text twice would be a network duplicate). */
async function command(t: AutomationHarness, from: string, pin = "471100"): Promise<void> {
  await t.receive(from, `${pin} RELAY r${n++} ON`);
  await settled(t);
}

const repliesTo = (t: AutomationHarness, who: string) =>
  t.sent().filter((s) => s.startsWith(`${who}:`)).length;

describe("commands per sender per hour (security.rateLimit.commandsPerHour)", () => {
  it("answers a sender's commands up to the limit", async () => {
    const t = await start({ commandsPerHour: 3 });
    for (let i = 0; i < 3; i++) await command(t, ALICE);
    expect(repliesTo(t, ALICE)).toBe(3);
  });

  it("ignores the sender's next command in the same hour, without a reply", async () => {
    const t = await start({ commandsPerHour: 3 });
    for (let i = 0; i < 4; i++) await command(t, ALICE);
    expect(repliesTo(t, ALICE)).toBe(3);
  });

  it("counts each sender on their own", async () => {
    const t = await start({ commandsPerHour: 3 });
    for (let i = 0; i < 3; i++) await command(t, ALICE);
    await command(t, BOB, "081500");
    expect(repliesTo(t, BOB)).toBe(1);
  });

  it("keeps the count across a restart, so a restart loop does not reset it", async () => {
    const t = await start({ commandsPerHour: 3 });
    for (let i = 0; i < 2; i++) await command(t, ALICE);
    await t.restart();
    for (let i = 0; i < 2; i++) await command(t, ALICE);
    expect(repliesTo(t, ALICE)).toBe(3);
  });

  it("accepts commands again once an hour has passed since the ones counted", async () => {
    const t = await start({ commandsPerHour: 3 });
    for (let i = 0; i < 4; i++) await command(t, ALICE);
    vi.setSystemTime(Date.now() + 61 * MIN);
    await command(t, ALICE);
    expect(repliesTo(t, ALICE)).toBe(4);
  });
});

describe("replies per hour in total (security.rateLimit.repliesPerHour)", () => {
  it("caps the replies to all senders together", async () => {
    const t = await start({ repliesPerHour: 3 });
    for (let i = 0; i < 2; i++) await command(t, ALICE);
    for (let i = 0; i < 2; i++) await command(t, BOB, "081500");
    expect(t.sent()).toHaveLength(3);
  });

  it("does not share the cap with auto-replies, which have their own", async () => {
    const t = await start(
      { repliesPerHour: 2, autoRepliesPerHour: 1 },
      {
        autoReply: [
          { name: "notice", reply: "Not read here", cooldownMinutes: 1, allowUnknown: true },
        ],
      },
    );
    await command(t, ALICE);
    await t.receive(STRANGER, "hello");
    await t.receive(BOB, "hello there");
    await command(t, ALICE);
    await settled(t);
    expect(t.sent().map((s) => s.replace(/r\d+/, "r#"))).toEqual([
      `${ALICE}: Relay r# ON`,
      `${STRANGER}: Not read here`,
      `${ALICE}: Relay r# ON`,
    ]);
  });

  it("keeps the count across a restart", async () => {
    const t = await start({ repliesPerHour: 3 });
    for (let i = 0; i < 2; i++) await command(t, ALICE);
    await t.restart();
    for (let i = 0; i < 2; i++) await command(t, BOB, "081500");
    expect(t.sent()).toHaveLength(3);
  });

  it("keeps in the state file only the last hour's counts", async () => {
    const t = await start({ repliesPerHour: 5 });
    await command(t, ALICE);
    vi.setSystemTime(Date.now() + 61 * MIN);
    await command(t, BOB, "081500");
    await t.automation.stop();
    const state = await openAutomationState(t.gw.dir);
    const limits = state.data.rateLimits;
    await state.close();
    expect(Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, v.length]))).toEqual({
      replies: 1,
      [`commands|${BOB}|no-smsc`]: 1,
    });
  });
});
