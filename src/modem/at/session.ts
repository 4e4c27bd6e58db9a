import { AtError } from "./errors.js";
import { type CommandJob, failJob, type SessionJob } from "./jobs.js";
import type { AtCommand, AtResponse, AtRunner } from "./types.js";

/**
 * Runs a session job: its callback gets a runner whose commands go straight to the wire (one
 * after the other, even if called concurrently) while the channel's loop waits for the whole
 * session. Commands after the session ended are refused.
 */
export async function runSession(
  job: SessionJob,
  execute: (job: CommandJob) => Promise<void>,
  shown: (cmd: AtCommand) => string,
): Promise<void> {
  let ended = false;
  let chain: Promise<unknown> = Promise.resolve();
  const runner: AtRunner = {
    run: (cmd) => {
      const origin: { stack?: string } = {};
      Error.captureStackTrace(origin, runner.run);
      const next = chain.then(
        () =>
          new Promise<AtResponse>((resolve, reject) => {
            const inner: CommandJob = {
              kind: "command",
              cmd,
              resolve,
              reject,
              origin,
              settled: false,
            };
            if (!ended) return execute(inner);
            const command = shown(cmd);
            return failJob(
              inner,
              new AtError("at.error", `${command}: session already ended`, { command }),
            );
          }),
      );
      chain = next.catch(() => undefined);
      return next;
    },
  };
  try {
    const value = await job.fn(runner);
    job.settled = true;
    job.resolve(value);
  } catch (err) {
    job.settled = true;
    job.reject(err instanceof Error ? err : new Error(String(err)));
  } finally {
    ended = true;
    await chain;
  }
}
