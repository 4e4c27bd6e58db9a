import { describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";

/**
 * A user written nationally (`bob: 01702222222`) is a number in the home country. Without
 * `automation.homeCountryCode` the home country is the SIM's, from its IMSI: the whole gateway
 * (simulator → modem → SMS service → automation) then knows that bob is +49 1702 222222, so
 * his phone is recognised however the network writes it, and a foreign number with the same
 * digits (+44 1702 222222, +1 1702222222) is a stranger. While the SIM's country is not known,
 * a national entry matches only the same national digits, never an international number.
 */
const GERMAN_SIM = "262019876543210";
const UK_SIM = "234150123456789";
const ITALIAN_SIM = "222100123456789";
const TEST_NETWORK_SIM = "001010123456789"; // MCC 001: no country

const BOB = "+491702222222";

const relay = {
  name: "relay",
  pattern: "RELAY <name> <state:ON|OFF>",
  publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
  reply: "Relay {{name}} is {{state}}",
};

const automation = (
  homeCountryCode?: string,
  bob = "01702222222",
  more: Partial<AutomationConfigInput> = {},
): AutomationConfigInput => ({
  ...(homeCountryCode === undefined ? {} : { homeCountryCode }),
  contacts: { numbers: { bob } },
  commands: [relay],
  security: { users: [{ who: "bob", allow: ["relay"], pin: "471100" }] },
  ...more,
});

async function gateway(imsi: string, config = automation()): Promise<GatewayTest> {
  return startGatewayTest({
    config: { automation: config },
    sim: { imsi },
    observe: ["home/#", "smsgw/command"],
  });
}

/** Audits of command attempts (a lockout starting is an event of its own). */
const isAttempt = (m: { topic: string; text: string }) =>
  m.topic === "smsgw/command" && !m.text.includes('"lockout-started"');

/** The audit outcome of one SMS from `from`, and what it published. */
async function attempt(
  t: GatewayTest,
  from: string,
  text = "471100 RELAY pump ON",
): Promise<{ outcome: string; relays: string[] }> {
  const before = t.client.messages.filter(isAttempt).length;
  t.sim.deliverSms({ from, text });
  await t.client.waitForCount(isAttempt, before + 1, 20_000);
  const audit = t.client.messages.filter(isAttempt)[before];
  return {
    outcome: audit === undefined ? "" : (JSON.parse(audit.text) as { outcome: string }).outcome,
    relays: t.client.on("home/relay/pump/set").map((m) => m.text),
  };
}

/** What the simulated network was asked to send, as [to, text]. */
function sent(t: GatewayTest): string[][] {
  return t.sim.sent.map((s) => [s.to, s.text]);
}

describe("a national user with a German SIM (no homeCountryCode)", () => {
  it("runs the command from his phone delivered nationally", async () => {
    const t = await gateway(GERMAN_SIM);
    expect(await attempt(t, "01702222222")).toEqual({ outcome: "ok", relays: ["ON"] });
  });

  it("runs the command from his phone delivered internationally (+49 1702 222222)", async () => {
    const t = await gateway(GERMAN_SIM);
    expect(await attempt(t, BOB)).toEqual({ outcome: "ok", relays: ["ON"] });
  });

  it("replies to his number in E.164", async () => {
    const t = await gateway(GERMAN_SIM);
    t.sim.deliverSms({ from: "01702222222", text: "471100 RELAY pump OFF" });
    await expect.poll(() => sent(t), { timeout: 20_000 }).toEqual([[BOB, "Relay pump is OFF"]]);
  });

  it("is not the UK number with the same digits (+44 1702 222222)", async () => {
    const t = await gateway(GERMAN_SIM);
    expect(await attempt(t, "+441702222222")).toEqual({ outcome: "unknown-sender", relays: [] });
  });

  it("is not the North American number +1 1702222222", async () => {
    const t = await gateway(GERMAN_SIM);
    expect(await attempt(t, "+11702222222")).toEqual({ outcome: "unknown-sender", relays: [] });
  });

  it("has one lockout count for both ways the network writes his number", async () => {
    const t = await gateway(
      GERMAN_SIM,
      automation(undefined, "01702222222", {
        security: {
          users: [{ who: "bob", allow: ["relay"], pin: "471100" }],
          lockout: { threshold: 3 },
        },
      }),
    );
    const outcomes: string[] = [];
    // Wrong codes, each another text: the same sender, text and second would be a duplicate.
    for (const [from, code] of [
      ["01702222222", "999991"],
      [BOB, "999992"],
      ["01702222222", "999993"],
    ])
      outcomes.push((await attempt(t, from ?? "", `${code} RELAY pump ON`)).outcome);
    outcomes.push((await attempt(t, BOB)).outcome);
    expect(outcomes).toEqual(["wrong-secret", "wrong-secret", "wrong-secret", "locked-out"]);
  });
});

describe("a national user with a UK SIM (no homeCountryCode)", () => {
  it("is the UK number, not the German one", async () => {
    const t = await gateway(UK_SIM);
    const german = await attempt(t, BOB);
    const uk = await attempt(t, "+441702222222", "471100 RELAY pump OFF");
    expect([german.outcome, uk.outcome]).toEqual(["unknown-sender", "ok"]);
  });
});

describe("a national user with an Italian SIM (the leading 0 is part of the number)", () => {
  it("runs the command from his number delivered internationally with the 0 (+39 06…)", async () => {
    const t = await gateway(ITALIAN_SIM, automation(undefined, "0612345678"));
    expect(await attempt(t, "+390612345678")).toEqual({ outcome: "ok", relays: ["ON"] });
  });

  it("replies to +39 06…, keeping the 0", async () => {
    const t = await gateway(ITALIAN_SIM, automation(undefined, "0612345678"));
    t.sim.deliverSms({ from: "0612345678", text: "471100 RELAY pump OFF" });
    await expect
      .poll(() => sent(t), { timeout: 20_000 })
      .toEqual([["+390612345678", "Relay pump is OFF"]]);
  });

  it("is not +39 6… (the number without the 0)", async () => {
    const t = await gateway(ITALIAN_SIM, automation(undefined, "0612345678"));
    expect(await attempt(t, "+39612345678")).toEqual({ outcome: "unknown-sender", relays: [] });
  });
});

describe("a national user while the SIM's country is not known", () => {
  it("still runs the command from the same national digits", async () => {
    const t = await gateway(TEST_NETWORK_SIM);
    expect(await attempt(t, "01702222222")).toEqual({ outcome: "ok", relays: ["ON"] });
  });

  for (const from of [BOB, "+441702222222", "+11702222222"])
    it(`is never an international number (${from})`, async () => {
      const t = await gateway(TEST_NETWORK_SIM);
      expect(await attempt(t, from)).toEqual({ outcome: "unknown-sender", relays: [] });
    });
});

describe("a national user when the SIM's country is learnt after automation started", () => {
  it("is his international number from then on", async () => {
    const t = await startGatewayTest({
      config: { automation: automation() },
      sim: { imsi: GERMAN_SIM },
      observe: ["home/#", "smsgw/command"],
      start: false,
    });
    t.sim.respond("AT+CIMI", { final: "ERROR" }); // the IMSI can't be read at first
    await t.startGateway();
    const before = await attempt(t, BOB);
    // The network lost and found again: ready again, the IMSI is read this time.
    t.sim.dropRegistration();
    await expect.poll(() => t.gateway.modem.state, { timeout: 10_000 }).not.toBe("ready");
    t.sim.restoreRegistration();
    await expect.poll(() => t.gateway.service.simCountry?.iso, { timeout: 10_000 }).toBe("DE");
    // Another text: the same sender, text and second would be a network duplicate, dropped.
    const after = await attempt(t, BOB, "471100 RELAY pump OFF");
    expect([before.outcome, after.outcome]).toEqual(["unknown-sender", "ok"]);
  }, 40_000);
});

describe("automation.homeCountryCode", () => {
  it("wins over the SIM's country", async () => {
    const t = await gateway(GERMAN_SIM, automation("+44"));
    const uk = await attempt(t, "+441702222222");
    const german = await attempt(t, BOB, "471100 RELAY pump OFF");
    expect([uk.outcome, german.outcome]).toEqual(["ok", "unknown-sender"]);
  });

  it("keeps the 0 where it is part of the number (+39: 06… is +39 06…)", async () => {
    const t = await gateway(GERMAN_SIM, automation("+39", "0612345678"));
    const withZero = await attempt(t, "+390612345678");
    const withoutZero = await attempt(t, "+39612345678", "471100 RELAY pump OFF");
    expect([withZero.outcome, withoutZero.outcome]).toEqual(["ok", "unknown-sender"]);
  });
});

describe("other features naming a national user, with a German SIM", () => {
  it("sends his alerts to his number in E.164", async () => {
    const t = await gateway(
      GERMAN_SIM,
      automation(undefined, "01702222222", {
        alerts: {
          rules: [
            {
              name: "warm",
              topic: "home/fridge/temperature",
              condition: ">",
              threshold: 8,
              message: "Fridge warm: {{value}}",
              to: ["bob"],
            },
          ],
        },
      }),
    );
    await t.client.publish("home/fridge/temperature", "12");
    await expect.poll(() => sent(t), { timeout: 20_000 }).toEqual([[BOB, "Fridge warm: 12"]]);
  });

  it("answers him by his auto-reply rule when his number comes as +49 170…", async () => {
    const t = await gateway(
      GERMAN_SIM,
      automation(undefined, "01702222222", {
        autoReply: [{ name: "away", from: "bob", reply: "Away until Monday" }],
      }),
    );
    t.sim.deliverSms({ from: BOB, text: "Are you there?" });
    await expect.poll(() => sent(t), { timeout: 20_000 }).toEqual([[BOB, "Away until Monday"]]);
  });

  it("forwards by a pattern written nationally (0170*) his messages delivered as +49 170…", async () => {
    const t = await gateway(
      GERMAN_SIM,
      automation(undefined, "01702222222", {
        contacts: { numbers: { bob: "01702222222", carol: "+491703333333" } },
        forwarding: [{ name: "mobiles", from: "0170*", to: ["carol"] }],
      }),
    );
    t.sim.deliverSms({ from: BOB, text: "Hello" });
    await expect
      .poll(() => sent(t).map(([to]) => to), { timeout: 20_000 })
      .toEqual(["+491703333333"]);
  });

  it("does not forward a foreign number by that pattern (+44 1702 222222)", async () => {
    const t = await gateway(
      GERMAN_SIM,
      automation(undefined, "01702222222", {
        contacts: { numbers: { bob: "01702222222", carol: "+491703333333" } },
        forwarding: [
          { name: "mobiles", from: "0170*", to: ["carol"] },
          { name: "rest", from: "*", to: ["+491704444444"] },
        ],
      }),
    );
    t.sim.deliverSms({ from: "+441702222222", text: "Hello" });
    // The catch-all rule forwards it too: once that is sent, the pattern had its chance.
    await expect
      .poll(() => sent(t).map(([to]) => to), { timeout: 20_000 })
      .toEqual(["+491704444444"]);
  });
});
