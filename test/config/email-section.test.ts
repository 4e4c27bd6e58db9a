import { describe, expect, it } from "vitest";
import { parseConfig, redactConfig } from "../../src/config/index.js";
import { issuesOf } from "./support.js";

const parse = (input: Parameters<typeof parseConfig>[0]) => parseConfig(input, { env: {} });

describe("the email section", () => {
  it("is off by default: no listener, no relay, the listener on loopback port 2525 once on", async () => {
    const { config } = await parse({});
    expect([
      config.email.smtp.enabled,
      config.email.smtp.listen,
      config.email.smtp.port,
      config.email.relay.host,
    ]).toEqual([false, "127.0.0.1", 2525, undefined]);
  });

  it("refuses a port out of range, naming the key", async () => {
    const issues = await issuesOf(parse({ email: { smtp: { port: 70000 } } }));
    expect(issues.map((i) => i.path)).toEqual(["email.smtp.port"]);
  });

  it("refuses a listener no sender could use (no allowedSenders, no users)", async () => {
    const issues = await issuesOf(parse({ email: { smtp: { enabled: true } } }));
    expect(issues).toEqual([
      {
        path: "email.smtp.allowedSenders",
        message: "the SMTP listener would refuse every mail: name allowedSenders or users",
      },
    ]);
  });

  it("refuses forwardAll without a relay, naming the key", async () => {
    const issues = await issuesOf(parse({ email: { forwardAll: ["ops@example.com"] } }));
    expect(issues).toEqual([
      { path: "email.forwardAll", message: "mailing received SMS needs email.relay.host" },
    ]);
  });

  it("refuses a forwardAll entry that is no e-mail address", async () => {
    const issues = await issuesOf(
      parse({ email: { relay: { host: "mail.example.com" }, forwardAll: ["ops"] } }),
    );
    expect(issues.map((i) => i.path)).toEqual(["email.forwardAll.0"]);
  });

  it("refuses a mailto: forwarding recipient without a relay, naming the rule", async () => {
    const issues = await issuesOf(
      parse({ automation: { forwarding: [{ name: "all", to: ["mailto:ops@example.com"] }] } }),
    );
    expect(issues).toEqual([
      { path: "automation.forwarding.0.to", message: "a mailto: recipient needs email.relay.host" },
    ]);
  });

  it("refuses a mailto: recipient that is no address", async () => {
    const issues = await issuesOf(
      parse({
        email: { relay: { host: "mail.example.com" } },
        automation: { forwarding: [{ name: "all", to: ["mailto:ops"] }] },
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["automation.forwarding.0.to"]);
  });

  it("accepts mailto: beside numbers in a forwarding rule", async () => {
    const { config } = await parse({
      email: { relay: { host: "mail.example.com" } },
      automation: {
        forwarding: [{ name: "all", to: ["mailto:ops@example.com", "+491701234567"] }],
      },
    });
    expect(config.automation.forwarding[0]?.to).toEqual([
      "mailto:ops@example.com",
      "+491701234567",
    ]);
  });

  it("refuses an invalid cutAt expression, naming the key", async () => {
    const issues = await issuesOf(parse({ email: { smtp: { cutAt: ["(unclosed"] } } }));
    expect(issues.map((i) => i.path)).toEqual(["email.smtp.cutAt.0"]);
  });

  it("hides the relay and SMTP user passwords in the redacted view", async () => {
    const { config } = await parse({
      email: {
        relay: { host: "mail.example.com", user: "gw", password: "relay-secret" },
        smtp: { users: [{ name: "ups", password: "user-secret" }] },
      },
    });
    const shown = JSON.stringify(redactConfig(config));
    expect([shown.includes("relay-secret"), shown.includes("user-secret")]).toEqual([false, false]);
  });
});
