import { describe, expect, it } from "vitest";
import { automationSchema } from "../../src/automation/config-schema.js";
import { createAutomation } from "../../src/automation/index.js";
import { isSmsgwError } from "../../src/errors.js";
import { MemoryMqtt } from "./support/memory-mqtt.js";

const sms = {
  send: async () => [],
  stats: () => ({ queued: 0, sent: 0, delivered: 0, failed: 0, received: 0 }),
  pendingInbound: () => [],
  on: () => undefined,
  off: () => undefined,
};

function issuesOf(config: unknown, housekeeping = {}): Array<{ path: string; message: string }> {
  try {
    createAutomation({
      config: config as never,
      sms,
      mqtt: new MemoryMqtt(),
      storeDir: "/nonexistent",
      housekeeping,
    });
  } catch (err) {
    if (isSmsgwError(err, "config.invalid"))
      return err.details.issues as Array<{ path: string; message: string }>;
    throw err;
  }
  return [];
}

describe("the automation config", () => {
  it("is valid when empty, with secure defaults", () => {
    const c = automationSchema.parse({});
    expect(c.security.lockout).toEqual({
      threshold: 5,
      windowSeconds: 900,
      durationSeconds: 3600,
      backoffAfter: 10,
    });
    expect(c.security.builtins).toEqual({
      status: { enabled: true, secret: true },
      help: { enabled: true, secret: false },
      ping: { enabled: true, secret: false },
    });
    expect(c.commands).toEqual([]);
  });

  it("reports every problem at once, with its key path", () => {
    const paths = issuesOf({
      commands: [
        { name: "status", pattern: "STATUS" },
        { name: "bad", pattern: "<x> ON" },
      ],
      alerts: {
        rules: [{ name: "a", topic: "home/#/x", condition: ">", message: "m", to: ["alice"] }],
      },
      schedules: [{ name: "s", type: "message", cron: "61 * * * *", to: ["x"], text: "t" }],
      forwarding: [{ name: "f", text: "([", to: ["x"] }],
      security: {
        users: [
          {
            who: "+491701111111",
            allow: ["*"],
            pin: "471100",
            totp: { secret: "GEZDGNBVGY3TQOJQ" },
          },
        ],
      },
    }).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "automation.commands.0.name",
        "automation.commands.1.pattern",
        "automation.alerts.rules.0.topic",
        "automation.alerts.rules.0.threshold",
        "automation.schedules.0.cron",
        "automation.forwarding.0.text",
        "automation.security.users.0",
      ]),
    );
  });

  it("refuses recipients that are neither contacts, groups nor numbers", () => {
    expect(
      issuesOf({
        contacts: { numbers: { alice: "+491701111111" }, groups: { family: ["alice", "carol"] } },
        alerts: {
          rules: [{ name: "a", topic: "x", condition: "changed", message: "m", to: ["dave"] }],
        },
      }),
    ).toEqual([
      {
        path: "automation.contacts.groups.family",
        message: '"carol" is neither a contact, a group nor a phone number',
      },
      {
        path: "automation.alerts.rules.0.to",
        message: '"dave" is neither a contact, a group nor a phone number',
      },
    ]);
  });

  it("refuses a housekeeping job the gateway does not offer", () => {
    expect(
      issuesOf(
        { schedules: [{ name: "h", type: "housekeeping", cron: "0 3 * * *", task: "defrag" }] },
        { "sim-sweep": () => {} },
      ),
    ).toEqual([
      {
        path: "automation.schedules.0.task",
        message: 'no housekeeping task "defrag" (known: sim-sweep)',
      },
    ]);
  });

  it("caps each forwarding rule at 30 forwarded SMS per hour unless told otherwise", () => {
    const c = automationSchema.parse({ forwarding: [{ name: "f", to: ["+491701111111"] }] });
    expect(c.forwarding[0]?.maxPerHour).toBe(30);
  });

  it("refuses a forwarding cap below one SMS per hour, naming the key", () => {
    expect(issuesOf({ forwarding: [{ name: "f", to: ["+491701111111"], maxPerHour: 0 }] })).toEqual(
      [{ path: "automation.forwarding.0.maxPerHour", message: "maxPerHour must be at least 1" }],
    );
  });

  it("refuses a forwarding cap that is not a whole number, naming the key", () => {
    expect(
      issuesOf({ forwarding: [{ name: "f", to: ["+491701111111"], maxPerHour: 2.5 }] }),
    ).toEqual([
      {
        path: "automation.forwarding.0.maxPerHour",
        message: "maxPerHour must be a whole number of SMS",
      },
    ]);
  });

  it("refuses a TOTP secret that is too short or not base32", () => {
    const r = automationSchema.safeParse({
      security: { users: [{ who: "+491701111111", allow: ["*"], totp: { secret: "ABC" } }] },
    });
    expect(r.success).toBe(false);
  });
});
