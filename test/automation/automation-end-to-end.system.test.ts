import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { decodeBase32, totp, totpStep } from "../../src/automation/totp.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { type Received, TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";
import { SmsgwProcess } from "./support/smsgw-process.js";

/**
 * Automation end to end: the built `smsgw run` process, its modem the simulator over TCP (the
 * test injects SMS and reads what the network received), a real mosquitto. Scheduled messages
 * are covered with fake timers in test/automation/schedules.test.ts, and an alert held by its
 * cooldown going out when the cooldown ends in sensor-alerts-over-time.test.ts, not in real
 * time here.
 *
 * "Nothing was sent" claims wait on a barrier rather than a sleep: inbound SMS are handled one
 * at a time in arrival order, so once a later PING from alice got its PONG, every earlier
 * message has been handled and anything it sent is already queued ahead of that PONG.
 */

const ALICE = "+491701111111";
const BOB = "+491702222222";
const STRANGER = "+491709999999";
const ALICE_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
// RFC 6238 Appendix B's SHA-1 key "12345678901234567890", base32.
const BOB_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const WINDOW = 2;

/** An authenticator app: a fresh code each time (a later time step than the last one used). */
class Authenticator {
  private readonly key: Buffer;
  private last = Number.NEGATIVE_INFINITY;

  constructor(secret: string) {
    this.key = decodeBase32(secret);
  }

  code(): string {
    const now = totpStep(Date.now());
    const step = Math.max(now, this.last + 1);
    if (step > now + WINDOW) throw new Error("the test used more codes than the window allows");
    this.last = step;
    return totp(this.key, step * 30_000);
  }
}

let broker: Mosquitto;
let sim: SimulatedModem;
let server: Server;
let client: TestClient;
let dir: string;
let configPath: string;
let gateway: SmsgwProcess | undefined;
const alice = new Authenticator(ALICE_SECRET);
const bob = new Authenticator(BOB_SECRET);

async function writeConfig(simPort: number): Promise<void> {
  const config = {
    modem: { port: `tcp://127.0.0.1:${simPort}` },
    mqtt: { url: broker.url, clientId: "smsgw-automation-e2e" },
    store: { dir: join(dir, "data") },
    sms: { deliveryReports: false },
    automation: {
      contacts: { numbers: { alice: ALICE, bob: BOB } },
      commands: [
        {
          name: "relay",
          pattern: "RELAY <name> <state:ON|OFF>",
          publish: [{ topic: "e2e/relay/{{name}}/set", payload: "{{state}}" }],
          reply: "Relay {{name}} is {{state}}",
        },
      ],
      security: {
        users: [
          { who: "alice", allow: ["*"], totp: { secret: ALICE_SECRET, window: WINDOW } },
          { who: "bob", allow: ["relay"], totp: { secret: BOB_SECRET, window: WINDOW } },
        ],
        lockout: { threshold: 5, windowMinutes: 15, durationMinutes: 60 },
      },
      alerts: {
        rules: [
          {
            name: "warm",
            topic: "e2e/+/temperature",
            condition: ">",
            threshold: 8,
            hysteresis: 3,
            cooldownMinutes: 60,
            message: "{{topic}} warm: {{value}}",
            recovery: "{{topic}} cold again: {{value}}",
            to: ["alice"],
          },
          {
            name: "heartbeat",
            topic: "e2e/+/heartbeat",
            condition: "silent",
            // Minutes may be fractions: 3 s of real silence instead of whole minutes.
            silentMinutes: 0.05,
            message: "{{topic}} silent",
            recovery: "{{topic}} is back",
            priority: "high",
            to: ["alice"],
          },
        ],
      },
    },
  };
  await writeFile(configPath, stringify(config));
}

let lastTimestamp = 0;
/** The network delivers an SMS; each with its own SC timestamp (same text twice is not a network duplicate). */
function inject(from: string, text: string): void {
  lastTimestamp = Math.max(Math.floor(Date.now() / 1000) * 1000, lastTimestamp + 1000);
  sim.deliverSms({ from, text, timestamp: new Date(lastTimestamp) });
}

