import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigInput } from "../../src/config/index.js";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { type Received, startReceiver, until } from "../support/webhook-receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

let h: GatewayTest | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.dispose();
  await closeReceiver?.();
  for (const c of closers.splice(0)) await c();
  h = undefined;
  closeReceiver = undefined;
});

async function gatewayWithReceiver(
  events: string[],
  more: { config?: ConfigInput; reports?: boolean } = {},
) {
  const r = await startReceiver();
  closeReceiver = r.close;
  h = await startGatewayTest({
    sim: { autoDeliveryReport: more.reports ?? false },
    config: {
      ...more.config,
      sms: { deliveryReports: more.reports ?? false },
      webhooks: { endpoints: [{ id: "app", url: r.url, events, secret: SECRET }] },
    },
  });
  return { r, h };
}

const bodies = (r: { requests: Received[] }) =>
  r.requests.map(
    (q) => JSON.parse(q.body) as { type: string; id: string; data: Record<string, unknown> },
  );

describe("the gateway calls its webhooks", () => {
  it("a received SMS is one signed sms.received call carrying the message", async () => {
    const { r, h } = await gatewayWithReceiver(["sms.received"]);
    h.sim.deliverSms({ from: "+491701234567", text: "Hallo Webhook" });
    await r.waitFor(1);
    const req = r.requests[0] as Received;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const event = new StandardWebhook(SECRET).verify(req.body, headers) as {
      type: string;
      data: Record<string, unknown>;
    };
    expect(event).toMatchObject({
      type: "sms.received",
      data: { from: "+491701234567", text: "Hallo Webhook", complete: true, parts: 1 },
    });
  });

  it("a code in front of a command keyword is masked in sms.received, as on MQTT", async () => {
    const { r, h } = await gatewayWithReceiver(["sms.received"], {
      config: {
        automation: {
          commands: [{ name: "relay", pattern: "RELAY <name>", reply: "ok" }],
          security: { users: [{ who: "+491702222222", allow: ["relay"], pin: "471100" }] },
        },
      },
    });
    h.sim.deliverSms({ from: "+491709999999", text: "471100 RELAY pump" });
    await r.waitFor(1);
    expect(bodies(r)[0]?.data.text).toBe("****** RELAY pump");
  });

  it("a 3-part SMS is one sms.received call, after reassembly", async () => {
    const { r, h } = await gatewayWithReceiver(["sms.received"]);
    const text = "x".repeat(400);
    h.sim.deliverSms({ from: "+491701234567", text });
    await r.waitFor(1);
    await h.gateway.webhooks?.engine.idle();
    expect(bodies(r).map((b) => [b.data.text, b.data.parts])).toEqual([[text, 3]]);
  });

  it("gateway.started is called once the gateway is up", async () => {
    const { r } = await gatewayWithReceiver(["gateway.started"]);
    await r.waitFor(1);
    expect(bodies(r)[0]?.type).toBe("gateway.started");
  });

  it("a 3-part message delivered is one sms.status delivered call with each part's report", async () => {
    const { r, h } = await gatewayWithReceiver(["sms.status"], { reports: true });
    const [sent] = await h.gateway.service.send({
      to: "+491709999999",
      text: "y".repeat(400),
      deliveryReport: true,
    });
    await until(() => bodies(r).some((b) => b.data.status === "delivered"), "the delivered event");
    await h.gateway.webhooks?.engine.idle();
    const forMessage = bodies(r).filter((b) => b.data.id === sent?.id);
    expect(forMessage.filter((b) => b.data.status === "delivered")).toHaveLength(1);
    const delivered = forMessage.find((b) => b.data.status === "delivered");
    const reports = (delivered?.data.reports ?? []) as Array<{ report: string }>;
    expect(reports.map((p) => p.report)).toEqual(["delivered", "delivered", "delivered"]);
  });

  it("each status of a message is one call: queued, sending, sent, delivered", async () => {
    const { r, h } = await gatewayWithReceiver(["sms.status"], { reports: true });
    const [sent] = await h.gateway.service.send({
      to: "+491709999999",
      text: "hi",
      deliveryReport: true,
    });
    await until(() => bodies(r).some((b) => b.data.status === "delivered"), "the delivered event");
    await h.gateway.webhooks?.engine.idle();
    const statuses = bodies(r)
      .filter((b) => b.data.id === sent?.id)
      .map((b) => b.data.status);
    expect(statuses.sort()).toEqual(["delivered", "queued", "sending", "sent"]);
  });
});

