import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { WebhookEventSource } from "../gateway/webhook-events.js";
import { setLogLevel } from "../log.js";
import { AtChannel } from "../modem/at/index.js";
import { Modem } from "../modem/modem.js";
import { SmsService } from "../sms/service.js";
import { openSmsStore } from "../sms/store-adapter.js";
import { WebhookEngine } from "../webhooks/engine.js";
import { WebhookRegistry } from "../webhooks/registry.js";
import { standardSignature } from "../webhooks/signatures.js";
import type { Webhook } from "../webhooks/types.js";

/**
 * `npm run bench -- webhooks [--events N] [--sms M]`
 *
 * 1. Throughput: N events published to the engine as fast as it takes them (each written to
 *    the store before its first call), delivered to a loopback receiver that checks every
 *    Standard Webhooks signature: events/s from the first publish to the last answer.
 * 2. Delay: M SMS delivered one after another by the instant simulator (`+CMTI` → `AT+CMGR`
 *    → store → `sms.received`), from the simulator sending the `+CMTI` to the receiver
 *    getting the call: p50/p99.
 * Goals: ≥ 1,000 events/s; `+CMTI` → webhook p99 < 50 ms.
 */

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

function flag(args: string[], name: string, def: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A loopback receiver that verifies each signature as a receiver would, and counts calls. */
async function receiver(
  onCall: (body: string) => void,
): Promise<{ url: string; server: Server; bad: () => number }> {
  let bad = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["webhook-id"]);
      const ts = Number(req.headers["webhook-timestamp"]);
      if (req.headers["webhook-signature"] !== standardSignature([SECRET], id, ts, body)) bad++;
      onCall(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, server, bad: () => bad };
}

const hook = (url: string): Webhook => ({
  id: "bench",
  url,
  events: ["*"],
  format: "native",
  secrets: [SECRET],
  headers: {},
  allowHttp: false,
  enabled: true,
  source: "config",
});

async function throughput(events: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-webhooks-"));
  let got = 0;
  let done: () => void = () => {};
  const all = new Promise<void>((r) => {
    done = r;
  });
  const r = await receiver(() => {
    if (++got === events) done();
  });
  const registry = await WebhookRegistry.open(dir, [hook(r.url)]);
  const engine = await WebhookEngine.open(dir, { registry, concurrency: 8 });
  engine.start();
  try {
    const t0 = performance.now();
    const published: Promise<number>[] = [];
    for (let i = 0; i < events; i++)
      published.push(
        engine.publish({
          id: `evt_${i}`,
          type: "sms.received",
          createdAt: new Date().toISOString(),
          data: { id: `m${i}`, from: "+491701234567", text: `message ${i}` },
        }),
      );
    await Promise.all(published);
    await all;
    const s = (performance.now() - t0) / 1000;
    console.log(
      `throughput: ${events} events in ${s.toFixed(2)} s = ${Math.round(events / s)} events/s delivered, signed and verified (${r.bad()} bad signatures)`,
    );
  } finally {
    await engine.close();
    await registry.close();
    r.server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function delay(count: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-webhooks-cmti-"));
  const { SimulatedModem } = await import("../simulator/index.js");
  const sim = new SimulatedModem({ profile: "SIM800", timing: "instant", simCapacity: 50 });
  const channel = new AtChannel({ open: sim.transport, reconnect: false });
  const modem = new Modem({ channel, profile: "SIM800" });
  const store = await openSmsStore(dir);
  const service = new SmsService({
    modem,
    store,
    options: { deliveryReports: false, sweepIntervalMs: 0 },
  });
  let cmtiAt = 0;
  let arrived: (() => void) | undefined;
  const r = await receiver(() => arrived?.());
  const registry = await WebhookRegistry.open(dir, [hook(r.url)]);
  const engine = await WebhookEngine.open(dir, { registry });
  const source = new WebhookEventSource({ sink: engine, service, modem });
  // The received messages are acknowledged as the MQTT bridge would, so the inbox stays small.
  service.on("inbound", (m) => void service.ackInbound(m.id));
  await service.start();
  await modem.start();
  await modem.whenReady();
  engine.start();
  source.start();
  try {
    const delays: number[] = [];
    for (let i = 0; i < count; i++) {
      const got = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      cmtiAt = performance.now();
      sim.deliverSms({ from: "+491701234567", text: `delay ${i}` });
      await got;
      delays.push(performance.now() - cmtiAt);
    }
    const sorted = delays.sort((a, b) => a - b);
    console.log(
      `+CMTI → webhook: ${count} SMS one after another, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`,
    );
  } finally {
    source.stop();
    await engine.close();
    await registry.close();
    await service.stop();
    await modem.stop();
    await store.close?.();
    await sim.close();
    r.server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  setLogLevel("warn");
  await throughput(flag(args, "--events", 5000));
  await delay(flag(args, "--sms", 200));
}
