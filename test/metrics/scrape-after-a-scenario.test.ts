import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayTest, startGatewayTest } from "../support/gateway.js";
import { parseExposition, type Samples, sample } from "./support/scrape.js";

/**
 * The real gateway (simulator, aedes broker) with metrics on and the HTTP API off, scraped on
 * the metrics' own listener after a scenario: one SMS sent and delivered, one refused by the
 * network with +CMS ERROR: 38 (it stays queued: the network, not the message, is at fault), a
 * delivery report for no message, and one inbound SMS.
 */

const TO = "+491701234567";
const OTHER = "+491709876543";
const FROM = "+491705550123";

let h: GatewayTest;
let body: string;
let samples: Samples;

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`${what}: not reached`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  h = await startGatewayTest({
    config: {
      metrics: { enabled: true, listen: "127.0.0.1:0" },
      sms: { deliveryReports: true },
    },
  });
  const service = h.gateway.service;
  const reports: string[] = [];
  service.on("report", (r) => reports.push(r.result));
  const refused: string[] = [];
  service.on("outbound", (m) => {
    if (m.id === "cms") refused.push(m.status);
  });
  let inbound = 0;
  service.on("inbound", () => inbound++);

  await service.send({ to: TO, text: "hello", id: "ok" });
  await until("sent", () => service.get("ok")?.status === "sent");
  const sent = h.sim.sent[0];
  if (sent === undefined) throw new Error("nothing reached the network");
  h.sim.deliverReport(sent);
  await until("delivered", () => service.get("ok")?.status === "delivered");
  h.sim.deliverReport({ ...sent, reference: (sent.reference + 7) % 256 });
  await until("unmatched report", () => reports.length === 2);

  h.sim.failNextSend(38);
  await service.send({ to: OTHER, text: "é ünïcode ☃", id: "cms" });
  await until("refused", () => refused.join() === "queued,sending,queued");

  h.sim.deliverSms({ from: FROM, text: "inbound" });
  await until("inbound", () => inbound === 1);

  const response = await fetch(h.gateway.metricsListener?.url ?? "");
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  body = await response.text();
  samples = parseExposition(body);
});
afterAll(async () => {
  await h.dispose();
});

describe("a scrape after send, delivery report, CMS 38 and an inbound SMS", () => {
  it("counts the message that reached sent and the one that reached delivered", () => {
    expect([
      sample(samples, "smsgw_outbound_messages_total", { status: "sent" }),
      sample(samples, "smsgw_outbound_messages_total", { status: "delivered" }),
    ]).toEqual([1, 1]);
  });

  it("counts each entry into queued and sending, the refused message's return to queued too", () => {
    expect([
      sample(samples, "smsgw_outbound_messages_total", { status: "queued" }),
      sample(samples, "smsgw_outbound_messages_total", { status: "sending" }),
    ]).toEqual([3, 2]);
  });

  it("counts the one GSM 7-bit segment the network accepted", () => {
    expect([
      sample(samples, "smsgw_outbound_segments_total", { encoding: "gsm7" }),
      sample(samples, "smsgw_outbound_segments_total", { encoding: "ucs2" }),
    ]).toEqual([1, 0]);
  });

  it("counts the delivery report that delivered and the one that matched nothing", () => {
    expect([
      sample(samples, "smsgw_delivery_reports_total", { result: "delivered" }),
      sample(samples, "smsgw_delivery_reports_total", { result: "unmatched" }),
      sample(samples, "smsgw_delivery_reports_total", { result: "permanent" }),
    ]).toEqual([1, 1, 0]);
  });

  it("counts +CMS ERROR: 38 by its code", () => {
    expect(sample(samples, "smsgw_modem_cms_errors_total", { code: "38" })).toBe(1);
  });

  it("counts AT commands by result, the CMS error among them", () => {
    expect(sample(samples, "smsgw_modem_at_commands_total", { result: "cms" })).toBe(1);
    expect(sample(samples, "smsgw_modem_at_commands_total", { result: "ok" })).toBeGreaterThan(10);
  });

  it("times AT+CMGS by its name: two sends", () => {
    expect(
      sample(samples, "smsgw_modem_at_command_duration_seconds_count", { command: "CMGS" }),
    ).toBe(2);
  });

  it("observes one send latency and one delivery latency", () => {
    expect([
      sample(samples, "smsgw_send_latency_seconds_count"),
      sample(samples, "smsgw_delivery_latency_seconds_count"),
    ]).toEqual([1, 1]);
  });

  it("shows the refused message waiting in the queue at normal priority", () => {
    expect([
      sample(samples, "smsgw_queue_messages", { priority: "normal" }),
      sample(samples, "smsgw_queue_messages", { priority: "high" }),
    ]).toEqual([1, 0]);
    expect(sample(samples, "smsgw_queue_oldest_age_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("counts the inbound SMS as complete", () => {
    expect(sample(samples, "smsgw_inbound_messages_total", { complete: "true" })).toBe(1);
  });

  it("shows the modem up, ready, registered at home on LTE", () => {
    expect([
      sample(samples, "smsgw_modem_up"),
      sample(samples, "smsgw_modem_state", { state: "ready" }),
      sample(samples, "smsgw_modem_state", { state: "recovering" }),
      sample(samples, "smsgw_modem_registration", { status: "home" }),
    ]).toEqual([1, 1, 0, 1]);
  });

  it("shows the MQTT bridge connected and the SIM's storage", () => {
    expect(sample(samples, "smsgw_mqtt_connected")).toBe(1);
    expect(
      sample(samples, "smsgw_sim_storage_capacity_messages", { memory: "SM" }),
    ).toBeGreaterThan(0);
  });

  it("includes the default process and Node.js metrics under their standard names", () => {
    expect(sample(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(body).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
  });

  it("names the build", () => {
    expect(body).toMatch(/^smsgw_build_info\{version="[^"]+",node_version="[^"]+"\} 1$/m);
  });

  it("never carries a phone number, IMSI, ICCID or IMEI", () => {
    const secrets = [TO, OTHER, FROM, h.sim.sim.imsi, h.sim.sim.iccid, h.gateway.modem.info.imei];
    for (const s of [...secrets, ...secrets.map((n) => n?.replace(/^\+/, ""))])
      if (s !== undefined && s !== "") expect(body).not.toContain(s);
  });
});
