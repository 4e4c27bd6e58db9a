import type { CommandAuditEvent } from "../automation/audit.js";
import type { CommandLog } from "../automation/command-log.js";
import type { Config } from "../config/schema.js";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import { automationConfigured } from "./automation.js";

const log = createLogger("gateway");

/**
 * The command log, when the config has automation (else no command is ever attempted):
 * opened before the HTTP door, which shows it, and before the automation, which fills it.
 */
export async function openCommandLog(config: Config, dir: string): Promise<CommandLog | undefined> {
  if (!automationConfigured(config.automation)) return undefined;
  const { CommandLog } = await import("../automation/command-log.js");
  return CommandLog.open(dir);
}

/** Each attempt kept in the log; a failed write costs the entry, never the command. */
export function keepInLog(commandLog: CommandLog): (e: CommandAuditEvent) => void {
  return (e) => {
    commandLog.append(e).catch((err: unknown) => {
      log.warn({ err: errorMessage(err) }, "could not keep a command attempt in the log");
    });
  };
}
