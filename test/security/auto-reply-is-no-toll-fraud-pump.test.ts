import { describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { harnessPerTest, settled } from "../automation/support/harness.js";

/**
 * Attack (SMS pumping): forge senders at premium or international numbers the attacker is
 * paid for, and let the auto-reply answer each; digit-only alphanumeric senders counted as
 * numbers; and the flood used up the replies budget, so the owner's command ran unanswered.
 */
const CAROL = "+491703333333";
const config = (allowUnknown?: boolean): AutomationConfigInput => ({
  contacts: { numbers: { carol: CAROL } },
  commands: [{ name: "gate", pattern: "GATE", secret: false, reply: "Gate opened" }],
  security: { users: [{ who: "carol", allow: ["*"] }], rateLimit: { autoRepliesPerHour: 5 } },
  autoReply: [
    {
      name: "unmonitored",
      from: "*",
      reply: "This number is not read.",
      ...(allowUnknown === undefined ? {} : { allowUnknown }),
    },
  ],
});

const harness = harnessPerTest();

describe("an auto-reply rule for every sender", () => {
  it("does not answer strangers unless allowUnknown says so", async () => {
    const h = await harness.start({ config: config() });
    await h.receive("+882345678901", "hello");
    await h.receive("+4490012345678", "hello");
    await settled(h);
    expect(h.sent()).toEqual([]);
  });

  it("still answers a contact", async () => {
    const h = await harness.start({ config: config() });
    await h.receive(CAROL, "hello");
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${CAROL}: This number is not read.`]);
  });
});

describe("with allowUnknown", () => {
  it("never answers an alphanumeric sender, even one made of digits", async () => {
    const h = await harness.start({ config: config(true) });
    await h.deliver({ from: "09001234567", fromType: "alphanumeric", text: "hello" });
    await settled(h);
    expect(h.sent()).toEqual([]);
  });

  it("keeps its own budget: a flood of strangers does not silence the owner's command reply", async () => {
    const h = await harness.start({ config: config(true) });
    for (let i = 0; i < 8; i++) await h.receive(`+4917009001${i}0`, "hello");
    await h.receive(CAROL, "GATE");
    await settled(h);
    const sent = h.sent();
    expect([sent.filter((s) => s.endsWith("not read.")).length, sent.at(-1)]).toEqual([
      5,
      `${CAROL}: Gate opened`,
    ]);
  });
});
