import type { AtCommand, AtResponse } from "../at/types.js";
import type { LifecycleChannel } from "./context.js";
import { QUEUE_SLACK_MS } from "./options.js";

/**
 * A command bound to the operation's signal, with a watchdog: the channel times out what is on
 * the wire, but a command stuck in the queue (a dead channel) would otherwise wait forever.
 */
export async function guardedRun(
  at: LifecycleChannel,
  cmd: AtCommand,
  signal: AbortSignal,
  onOk: () => void,
): Promise<AtResponse> {
  const watchdog = new AbortController();
  const timer = setTimeout(() => watchdog.abort(), (cmd.timeoutMs ?? 5000) + QUEUE_SLACK_MS);
  try {
    const r = await at.run({ ...cmd, signal: AbortSignal.any([signal, watchdog.signal]) });
    onOk();
    return r;
  } finally {
    clearTimeout(timer);
  }
}
