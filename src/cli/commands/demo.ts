import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { pino } from "pino";
import { parseConfig } from "../../config/load.js";
import { errorMessage } from "../../errors.js";
import { Gateway, stopOnSignals } from "../../gateway/index.js";
import { setLogDestination, setLogLevel } from "../../log.js";
import { isProfileName, profileNames } from "../../simulator/profiles.js";
import { outboundLine, problemLine } from "../demo-screen.js";
import { resumeOptimiser } from "../optimise-after-start.js";

interface DemoFlags {
  port: string;
  httpPort: string;
  profile: string;
  timing: string;
  data?: string;
  verbose?: boolean;
}

const DEMO_NUMBER = "+491701234567";

/**
 * `smsgw demo`: the whole gateway with nothing attached — a simulated modem in-process, an
 * embedded MQTT broker (aedes) on 127.0.0.1:1883 (or a free port) and the real gateway on top.
 * Needs no config file. Lines typed on stdin go to the simulator (`sms +4917… hello`).
 */
export function register(program: Command): void {
  program
    .command("demo")
    .description("try smsgw without hardware: simulated modem + embedded MQTT broker + the gateway")
    .option("--port <port>", "MQTT port of the embedded broker (a free one if taken)", "1883")
    .option("--http-port <port>", "port of the HTTP API (a free one if taken)", "8080")
    .option("--profile <name>", `simulated module: ${profileNames.join("|")}`, "SIM7600")
    .option(
      "--timing <mode>",
      "instant|realistic (a send takes seconds, as on a real modem)",
      "instant",
    )
    .option("--data <dir>", "keep the store here (default: a temporary directory)")
    .option("-v, --verbose", "show the gateway's JSON log here (else it goes to a file)")
    .action(async (flags: DemoFlags) => {
      process.exitCode = await runDemo(flags);
    });
}

async function runDemo(flags: DemoFlags): Promise<number> {
  if (
    !isProfileName(flags.profile) ||
    (flags.timing !== "instant" && flags.timing !== "realistic")
  ) {
    console.error(`smsgw demo: --profile ${profileNames.join("|")}, --timing instant|realistic`);
    return 2;
  }
  setLogLevel("info");
  const logPath = join(flags.data ?? tmpdir(), "smsgw-demo.log");
  if (flags.verbose !== true) {
    const file = pino.destination({ dest: logPath, sync: true, append: false, mkdir: true });
    setLogDestination({
      write(line: string) {
        file.write(line);
        const problem = problemLine(line);
        if (problem !== undefined) console.log(problem);
      },
    });
  }
  // Loaded on demand: every `smsgw` command loads this module, and only the demo needs aedes.
  const [{ startEmbeddedBroker }, { runConsoleLine }, { SimulatedModem }] = await Promise.all([
    import("../../mqtt/embedded-broker.js"),
    import("../../simulator/console.js"),
    import("../../simulator/modem.js"),
  ]);
  const broker = await startEmbeddedBroker({ port: Number(flags.port), fallback: true });
  const dir = flags.data ?? (await mkdtemp(join(tmpdir(), "smsgw-demo-")));
  // The HTTP API is on in the demo, with a token made for this session (shown once, below).
  const httpPort = await portOrFree(Number(flags.httpPort));
  const token = await sessionToken(dir);
  const uiPassword = await sessionPassword(dir);
  const sim = new SimulatedModem({
    profile: flags.profile,
    timing: flags.timing,
    autoDeliveryReport: true,
  });
  // No config file and no SMSGW_* variables: the demo is the same on every machine.
  const { config } = await parseConfig(
    {
      modem: { port: `sim://${flags.profile}` },
      mqtt: { url: broker.url, clientId: "smsgw-demo" },
      store: { dir },
      contacts: [{ name: "Demo", number: DEMO_NUMBER }],
      http: { enabled: true, listen: "127.0.0.1", port: httpPort },
    },
    { env: {} },
  );
  const gateway = new Gateway({ config, simulator: sim });
  const cleanup = async () => {
    await broker.close();
    await sim.close();
    if (flags.data === undefined) await rm(dir, { recursive: true, force: true });
  };
  const stopped = new Promise<string>((resolve) => stopOnSignals(gateway, resolve));
  try {
    await gateway.start();
    await gateway.modem.whenReady(AbortSignal.timeout(60_000));
  } catch (err) {
    console.error(`smsgw demo: ${errorMessage(err)}`);
    await gateway.stop();
    await cleanup();
    return 1;
  }
  resumeOptimiser();
  sim.on("sent", (s: { to: string; text: string; reference: number }) =>
    console.log(`  📡 network received (TP-MR ${s.reference}) → ${s.to}: ${s.text}`),
  );
  gateway.service.on("outbound", (m) => console.log(outboundLine(m)));
  gateway.service.on("inbound", (m) => console.log(`  📨 from ${m.from}: ${m.text}`));
  const log = flags.verbose === true ? null : logPath;
  const api = { url: gateway.http?.url ?? "(HTTP API not started)", token, uiPassword };
  console.log(instructions(broker.host, broker.port, dir, flags.data !== undefined, log, api));

  const modem = gateway.modem;
  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on("line", (line) => {
    const out = runConsoleLine(sim, line);
    if (out !== "") console.log(out);
    // A new signal shows at once, not at the modem's next scheduled AT+CSQ.
    if (/^\s*signal\s/i.test(line)) void modem.refreshSignal();
  });
  await stopped;
  rl.close();
  await cleanup();
  console.log("demo stopped");
  return 0;
}

