import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../config/load.js";
import { Gateway } from "../gateway/gateway.js";
import { setLogLevel } from "../log.js";
import { memoryLine, nodeFlags, settled } from "./memory-usage.js";

/**
 * `npm run bench -- mqtt [--out N] [--in N] [--burst N]`: the whole gateway (real store in a
 * temp dir) against the instant simulator and the embedded broker (aedes).
 *  - out: an MQTT publish on `<base>/send/<number>` → the PDU at the simulator (one at a time);
 *  - in: an SMS delivered at the simulator (+CMTI) → a subscriber has the JSON on `<base>/received`;
 *  - burst: N messages published at once, sustained rate;
 *  - RSS of the gateway after all of them (goal ≤ 80 MB).
 * Goals: p99 < 20 ms out, < 50 ms in.
 *
 * The gateway runs in this process and nothing else does: broker, simulator (over TCP, as a
 * modem is outside the gateway) and the measuring client run in a child process, which takes
 * both time stamps of each latency, so the RSS printed here is the gateway's alone.
 */

type ToRig = { go: { out: number; in: number; burst: number } } | { measured: true };
type FromRig =
  | { ready: { brokerUrl: string; simPort: number } }
  | { measure: string }
  | { line: string }
  | { done: true };

function arg(args: string[], name: string, def: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : def;
  return Number.isFinite(v) && v >= 0 ? v : def;
}

export async function run(args: string[]): Promise<void> {
  setLogLevel("silent");
  if (args.includes("--rig-child")) return rigChild();
  const counts = {
    out: arg(args, "out", 1000),
    in: arg(args, "in", 1000),
    burst: arg(args, "burst", 10_000),
  };
  console.log(`gateway process: node ${process.version}, ${nodeFlags()}`);
  const startLine = memoryLine("gateway at start (modules loaded)");
  const child = fork(process.argv[1] ?? "", ["mqtt", "--rig-child"], {
    stdio: "inherit",
    execArgv: [],
  });
  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-mqtt-"));
  let gateway: Gateway | undefined;
  try {
    const ready = await nextMessage(child, (m) => ("ready" in m ? m.ready : undefined));
    const { config } = await parseConfig(
      {
        modem: { port: `tcp://127.0.0.1:${ready.simPort}`, profile: "sim7600" },
        mqtt: {
          url: ready.brokerUrl,
          clientId: "bench-gateway",
          homeassistant: { enabled: false },
        },
        store: { dir },
        sms: {
          deliveryReports: false,
          queueCapacity: counts.burst + 1000,
          sweepIntervalSeconds: 0,
          // A throughput bench: the default rate limits would measure themselves.
          rateLimits: { perMinute: 0, perHour: 0, perDay: 0 },
        },
      },
      { env: {} },
    );
    gateway = new Gateway({ config });
    await gateway.start();
    await gateway.bridge.whenConnected();
    await gateway.modem.whenReady();
    console.log(startLine);
    console.log(memoryLine("gateway started and connected"));
    const done = new Promise<void>((resolve) => {
      child.on("message", (m: FromRig) => {
        if ("line" in m) console.log(m.line);
        if ("measure" in m) {
          console.log(memoryLine(`gateway ${m.measure}`));
          child.send({ measured: true } satisfies ToRig);
        }
        if ("done" in m) resolve();
      });
    });
    child.send({ go: counts } satisfies ToRig);
    await done;
    console.log(await settled("gateway after all messages"));
  } finally {
    await gateway?.stop();
    child.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

function nextMessage<T>(child: ChildProcess, pick: (m: FromRig) => T | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: FromRig) => {
      const v = pick(m);
      if (v === undefined) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(v);
    };
    const onExit = (code: number | null) => reject(new Error(`bench child exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2);
  return `${name}: n=${s.length} p50=${f(pct(s, 50))} ms p99=${f(pct(s, 99))} ms max=${f(s.at(-1) ?? Number.NaN)} ms`;
}

/** Child: broker, simulator on TCP and the measuring client; the parent is the gateway. */
async function rigChild(): Promise<void> {
  // Loaded here only: none of this belongs to the measured process.
  const { startEmbeddedBroker } = await import("../mqtt/embedded-broker.js");
  const { SimulatedModem } = await import("../simulator/index.js");
  const { connectAsync } = await import("mqtt");
  const send = (m: FromRig) => process.send?.(m);
  const broker = await startEmbeddedBroker({ port: 0 });
  // The simulator remembers every command and SMS (for tests); only the count is needed here.
  const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", simCapacity: 255 });
  const server = await sim.listenTcp("127.0.0.1", 0);
  const address = server.address();
  const counts = await new Promise<{ out: number; in: number; burst: number }>((resolve) => {
    process.once("message", (m: ToRig) => {
      if ("go" in m) resolve(m.go);
    });
    send({
      ready: {
        brokerUrl: broker.url,
        simPort: typeof address === "object" && address !== null ? address.port : 0,
      },
    });
  });
  const measure = (what: string) =>
    new Promise<void>((resolve) => {
      process.once("message", () => resolve());
      send({ measure: what });
    });

  const client = await connectAsync(broker.url, { clientId: "bench-client" });
  await client.subscribeAsync("smsgw/received", { qos: 1 });
  const sentWaiters = new Map<string, () => void>();
  let sentCount = 0;
  sim.on("sent", (s: { text: string }) => {
    sentCount++;
    sentWaiters.get(s.text)?.();
    (sim.sent as unknown[]).length = 0;
    (sim.commands as unknown[]).length = 0;
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

  try {
    // Warm-up (JIT, first store writes).
    for (let i = 0; i < 20; i++) {
      const done = waitFor(sentWaiters, `warm ${i}`);
      await client.publishAsync("smsgw/send/00491701234567", `warm ${i}`, { qos: 1 });
      await done;
    }

    const out: number[] = [];
    for (let i = 0; i < counts.out; i++) {
      const text = `out ${i}`;
      const done = waitFor(sentWaiters, text);
      const t0 = performance.now();
      client.publish("smsgw/send/00491701234567", text, { qos: 1 });
      await done;
      out.push(performance.now() - t0);
    }
    send({ line: summary("MQTT publish → PDU at the modem", out) });

    const inbound: number[] = [];
    for (let i = 0; i < counts.in; i++) {
      const text = `in ${i}`;
      const done = waitFor(receivedWaiters, text);
      const t0 = performance.now();
      sim.deliverSms({ from: "+441234567890", text });
      await done;
      inbound.push(performance.now() - t0);
    }
    send({ line: summary("+CMTI → JSON at the subscriber", inbound) });
    await measure(`after ${20 + counts.out + counts.in} messages one at a time`);

    if (counts.burst > 0) {
      const target = sentCount + counts.burst;
      const t0 = performance.now();
      for (let i = 0; i < counts.burst; i++)
        client.publish("smsgw/send/00491701234567", `burst ${i}`, { qos: 1 });
      while (sentCount < target) await new Promise((r) => setTimeout(r, 20));
      const secs = (performance.now() - t0) / 1000;
      send({
        line: `burst: ${counts.burst} messages in ${secs.toFixed(1)} s = ${(counts.burst / secs).toFixed(0)} messages/s`,
      });
      await measure(
        `after a burst of ${counts.burst} (${20 + counts.out + counts.in + counts.burst} in all)`,
      );
    }
    send({ done: true });
  } finally {
    await client.endAsync(true);
    await new Promise<void>((resolve) => process.once("disconnect", () => resolve()));
    await broker.close();
    await sim.close();
  }
}