describe("forwarding to a legacy HTTP receiver", () => {
  it("a received SMS reaches playSMS's geturl.php shape", async () => {
    const r = await startReceiver();
    closeReceiver = r.close;
    h = await startGatewayTest({
      config: {
        automation: {
          forwarding: [
            {
              name: "playsms",
              http: { url: `http://127.0.0.1:${r.port}/geturl.php?t=%t&q=%q&a=%a&Q=%Q&smsc=%i` },
            },
          ],
        },
      },
    });
    h.sim.deliverSms({ from: "+491701234567", text: "to playSMS" });
    await r.waitFor(1);
    expect(r.requests[0]?.url).toMatch(
      /^\/geturl\.php\?t=\d{4}-\d\d-\d\d%20\d\d%3A\d\d&q=%2B491701234567&a=to%20playSMS&Q=&smsc=smsgw$/,
    );
  });
});

describe("delivery reports to a legacy HTTP receiver", () => {
  async function gatewayWithReportTarget(http: Record<string, unknown>, states?: string[]) {
    const r = await startReceiver();
    closeReceiver = r.close;
    h = await startGatewayTest({
      sim: { autoDeliveryReport: true },
      config: {
        sms: { deliveryReports: true },
        webhooks: {
          reportForwarding: [
            {
              name: "crm",
              ...(states === undefined ? {} : { states }),
              http: { allowHttp: true, ...http, url: `http://127.0.0.1:${r.port}${http.url}` },
            },
          ],
        },
      } as ConfigInput,
    });
    return { r, h };
  }

  it("a sent message is reported 8 on sent, then 1 on delivered, with Kannel's escapes", async () => {
    const { r, h } = await gatewayWithReportTarget({ url: "/dlr?id=%I&type=%d&to=%P&reply=%A" });
    const [sent] = await h.gateway.service.send({ to: "+491709999999", text: "hi" });
    await r.waitFor(2);
    const id = encodeURIComponent(sent?.id as string);
    expect(r.requests.map((q) => q.url)).toEqual([
      `/dlr?id=${id}&type=8&to=%2B491709999999&reply=ACK%2F`,
      `/dlr?id=${id}&type=1&to=%2B491709999999&reply=DELIVRD`,
    ]);
  });

  it("only the states a target names are reported, as the JSON body template says", async () => {
    const { r, h } = await gatewayWithReportTarget(
      {
        url: "/status",
        method: "POST",
        body: '{"message":"{{id}}","state":"{{status}}","to":"{{to}}","type":{{type}}}',
      },
      ["delivered"],
    );
    const [sent] = await h.gateway.service.send({ to: "+491709999999", text: "hi" });
    await r.waitFor(1);
    await h.gateway.webhooks?.engine.idle();
    expect(r.requests.map((q) => [q.headers["content-type"], JSON.parse(q.body)])).toEqual([
      ["application/json", { message: sent?.id, state: "delivered", to: "+491709999999", type: 1 }],
    ]);
  });
});

describe("a program run on receive", () => {
  it("runs once per received SMS with its text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "smsgw-onrecv-"));
    closers.push(() => rm(dir, { recursive: true, force: true }));
    const script = join(dir, "on-sms.sh");
    const out = join(dir, "out.txt");
    await writeFile(
      script,
      `#!/bin/sh\nprintf '%s|%s\\n' "$SMS_1_NUMBER" "$DECODED_1_TEXT" >> "${out}"\n`,
    );
    await chmod(script, 0o755);
    h = await startGatewayTest({ config: { automation: { onReceive: { exec: [script] } } } });
    h.sim.deliverSms({ from: "+491701234567", text: "run me" });
    await until(() => existsSync(out), "the program's output");
    await until(() => readFileSync(out, "utf8").endsWith("\n"), "the whole line");
    expect(await readFile(out, "utf8")).toBe("+491701234567|run me\n");
  });
});
