import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "./support/client.js";
import { Mosquitto } from "./support/mosquitto.js";

/**
 * Fleet mode against a real mosquitto (shared subscriptions): two `smsgw run` processes, each
 * with its own modem (a simulator over TCP, standing for its own SIM), share
 * `$share/smsgw/smsgw/fleet/send/#`. The load is split, and when one gateway is killed with
 * SIGKILL while requests are in flight, the survivor sends every request the dead one had not
 * accepted (it adopts the dead one's fleet session); what the dead one had accepted is in its
 * durable queue and sent when it is restarted.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const IDS = ["gw-a", "gw-b"] as const;
/** Both gateways list each other: only listed members' sessions are adopted. */
const MEMBERS = `[${IDS.map((id) => `{ gatewayId: ${id}, clientId: smsgw-${id} }`).join(", ")}]`;
type Id = (typeof IDS)[number];

let broker: Mosquitto;
let client: TestClient;
let dir: string;
const sims = new Map<Id, SimulatedModem>();
const servers: Server[] = [];
const configs = new Map<Id, string>();
const running = new Map<Id, ChildProcess>();

async function writeConfig(id: Id, simPort: number): Promise<string> {
  const path = join(dir, `${id}.yaml`);
  await writeFile(
    path,
    [
      "modem:",
      `  port: tcp://127.0.0.1:${simPort}`,
      "mqtt:",
      `  url: ${broker.url}`,
      `  clientId: smsgw-${id}`,
      "  reconnect: { minMs: 100, maxMs: 500 }",
      "  homeassistant: { enabled: false }",
      `  fleet: { enabled: true, group: smsgw, gatewayId: ${id}, members: ${MEMBERS} }`,
      "store:",
      `  dir: ${join(dir, `${id}-data`)}`,
      "sms:",
      "  deliveryReports: false",
      "  sweepIntervalSeconds: 0",
      // The load test sends faster than the default rate limits allow.
      "  rateLimits: { perMinute: 0, perHour: 0, perDay: 0 }",
      "",
    ].join("\n"),
  );
  return path;
}

async function startGateway(id: Id): Promise<void> {
  const online = client.waitFor(
    (m) =>
      m.topic === `smsgw/fleet/members/${id}` &&
      (m.json as { state?: string } | undefined)?.state === "online" &&
      !m.retain,
    60_000,
    `${id} online`,
  );
  const ready = client.waitFor(
    (m) =>
      m.topic === `smsgw/${id}/modem` &&
      (m.json as { state?: string } | undefined)?.state === "ready",
    60_000,
    `${id} modem ready`,
  );
  const p = spawn(process.execPath, [CLI, "run", "--config", configs.get(id) as string], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
  });
  running.set(id, p);
  await Promise.all([online, ready]);
}

function stopped(p: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.once("exit", () => resolve());
    p.kill(signal);
  });
}

/** How often each text reached each gateway's modem. */
function sentBy(id: Id): string[] {
  return (sims.get(id) as SimulatedModem).sent.map((s) => s.text);
}

function acceptedBy(id: Id, prefix: string): Set<string> {
  return new Set(
    client
      .jsonOn<{ status: string; data: { id?: string; gateway?: string } }>(
        "smsgw/fleet/response/send",
      )
      .filter((r) => r.status === "ok" && r.data.gateway === id && r.data.id?.startsWith(prefix))
      .map((r) => r.data.id as string),
  );
}

async function publishRequests(prefix: string, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++)
    await client.publish(
      "smsgw/fleet/send",
      JSON.stringify({ to: "+491701234567", text: `${prefix}${i}`, id: `${prefix}${i}` }),
    );
}

const texts = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

beforeAll(async () => {
  broker = await Mosquitto.start();
  dir = await mkdtemp(join(tmpdir(), "smsgw-fleet-"));
  client = await TestClient.connect(broker.url, ["smsgw/#"], "fleet-observer", false);
  for (const id of IDS) {
    const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant" });
    const server = await sim.listenTcp("127.0.0.1", 0);
    const addr = server.address();
    sims.set(id, sim);
    servers.push(server);
    configs.set(
      id,
      await writeConfig(id, typeof addr === "object" && addr !== null ? addr.port : 0),
    );
  }
  await Promise.all(IDS.map((id) => startGateway(id)));
});

