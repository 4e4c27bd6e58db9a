import { type ActiveContext, impliedPrefix } from "./classify.js";
import type { TxSpec } from "./transaction.js";
import type { AtCommand } from "./types.js";

/**
 * A command's defaults, decided in one place: the answer prefix (explicit or implied), the
 * timeouts (5 s; prompt 10 s then ≥120 s for the network: modules and ModemManager allow 120–300 s),
 * and the Wavecom `+CPIN?`-without-OK allowance.
 */
export function planCommand(
  cmd: AtCommand,
  defaultTimeoutMs = 5000,
): { ctx: ActiveContext; spec: TxSpec } {
  const command = cmd.command.trim();
  const match = cmd.expect ?? impliedPrefix(command);
  const ctx: ActiveContext = { command, explicit: cmd.expect !== undefined };
  if (match !== undefined) ctx.match = match;
  if (cmd.prompt !== undefined) ctx.data = cmd.prompt.data;
  const finalOptionalMs = cmd.finalOptionalMs ?? (/^AT\+CPIN\?$/i.test(command) ? 1000 : undefined);
  const spec: TxSpec = {
    hasPrompt: cmd.prompt !== undefined,
    timeoutMs: cmd.timeoutMs ?? (cmd.prompt ? 180_000 : defaultTimeoutMs),
    promptTimeoutMs: cmd.prompt?.timeoutMs ?? 10_000,
  };
  if (finalOptionalMs !== undefined) spec.finalOptionalMs = finalOptionalMs;
  return { ctx, spec };
}
