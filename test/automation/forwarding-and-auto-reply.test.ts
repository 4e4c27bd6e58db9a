import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { type AutomationHarness, settled, startAutomationHarness } from "./support/harness.js";

const ALICE = "+491701111111";
const BOB = "+491702222222";
const BANK = "+441234567890";
const STRANGER = "+33612345678";

const config: AutomationConfigInput = {
  contacts: { numbers: { alice: ALICE, bob: BOB }, groups: { family: ["alice", "bob"] } },
  security: { users: [{ who: "alice", allow: ["*"], pin: "471100" }] },
  forwarding: [
    {
      name: "bank",
      from: "+44*",
      text: "code \\d+",
      to: ["family"],
      template: "{{name}}: {{text}}",
    },
    { name: "all", from: "*", to: ["bob"] },
  ],
  autoReply: [
    {
      name: "unmonitored",
      from: "+33*",
      allowUnknown: true,
      reply: "This number is not read. Call +49 170 1111111.",
      cooldownMinutes: 60,
    },
  ],
};

let h: AutomationHarness;
let offset = 0;
beforeEach(async () => {
  offset = 0;
  h = await startAutomationHarness({
    config,
    clock: { now: () => Date.now() + offset },
    // The stranger is French: outside the default destination policy (the SIM's country).
    sms: { policy: { allowedCountries: ["SIM", "FR"] } },
  });
});
afterEach(async () => {
  await h.dispose();
});

describe("forwarding", () => {
  it("forwards a message matching sender and text to every member of the group", async () => {
    await h.receive(BANK, "Your code 123456");
    await h.untilSent(3);
    expect(h.sent().sort()).toEqual([
      `${ALICE}: ${BANK}: Your code 123456`,
      `${BOB}: ${BANK}: Your code 123456`,
      `${BOB}: From ${BANK}: Your code 123456`,
    ]);
  });

  it("leaves out rules whose text pattern does not match", async () => {
    await h.receive(BANK, "Your statement is ready");
    await h.untilSent(1);
    await settled(h);
    expect(h.sent()).toEqual([`${BOB}: From ${BANK}: Your statement is ready`]);
  });

  it("never forwards a message back to its sender, and names known senders", async () => {
    await h.receive(BOB, "hello");
    await h.receive(ALICE, "hi there");
    await h.untilSent(1);
    await settled(h);
    expect(h.sent()).toEqual([`${BOB}: From ${ALICE}: hi there`]);
  });

  it("does not forward a user's command (it holds a code)", async () => {
    await h.receive(ALICE, "471100 PING");
    await h.untilSent(1);
    await settled(h);
    expect(h.sent()).toEqual([`${ALICE}: PONG`]);
  });
});

describe("auto-reply", () => {
  it("answers a matching sender once per cooldown, so two bots cannot loop", async () => {
    await h.receive(STRANGER, "hello?");
    await h.receive(STRANGER, "hello again?");
    await h.untilSent(3); // one auto-reply + two forwards to bob
    await settled(h);
    const replies = h.sent().filter((s) => s.startsWith(STRANGER));
    expect(replies).toEqual([`${STRANGER}: This number is not read. Call +49 170 1111111.`]);
    offset = 61 * 60_000;
    await h.receive(STRANGER, "anyone?");
    await h.untilSent(5);
    expect(h.sent().filter((s) => s.startsWith(STRANGER))).toHaveLength(2);
  });

  it("answers an unknown sender's command attempt like any message (no oracle)", async () => {
    await h.receive(STRANGER, "1234 RELAY pump ON");
    await h.untilSent(2);
    expect(h.sent().filter((s) => s.startsWith(STRANGER))).toEqual([
      `${STRANGER}: This number is not read. Call +49 170 1111111.`,
    ]);
  });
});
