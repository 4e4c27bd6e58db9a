import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectAsync } from "mqtt";
import { parseConfig } from "../config/load.js";
import { Gateway } from "../gateway/gateway.js";
import { setLogLevel } from "../log.js";
import { startEmbeddedBroker } from "../mqtt/embedded-broker.js";
import { SimulatedModem } from "../simulator/index.js";

/**
 * `npm run bench -- mqtt [--out N] [--in N] [--burst N]`: the whole gateway on the instant
 * simulator and the embedded broker (aedes, in this process), with a real store in a temp dir.
 *  - out: an MQTT publish on `<base>/send/<number>` → the PDU at the simulator (one at a time);
 *  - in: an SMS delivered at the simulator (+CMTI) → a subscriber has the JSON on `<base>/received`;
 *  - burst: N messages published at once, sustained rate, then RSS (goal ≤ 80 MB).
 * Goals (issue 6): p99 < 20 ms out, < 50 ms in.
 */

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2);
  return `${name}: n=${s.length} p50=${f(pct(s, 50))} ms p99=${f(pct(s, 99))} ms max=${f(s.at(-1) ?? Number.NaN)} ms`;
}

function arg(args: string[], name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : def;
  return Number.isFinite(v) && v >= 0 ? v : def;
}

export async function run(args: string[]): Promise<void> {
  const nOut = arg(args, "out", 1000);
  const nIn = arg(args, "in", 1000);
  const nBurst = arg(args, "burst", 10_000);
  setLogLevel("silent");
  const broker = await startEmbeddedBroker({ port: 0 });
  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-mqtt-"));
  const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", simCapacity: 255 });
  const { config } = await parseConfig(
    {
      mqtt: { url: broker.url, clientId: "bench-gateway", homeassistant: { enabled: false } },
      store: { dir },
      sms: { deliveryReports: false, queueCapacity: nBurst + 1000, sweepIntervalSeconds: 0 },
    },
    { env: {} },
  );
  const gateway = new Gateway({ config, simulator: sim });
  await gateway.start();
  await gateway.bridge.whenConnected();
  await gateway.modem.whenReady();
  const client = await connectAsync(broker.url, { clientId: "bench-client" });
  await client.subscribeAsync("smsgw/received", { qos: 1 });

  const sentWaiters = new Map<string, () => void>();
  let sentCount = 0;
  sim.on("sent", (s: { text: string }) => {
    sentCount++;
    sentWaiters.get(s.text)?.();
  });
  const receivedWaiters = new Map<string, () => void>();
  client.on("message", (_topic, payload) => {
    const text = (JSON.parse(payload.toString("utf8")) as { text: string }).text;
    receivedWaiters.get(text)?.();
  });
  const waitFor = (map: Map<string, () => void>, key: string) =>
    new Promise<void>((resolve) => {
      map.set(key, () => {
        map.delete(key);
        resolve();
      });
    });

  const startRss = process.memoryUsage().rss;
  try {
    // Warm-up (JIT, first store writes).
    for (let i = 0; i < 20; i++) {
      const done = waitFor(sentWaiters, `warm ${i}`);
      await client.publishAsync("smsgw/send/00491701234567", `warm ${i}`, { qos: 1 });
      await done;
    }

    const out: number[] = [];
    for (let i = 0; i < nOut; i++) {
      const text = `out ${i}`;
      const done = waitFor(sentWaiters, text);
      const t0 = performance.now();
      client.publish("smsgw/send/00491701234567", text, { qos: 1 });
      await done;
      out.push(performance.now() - t0);
    }
    console.log(summary("MQTT publish → PDU at the modem", out));

    const inbound: number[] = [];
    for (let i = 0; i < nIn; i++) {
      const text = `in ${i}`;
      const done = waitFor(receivedWaiters, text);
      const t0 = performance.now();
      sim.deliverSms({ from: "+441234567890", text });
      await done;
      inbound.push(performance.now() - t0);
    }
    console.log(summary("+CMTI → JSON at the subscriber", inbound));

    if (nBurst > 0) {
      const target = sentCount + nBurst;
      const t0 = performance.now();
      for (let i = 0; i < nBurst; i++)
        client.publish("smsgw/send/00491701234567", `burst ${i}`, { qos: 1 });
      while (sentCount < target) await new Promise((r) => setTimeout(r, 20));
      const secs = (performance.now() - t0) / 1000;
      console.log(
        `burst: ${nBurst} messages in ${secs.toFixed(1)} s = ${(nBurst / secs).toFixed(0)} messages/s`,
      );
    }
    const total = 20 + nOut + nIn + nBurst;
    const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
    const report = (what: string) => {
      global.gc?.();
      const m = process.memoryUsage();
      console.log(`RSS ${what}: ${mb(m.rss)} (heap ${mb(m.heapUsed)}, external ${mb(m.external)})`);
    };
    console.log(`RSS at start (gateway, broker and client in this process): ${mb(startRss)}`);
    report(`after ${total} messages`);
    // The simulator keeps a record of every command and SMS (for tests); a modem has none.
    (sim.sent as unknown[]).length = 0;
    (sim.commands as unknown[]).length = 0;
    report("without the simulator's records");
  } finally {
    await client.endAsync(true);
    await gateway.stop();
    await broker.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
