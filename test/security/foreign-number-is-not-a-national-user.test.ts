import { describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { harnessPerTest, settled } from "../automation/support/harness.js";

/**
 * Attack: take over a user written nationally in the config (`bob: 01702222222`) without
 * spoofing, from a real foreign number with the same subscriber digits (`+44 1702 222222`, a
 * rentable UK number, or `+1 1702222222`), or as an alphanumeric sender named like his number
 * (bulk-SMS providers let anyone choose one). Each is a stranger: audited as an unknown sender,
 * no action, no reply.
 */
const BOB_NATIONAL = "01702222222";
const BOB = "+491702222222";
const CAROL = "+491703333333";

const config = (homeCountryCode?: string): AutomationConfigInput => ({
  ...(homeCountryCode === undefined ? {} : { homeCountryCode }),
  contacts: { numbers: { bob: BOB_NATIONAL, carol: CAROL } },
  commands: [
    {
      name: "relay",
      pattern: "RELAY <name> <state:ON|OFF>",
      publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
      reply: "Relay {{name}} is {{state}}",
    },
    { name: "temp", pattern: "TEMP?", secret: false, reply: "Living room: 21 C" },
  ],
  security: {
    users: [
      { who: "bob", allow: ["relay", "temp"], pin: "471100" },
      { who: "carol", allow: ["temp"] },
    ],
  },
});

const harness = harnessPerTest();

function outcomes(): string[] {
  return (harness.current?.published("smsgw/command") ?? []).map(
    (p) => (JSON.parse(p) as { outcome: string }).outcome,
  );
}

function relays(): string[] {
  return (harness.current?.publishedAll() ?? [])
    .filter((p) => p.topic.startsWith("home/relay/"))
    .map((p) => `${p.topic} ${p.payload}`);
}

describe("a user written nationally, with the home country +49", () => {
  it("is not the UK number with the same digits (+44 1702 222222)", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.receive("+441702222222", "471100 RELAY pump OFF");
    await settled(h);
    expect([outcomes(), relays(), h.sent()]).toEqual([["unknown-sender"], [], []]);
  });

  it("is not the North American number +1 1702222222", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.receive("+11702222222", "TEMP?");
    await settled(h);
    expect([outcomes(), h.sent()]).toEqual([["unknown-sender"], []]);
  });

  it("is not an alphanumeric sender spelt like his national number", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.deliver({ from: BOB_NATIONAL, fromType: "alphanumeric", text: "471100 RELAY x ON" });
    await settled(h);
    expect([outcomes(), relays(), h.sent()]).toEqual([["unknown-sender"], [], []]);
  });

  it("is not an alphanumeric sender spelt like the national form of a user written internationally", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.deliver({ from: "01703333333", fromType: "alphanumeric", text: "TEMP?" });
    await settled(h);
    expect([outcomes(), h.sent()]).toEqual([["unknown-sender"], []]);
  });

  it("is his real number, delivered internationally", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.receive(BOB, "471100 RELAY pump ON");
    await h.untilSent(1);
    expect([relays(), h.sent()]).toEqual([
      ["home/relay/pump/set ON"],
      [`${BOB}: Relay pump is ON`],
    ]);
  });

  it("is his real number delivered as national, and the reply goes to his configured number", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.deliver({ from: BOB_NATIONAL, fromType: "national", text: "TEMP?" });
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${BOB}: Living room: 21 C`]);
  });
});

/** A SIM of a test network (MCC 001) names no country. */
const NO_COUNTRY_SIM = "001010123456789";

describe("a user written nationally, with no home country configured or known from the SIM", () => {
  it("is not any international number (the country is unknown, so none is assumed)", async () => {
    const h = await harness.start({ config: config(), imsi: NO_COUNTRY_SIM });
    await h.receive("+441702222222", "TEMP?");
    await settled(h);
    expect([outcomes(), h.sent()]).toEqual([["unknown-sender"], []]);
  });

  it("is still a sender delivered nationally with exactly his digits", async () => {
    const h = await harness.start({ config: config(), imsi: NO_COUNTRY_SIM });
    await h.deliver({ from: BOB_NATIONAL, fromType: "national", text: "TEMP?" });
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${BOB_NATIONAL}: Living room: 21 C`]);
  });
});

describe("the sender's address type", () => {
  it("is kept on the inbound message", async () => {
    const h = await harness.start({ config: config("+49") });
    await h.deliver({ from: "01702222222", fromType: "alphanumeric", text: "hello" });
    await h.receive(BOB, "hello");
    expect(h.gw.inbound.map((m) => m.addressType)).toEqual(["alphanumeric", "international"]);
  });
});
