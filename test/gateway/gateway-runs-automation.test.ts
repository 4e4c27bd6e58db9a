import { describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway/index.js";
import type { TestClient } from "../mqtt/support/client.js";
import { startGatewayTest } from "../support/gateway.js";

const OWNER = "+491702222222";
let client: TestClient | undefined;

/** The gateway with one SMS command, once its automation listens (unless `started` is false). */
async function start(started = true): Promise<Gateway> {
  const t = await startGatewayTest({
    config: {
      modem: { port: "sim://SIM7600" },
      mqtt: { clientId: "gw-auto" },
      automation: {
        commands: [
          {
            name: "relay",
            pattern: "RELAY <name> <state:ON|OFF>",
            publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
            reply: "Relay {{name}} is {{state}}",
          },
        ],
        security: { users: [{ who: OWNER, allow: ["relay"], pin: "471100" }] },
      },
    },
    simulatorFromConfig: true,
    observe: ["home/#", "smsgw/command"],
    start: started,
  });
  client = t.client;
  return t.gateway;
}

describe("the gateway with automation configured", () => {
  it("runs an SMS command from an allowed sender: publishes the action and replies by SMS", async () => {
    const g = await start();
    g.simulator?.deliverSms({ from: OWNER, text: "471100 RELAY pump ON" });
    const action = await client?.waitForTopic("home/relay/pump/set", () => true, 20_000);
    expect(action?.text).toBe("ON");
    await expect
      .poll(() => g.simulator?.sent.map((s) => [s.to, s.text]), { timeout: 20_000 })
      .toEqual([[OWNER, "Relay pump is ON"]]);
  });

  it("audits the command on <base>/command without the PIN", async () => {
    const g = await start();
    g.simulator?.deliverSms({ from: OWNER, text: "471100 RELAY pump OFF" });
    const audit = await client!.waitForTopic("smsgw/command", () => true, 20_000);
    expect([audit.text.includes("471100"), (audit.json as { sender: string }).sender]).toEqual([
      false,
      OWNER,
    ]);
  });

  it("hears inbound SMS as soon as start() resolves, before its state and broker are open", async () => {
    const g = await start(false);
    await g.start();
    const atStart = g.service.listenerCount("inbound");
    await g.whenAutomationStarted();
    expect(g.service.listenerCount("inbound")).toBe(atStart);
  });
});
