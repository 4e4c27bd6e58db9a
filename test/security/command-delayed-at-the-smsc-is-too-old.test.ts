import { describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { harnessPerTest, settled } from "../automation/support/harness.js";

/**
 * Attack (or accident): a command that waited at the SMSC for days (gateway off, no coverage,
 * SIM full) runs when it finally arrives, because its age was counted from when the gateway
 * read it. The age now comes from the network's timestamp (SCTS), with its time zone.
 */
const BOB = "+491702222222";
const config: AutomationConfigInput = {
  contacts: { numbers: { bob: BOB } },
  commands: [
    {
      name: "gate",
      pattern: "GATE <state:OPEN|CLOSE>",
      publish: [{ topic: "home/gate/set", payload: "{{state}}" }],
      reply: "Gate {{state}}",
    },
  ],
  security: { users: [{ who: "bob", allow: ["*"], pin: "471100" }], maxCommandAgeMinutes: 10 },
};

const harness = harnessPerTest();
const MIN = 60_000;

describe("a command's age", () => {
  it("is counted from the SC timestamp: three days at the SMSC is too old", async () => {
    const h = await harness.start({ config });
    await h.deliver({
      from: BOB,
      text: "471100 GATE OPEN",
      timestamp: new Date(Date.UTC(2026, 10, 30, 6, 0)),
      tzOffsetMinutes: 0,
    });
    await h.untilSent(1);
    expect([h.published("home/gate/set"), h.sent()]).toEqual([
      [],
      [`${BOB}: Your command from 30 Nov 06:00 was not run: too old.`],
    ]);
  });

  it("is audited as expired", async () => {
    const h = await harness.start({ config });
    await h.deliver({
      from: BOB,
      text: "471100 GATE OPEN",
      timestamp: new Date(Date.now() - 60 * MIN),
    });
    await settled(h);
    expect(h.published("smsgw/command").map((p) => JSON.parse(p).outcome)).toEqual(["expired"]);
  });

  it("reads the SC timestamp with its time zone (5 minutes old, sent from UTC−5)", async () => {
    const h = await harness.start({ config });
    await h.deliver({
      from: BOB,
      text: "471100 GATE OPEN",
      timestamp: new Date(Date.now() - 5 * MIN),
      tzOffsetMinutes: -300,
    });
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${BOB}: Gate OPEN`]);
  });

  it("tolerates an SMSC clock a few minutes ahead", async () => {
    const h = await harness.start({ config });
    await h.deliver({
      from: BOB,
      text: "471100 GATE CLOSE",
      timestamp: new Date(Date.now() + 3 * MIN),
    });
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${BOB}: Gate CLOSE`]);
  });
});
