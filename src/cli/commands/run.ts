import type { Command } from "commander";
import { loadConfigFile } from "../../config/load.js";
import { configSummary, redactConfig } from "../../config/redact.js";
import { errorMessage, isSmsgwError } from "../../errors.js";
import { Gateway, type GatewayOptions, stopOnSignals } from "../../gateway/index.js";
import { createLogger, setLogLevel } from "../../log.js";
import { systemdNotifier } from "../../util/systemd-notify.js";
import { hostReboot } from "../host-reboot.js";
import { collectWhenIdle } from "../idle-collect.js";
import { optimiserPolicy, resumeOptimiser } from "../optimise-after-start.js";
import { reportToSystemd } from "../systemd.js";
import { letYoungGenerationGrow, youngGenerationPolicy } from "../young-generation.js";

/** sysexits.h EX_CONFIG: the service manager (and the user) can tell a bad config apart. */
export const EXIT_CONFIG = 78;

export interface RunFlags {
  config?: string;
  logLevel?: string;
}

/** What a test hands in instead of the process's own (environment, signals, a modem). */
export interface RunDeps {
  env?: Record<string, string | undefined>;
  simulator?: GatewayOptions["simulator"];
  /** Resolves with a reason to stop; default: SIGTERM/SIGINT. */
  stop?: (gateway: Gateway) => Promise<string>;
}

/** `smsgw run`: the gateway service (modem ⇄ SMS ⇄ MQTT) until SIGTERM/SIGINT. */
export function register(program: Command): void {
  program
    .command("run")
    .description("run the gateway (config: --config, ./smsgw.yaml or /etc/smsgw/smsgw.yaml)")
    .option("-c, --config <path>", "configuration file")
    .option("--log-level <level>", "override log.level (debug shows the AT trace)")
    .action(async (flags: RunFlags) => {
      process.exitCode = await runGateway(flags);
    });
}

export async function runGateway(flags: RunFlags, deps: RunDeps = {}): Promise<number> {
  const log = createLogger("gateway");
  let loaded: Awaited<ReturnType<typeof loadConfigFile>>;
  try {
    loaded = await loadConfigFile({
      path: flags.config,
      ...(deps.env === undefined ? {} : { env: deps.env }),
    });
  } catch (err) {
    console.error(`smsgw: ${errorMessage(err)}`);
    return isSmsgwError(err, "config.invalid") ? EXIT_CONFIG : 1;
  }
  const { config, source, fromEnv } = loaded;
  setLogLevel(flags.logLevel ?? config.log.level);
  if (source === null)
    log.warn(
      "no config file found (./smsgw.yaml, /etc/smsgw/smsgw.yaml): defaults and SMSGW_* only",
    );
  // Never the whole config: journald keeps it and users share it. A summary at info; the
  // full view only at debug, and then with every key the schema marks secret blanked.
  log.info({ source, fromEnv, config: configSummary(config) }, "configuration");
  log.debug({ config: redactConfig(config) }, "configuration in full (secrets redacted)");
  log.info(
    {
      node: process.version,
      execArgv: process.execArgv,
      youngGeneration: youngGenerationPolicy(),
      optimiser: optimiserPolicy(),
    },
    "runtime",
  );

  const reboot = hostReboot(deps.env ?? process.env);
  const gateway = new Gateway({
    config,
    ...(source === null ? {} : { configFile: source }),
    ...(deps.simulator === undefined ? {} : { simulator: deps.simulator }),
    ...(reboot === undefined ? {} : { reboot }),
  });
  const stopped =
    deps.stop?.(gateway) ??
    new Promise<string>((resolve) => {
      stopOnSignals(gateway, resolve);
    });
  try {
    await gateway.start();
  } catch (err) {
    resumeOptimiser();
    log.fatal({ err: errorMessage(err) }, "gateway could not start");
    console.error(`smsgw: ${errorMessage(err)}`);
    const code = isSmsgwError(err, "config.invalid") ? EXIT_CONFIG : 1;
    exitSoon(code);
    return code;
  }
  resumeOptimiser();
  letYoungGenerationGrow();
  const idle = collectWhenIdle(gateway.service);
  // Type=notify: ready once started (the broker may come later: SMS queue meanwhile).
  const stopReporting = reportToSystemd(
    gateway,
    systemdNotifier(deps.env === undefined ? {} : { env: deps.env }),
  );
  const signal = await stopped;
  stopReporting();
  idle.stop();
  if (deps.stop !== undefined) await gateway.stop();
  log.info({ signal }, "bye");
  exitSoon(0);
  return 0;
}

/** After a stop, anything still holding the event loop (a socket mid-close) gets this long. */
const EXIT_GRACE_MS = 2_000;

/**
 * Everything is stopped and the process should end by itself; if a forgotten handle keeps it
 * alive, exit anyway rather than hang until a second signal.
 */
function exitSoon(code: number): void {
  setTimeout(() => {
    createLogger("gateway").warn("still running after the stop: exiting");
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
}
