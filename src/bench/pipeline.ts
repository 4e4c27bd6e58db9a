import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setLogLevel } from "../log.js";
import type { GatewayMetrics } from "../metrics/index.js";
import { AtChannel } from "../modem/at/index.js";
import { Modem } from "../modem/modem.js";
import { transportFromUrl } from "../modem/transport/index.js";
import type { OpenTransport } from "../modem/transport/types.js";
import type { SentSms, SimulatedModem, TimingOption } from "../simulator/index.js";
import { SmsService } from "../sms/service.js";
import type { SmsPersistence } from "../sms/state.js";
import { openSmsStore } from "../sms/store-adapter.js";
import { version } from "../version.js";
import { memoryLine, nodeFlags, settled } from "./memory-usage.js";

/**
 * `npm run bench -- pipeline [--count N] [--rate R] [--seconds S] [--busy-count M] [--rss-only]
 *  [--no-rss] [--no-busy] [--throughput-only] [--metrics]`
 *
 * The whole outbound path — send() → durable queue → modem lifecycle → AT channel → simulator —
 * measured four ways (goals and figures: docs/benchmarks.md):
 * 1. throughput: N messages offered as fast as send() accepts them (instant simulator);
 * 2. latency from the accepted request (send() resolved, i.e. durable) to the PDU reaching the
 *    modem, at an offered rate of R messages/s for S seconds: p50/p99;
 * 3. RSS of the gateway after N messages, measured first in a fresh process with the simulator
 *    in a child process over TCP (as a real modem is outside the gateway's memory); the
 *    simulator module itself is loaded only by the parts that run it in-process;
 * 4. with realistic modem timing (sends take 1.5–4 s), how busy the gateway keeps the modem:
 *    1 − (idle time between one accepted part and the next AT+CMGS) / total.
 * With `--metrics` the Prometheus metrics listen to every part as in a gateway with
 * `metrics.enabled`, and the time one scrape takes is printed after the throughput run.
 */

interface Rig {
  sim: SimulatedModem;
  service: SmsService;
  store: SmsPersistence;
  metrics?: GatewayMetrics;
  stop(): Promise<void>;
}

/** `--metrics`: the Prometheus metrics on, as with `metrics.enabled`. */
const withMetrics = () => process.argv.includes("--metrics");

type GatewayRig = Omit<Rig, "sim">;

