import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { decodeBase32, totp } from "../../src/automation/totp.js";
import { type AutomationHarness, settled, startAutomationHarness } from "./support/harness.js";

const SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const ALICE = "+491701111111";
const BOB = "+491702222222";
const EVE = "+491709999999";

const config: AutomationConfigInput = {
  contacts: { numbers: { alice: ALICE, bob: BOB } },
  commands: [
    {
      name: "relay",
      pattern: "RELAY <name> <state:ON|OFF>",
      publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
      reply: "Relay {{name}} {{state}}",
    },
    {
      name: "temp",
      pattern: "TEMP?",
      secret: false,
      values: { temp: { topic: "home/living/sensor", path: "temperature" } },
      reply: "Living room {{temp}} °C",
    },
  ],
  security: {
    users: [
      { who: "alice", allow: ["*"], totp: { secret: SECRET } },
      { who: "bob", allow: ["relay", "temp"], pin: "471100" },
    ],
  },
};

const code = () => totp(decodeBase32(SECRET), Date.now());

let h: AutomationHarness;
beforeEach(async () => {
  h = await startAutomationHarness({ config });
});
afterEach(async () => {
  await h.dispose();
});

function audits() {
  return h.observer?.jsonOn<Record<string, unknown>>("smsgw/command") ?? [];
}

function relayPublishes() {
  return (
    h.observer?.messages
      .filter((m) => m.topic.startsWith("home/relay/"))
      .map((m) => `${m.topic} ${m.text}`) ?? []
  );
}

describe("remote control by SMS", () => {
  it("an allowed sender with a valid code gets the MQTT action published and a reply", async () => {
    await h.receive(ALICE, `${code()} RELAY pump ON`);
    await h.untilSent(1);
    await h.observer?.waitForTopic("home/relay/pump/set");
    expect(relayPublishes()).toEqual(["home/relay/pump/set ON"]);
    expect(h.sent()).toEqual([`${ALICE}: Relay pump ON`]);
  });

  it("audits the command on <base>/command without the code", async () => {
    const c = code();
    await h.receive(ALICE, `${c} relay pump on`);
    const event = await h.observer?.waitForTopic("smsgw/command");
    expect(event?.json).toMatchObject({
      sender: ALICE,
      command: "relay pump on",
      name: "relay",
      outcome: "ok",
    });
    expect(event?.text).not.toContain(c);
  });

  it("refuses the same code a second time (replay)", async () => {
    const c = code();
    await h.receive(ALICE, `${c} RELAY pump ON`);
    await h.receive(ALICE, `${c} RELAY pump OFF`);
    await h.untilSent(2);
    await h.observer?.waitForCount((m) => m.topic === "smsgw/command", 2);
    expect(relayPublishes()).toEqual(["home/relay/pump/set ON"]);
    expect(h.sent()[1]).toBe(
      `${ALICE}: Refused: that code was already used; wait for the next one.`,
    );
    expect(audits().map((a) => a.outcome)).toEqual(["ok", "replayed-code"]);
  });

  it("gives an unknown sender nothing, even with a code that would be valid", async () => {
    await h.receive(EVE, `${code()} RELAY pump ON`);
    await h.observer?.waitForTopic("smsgw/command");
    await settled(h);
    expect(h.sent()).toEqual([]);
    expect(relayPublishes()).toEqual([]);
    expect(audits()).toMatchObject([{ sender: EVE, outcome: "unknown-sender" }]);
  });

  it("does not act on a user's (possibly forged) number without the code", async () => {
    await h.receive(ALICE, "RELAY pump ON");
    await h.untilSent(1);
    expect(relayPublishes()).toEqual([]);
    expect(h.sent()).toEqual([
      `${ALICE}: Refused: start the command with your code, e.g. 123456 RELAY pump ON`,
    ]);
  });

  it("locks a sender out after 5 failures, and the lockout survives a restart", async () => {
    // Different texts: the network's duplicate detection would drop identical ones.
    for (let i = 0; i < 5; i++) await h.receive(ALICE, `00000${i} RELAY pump ON`);
    await h.untilSent(5);
    expect(h.sent()[4]).toBe(
      `${ALICE}: Refused: wrong code. Too many failures: locked for 60 min.`,
    );
    await h.receive(ALICE, `${code()} RELAY pump ON`);
    await h.restart();
    await h.receive(ALICE, `${code()} RELAY pump OFF`);
    await h.observer?.waitForCount((m) => m.topic === "smsgw/command", 8);
    await settled(h);
    expect(relayPublishes()).toEqual([]);
    expect(h.sent()).toHaveLength(5);
    expect(
      audits()
        .map((a) => a.outcome)
        .slice(4),
    ).toEqual(["wrong-secret", "lockout-started", "locked-out", "locked-out"]);
  });

  it("accepts a static PIN again and again (the owner's choice)", async () => {
    await h.receive(BOB, "471100 RELAY light OFF");
    await h.receive(BOB, "471100 RELAY light ON");
    await h.untilSent(2);
    await h.observer?.waitForCount((m) => m.topic === "home/relay/light/set", 2);
    expect(relayPublishes()).toEqual(["home/relay/light/set OFF", "home/relay/light/set ON"]);
  });

  it("refuses a command the sender is not permitted to run", async () => {
    await h.receive(BOB, "471100 STATUS");
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${BOB}: Refused: you may not run status.`]);
  });

  it("replies with the latest value seen on an MQTT topic", async () => {
    const seen = h.automationReceived("home/living/sensor");
    await h.observer?.publish(
      "home/living/sensor",
      JSON.stringify({ temperature: 21.5, humidity: 40 }),
    );
    await seen;
    await h.receive(BOB, "temp?");
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${BOB}: Living room 21.5 °C`]);
  });

  it("HELP lists only what this sender may run", async () => {
    await h.receive(BOB, "HELP");
    await h.untilSent(1);
    expect(h.sent()).toEqual([
      `${BOB}: Commands: RELAY <name> <state:ON|OFF>; TEMP?; HELP; PING. Start commands with your PIN.`,
    ]);
  });

  it("STATUS tells signal, operator, uptime and queue", async () => {
    await h.receive(ALICE, `${code()} STATUS`);
    await h.untilSent(1);
    expect(h.sent()[0]).toMatch(
      /^\+491701111111: smsgw ready: signal -73 dBm \(65%\), operator Telekom \(LTE\), up 0m, queue 0, sent 0, received 1, failed 0$/,
    );
  });

  it("PING answers PONG without a code", async () => {
    await h.receive(ALICE, "ping");
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${ALICE}: PONG`]);
  });

  it("answers a known sender's malformed command with its usage", async () => {
    await h.receive(ALICE, `${code()} RELAY pump`);
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${ALICE}: Usage: RELAY <name> <state:ON|OFF>`]);
  });
});