/** What the network received since `mark` (an index into `sim.sent`), as [to, text]. */
function sentSince(mark: number): Array<[string, string]> {
  return sim.sent.slice(mark).map((s) => [s.to, s.text]);
}

/** Resolves when the network has received a matching SMS since `mark` (the simulator's "sent" event). */
function waitForSent(mark: number, pred: (to: string, text: string) => boolean): Promise<void> {
  const hit = () => sentSince(mark).some(([to, text]) => pred(to, text));
  if (hit()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onSent = () => {
      if (!hit()) return;
      clearTimeout(timer);
      sim.off("sent", onSent);
      resolve();
    };
    const timer = setTimeout(() => {
      sim.off("sent", onSent);
      reject(
        new Error(
          `no such SMS; sent ${JSON.stringify(sentSince(mark))}; gateway stderr:\n${gateway?.output ?? ""}`,
        ),
      );
    }, 60_000);
    sim.on("sent", onSent);
  });
}

/** Every earlier inbound SMS has been handled once alice's PING got its PONG. */
async function barrier(): Promise<void> {
  const mark = sim.sent.length;
  inject(ALICE, "PING");
  await waitForSent(mark, (to, text) => to === ALICE && text === "PONG");
}

/** Messages received by the observer after `mark` (an index into its message list). */
function since(mark: number, pred: (m: Received) => boolean): (m: Received) => boolean {
  return (m) => client.messages.indexOf(m) >= mark && pred(m);
}

function audit(
  mark: number,
  sender: string,
  outcome: string,
): Promise<Received & { json: Record<string, unknown> }> {
  return client.waitFor(
    since(mark, auditOf(sender, outcome)),
    30_000,
    `audit ${outcome} for ${sender}`,
  ) as Promise<Received & { json: Record<string, unknown> }>;
}

function auditOf(sender: string, outcome: string): (m: Received) => boolean {
  return (m) => {
    const j = m.json as Record<string, unknown> | undefined;
    return m.topic === "smsgw/command" && j?.sender === sender && j?.outcome === outcome;
  };
}

function actions(state: "ON" | "OFF", mark = 0): Received[] {
  return client.messages
    .slice(mark)
    .filter((m) => m.topic === "e2e/relay/pump/set" && m.text === state);
}

/** Starts `smsgw run`; resolves when the automation answers (subscriptions are in place then). */
async function startGateway(): Promise<void> {
  gateway = SmsgwProcess.start(configPath);
  await barrier();
}

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-automation-e2e-"));
  configPath = join(dir, "smsgw.yaml");
  sim = new SimulatedModem({ profile: "SIM800", timing: "instant" });
  server = await sim.listenTcp("127.0.0.1", 0);
  const addr = server.address();
  await writeConfig(typeof addr === "object" && addr !== null ? addr.port : 0);
  client = await TestClient.connect(broker.url, ["smsgw/command", "e2e/#"]);
  await startGateway();
});

