import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../src/mqtt/embedded-broker.js";
import { TestClient } from "../mqtt/support/client.js";

let broker: EmbeddedBroker | undefined;
let gateway: Gateway | undefined;
let client: TestClient | undefined;
let dir: string | undefined;

afterEach(async () => {
  await gateway?.stop();
  await client?.close();
  await broker?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  gateway = client = broker = dir = undefined;
});

const OWNER = "+491702222222";

async function start(): Promise<Gateway> {
  broker = await startEmbeddedBroker({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), "smsgw-gw-auto-"));
  const { config } = await parseConfig(
    {
      modem: { port: "sim://SIM7600" },
      mqtt: { url: broker.url, clientId: "gw-auto" },
      store: { dir: join(dir, "store") },
      automation: {
        commands: [
          {
            name: "relay",
            pattern: "RELAY <name> <state:ON|OFF>",
            publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
            reply: "Relay {{name}} is {{state}}",
          },
        ],
        security: { users: [{ who: OWNER, allow: ["relay"], pin: "4711" }] },
      },
    },
    { env: {} },
  );
  client = await TestClient.connect(broker.url, ["home/#", "smsgw/command"]);
  gateway = new Gateway({ config });
  await gateway.start();
  await gateway.modem.whenReady();
  return gateway;
}

describe("the gateway with automation configured", () => {
  it("runs an SMS command from an allowed sender: publishes the action and replies by SMS", async () => {
    const g = await start();
    g.simulator?.deliverSms({ from: OWNER, text: "4711 RELAY pump ON" });
    const action = await client?.waitForTopic("home/relay/pump/set", () => true, 20_000);
    expect(action?.text).toBe("ON");
    await expect
      .poll(() => g.simulator?.sent.map((s) => [s.to, s.text]), { timeout: 20_000 })
      .toEqual([[OWNER, "Relay pump is ON"]]);
  });

  it("audits the command on <base>/command without the PIN", async () => {
    const g = await start();
    g.simulator?.deliverSms({ from: OWNER, text: "4711 RELAY pump OFF" });
    const audit = await client!.waitForTopic("smsgw/command", () => true, 20_000);
    expect([audit.text.includes("4711"), (audit.json as { sender: string }).sender]).toEqual([
      false,
      OWNER,
    ]);
  });
});