afterAll(async () => {
  await Promise.all([...running.values()].map((p) => stopped(p, "SIGTERM")));
  await client?.close();
  for (const sim of sims.values()) await sim.close();
  for (const s of servers) s.close();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("fleet mode with two gateways on one mosquitto", () => {
  it("splits fleet send requests between the gateways, each sent exactly once", async () => {
    const n = 40;
    await publishRequests("split ", 1, n);
    await expect
      .poll(
        () =>
          new Set([...sentBy("gw-a"), ...sentBy("gw-b")].filter((t) => t.startsWith("split ")))
            .size,
        {
          timeout: 60_000,
        },
      )
      .toBe(n);
    const a = sentBy("gw-a").filter((t) => t.startsWith("split "));
    const b = sentBy("gw-b").filter((t) => t.startsWith("split "));
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect([...a, ...b].sort()).toEqual(texts("split ", n).sort());
  });

  it("answers each fleet request on the fleet response topic, naming the gateway that sent it", async () => {
    const responses = await client.waitForCount(
      (m) =>
        m.topic === "smsgw/fleet/response/send" &&
        ((m.json as { data?: { id?: string } }).data?.id ?? "").startsWith("split "),
      40,
      30_000,
    );
    for (const r of responses) {
      const { data } = r.json as { data: { id: string; gateway: Id } };
      expect(sentBy(data.gateway)).toContain(data.id);
    }
  });

  it("loses no request when a gateway is killed while requests are in flight", async () => {
    const n = 60;
    const prefix = "kill ";
    await publishRequests(prefix, 1, 20);
    // Killed once it has taken some: others are in flight to it or queued in its session.
    await client.waitFor(
      (m) =>
        m.topic === "smsgw/fleet/response/send" &&
        (m.json as { data?: { gateway?: string; id?: string } }).data?.gateway === "gw-b" &&
        ((m.json as { data?: { id?: string } }).data?.id ?? "").startsWith(prefix),
      30_000,
      "a request taken by gw-b",
    );
    await stopped(running.get("gw-b") as ChildProcess, "SIGKILL");
    await publishRequests(prefix, 21, n);

    // Everything gw-b had not accepted is sent by the survivor.
    await expect
      .poll(
        () => {
          const bAccepted = acceptedBy("gw-b", prefix);
          const a = new Set(sentBy("gw-a"));
          return texts(prefix, n).filter((t) => !bAccepted.has(t) && !a.has(t));
        },
        { timeout: 60_000 },
      )
      .toEqual([]);
    expect(sentBy("gw-a").filter((t) => t.startsWith(prefix)).length).toBeGreaterThan(n / 2);

    // What gw-b had accepted is in its durable queue: sent once it is back.
    await startGateway("gw-b");
    await expect
      .poll(
        () => {
          const all = new Set([...sentBy("gw-a"), ...sentBy("gw-b")]);
          return texts(prefix, n).filter((t) => !all.has(t));
        },
        { timeout: 60_000 },
      )
      .toEqual([]);
    const total = [...sentBy("gw-a"), ...sentBy("gw-b")].filter((t) => t.startsWith(prefix)).length;
    console.log(
      `fleet kill test: ${n} requests, ${total - n} duplicate(s) (at-least-once), ` +
        `gw-b accepted ${acceptedBy("gw-b", prefix).size} before or after the kill`,
    );
  });
});

describe("`smsgw send` in a fleet", () => {
  const cli = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, "send", ...args]);
    return stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { status: string; data?: { gateway?: string } } & StatusLine);
  };
  type StatusLine = { to?: string; text?: string; gateway?: string };

  it("--fleet hands the request to one gateway and prints its final status", async () => {
    const out = await cli(
      "--url",
      broker.url,
      "--fleet",
      "--to",
      "+491705550001",
      "--text",
      "fleet cli",
      "--wait",
    );
    const gateway = out[0]?.data?.gateway as Id;
    expect([out[0]?.status, IDS.includes(gateway)]).toEqual(["ok", true]);
    expect(out.at(-1)).toMatchObject({ to: "+491705550001", status: "sent", gateway });
  });

  it("--fleet sends the message exactly once, from the gateway that took it", async () => {
    const out = await cli(
      "--url",
      broker.url,
      "--fleet",
      "--to",
      "+491705550002",
      "--text",
      "fleet once",
    );
    const gateway = out[0]?.data?.gateway as Id;
    await expect
      .poll(() => sentBy(gateway).filter((t) => t === "fleet once").length, { timeout: 30_000 })
      .toBe(1);
    expect([...sentBy("gw-a"), ...sentBy("gw-b")].filter((t) => t === "fleet once")).toHaveLength(
      1,
    );
  });

  it("--gateway sends through that gateway's own SIM", async () => {
    await cli(
      "--url",
      broker.url,
      "--gateway",
      "gw-b",
      "--to",
      "+491705550003",
      "--text",
      "via b",
      "--wait",
    );
    expect([sentBy("gw-b").includes("via b"), sentBy("gw-a").includes("via b")]).toEqual([
      true,
      false,
    ]);
  });

  it("with a fleet gateway's config, sends through that gateway", async () => {
    await cli(
      "--config",
      configs.get("gw-a") as string,
      "--to",
      "+491705550004",
      "--text",
      "via a's config",
      "--wait",
    );
    expect(sentBy("gw-a")).toContain("via a's config");
  });
});