function instructions(
  host: string,
  port: number,
  dir: string,
  kept: boolean,
  log: string | null,
  api: { url: string; token: string; uiPassword: string },
): string {
  const h = `-h ${host} -p ${port}`;
  const url = `mqtt://${host}:${port}`;
  return `
smsgw demo is running: a simulated modem, an MQTT broker on ${url}, the gateway
and its HTTP API on ${api.url} (docs/http-api.md).
Web UI: ${api.url}/ui/   password: ${api.uiPassword}   (made for this run)
Store: ${dir}${kept ? "" : " (temporary)"}
Log:   ${log === null ? "here (-v)" : `${log} (JSON; warnings also show here; -v shows all of it here)`}

Watch everything (in another terminal):
  mosquitto_sub ${h} -t 'smsgw/#' -v

Send an SMS:
  mosquitto_pub ${h} -t smsgw/send/00491701234567 -m 'Hello from MQTT'
  mosquitto_pub ${h} -t smsgw/bridge/request/send -m '{"to":"${DEMO_NUMBER}","text":"Hi 👋","transaction":"t1"}'
  node dist/cli/main.js send --url ${url} --to ${DEMO_NUMBER} --text 'Hello' --wait

Send over HTTP (a token with every scope, made for this session; shown only here):
  export SMSGW_TOKEN=${api.token}
  curl -i -H "Authorization: Bearer $SMSGW_TOKEN" -H 'Content-Type: application/json' \\
    -d '{"to":"${DEMO_NUMBER}","text":"Hello from HTTP"}' ${api.url}/api/v1/messages

Gateway status:
  node dist/cli/main.js status --url ${url}

Receive an SMS: type here, e.g.
  sms +441234567890 Hello gateway
('help' lists more: signal, reg, fail <cms>, reboot, …)   Stop: Ctrl-C
`;
}

/** `port` if it is free on 127.0.0.1, else any free port (another program may hold 8080). */
async function portOrFree(port: number): Promise<number> {
  const { createServer } = await import("node:net");
  const probe = (p: number) =>
    new Promise<number | undefined>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(undefined));
      server.listen(p, "127.0.0.1", () => {
        const address = server.address();
        const got = typeof address === "object" && address !== null ? address.port : undefined;
        server.close(() => resolve(got));
      });
    });
  return (
    (Number.isInteger(port) && port > 0 ? await probe(port) : undefined) ?? (await probe(0)) ?? 0
  );
}

/**
 * A random web UI password for this run (the one of a kept --data store is replaced): the
 * demo has no first-visit step, and a password printed here is never a default one.
 */
async function sessionPassword(dir: string): Promise<string> {
  const [{ randomBytes }, { AdminPassword }] = await Promise.all([
    import("node:crypto"),
    import("../../http/ui/admin-password.js"),
  ]);
  const password = randomBytes(12).toString("base64url");
  await new AdminPassword(dir).replace(password);
  return password;
}

/** A fresh `demo` token with every scope (the one of a kept --data store is replaced). */
async function sessionToken(dir: string): Promise<string> {
  const { TokenStore } = await import("../../http/tokens.js");
  const tokens = new TokenStore(dir);
  await tokens.revoke("demo");
  return (await tokens.create("demo", ["admin"])).token;
}
