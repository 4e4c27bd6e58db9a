import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { connectAsync } from "mqtt";
import { startEmbeddedBroker } from "../mqtt/embedded-broker.js";
import { SimulatedModem } from "../simulator/index.js";
import { decodePdu, encodePdu } from "../smpp/codec.js";
import { PduFramer } from "../smpp/framer.js";
import type { Pdu } from "../smpp/pdu.js";
import { arg, count, online, rssLine } from "./gateway-process.js";

/**
 * `npm run bench -- smpp [--seconds S] [--window W] [--node-flags "…"]`
 *
 * The SMPP door of the real `smsgw run` process (SMPP and MQTT on, rate limits off) against
 * the instant simulator over TCP and an embedded broker, both in this process. One ESME binds
 * as a transmitter and keeps W submit_sm (default 10) unanswered for S seconds (default 10),
 * sending the next as each submit_sm_resp arrives (each comes after the message is on disk):
 * submit_sm/s, p50/p99 latency, the gateway's CPU time, then that every accepted message
 * reached the modem. Goal: ≥ 2,000 submit_sm/s, p99 < 20 ms.
 */
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const SYSTEM_ID = "bench";
const PASSWORD = "bench-smpp-password";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** An ESME on our own codec: sends PDUs, resolves each request with its response. */
class BenchEsme {
  private readonly framer = new PduFramer();
  private readonly waiting = new Map<number, (p: Pdu) => void>();
  private sequence = 0;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => {
      for (const b of this.framer.push(chunk)) {
        const p = decodePdu(b);
        this.waiting.get(p.sequence)?.(p);
        this.waiting.delete(p.sequence);
      }
    });
  }

  request(make: (sequence: number) => Pdu): Promise<Pdu> {
    const sequence = ++this.sequence;
    return new Promise((resolve) => {
      this.waiting.set(sequence, resolve);
      this.socket.write(encodePdu(make(sequence)));
    });
  }
}

async function connectUntilUp(port: number, deadlineMs: number): Promise<Socket> {
  const end = performance.now() + deadlineMs;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = connect(port, "127.0.0.1", () => resolve(s));
        s.once("error", reject);
      });
    } catch (err) {
      if (performance.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const submit = (sequence: number, n: number): Pdu => ({
  command: "submit_sm",
  status: 0,
  sequence,
  body: {
    serviceType: "",
    sourceAddrTon: 5,
    sourceAddrNpi: 0,
    sourceAddr: "bench",
    destAddrTon: 1,
    destAddrNpi: 1,
    destinationAddr: "491701234567",
    esmClass: 0,
    protocolId: 0,
    priorityFlag: 0,
    scheduleDeliveryTime: "",
    validityPeriod: "",
    registeredDelivery: 0,
    replaceIfPresentFlag: 0,
    dataCoding: 0,
    smDefaultMsgId: 0,
    shortMessage: Buffer.from(`bench ${n}`),
    tlvs: [],
  },
});

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export async function run(args: string[]): Promise<void> {
  const seconds = count(args, "seconds", 10);
  const window = Math.max(1, count(args, "window", 10));
  const nodeFlags = (arg(args, "node-flags") ?? "").split(/\s+/).filter((f) => f !== "");

  const broker = await startEmbeddedBroker({ port: 0 });
  const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", simCapacity: 255 });
  const simServer = await sim.listenTcp("127.0.0.1", 0);
  const address = simServer.address();
  const simPort = typeof address === "object" && address !== null ? address.port : 0;
  let reached = 0;
  sim.on("sent", () => {
    reached++;
    (sim.sent as unknown[]).length = 0;
    (sim.commands as unknown[]).length = 0;
  });

  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-smpp-"));
  const smppPort = await freePort();
  const configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: tcp://127.0.0.1:${simPort}`,
      "  profile: sim7600",
      "mqtt:",
      `  url: ${broker.url}`,
      "  clientId: bench-smpp",
      "store:",
      `  dir: ${join(dir, "store")}`,
      "sms:",
      `  queueCapacity: ${Math.max(seconds * 20_000, 1000)}`,
      "  deliveryReports: false",
      // Every message goes to one number: the default limits would hold all but ten a minute.
      "  rateLimits: { perMinute: 0, perHour: 0, perDay: 0 }",
      "smpp:",
      "  enabled: true",
      `  port: ${smppPort}`,
      `  windowSize: ${window}`,
      "  accounts:",
      `    - { systemId: ${SYSTEM_ID}, password: ${PASSWORD} }`,
      "",
    ].join("\n"),
  );
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const gateway = spawn(process.execPath, [...nodeFlags, CLI, "run", "-c", configPath], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  const pid = gateway.pid ?? 0;
  const mqtt = await connectAsync(broker.url, { clientId: "bench-smpp-client" });
  try {
    await online(mqtt, gateway);
    const esme = new BenchEsme(await connectUntilUp(smppPort, 10_000));
    const bind = await esme.request((sequence) => ({
      command: "bind_transmitter",
      status: 0,
      sequence,
      body: {
        systemId: SYSTEM_ID,
        password: PASSWORD,
        systemType: "",
        interfaceVersion: 0x34,
        addrTon: 0,
        addrNpi: 0,
        addressRange: "",
      },
    }));
    if (bind.status !== 0) throw new Error(`bind refused: status ${bind.status}`);
    // Warm-up: the first messages load the code paths; not measured.
    for (let i = 0; i < 200; i++) await esme.request((s) => submit(s, -i));

    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const cpu0 = await cpuSeconds(pid);
    const start = performance.now();
    const end = start + seconds * 1000;
    let n = 0;
    const lane = async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const resp = await esme.request((s) => submit(s, n++));
        latencies.push(performance.now() - t0);
        statuses.set(resp.status, (statuses.get(resp.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: window }, lane));
    const elapsed = (performance.now() - start) / 1000;
    const cpu = (await cpuSeconds(pid)) - cpu0;
    latencies.sort((a, b) => a - b);
    const accepted = statuses.get(0) ?? 0;
    console.log(
      `submit_sm → submit_sm_resp, window ${window}, ${elapsed.toFixed(1)} s: ` +
        `${(latencies.length / elapsed).toFixed(0)} submit_sm/s, ${accepted} accepted ` +
        `(statuses ${JSON.stringify(Object.fromEntries(statuses))}), ` +
        `p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms`,
    );
    console.log(
      `  gateway CPU ${cpu.toFixed(1)} s (${((100 * cpu) / elapsed).toFixed(0)} % of one core): ` +
        `${(accepted / Math.max(cpu, 0.01)).toFixed(0)} accepted submit_sm per gateway CPU-second`,
    );
    const target = accepted + 200;
    const waitEnd = performance.now() + 120_000;
    while (reached < target && performance.now() < waitEnd)
      await new Promise((r) => setTimeout(r, 100));
    console.log(`  reached the modem: ${reached} of ${target} (warm-up included)`);
    console.log(await rssLine(pid, "after the run"));
  } finally {
    gateway.kill("SIGTERM");
    await new Promise((r) => gateway.once("exit", r));
    await mqtt.endAsync();
    await broker.close();
    await sim.close();
    simServer.close();
    await rm(dir, { recursive: true, force: true });
  }
}