afterAll(async () => {
  await gateway?.stop();
  await client?.close();
  await sim?.close();
  server?.close();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("remote control by SMS, end to end", () => {
  it("runs a command from an allowed sender with a valid code: publishes the MQTT action, replies by SMS", async () => {
    const sent = sim.sent.length;
    const seen = client.messages.length;
    inject(ALICE, `${alice.code()} RELAY pump ON`);
    await waitForSent(sent, (to, text) => to === ALICE && text === "Relay pump is ON");
    expect([actions("ON", seen).length, sentSince(sent)]).toEqual([
      1,
      [[ALICE, "Relay pump is ON"]],
    ]);
  });

  it("refuses the same code again: audited replayed-code, no second action", async () => {
    const code = alice.code();
    const seen = client.messages.length;
    inject(ALICE, `${code} RELAY pump OFF`);
    await audit(seen, ALICE, "ok");
    const again = client.messages.length;
    inject(ALICE, `${code} RELAY pump OFF`);
    const refused = await audit(again, ALICE, "replayed-code");
    await barrier();
    expect([
      refused.json.command,
      refused.text.includes(code),
      actions("OFF", seen).length,
    ]).toEqual(["RELAY pump OFF", false, 1]);
  });

  it("gives an unknown sender nothing: no SMS, no action, only the audit event", async () => {
    const sent = sim.sent.length;
    const seen = client.messages.length;
    inject(STRANGER, `${alice.code()} RELAY pump ON`);
    await audit(seen, STRANGER, "unknown-sender");
    await barrier();
    expect([sentSince(sent).filter(([to]) => to === STRANGER), actions("ON", seen)]).toEqual([
      [],
      [],
    ]);
  });

  it("locks a sender out after 5 failures, telling the owner of the number", async () => {
    const seen = client.messages.length;
    for (let i = 0; i < 5; i++) inject(BOB, `1234567${i} RELAY pump ON`); // 8 digits: never a 6-digit code
    await client.waitForCount(since(seen, auditOf(BOB, "wrong-secret")), 5, 30_000);
    await barrier();
    expect(sim.sent.findLast((s) => s.to === BOB)?.text).toBe(
      "Refused: wrong code. Too many failures: locked for 60 min.",
    );
  });

  // Continues the one before: bob is locked out now.
  it("keeps the lockout across a restart of smsgw run: a valid code is refused as locked-out", async () => {
    expect(await gateway?.stop()).toBe(0);
    await startGateway();
    const sent = sim.sent.length;
    const seen = client.messages.length;
    inject(BOB, `${bob.code()} RELAY pump ON`);
    await audit(seen, BOB, "locked-out");
    await barrier();
    expect([sentSince(sent).filter(([to]) => to === BOB), actions("ON", seen)]).toEqual([[], []]);
  });
});

async function publish(topic: string, ...values: string[]): Promise<void> {
  for (const v of values) await client.publish(topic, v);
}

describe("sensor alerts, end to end", () => {
  it("fires once for a threshold crossing, holds inside the hysteresis band, then sends the recovery", async () => {
    const sent = sim.sent.length;
    // > 8 with hysteresis 3: 9 alerts; 10, 7 and 9.5 change nothing; only ≤ 5 recovers.
    await publish("e2e/kitchen/temperature", "9", "10", "7", "9.5", "4");
    await waitForSent(sent, (_, text) => text.startsWith("e2e/kitchen/temperature cold"));
    expect(sentSince(sent)).toEqual([
      [ALICE, "e2e/kitchen/temperature warm: 9"],
      [ALICE, "e2e/kitchen/temperature cold again: 4"],
    ]);
  });

  it("respects the cooldown: a new crossing within it sends nothing", async () => {
    const sent = sim.sent.length;
    await publish("e2e/garage/temperature", "9", "4");
    await waitForSent(sent, (_, text) => text.startsWith("e2e/garage/temperature cold"));
    await publish("e2e/garage/temperature", "11");
    // Same rule and subscription, published after it: handled after the garage's 11.
    await publish("e2e/cellar/temperature", "12");
    await waitForSent(sent, (_, text) => text.startsWith("e2e/cellar/temperature warm"));
    expect(sentSince(sent).map(([, text]) => text)).toEqual([
      "e2e/garage/temperature warm: 9",
      "e2e/garage/temperature cold again: 4",
      "e2e/cellar/temperature warm: 12",
    ]);
  });

  it("raises the alert of a sensor that went silent for silentMinutes", async () => {
    const sent = sim.sent.length;
    await publish("e2e/pump/heartbeat", "1");
    await waitForSent(sent, (_, text) => text === "e2e/pump/heartbeat silent");
    expect(sentSince(sent)).toEqual([[ALICE, "e2e/pump/heartbeat silent"]]);
  });

  // Continues the one before. Silent again afterwards, the next alert waits for the cooldown
  // (15 min by default), so nothing else is sent while this file runs.
  it("sends the recovery when the silent sensor reports again", async () => {
    const sent = sim.sent.length;
    await publish("e2e/pump/heartbeat", "2");
    await waitForSent(sent, (_, text) => text === "e2e/pump/heartbeat is back");
    expect(sentSince(sent)).toEqual([[ALICE, "e2e/pump/heartbeat is back"]]);
  });
});
