import { describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { decodeBase32, totp } from "../../src/automation/totp.js";
import { harnessPerTest, settled } from "../automation/support/harness.js";

/**
 * Attack: forge the user's number to lock him out (5 wrong codes) or to use up his hourly
 * command budget (30 PINGs), through a bulk sender's SMSC. The limits are kept per route (the
 * user's number through one SMSC), so the user's own SMS through his operator still work,
 * and the lockout is announced.
 */
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const ALICE = "+491701111111";
const HER_SMSC = "+491760000000";
const FORGER_SMSC = "+447700000001";
const config: AutomationConfigInput = {
  contacts: { numbers: { alice: ALICE } },
  commands: [
    {
      name: "relay",
      pattern: "RELAY <name> <state:ON|OFF>",
      publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
      reply: "Relay {{name}} is {{state}}",
    },
  ],
  security: { users: [{ who: "alice", allow: ["*"], totp: { secret: SECRET } }] },
};
const code = () => totp(decodeBase32(SECRET), Date.now());

const harness = harnessPerTest();

function audit(): Array<Record<string, unknown>> {
  return (harness.current?.published("smsgw/command") ?? []).map((p) => JSON.parse(p));
}

describe("a forger sending as the user through another SMSC", () => {
  it("locks out only his own route: the user's next command runs", async () => {
    const h = await harness.start({ config });
    for (let i = 0; i < 5; i++)
      await h.deliver({ from: ALICE, smsc: FORGER_SMSC, text: `00000${i} RELAY pump ON` });
    await h.deliver({ from: ALICE, smsc: HER_SMSC, text: `${code()} RELAY pump ON` });
    await settled(h);
    expect(h.published("home/relay/pump/set")).toEqual(["ON"]);
  });

  it("is announced when his failures start a lockout", async () => {
    const h = await harness.start({ config });
    for (let i = 0; i < 5; i++)
      await h.deliver({ from: ALICE, smsc: FORGER_SMSC, text: `00000${i} RELAY pump ON` });
    await settled(h);
    expect(audit().filter((a) => a.outcome === "lockout-started")).toMatchObject([
      { sender: ALICE, scope: "route", lockedUntil: expect.any(String) },
    ]);
  });

  it("does not use up the user's hourly command budget", async () => {
    const h = await harness.start({
      config: { ...config, security: { ...config.security, rateLimit: { commandsPerHour: 3 } } },
    });
    for (let i = 0; i < 4; i++)
      await h.deliver({ from: ALICE, smsc: FORGER_SMSC, text: `PING ${"!".repeat(i)}`.trim() });
    await h.deliver({ from: ALICE, smsc: HER_SMSC, text: `${code()} RELAY pump OFF` });
    await settled(h);
    expect(h.published("home/relay/pump/set")).toEqual(["OFF"]);
  });
});
