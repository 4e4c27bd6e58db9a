import { describe, expect, it } from "vitest";
import { maskLeadingCode } from "../../src/automation/code-mask.js";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { decodeBase32, hotp, totp } from "../../src/automation/totp.js";
import { harnessPerTest, settled } from "../automation/support/harness.js";

/**
 * Attack: learn a user's still-valid code from a third party. A user writing from an unknown
 * phone (or a forwarded command) had his code forwarded verbatim to the forwarding recipients
 * and published on `<base>/received`; the code was never spent, and an HOTP code stays valid
 * until a later one is used. Now the code is masked wherever it is passed on, and spent.
 */
const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const HOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const ALICE = "+491701111111";
const CAROL = "+491703333333";
const DAVE = "+491704444444";
const STRANGER = "+447700900123";
const config: AutomationConfigInput = {
  contacts: { numbers: { alice: ALICE, carol: CAROL, dave: DAVE } },
  commands: [
    {
      name: "relay",
      pattern: "RELAY <name> <state:ON|OFF>",
      publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
      reply: "Relay {{name}} is {{state}}",
    },
  ],
  forwarding: [{ name: "all", from: "*", to: ["dave"] }],
  security: {
    users: [
      { who: "alice", allow: ["*"], totp: { secret: TOTP_SECRET } },
      { who: "carol", allow: ["*"], hotp: { secret: HOTP_SECRET } },
    ],
  },
};

const harness = harnessPerTest();
const outcomes = () =>
  (harness.current?.published("smsgw/command") ?? []).map((p) => JSON.parse(p).outcome);

describe("a code sent from an unknown phone", () => {
  it("is masked in the forward", async () => {
    const h = await harness.start({ config });
    const c = totp(decodeBase32(TOTP_SECRET), Date.now());
    await h.receive(STRANGER, `${c} RELAY pump ON`);
    await h.untilSent(1);
    expect(h.sent()).toEqual([`${DAVE}: From ${STRANGER}: ****** RELAY pump ON`]);
  });

  it("is spent: the same TOTP code from the user is then refused", async () => {
    const h = await harness.start({ config });
    const c = totp(decodeBase32(TOTP_SECRET), Date.now());
    await h.receive(STRANGER, `${c} RELAY pump ON`);
    await h.receive(ALICE, `${c} RELAY pump ON`);
    await settled(h);
    expect([outcomes(), h.published("home/relay/pump/set")]).toEqual([
      ["unknown-sender", "replayed-code"],
      [],
    ]);
  });

  it("is spent: an unused HOTP code seen once never opens a command later", async () => {
    const h = await harness.start({ config });
    const c = hotp(decodeBase32(HOTP_SECRET), 0);
    await h.receive(STRANGER, `${c} RELAY pump ON`);
    await h.receive(CAROL, `${c} RELAY pump ON`);
    await settled(h);
    expect([outcomes(), h.published("home/relay/pump/set")]).toEqual([
      ["unknown-sender", "replayed-code"],
      [],
    ]);
  });
});

describe("masking", () => {
  const keywords = new Set(["RELAY", "PING"]);

  it("hides a leading 4–12 digit code in front of a command keyword, whatever its length", () => {
    expect([
      maskLeadingCode("4711 relay pump ON", keywords),
      maskLeadingCode("123456789012 PING", keywords),
    ]).toEqual(["****** relay pump ON", "****** PING"]);
  });

  it("leaves other texts as they are", () => {
    expect([
      maskLeadingCode("1234 Main Street", keywords),
      maskLeadingCode("Your code is 123456", keywords),
    ]).toEqual(["1234 Main Street", "Your code is 123456"]);
  });
});
