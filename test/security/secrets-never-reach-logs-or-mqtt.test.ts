import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeBase32, hotp, totp } from "../../src/automation/totp.js";
import { runGateway } from "../../src/cli/commands/run.js";
import { setLogDestination, setLogLevel } from "../../src/log.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "../mqtt/support/client.js";
import { until } from "../sms/helpers/gateway.js";
import { startAuthBroker } from "./support/auth-broker.js";

/**
 * Attack: read the secrets of the gateway from what it writes to its log (journald, shared in
 * bug reports) or publishes on MQTT. The real gateway starts with every kind of secret set and
 * the log at debug, handles command SMS from each kind of user, and stops; every log line and
 * every MQTT message is then searched for each secret value.
 */
const SECRETS = {
  simPin: "86429753",
  mqttPassword: "MqttPassw0rd-9Zq",
  urlPassword: "UrlPassw0rd-7Qx",
  totpSeed: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  hotpSeed: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
  staticPin: "90817263",
};
const ALICE = "+491701111111";
const BOB = "+491702222222";
const CAROL = "+491703333333";

let logs = "";
let observer: TestClient | undefined;
let exitCode: number | undefined;
let replyTexts: string[] = [];
let smsTexts: string[] = [];
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  const broker = await startAuthBroker("gw", [SECRETS.mqttPassword, SECRETS.urlPassword]);
  cleanup.push(() => broker.close());
  const dir = await mkdtemp(join(tmpdir(), "smsgw-secrets-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, "smsgw.yaml");
  await writeFile(
    file,
    JSON.stringify({
      modem: { port: "sim://SIM7600" },
      mqtt: {
        url: `mqtt://gw:${SECRETS.urlPassword}@127.0.0.1:${broker.port}`,
        username: "gw",
        password: SECRETS.mqttPassword,
        clientId: "gw-secrets",
      },
      store: { dir: join(dir, "store") },
      log: { level: "debug" },
      automation: {
        contacts: { numbers: { alice: ALICE, bob: BOB, carol: CAROL } },
        security: {
          users: [
            { who: "alice", allow: ["*"], totp: { secret: SECRETS.totpSeed } },
            { who: "bob", allow: ["*"], pin: SECRETS.staticPin },
            { who: "carol", allow: ["*"], hotp: { secret: SECRETS.hotpSeed } },
          ],
        },
        commands: [{ name: "note", pattern: "NOTE <text...>", reply: "noted" }],
        forwarding: [{ name: "all", from: "*", to: ["+491709999999"], includeCommands: true }],
      },
    }),
  );
  const lines: string[] = [];
  const restore = setLogDestination({ write: (l: string) => void lines.push(l) });
  cleanup.push(() => {
    restore();
    setLogLevel("silent");
  });
  observer = await TestClient.connect(
    `mqtt://gw:${SECRETS.mqttPassword}@127.0.0.1:${broker.port}`,
    ["#"],
  );
  cleanup.push(() => observer?.close());
  const sim = new SimulatedModem({
    profile: "SIM7600",
    timing: "instant",
    poweredOn: true,
    pin: SECRETS.simPin,
  });
  let release: (why: string) => void = () => {};
  const finished = runGateway(
    { config: file },
    {
      env: { SMSGW_MODEM_PIN: SECRETS.simPin },
      simulator: sim,
      stop: () =>
        new Promise<string>((r) => {
          release = r;
        }),
    },
  );
  await until(() => lines.some((l) => l.includes("automation started")), { realMs: 20_000 });
  const now = Date.now();
  sim.deliverSms({ from: ALICE, text: `${totp(decodeBase32(SECRETS.totpSeed), now)} PING` });
  sim.deliverSms({ from: BOB, text: `${SECRETS.staticPin} NOTE hello` });
  sim.deliverSms({ from: CAROL, text: `${hotp(decodeBase32(SECRETS.hotpSeed), 0)} PING` });
  // An unknown sender who knows bob's PIN: forwarded, published, never answered.
  sim.deliverSms({ from: "+447700900123", text: `${SECRETS.staticPin} NOTE from a stranger` });
  const replies = () => sim.sent.filter((m) => m.to !== "+491709999999");
  await until(() => replies().length >= 3, { realMs: 20_000 });
  await until(() => observer?.on("smsgw/received").length === 4, { realMs: 20_000 });
  release("test over");
  exitCode = await finished;
  logs = lines.join("");
  smsTexts = sim.sent.map((m) => m.text);
  replyTexts = replies()
    .map((m) => m.text)
    .sort();
}, 60_000);

afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

const published = () => (observer?.messages ?? []).map((m) => `${m.topic} ${m.text}`).join("\n");

describe("secrets in the log and on MQTT, with the log at debug", () => {
  it("ran: each user's command was accepted and answered", () => {
    expect(replyTexts).toEqual(["PONG", "PONG", "noted"]);
  });

  it("ran: the gateway logged its start at debug and stopped cleanly", () => {
    expect([exitCode, logs.includes('"level":20'), logs.includes("configuration")]).toEqual([
      0,
      true,
      true,
    ]);
  });

  for (const [name, value] of Object.entries(SECRETS)) {
    it(`never writes the ${name} to the log`, () => {
      expect(logs.includes(value)).toBe(false);
    });

    it(`never publishes the ${name} on MQTT`, () => {
      expect(published().includes(value)).toBe(false);
    });
  }
  it("never forwards bob's PIN by SMS either", () => {
    expect(smsTexts.some((t) => t.includes(SECRETS.staticPin))).toBe(false);
  });

  it("publishes bob's command on received with the PIN masked", () => {
    expect(observer?.jsonOn<{ text: string }>("smsgw/received").map((r) => r.text)).toContain(
      "****** NOTE hello",
    );
  });
});
