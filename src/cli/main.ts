#!/usr/bin/env node
import { Command } from "commander";
import { errorMessage } from "../errors.js";
import { version } from "../version.js";
import { capYoungGeneration } from "./young-generation.js";

// Before the commands' modules load: a young generation that has grown stays grown.
capYoungGeneration();

/**
 * The `smsgw` command. Each subcommand lives in `src/cli/commands/<name>.ts` and exports
 * `register(program)`, so this file only lists them.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command("smsgw")
    .description("SMS gateway for the Raspberry Pi: modem ⇄ SMS ⇄ MQTT")
    .version(version)
    .showHelpAfterError();

  const commands = await Promise.all([
    // one line per command module; keep sorted
    import("./commands/at.js"),
    import("./commands/demo.js"),
    import("./commands/doctor.js"),
    import("./commands/pdu.js"),
    import("./commands/run.js"),
    import("./commands/send.js"),
    import("./commands/simulate.js"),
    import("./commands/status.js"),
  ]);
  for (const cmd of commands as Array<{ register: (p: Command) => void }>) cmd.register(program);

  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  console.error(`smsgw: ${errorMessage(err)}`);
  process.exitCode = 1;
});
