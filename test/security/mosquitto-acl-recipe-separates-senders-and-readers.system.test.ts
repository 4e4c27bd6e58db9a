import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { TestClient } from "../mqtt/support/client.js";
import { Mosquitto } from "../mqtt/support/mosquitto.js";

/**
 * The finding: the gateway trusts the broker completely, and the docs gave no ACL, so any
 * client could send, read every SMS and forge fleet members. The ACL the image ships as an
 * example, on a real mosquitto: the gateway works with its own user, a sender can send but not
 * read received SMS, a reader can read but not send.
 */

const ACL = fileURLToPath(
  new URL("../../image/overlay/etc/mosquitto/smsgw-acl.example", import.meta.url),
);
const run = promisify(execFile);
const PASSWORDS = { smsgw: "gw-secret", sender: "send-secret", reader: "read-secret" };

let broker: Mosquitto;
let sim: SimulatedModem;
let gateway: Gateway;
let sender: TestClient;
let reader: TestClient;
let dir: string;

async function login(user: keyof typeof PASSWORDS, subscriptions: string[]): Promise<TestClient> {
  return TestClient.connectWith(broker.url, subscriptions, {
    clientId: `acl-${user}`,
    username: user,
    password: PASSWORDS[user],
  });
}

beforeAll(async () => {
  broker = await Mosquitto.start({
    auth: (d) => [
      "allow_anonymous false",
      `password_file ${join(d, "passwd")}`,
      `acl_file ${join(d, "acl")}`,
    ],
    prepare: async (d) => {
      await copyFile(ACL, join(d, "acl"));
      for (const [user, password] of Object.entries(PASSWORDS))
        await run("mosquitto_passwd", ["-b", "-c", join(d, `passwd-${user}`), user, password]);
      // -c per user then joined: mosquitto_passwd -b without -c needs an existing file.
      const lines = await Promise.all(
        Object.keys(PASSWORDS).map((u) => readFile(join(d, `passwd-${u}`), "utf8")),
      );
      await writeFile(join(d, "passwd"), lines.join(""));
    },
  });
  dir = await mkdtemp(join(tmpdir(), "smsgw-sec-acl-"));
  sim = new SimulatedModem({ profile: "SIM7600", timing: "instant" });
  const { config } = await parseConfig(
    {
      mqtt: {
        url: broker.url,
        clientId: "smsgw-acl",
        username: "smsgw",
        password: PASSWORDS.smsgw,
        reconnect: { minMs: 100, maxMs: 500 },
      },
      store: { dir },
      sms: { deliveryReports: false, sweepIntervalSeconds: 0 },
    },
    { env: {} },
  );
  gateway = new Gateway({ config, simulator: sim });
  await gateway.start();
  await gateway.bridge.whenConnected();
  await gateway.modem.whenReady();
  sender = await login("sender", ["smsgw/bridge/response/send", "smsgw/received"]);
  reader = await login("reader", ["smsgw/received", "smsgw/bridge/response/send"]);
});

afterAll(async () => {
  await gateway?.stop();
  await sender?.close();
  await reader?.close();
  await sim?.close();
  await broker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the shipped mosquitto ACL example", () => {
  it("lets a sender send and read the answer", async () => {
    await sender.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491701234567", text: "from sender", transaction: "s1" }),
    );
    const r = await sender.waitForTopic(
      "smsgw/bridge/response/send",
      (j) => j.transaction === "s1",
    );
    expect(r.json).toMatchObject({ status: "ok" });
  });

  it("lets a reader read received SMS, and not a sender", async () => {
    sim.deliverSms({ from: "+491709876543", text: "private inbound" });
    const m = await reader.waitForTopic("smsgw/received", (j) => j.text === "private inbound");
    expect(m.json).toMatchObject({ from: "+491709876543" });
    expect(sender.on("smsgw/received")).toEqual([]);
  });

  it("keeps a reader's send from the gateway", async () => {
    await reader.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491701234567", text: "from reader", transaction: "r1" }),
    );
    await sender.publish(
      "smsgw/bridge/request/send",
      JSON.stringify({ to: "+491701234567", text: "after reader", transaction: "s2" }),
    );
    await sender.waitForTopic("smsgw/bridge/response/send", (j) => j.transaction === "s2");
    expect(sim.sent.map((s) => s.text)).not.toContain("from reader");
  });
});
