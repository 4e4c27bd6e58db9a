import { createInterface } from "node:readline";
import type { Command } from "commander";
import { errorMessage } from "../../errors.js";
import { isProfileName, profileNames } from "../../simulator/profiles.js";

interface SimulateOptions {
  listen?: string;
  pty?: string;
  profile: string;
  timing: string;
  pin?: string;
  poweredOff?: boolean;
  autoReport?: boolean;
  receiveMemory?: string;
  reportMemory?: string;
  trace?: boolean;
}

/**
 * `smsgw simulate --listen tcp://127.0.0.1:7001 | --pty ./ttySIM`: a simulated modem for
 * demos and system tests. Lines typed on stdin inject events (`sms +4917… hello`).
 */
export function register(program: Command): void {
  program
    .command("simulate")
    .description("run a simulated modem over TCP or a pseudo-terminal (type 'help' for injection)")
    .option("-l, --listen <url>", "serve on tcp://host:port")
    .option("--pty <path>", "create a pseudo-terminal linked at <path> (needs socat)")
    .option("--profile <name>", `module to imitate: ${profileNames.join("|")}`, "SIM800")
    .option("--timing <mode>", "instant|realistic", "instant")
    .option("--pin <pin>", "the SIM has this PIN and starts locked")
    .option("--powered-off", "start switched off (type 'on', or pulse PWRKEY)")
    .option("--auto-report", "answer every status-report request with 'delivered'")
    .option("--receive-memory <mem>", 'SM|ME: where received SMS are stored (ME: +CMTI: "ME")')
    .option("--report-memory <mem>", 'SM|SR: where stored status reports go (SR: +CDSI: "SR")')
    .option("--trace", "print every command received")
    .action(async (opts: SimulateOptions) => {
      process.exitCode = await runSimulate(opts);
    });
}

function parseListen(url: string): { host: string; port: number } | null {
  const m = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d{1,5})\/?$/.exec(url);
  if (m === null) return null;
  const port = Number(m[2]);
  if (port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ""), port };
}

async function runSimulate(opts: SimulateOptions): Promise<number> {
  if (!isProfileName(opts.profile)) {
    console.error(`smsgw simulate: unknown profile "${opts.profile}" (${profileNames.join(", ")})`);
    return 2;
  }
  if (opts.timing !== "instant" && opts.timing !== "realistic") {
    console.error(`smsgw simulate: --timing must be instant or realistic, not "${opts.timing}"`);
    return 2;
  }
  const receiveMemory = opts.receiveMemory?.toUpperCase();
  if (receiveMemory !== undefined && receiveMemory !== "SM" && receiveMemory !== "ME") {
    console.error(`smsgw simulate: --receive-memory must be SM or ME, not "${opts.receiveMemory}"`);
    return 2;
  }
  const reportMemory = opts.reportMemory?.toUpperCase();
  if (reportMemory !== undefined && reportMemory !== "SM" && reportMemory !== "SR") {
    console.error(`smsgw simulate: --report-memory must be SM or SR, not "${opts.reportMemory}"`);
    return 2;
  }
  const listen = opts.listen !== undefined ? parseListen(opts.listen) : undefined;
  if (listen === null) {
    console.error(`smsgw simulate: --listen wants tcp://host:port, not "${opts.listen}"`);
    return 2;
  }
  if (listen === undefined && opts.pty === undefined) {
    console.error("smsgw simulate: give --listen tcp://host:port and/or --pty <path>");
    return 2;
  }
  // Loaded on demand: every `smsgw` command (the gateway too) loads this module.
  const [{ runConsoleLine }, { SimulatedModem }, { startPtyBridge }] = await Promise.all([
    import("../../simulator/console.js"),
    import("../../simulator/modem.js"),
    import("../../simulator/pty-bridge.js"),
  ]);
  const modem = new SimulatedModem({
    profile: opts.profile,
    timing: opts.timing,
    poweredOn: opts.poweredOff !== true,
    ...(opts.pin !== undefined ? { pin: opts.pin } : {}),
    ...(opts.autoReport === true ? { autoDeliveryReport: true } : {}),
    ...(receiveMemory !== undefined ? { receiveMemory } : {}),
    ...(reportMemory !== undefined ? { reportMemory } : {}),
  });
  modem.on("sent", (s: { to: string; text: string; reference: number }) =>
    console.log(`network received (mr ${s.reference}) → ${s.to}: ${s.text}`),
  );
  modem.on("power", (on: boolean) => console.log(on ? "power on" : "power off"));
  if (opts.trace === true) modem.on("command", (line: string) => console.log(`« ${line}`));

  const closers: Array<() => Promise<void>> = [];
  try {
    if (listen !== undefined) {
      const server = await modem.listenTcp(listen.host, listen.port);
      const addr = server.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : listen.port;
      console.log(`simulated ${opts.profile} listening on tcp://${listen.host}:${port}`);
    }
    if (opts.pty !== undefined) {
      const bridge = await startPtyBridge((s) => modem.attach(s), opts.pty);
      closers.push(() => bridge.close());
      console.log(`simulated ${opts.profile} on pseudo-terminal ${bridge.path}`);
    }
  } catch (err) {
    console.error(`smsgw simulate: ${errorMessage(err)}`);
    await modem.close();
    return 1;
  }
  console.log("type 'help' for injection commands, e.g. sms +491701234567 hello");

  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.on("line", (line) => {
    const out = runConsoleLine(modem, line);
    if (out !== "") console.log(out);
  });

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  rl.close();
  for (const close of closers) await close();
  await modem.close();
  return 0;
}
