#!/usr/bin/env node
import { Command } from "commander";
import { errorMessage } from "../errors.js";
import { version } from "../version.js";
import { deferOptimiser } from "./optimise-after-start.js";
import { capYoungGeneration } from "./young-generation.js";

// Before the commands' modules load: a young generation that has grown stays grown, and the
// services' one-off start-up code is not worth the optimising compiler's memory.
capYoungGeneration();
if (process.argv[2] === "run" || process.argv[2] === "demo") deferOptimiser();

interface CommandModule {
  register(program: Command): void;
}

/** One line per command module (`src/cli/commands/<name>.ts`); keep sorted. */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  at: () => import("./commands/at.js"),
  demo: () => import("./commands/demo.js"),
  doctor: () => import("./commands/doctor.js"),
  pdu: () => import("./commands/pdu.js"),
  run: () => import("./commands/run.js"),
  send: () => import("./commands/send.js"),
  simulate: () => import("./commands/simulate.js"),
  status: () => import("./commands/status.js"),
  token: () => import("./commands/token.js"),
  ussd: () => import("./commands/ussd.js"),
  trace: () => import("./commands/trace.js"),
};

/**
 * The `smsgw` command. Each subcommand lives in `src/cli/commands/<name>.ts` and exports
 * `register(program)`, so this file only lists them. With no command or an unknown one, all
 * are loaded, so that help and "unknown command" list every command.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command("smsgw")
    .description("SMS gateway for the Raspberry Pi: modem ⇄ SMS ⇄ MQTT")
    .version(version)
    .showHelpAfterError();

  // Only the command that runs is loaded: `smsgw run` stays on a Pi for months, and every
  // module the other commands pull in (doctor, simulator, PDU tools) would cost it memory.
  const first = argv[2];
  const named = first !== undefined && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  const modules = await Promise.all(
    named === undefined ? Object.values(COMMANDS).map((load) => load()) : [named()],
  );
  for (const cmd of modules) cmd.register(program);

  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  console.error(`smsgw: ${errorMessage(err)}`);
  process.exitCode = 1;
});
