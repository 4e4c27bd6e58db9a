import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectAsync } from "mqtt";
import { startEmbeddedBroker } from "../mqtt/embedded-broker.js";
import { SimulatedModem } from "../simulator/index.js";
import { arg, count, online, rssLine } from "./gateway-process.js";

/**
 * `npm run bench -- http [--seconds S] [--clients C] [--burst N] [--settle S] [--node-flags "…"]
 *  [--no-metrics]`
 *
 * The HTTP door of the real `smsgw run` process (started as a user starts it, HTTP, MQTT and
 * Prometheus metrics on, a token made in its store, a Kannel user, rate limits off) against the instant simulator
 * over TCP and an embedded broker, both in this process:
 * 1. C keep-alive clients (default 32) POST /api/v1/messages for S seconds (default 10), each
 *    sending its next request when the last is answered: requests/s, 202s, p50/p99 latency
 *    (each 202 comes after the message is on disk: fdatasync, group-committed), the gateway's
 *    CPU time (accepted messages per CPU-second compare across loaded machines), then that
 *    every accepted message reached the modem;
 * 2. the same for GET /cgi-bin/sendsms (Kannel's interface);
 * 3. the gateway's RSS S' seconds (default 30) after a burst of N messages (default 10,000)
 *    over HTTP reached the modem.
 * Goals: ≥ 5,000 accepted messages/s, p99 < 15 ms, RSS ≤ 110 MB.
 */
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const NUMBER = "+491701234567";
const KANNEL_USER = "bench";
const KANNEL_PASSWORD = "bench-kannel-password";

interface Answer {
  status: number;
  body: string;
}

