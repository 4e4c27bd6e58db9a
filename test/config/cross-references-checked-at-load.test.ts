import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { issuesOf } from "./support.js";

const alert = (to: string[]) => ({
  alerts: {
    rules: [
      { name: "freezer", topic: "home/freezer", condition: ">", threshold: 0, message: "warm", to },
    ],
  },
});

describe("cross-references in the configuration are checked when it is loaded", () => {
  it("an alert to an unknown contact name is a config problem with its path", async () => {
    const issues = await issuesOf(parseConfig({ automation: alert(["carol"]) }, { env: {} }));
    expect(issues.map((i) => i.path)).toEqual(["automation.alerts.rules.0.to"]);
  });

  it("a name from the top-level contacts list is known to automation", async () => {
    const { config } = await parseConfig(
      { contacts: [{ name: "Carol", number: "+491701234567" }], automation: alert(["carol"]) },
      { env: {} },
    );
    expect(config.automation.alerts.rules[0]?.to).toEqual(["carol"]);
  });

  it("a housekeeping task the gateway does not offer is refused", async () => {
    const issues = await issuesOf(
      parseConfig(
        {
          automation: {
            schedules: [{ name: "h", type: "housekeeping", cron: "0 3 * * *", task: "defrag" }],
          },
        },
        { env: {} },
      ),
    );
    expect(issues).toEqual([
      {
        path: "automation.schedules.0.task",
        message: 'no housekeeping task "defrag" (known: sim-sweep, history-retention)',
      },
    ]);
  });

  it("reference problems are reported together with the file's other problems", async () => {
    const issues = await issuesOf(
      parseConfig(
        {
          automation: {
            ...alert(["carol"]),
            security: { users: [{ who: "dave", allow: ["*"] }] },
          },
          mqtt: { tls: { ca: "/nonexistent/ca.pem" } },
        },
        { env: {} },
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      "automation.alerts.rules.0.to",
      "automation.security.users.0.who",
      "mqtt.tls.ca",
    ]);
  });
});
