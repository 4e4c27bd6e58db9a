import { createServer, type Socket } from "node:net";
import { Aedes } from "aedes";
import { connectAsync, type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { type Automation, createAutomation } from "../../src/automation/index.js";
import { MqttClientPort } from "../../src/automation/mqtt-port.js";
import { type Gateway, startGateway, until } from "../sms/helpers/gateway.js";

/**
 * Attack: one SMS whose command argument the broker refuses (a control character in a topic:
 * mosquitto drops the client, mqtt.js resends on every reconnect, the publish never settles)
 * stalled every later SMS and the graceful stop. Here the broker never acknowledges publishes
 * to `home/stuck/…` (the same never-settling publish), and the argument attack itself is sent.
 * Each is refused or fails on its own, and the next SMS is handled.
 */
const CAROL = "+491703333333";
const config: AutomationConfigInput = {
  contacts: { numbers: { carol: CAROL } },
  commands: [
    {
      name: "relay",
      pattern: "RELAY <name> <state:ON|OFF>",
      secret: false,
      publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
      reply: "Relay {{name}} is {{state}}",
    },
    {
      name: "stuck",
      pattern: "STUCK",
      secret: false,
      publish: [{ topic: "home/stuck/set", payload: "1" }],
      reply: "done",
    },
  ],
  security: { users: [{ who: "carol", allow: ["*"] }], builtins: { ping: { secret: false } } },
};

let parts:
  | {
      gw: Gateway;
      automation: Automation;
      client: MqttClient;
      close: () => Promise<void>;
      audits: string[];
    }
  | undefined;

afterEach(async () => {
  await parts?.automation.stop();
  await parts?.client.endAsync(true);
  await parts?.close();
  await parts?.gw.dispose();
  parts = undefined;
});

async function start(): Promise<NonNullable<typeof parts>> {
  const aedes = await Aedes.createBroker();
  // A broker that takes a publish and never answers it (no PUBACK).
  aedes.authorizePublish = (_c, packet, done) => {
    if (!packet.topic.startsWith("home/stuck/")) done(null);
  };
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    aedes.handle(s);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => aedes.close(() => resolve()));
    });
  const gw = await startGateway();
  const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: "automation-poison" });
  const audits: string[] = [];
  client.on("message", (t, p) => {
    if (t === "smsgw/command")
      audits.push((JSON.parse(p.toString()) as { outcome: string }).outcome);
  });
  await client.subscribeAsync("smsgw/command");
  const automation = createAutomation({
    config,
    sms: gw.service,
    mqtt: new MqttClientPort(client, { publishTimeoutMs: 500 }),
    storeDir: gw.dir,
  });
  await automation.start();
  parts = { gw, automation, client, close, audits };
  return parts;
}

const receive = async (p: NonNullable<typeof parts>, text: string) => {
  const before = p.gw.inbound.length;
  p.gw.sim.deliverSms({ from: CAROL, text, encoding: "ucs2" });
  await until(() => p.gw.inbound.length > before);
};

describe("a command argument the broker would refuse", () => {
  for (const [what, arg] of [
    ["a control character", "a\u0001b"],
    ["a C1 control character", "a\u0085b"],
    ["a bidi override", "pu\u202Emp"],
    ["full-width letters", "ｐｕｍｐ"],
    ["1,200 characters", "A".repeat(1200)],
  ] as const)
    it(`is refused (${what}) and the next SMS is still answered`, async () => {
      const p = await start();
      await receive(p, `RELAY ${arg} ON`);
      await receive(p, "PING");
      await until(() => p.audits.length >= 2, { realMs: 10_000 });
      expect(p.audits).toEqual(["bad-syntax", "ok"]);
    });
});

describe("an action whose publish is never acknowledged", () => {
  it("fails after the publish timeout, with a reply saying so", async () => {
    const p = await start();
    await receive(p, "STUCK");
    await until(() => p.gw.sim.sent.length >= 1, { realMs: 10_000 });
    expect(p.gw.sim.sent.map((s) => s.text)).toEqual(["FAILED: stuck: no answer within 500 ms"]);
  });

  it("does not hold up the next SMS", async () => {
    const p = await start();
    await receive(p, "STUCK");
    await receive(p, "PING");
    await until(() => p.audits.length >= 2, { realMs: 10_000 });
    expect(p.audits).toEqual(["action-failed", "ok"]);
  });

  it("does not hold up the stop", async () => {
    const p = await start();
    await receive(p, "STUCK");
    const stopped = await Promise.race([
      p.automation.stop().then(() => "stopped"),
      new Promise((r) => setTimeout(() => r("still running"), 5_000)),
    ]);
    expect(stopped).toBe("stopped");
  });
});
