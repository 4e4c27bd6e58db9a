import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectAsync } from "mqtt";
import { startEmbeddedBroker } from "../mqtt/embedded-broker.js";
import { SimulatedModem } from "../simulator/index.js";
import { arg, count, online, rssLine } from "./gateway-process.js";

/**
 * `npm run bench -- footprint [--burst N] [--settle S] [--node-flags "…"]`: the RSS of the
 * real `smsgw run` process, started as a user starts it (`node dist/cli/main.js run -c …`, no
 * node flags), after a burst of N messages (default 10,000) published on MQTT, measured S
 * seconds (default 30) after the last one reached the modem. Goal: ≤ 80 MB settled.
 *
 * This process holds the broker (aedes) and the simulated modem (over TCP, as a real modem is
 * outside the gateway); the gateway is the only thing in the measured process, and nothing in
 * it is forced (no GC from outside): what it holds 30 s later is what a user would see.
 * `--node-flags` are put on the gateway's node command line, for comparisons (e.g.
 * `--semi-space-growth-factor=2` is V8's own default growth, without the CLI's cap;
 * `--max-semi-space-size=1` is what the SD image's unit sets).
 */
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));
const NUMBER = "00491701234567";

export async function run(args: string[]): Promise<void> {
  const burst = count(args, "burst", 10_000);
  const settleS = count(args, "settle", 30);
  const nodeFlags = (arg(args, "node-flags") ?? "").split(/\s+/).filter((f) => f !== "");

  const broker = await startEmbeddedBroker({ port: 0 });
  // The simulator remembers every command and SMS (for tests); only the count is needed here.
  const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", simCapacity: 255 });
  const server = await sim.listenTcp("127.0.0.1", 0);
  const address = server.address();
  const simPort = typeof address === "object" && address !== null ? address.port : 0;
  let sent = 0;
  sim.on("sent", () => {
    sent++;
    (sim.sent as unknown[]).length = 0;
    (sim.commands as unknown[]).length = 0;
  });

  const dir = await mkdtemp(join(tmpdir(), "smsgw-bench-footprint-"));
  const configPath = join(dir, "smsgw.yaml");
  await writeFile(
    configPath,
    [
      "modem:",
      `  port: tcp://127.0.0.1:${simPort}`,
      "  profile: sim7600",
      "mqtt:",
      `  url: ${broker.url}`,
      "  clientId: bench-footprint",
      "store:",
      `  dir: ${join(dir, "store")}`,
      "sms:",
      `  queueCapacity: ${burst + 1000}`,
      // The simulator sends no reports here; 10,000 messages waiting for one would make this
      // a measure of the report wait, not of the burst.
      "  deliveryReports: false",
      // A burst to one number: the default rate limits would hold all but ten a minute.
      "  rateLimits: { perMinute: 0, perHour: 0, perDay: 0 }",
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
  // Ctrl-C on the bench must not leave the gateway running.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      gateway.kill("SIGTERM");
      process.exit(130);
    });
  const client = await connectAsync(broker.url, { clientId: "bench-footprint-client" });
  try {
    console.log(
      `gateway: node ${process.version} ${[...nodeFlags, CLI].join(" ")} run (pid ${pid})`,
    );
    await online(client, gateway);
    const warm = sent + 1;
    await client.publishAsync(`smsgw/send/${NUMBER}`, "warm-up", { qos: 1 });
    await until(() => sent >= warm, gateway);
    console.log(await rssLine(pid, "started, modem ready, one message sent"));

    const target = sent + burst;
    const t0 = performance.now();
    for (let i = 0; i < burst; i++)
      client.publish(`smsgw/send/${NUMBER}`, `burst ${i}`, { qos: 1 });
    await until(() => sent >= target, gateway);
    const secs = (performance.now() - t0) / 1000;
    console.log(
      `burst: ${burst} messages in ${secs.toFixed(1)} s = ${(burst / secs).toFixed(0)} messages/s`,
    );
    console.log(await rssLine(pid, `right after the burst of ${burst}`));
    await new Promise((r) => setTimeout(r, settleS * 1000));
    console.log(await rssLine(pid, `settled, ${settleS} s after the burst`));
  } finally {
    await client.endAsync(true);
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
}

async function until(done: () => boolean, gateway: ChildProcess): Promise<void> {
  while (!done()) {
    if (gateway.exitCode !== null) throw new Error(`smsgw run exited (${gateway.exitCode})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
