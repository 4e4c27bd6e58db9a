import { type ChildProcess, spawn } from "node:child_process";
import { createServer as createHttpServer, type Server } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  KANNEL_CLIENT,
  type KannelBoxes,
  kannelInstalled,
  startKannel,
} from "../http/kannel/kannel-boxes.js";
import { type ProcessRig, startProcessRig } from "../support/process-rig.js";

/**
 * Real Kannel (Debian's bearerbox + smsbox) as an ESME we did not write, bound as a transceiver
 * (`smsc = smpp`) to the SMPP server of `smsgw run` as a process, with mosquitto and the
 * simulated module over TCP. An application submits to Kannel's smsbox `sendsms`; the message
 * must reach the modem, the network's delivery report must come back through SMPP to Kannel,
 * which then calls the application's dlr-url; an SMS the modem receives must reach Kannel's
 * sms-service.
 */

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
/**
 * The account Kannel binds with (made up for the tests). The password has exactly 8
 * characters: Kannel 1.4.5 warns that a longer one is "too long (should be 8)" and its bind
 * then fails, so a longer password cannot be used with this Kannel.
 */
const ACCOUNT = { systemId: "kannel", password: "kn-pass8" };

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

interface Hit {
  path: string;
  query: URLSearchParams;
  userAgent: string;
}

describe.runIf(kannelInstalled())("real Kannel as an SMPP ESME of `smsgw run`", () => {
  let rig: ProcessRig;
  let gateway: ChildProcess;
  let kannel: KannelBoxes;
  let receiver: Server;
  let base: string;
  const hits: Hit[] = [];

  /** Resolves with the first request to the loopback receiver that `pred` accepts. */
  const hit = async (pred: (h: Hit) => boolean, what: string): Promise<Hit> => {
    const end = Date.now() + 20_000;
    for (;;) {
      const h = hits.find(pred);
      if (h !== undefined) return h;
      if (Date.now() > end)
        throw new Error(
          `no ${what} in 20 s; got ${JSON.stringify(hits.map((x) => `${x.path}?${x.query}`))}\n${await kannel.logs()}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    receiver = createHttpServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      hits.push({
        path: url.pathname,
        query: url.searchParams,
        userAgent: req.headers["user-agent"] ?? "",
      });
      res.end("");
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const port = await freePort();
    rig = await startProcessRig({
      name: "kannel-esme",
      observerId: "kannel-esme-observer",
      sim: { autoDeliveryReport: true },
      more: [
        "sms:",
        "  deliveryReports: true",
        "smpp:",
        "  enabled: true",
        `  port: ${port}`,
        "  accounts:",
        `    - { systemId: ${ACCOUNT.systemId}, password: ${ACCOUNT.password} }`,
      ],
    });
    gateway = spawn(process.execPath, [CLI, "run", "--config", rig.configPath], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, SMSGW_LOG_LEVEL: "warn" },
    });
    await rig.client.waitForTopic("smsgw/modem", (j) => j.state === "ready", 60_000);
    // startKannel resolves once bearerbox reports the SMPP SMSC online, i.e. bound to smsgw.
    kannel = await startKannel({
      sendUrl: "", // no HTTP SMSC here
      smscUsername: ACCOUNT.systemId,
      smscPassword: ACCOUNT.password,
      smppPort: port,
      smsServiceUrl: `${base}/mo`,
    });
  }, 120_000);

  afterAll(async () => {
    await kannel?.stop();
    if (gateway !== undefined && gateway.exitCode === null) {
      const exited = new Promise((r) => gateway.once("exit", r));
      gateway.kill("SIGTERM");
      await exited;
    }
    await rig?.dispose();
    await new Promise((r) => receiver?.close(r));
  });

  /** What an application sends to Kannel's smsbox (GET). */
  const submit = (params: Record<string, string>) =>
    fetch(
      `${kannel.sendsms}?${new URLSearchParams({ ...KANNEL_CLIENT, from: "1234", ...params })}`,
    );

  const onModem = (text: string) =>
    new Promise<{ to: string; text: string }>((resolve) => {
      rig.sim.on("sent", (s: { to: string; text: string }) => {
        if (s.text === text) resolve(s);
      });
    });

  it("a message sent with Kannel's sendsms reaches the modem with its number and text", async () => {
    const arrived = onModem("Hello over SMPP");
    const r = await submit({
      to: "+491701234567",
      text: "Hello over SMPP",
      "dlr-mask": "1",
      "dlr-url": `${base}/dlr?id=first&type=%d`,
    });
    expect(r.status).toBe(202);
    expect(await arrived).toMatchObject({ to: "+491701234567", text: "Hello over SMPP" });
  }, 30_000);

  it("the network's delivery report comes back to Kannel as a receipt and Kannel calls the dlr-url (delivered)", async () => {
    const r = await submit({
      to: "+491701234567",
      text: "report me",
      "dlr-mask": "1",
      "dlr-url": `${base}/dlr?id=receipt&type=%d`,
    });
    expect(r.status).toBe(202);
    const h = await hit(
      (h) => h.path === "/dlr" && h.query.get("id") === "receipt",
      "dlr-url call for the receipt",
    );
    // type 1: delivered; Kannel makes the call (its user agent), not smsgw.
    expect(h.query.get("type")).toBe("1");
    expect(h.userAgent).toMatch(/^Kannel\//);
  }, 30_000);

  it("an SMS received by the modem reaches Kannel's sms-service with its sender and text", async () => {
    rig.sim.deliverSms({ from: "+491709876543", text: "Hello Kannel" });
    const h = await hit((h) => h.path === "/mo", "sms-service call for the inbound SMS");
    expect([h.query.get("from"), h.query.get("text"), h.query.get("to")]).toEqual([
      "+491709876543",
      "Hello Kannel",
      "smsgw",
    ]);
  }, 30_000);
});