/** One request on a keep-alive agent; the body read to its end. */
function call(
  agent: Agent,
  port: number,
  opts: { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method: opts.method,
        path: opts.path,
        headers: {
          ...opts.headers,
          ...(opts.body === undefined ? {} : { "content-length": Buffer.byteLength(opts.body) }),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

interface LoadResult {
  requests: number;
  statuses: Map<number, number>;
  latenciesMs: number[];
  seconds: number;
  firstError?: string;
}

/** C clients, each sending its next request once the last is answered, until `done`. */
async function load(
  clients: number,
  next: (i: number) => {
    method: "GET" | "POST";
    path: string;
    headers?: Record<string, string>;
    body?: string;
  },
  port: number,
  done: (sent: number, elapsedMs: number) => boolean,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const statuses = new Map<number, number>();
  const latenciesMs: number[] = [];
  let sent = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const client = async () => {
    while (!done(sent, performance.now() - t0)) {
      const i = sent++;
      const start = performance.now();
      const a = await call(agent, port, next(i));
      latenciesMs.push(performance.now() - start);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      if (a.status >= 300 && firstError === undefined) firstError = `${a.status} ${a.body}`;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return {
    requests: latenciesMs.length,
    statuses,
    latenciesMs,
    seconds,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function report(label: string, r: LoadResult, accepted: number): string {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const codes = [...r.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n}× ${s}`)
    .join(", ");
  return (
    `${label}: ${r.requests} requests in ${r.seconds.toFixed(1)} s = ` +
    `${(r.requests / r.seconds).toFixed(0)} requests/s, ${(accepted / r.seconds).toFixed(0)} accepted/s ` +
    `(${codes}); latency p50 ${percentile(sorted, 50).toFixed(2)} ms, ` +
    `p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms` +
    (r.firstError === undefined ? "" : `; first refusal: ${r.firstError}`)
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

export async function run(args: string[]): Promise<void> {
  const seconds = count(args, "seconds", 10);
  const clients = Math.max(1, count(args, "clients", 32));
  const burst = count(args, "burst", 10_000);
  const settleS = count(args, "settle", 30);
  const nodeFlags = (arg(args, "node-flags") ?? "").split(/\s+/).filter((f) => f !== "");
  const metrics = !args.includes("--no-metrics");

  const broker = await startEmbeddedBroker({ port: 0 });
  // The simulator remembers every command and SMS (for tests); only the texts' count is kept.
  const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", simCapacity: 255 });
  const server = await sim.listenTcp("127.0.0.1", 0);
  const address = server.address();
  const simPort = typeof address === "object" && address !== null ? address.port : 0;
  let reached = 0;
  let wrong = 0;
  sim.on("sent", (s: { to: string; text: string }) => {
    reached++;
    if (s.to !== NUMBER || !s.text.startsWith("bench ")) wrong++;
    (sim.sent as unknown[]).length = 0;
    (sim.commands as unknown[]).length = 0;
  });

  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-http-"));
  const storeDir = join(dir, "store");
  // As a user makes one: `smsgw token create` (printed once).
  const token = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [
        CLI,
        "token",
        "create",
        "--store-dir",
        storeDir,
        "--name",
        "bench",
        "--scope",
        "messages:send",
      ],
      (err, stdout) => (err === null ? resolve(stdout.trim()) : reject(err)),
    ),
  );
  const httpPort = await freePort();
  // Room for everything the run may offer: S seconds at 20,000/s, and the burst.
  const capacity = Math.max(seconds * 20_000, 1000) * 2 + burst;
  const configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: tcp://127.0.0.1:${simPort}`,
      "  profile: sim7600",
      "mqtt:",
      `  url: ${broker.url}`,
      "  clientId: bench-http",
      "store:",
      `  dir: ${storeDir}`,
      "sms:",
      `  queueCapacity: ${capacity}`,
      // No status reports from the instant simulator: the run measures the door, not the wait.
      "  deliveryReports: false",
      // Every message goes to one number: the default limits would hold all but ten a minute.
      "  rateLimits: { perMinute: 0, perHour: 0, perDay: 0 }",
      // Metrics on by default, as the memory goal states it: served by the HTTP door.
      ...(metrics ? ["metrics:", "  enabled: true"] : []),
      "http:",
      "  enabled: true",
      "  listen: 127.0.0.1",
      `  port: ${httpPort}`,
      // Many keep-alive clients from one address never fail authentication: no limit is hit.
      "  kannel:",
      "    users:",
      `      - { username: ${KANNEL_USER}, password: ${KANNEL_PASSWORD} }`,
      "",
    ].join("\n"),
  );
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  // Its log goes nowhere: a terminal would only slow it down, and it is not measured.
  const gateway = spawn(process.execPath, [...nodeFlags, CLI, "run", "-c", configPath], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  const pid = gateway.pid ?? 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      gateway.kill("SIGTERM");
      process.exit(130);
    });
  const mqtt = await connectAsync(broker.url, { clientId: "bench-http-client" });
  const api = {
    method: "POST" as const,
    path: "/api/v1/messages",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  };
  const postText = (text: string) => ({ ...api, body: JSON.stringify({ to: NUMBER, text }) });
  const kannelPath = (text: string) =>
    `/cgi-bin/sendsms?username=${KANNEL_USER}&password=${KANNEL_PASSWORD}` +
    `&to=${encodeURIComponent(NUMBER)}&text=${encodeURIComponent(text)}`;
  try {
    console.log(
      `gateway: node ${process.version} ${[...nodeFlags, CLI].join(" ")} run (pid ${pid}); ` +
        `${clients} keep-alive clients; Prometheus metrics ${metrics ? "on" : "off"}`,
    );
    await online(mqtt, gateway);
    const first = await firstAnswer(httpPort, postText("bench warm-up"), gateway);
    if (first.status !== 202) throw new Error(`warm-up answered ${first.status}: ${first.body}`);
    await until(() => reached >= 1, gateway, 60_000);
    console.log(await rssLine(pid, "started, modem ready, one message sent over HTTP"));

    await phase("POST /api/v1/messages", () =>
      load(
        clients,
        (i) => postText(`bench api ${i}`),
        httpPort,
        (_, ms) => ms >= seconds * 1000,
      ),
    );
    await phase("GET /cgi-bin/sendsms", () =>
      load(
        clients,
        (i) => ({ method: "GET", path: kannelPath(`bench kannel ${i}`) }),
        httpPort,
        (_, ms) => ms >= seconds * 1000,
      ),
    );

    const start = reached;
    const t0 = performance.now();
    const b = await load(
      clients,
      (i) => postText(`bench burst ${i}`),
      httpPort,
      (n) => n >= burst,
    );
    const accepted = b.statuses.get(202) ?? 0;
    await until(() => reached - start >= accepted, gateway, 600_000);
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `burst: ${accepted} of ${burst} accepted over HTTP, all on the modem after ${secs.toFixed(1)} s`,
    );
    console.log(await rssLine(pid, `right after the burst of ${burst}`));
    await new Promise((r) => setTimeout(r, settleS * 1000));
    console.log(await rssLine(pid, `settled, ${settleS} s after the burst (HTTP and MQTT on)`));
    if (wrong > 0)
      console.log(`!! ${wrong} messages reached the modem with another number or text`);
  } finally {
    await mqtt.endAsync(true);
    const exited = new Promise<number | null>((r) => {
      if (gateway.exitCode !== null) r(gateway.exitCode);
      else gateway.once("exit", (code) => r(code));
    });
    gateway.kill("SIGTERM");
    console.log(`gateway exit code after SIGTERM: ${await exited}`);
    await broker.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }

  /** One load phase, then the wait until every accepted message reached the modem. */
  async function phase(label: string, go: () => Promise<LoadResult>): Promise<number> {
    const before = reached;
    const cpu0 = await cpuSeconds(pid);
    const r = await go();
    const cpu = (await cpuSeconds(pid)) - cpu0;
    const accepted = r.statuses.get(202) ?? 0;
    console.log(report(label, r, accepted));
    // On a shared machine the gateway gets what CPU is left: per CPU-second is comparable.
    console.log(
      `  gateway CPU ${cpu.toFixed(1)} s (${((100 * cpu) / r.seconds).toFixed(0)} % of one core): ` +
        `${(accepted / cpu).toFixed(0)} accepted messages per gateway CPU-second`,
    );
    const t0 = performance.now();
    await until(() => reached - before >= accepted, gateway, 600_000);
    console.log(
      `  all ${accepted} accepted messages reached the modem ` +
        `(${((performance.now() - t0) / 1000).toFixed(1)} s after the last answer)`,
    );
    return accepted;
  }
}

/** The first request, repeated until the HTTP door (started after the bridge) listens. */
async function firstAnswer(
  port: number,
  opts: Parameters<typeof call>[2],
  gateway: ChildProcess,
): Promise<Answer> {
  const agent = new Agent({ keepAlive: false });
  try {
    for (let tries = 0; ; tries++) {
      try {
        return await call(agent, port, opts);
      } catch (err) {
        if ((err as { code?: string }).code !== "ECONNREFUSED" || tries > 300) throw err;
        if (gateway.exitCode !== null) throw new Error(`smsgw run exited (${gateway.exitCode})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    agent.destroy();
  }
}

/** User + system CPU time the process has used so far, in seconds (/proc/<pid>/stat). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  // Linux reports them in clock ticks of 1/100 s (USER_HZ) on every common platform.
  return ticks / 100;
}

async function until(done: () => boolean, gateway: ChildProcess, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (gateway.exitCode !== null) throw new Error(`smsgw run exited (${gateway.exitCode})`);
    if (performance.now() > end) throw new Error(`not done after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
