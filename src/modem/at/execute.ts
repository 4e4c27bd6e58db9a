import type { Duplex } from "node:stream";
import type { Logger } from "../../log.js";
import { planCommand } from "./command-plan.js";
import { failureToError } from "./errors.js";
import { abortedError, type CommandJob, closedError, failJob, withOrigin } from "./jobs.js";
import type { StaleWindow } from "./stale-window.js";
import { type ActiveTx, runTransaction } from "./tx-runner.js";

/** What one command on the wire needs from its channel. */
export interface ExecuteDeps {
  /** The open port, read again after the stale window (it may have closed meanwhile). */
  port(): Duplex | undefined;
  stale: StaleWindow;
  framer: { expectPrompt: boolean };
  active(): ActiveTx | undefined;
  setActive(tx: ActiveTx | undefined): void;
  trace(dir: "»", text: string): void;
  /** The command as logs and errors may show it (secrets redacted). */
  shown: string;
  log: Logger;
  staleMs: number;
  defaultTimeoutMs: number | undefined;
}

/**
 * Puts one command on the wire and settles its job: success, or an AtError for a failure,
 * timeout, abort or closed port. After a timeout or abort the stale window stays open for the
 * late final result, so it is not taken for the next command's answer.
 */
export async function executeCommand(job: CommandJob, d: ExecuteDeps): Promise<void> {
  if (job.settled) return;
  const { cmd } = job;
  const shown = d.shown;
  if (cmd.signal?.aborted) return failJob(job, abortedError(shown));
  const first = d.port();
  if (cmd.escapeFirst && first !== undefined) {
    // ESC abandons a PDU input left open by a process killed between prompt and Ctrl-Z
    // (27.005 §3.5.1); a modem in command mode ignores it. Any OK it draws is stale.
    first.write(Buffer.from([0x1b]));
    d.trace("»", "<ESC>");
    d.stale.open(d.staleMs);
  }
  await d.stale.closed;
  const port = d.port();
  if (port === undefined) return failJob(job, closedError(shown));
  const { ctx, spec } = planCommand(cmd, d.defaultTimeoutMs);

  const onAbort = () => {
    const active = d.active();
    if (active?.job === job) active.feed({ type: "aborted" });
  };
  cmd.signal?.addEventListener("abort", onAbort, { once: true });
  const outcome = await runTransaction({
    job,
    ctx,
    spec,
    io: {
      setExpectPrompt: (on) => {
        d.framer.expectPrompt = on;
      },
      write: (text, done) => {
        d.trace(
          "»",
          text === "\x1b"
            ? "<ESC>"
            : text.endsWith("\x1a")
              ? `${text.slice(0, -1)}<Ctrl-Z>`
              : shown,
        );
        port.write(Buffer.from(text, "latin1"), (err) => {
          if (!err) done?.();
        });
      },
    },
    attach: (tx) => d.setActive(tx),
  });
  cmd.signal?.removeEventListener("abort", onAbort);
  d.setActive(undefined);
  d.framer.expectPrompt = false;
  job.settled = true;
  const { state, lines } = outcome;
  if (state.stage === "success") {
    job.resolve({ command: shown, lines, final: state.final });
    return;
  }
  if (state.stage !== "failure") return;
  if (
    state.reason === "timeout" ||
    state.reason === "prompt-timeout" ||
    state.reason === "aborted"
  ) {
    d.stale.open(d.staleMs);
  }
  const ms = state.reason === "prompt-timeout" ? spec.promptTimeoutMs : spec.timeoutMs;
  const err = failureToError(state.reason, shown, state.final, ms);
  d.log.debug({ command: shown, code: err.code }, "AT command failed");
  job.reject(withOrigin(err, job.origin));
}