/** Modem → store → SMS service on `open`, as the gateway composes them (no MQTT). */
async function gatewayOn(open: OpenTransport): Promise<GatewayRig> {
  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-pipeline-"));
  const channel = new AtChannel({ open, reconnect: false });
  const modem = new Modem({ channel, profile: "SIM800" });
  const store = await openSmsStore(dir);
  const service = new SmsService({
    modem,
    store,
    options: { deliveryReports: false, queueCapacity: 20_000, sweepIntervalMs: 0 },
  });
  const metrics = withMetrics()
    ? (await import("../metrics/index.js")).createGatewayMetrics({
        modem,
        service,
        mqttConnected: () => false,
        version,
      })
    : undefined;
  await service.start();
  await modem.start();
  await modem.whenReady();
  return {
    service,
    store,
    ...(metrics === undefined ? {} : { metrics }),
    stop: async () => {
      metrics?.stop();
      await service.stop();
      await store.close?.();
      await modem.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The gateway on an in-process simulator. */
async function rig(timing: TimingOption): Promise<Rig> {
  const { SimulatedModem } = await import("../simulator/index.js");
  const sim = new SimulatedModem({ profile: "SIM800", timing, simCapacity: 50 });
  const gateway = await gatewayOn(sim.transport);
  return {
    sim,
    ...gateway,
    stop: async () => {
      await gateway.stop();
      await sim.close();
    },
  };
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function waitSent(sim: SimulatedModem, total: number): Promise<void> {
  if (sim.sent.length >= total) return Promise.resolve();
  return new Promise((resolve) => {
    const on = () => {
      if (sim.sent.length < total) return;
      sim.off("sent", on);
      resolve();
    };
    sim.on("sent", on);
  });
}

/** Child process: the instant simulator on TCP; tells the parent its port and each send count. */
async function simChild(): Promise<void> {
  const { SimulatedModem } = await import("../simulator/index.js");
  const sim = new SimulatedModem({ profile: "SIM800", timing: "instant", simCapacity: 50 });
  const server = await sim.listenTcp("127.0.0.1", 0);
  const address = server.address();
  let reported = 0;
  const report = () => {
    if (sim.sent.length === reported) return;
    reported = sim.sent.length;
    process.send?.({ sent: reported });
  };
  const timer = setInterval(report, 20);
  process.send?.({ port: typeof address === "object" && address !== null ? address.port : 0 });
  process.on("disconnect", () => {
    clearInterval(timer);
    void sim.close().then(() => process.exit(0));
  });
}

async function rssOfGateway(count: number): Promise<void> {
  const child = fork(process.argv[1] ?? "", ["pipeline", "--sim-child"], { stdio: "inherit" });
  let sent = 0;
  const onSent: Array<() => void> = [];
  const port = await new Promise<number>((resolve) => {
    child.on("message", (m: { port?: number; sent?: number }) => {
      if (m.port !== undefined) resolve(m.port);
      if (m.sent !== undefined) {
        sent = m.sent;
        for (const f of onSent.splice(0)) f();
      }
    });
  });
  console.log(`gateway process: node ${process.version}, ${nodeFlags()}`);
  console.log(memoryLine("gateway before the first message (modules loaded)"));
  const r = await gatewayOn(transportFromUrl(`tcp://127.0.0.1:${port}`));
  console.log(memoryLine("gateway ready (modem, store, service started)"));
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await r.service.send({ to: "+491701234567", text: `rss message ${i}`, id: `m${i}` });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  while (sent < count) await new Promise<void>((res) => onSent.push(res));
  console.log(memoryLine(`gateway after ${count} messages`));
  console.log(await settled(`gateway after ${count} messages`));
  await r.stop();
  child.disconnect();
}

async function throughput(count: number): Promise<void> {
  const r = await rig("instant");
  const window = flag(process.argv, "--window", 32);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await r.service.send({ to: "+491701234567", text: `bench message ${i}`, id: `t${i}` });
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  const accepted = performance.now();
  await waitSent(r.sim, count);
  const elapsed = (performance.now() - t0) / 1000;
  // CPU time per message tells two configurations apart even on a busy machine, where
  // messages/s mostly measures what else runs.
  const cpu = process.cpuUsage(cpu0);
  const cpuPerMessage = (cpu.user + cpu.system) / count;
  console.log(
    `throughput${r.metrics === undefined ? "" : " (metrics on)"}: ${count} messages in ${elapsed.toFixed(2)} s = ${(count / elapsed).toFixed(0)} msg/s ` +
      `(all accepted after ${((accepted - t0) / 1000).toFixed(2)} s; CPU ${cpuPerMessage.toFixed(0)} µs/message, simulator included)`,
  );
  if (r.metrics !== undefined) await scrapeTime(r.metrics);
  await r.stop();
}

/** How long rendering the exposition takes: the first scrape, then the median of 50. */
async function scrapeTime(metrics: GatewayMetrics): Promise<void> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 51; i++) {
    const t0 = performance.now();
    bytes = (await metrics.render()).body.length;
    times.push(performance.now() - t0);
  }
  const first = times.shift() ?? Number.NaN;
  times.sort((a, b) => a - b);
  console.log(
    `one scrape of /metrics (${bytes} bytes): first ${first.toFixed(2)} ms, ` +
      `p50 ${percentile(times, 50).toFixed(2)} ms, max ${(times[times.length - 1] ?? Number.NaN).toFixed(2)} ms`,
  );
}

async function latency(rate: number, seconds: number): Promise<void> {
  const r = await rig("instant");
  const acceptedAt = new Map<string, number>();
  const latencies: number[] = [];
  r.sim.on("sent", (s: SentSms) => {
    const t = acceptedAt.get(s.text);
    if (t !== undefined) latencies.push(performance.now() - t);
  });
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const pending: Array<Promise<unknown>> = [];
  for (let i = 0; i < total; i++) {
    // Open loop: request i is offered at start + i/rate, whatever happened before.
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((res) => setTimeout(res, wait));
    const text = `latency message ${i}`;
    pending.push(
      r.service.send({ to: "+491701234567", text, id: `l${i}` }).then(() => {
        acceptedAt.set(text, performance.now());
      }),
    );
  }
  await Promise.all(pending);
  await waitSent(r.sim, total);
  latencies.sort((a, b) => a - b);
  console.log(
    `latency accepted → PDU at the modem, ${rate} msg/s offered for ${seconds} s (${latencies.length} messages): ` +
      `p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms, ` +
      `max ${(latencies[latencies.length - 1] ?? Number.NaN).toFixed(2)} ms`,
  );
  await r.stop();
}

async function busy(count: number): Promise<void> {
  const r = await rig("realistic");
  let idle = 0;
  let lastAccepted: number | undefined;
  let first: number | undefined;
  r.sim.on("command", (line: string) => {
    if (!line.startsWith("AT+CMGS")) return;
    const now = performance.now();
    first ??= now;
    if (lastAccepted !== undefined) idle += now - lastAccepted;
    lastAccepted = undefined;
  });
  r.sim.on("sent", () => {
    lastAccepted = performance.now();
  });
  // A mix of single and 2-part messages, all queued at once.
  await r.service.send({
    to: Array.from({ length: count }, (_, i) => `+4917012340${String(i).padStart(2, "0")}`),
    text: "busy bench ".repeat(12),
  });
  const parts = r.service.list().reduce((n, m) => n + m.parts, 0);
  await waitSent(r.sim, parts);
  const end = lastAccepted ?? performance.now();
  const total = end - (first ?? end);
  console.log(
    `realistic timing: ${count} messages (${parts} parts) in ${(total / 1000).toFixed(1)} s, ` +
      `modem busy ${((1 - idle / total) * 100).toFixed(2)} % (idle between parts ${idle.toFixed(1)} ms)`,
  );
  await r.stop();
}

export async function run(args: string[]): Promise<void> {
  setLogLevel(process.env.SMSGW_LOG_LEVEL ?? "error");
  if (args.includes("--sim-child")) return simChild();
  const count = flag(args, "--count", 10_000);
  const rate = flag(args, "--rate", 500);
  const seconds = flag(args, "--seconds", 5);
  const busyCount = flag(args, "--busy-count", 12);
  if (!args.includes("--no-rss")) await rssOfGateway(count);
  if (args.includes("--rss-only")) return;
  await throughput(count);
  if (args.includes("--throughput-only")) return;
  await latency(rate, seconds);
  if (!args.includes("--no-busy")) await busy(busyCount);
}
