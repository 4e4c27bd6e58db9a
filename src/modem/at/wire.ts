import type { Duplex } from "node:stream";
import type { Logger } from "../../log.js";
import { planCommand } from "./command-plan.js";
import { failureToError } from "./errors.js";
import { abortedError, type CommandJob, closedError, failJob, withOrigin } from "./jobs.js";
import { StaleWindow } from "./stale-window.js";
import type { FailureReason } from "./transaction.js";
import { type ActiveTx, runTransaction, type TxOutcome } from "./tx-runner.js";
import { type AtCommandDone, type AtCommandResult, commandName } from "./types.js";

export interface WireOptions {
  /** The framer's prompt switch: on while a command waits for `> `. */
  framer: { expectPrompt: boolean };
  log: Logger;
  trace(dir: "»", text: string): void;
  /** After a timeout/abort, how long to wait for the late final result. */
  staleMs: number;
  defaultTimeoutMs: number | undefined;
  /** Told of every command that was put on the wire, once it ended. */
  done?: (e: AtCommandDone) => void;
}

/**
 * The wire to the modem: the open port, the one transaction on it, and the stale window
 * after a timeout or abort. The channel attaches and detaches ports; `execute()` puts one
 * command on the wire and settles its job.
 */
export class Wire {
  private current: Duplex | undefined;
  private tx: ActiveTx | undefined;
  readonly stale = new StaleWindow();

  constructor(private readonly opts: WireOptions) {}

  get port(): Duplex | undefined {
    return this.current;
  }

  /** The transaction on the wire, which lines from the modem are fed to. */
  get active(): ActiveTx | undefined {
    return this.tx;
  }

  attach(port: Duplex): void {
    this.current = port;
  }

  /**
   * The port is gone: the command on the wire fails with `at.closed` and the stale window
   * closes (no late answer can come on a new port). Returns the port that was attached.
   */
  detach(): Duplex | undefined {
    const port = this.current;
    this.current = undefined;
    this.tx?.feed({ type: "closed" });
    this.stale.close();
    return port;
  }

  /**
   * Puts one command on the wire and settles its job: success, or an AtError for a failure,
   * timeout, abort or closed port. After a timeout or abort the stale window stays open for
   * the late final result, so it is not taken for the next command's answer.
   *
   * @param shown the command as logs and errors may show it (secrets redacted)
   */
  async execute(job: CommandJob, shown: string): Promise<void> {
    if (job.settled) return;
    const { cmd } = job;
    const { framer, log, trace, staleMs } = this.opts;
    if (cmd.signal?.aborted) return failJob(job, abortedError(shown));
    const first = this.current;
    if (cmd.escapeFirst && first !== undefined) {
      // ESC abandons a PDU input left open by a process killed between prompt and Ctrl-Z
      // (27.005 §3.5.1); a modem in command mode ignores it. Any OK it draws is stale.
      first.write(Buffer.from([0x1b]));
      trace("»", "<ESC>");
      this.stale.open(staleMs);
    }
    await this.stale.closed;
    // Read again after the stale window: the port may have closed meanwhile.
    const port = this.current;
    if (port === undefined) return failJob(job, closedError(shown));
    const { ctx, spec } = planCommand(cmd, this.opts.defaultTimeoutMs);

    const onAbort = () => {
      if (this.tx?.job === job) this.tx.feed({ type: "aborted" });
    };
    cmd.signal?.addEventListener("abort", onAbort, { once: true });
    const started = performance.now();
    const outcome = await runTransaction({
      job,
      ctx,
      spec,
      io: {
        setExpectPrompt: (on) => {
          framer.expectPrompt = on;
        },
        write: (text, done) => {
          trace(
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
      attach: (tx) => {
        this.tx = tx;
      },
    });
    cmd.signal?.removeEventListener("abort", onAbort);
    this.tx = undefined;
    framer.expectPrompt = false;
    job.settled = true;
    const { state, lines } = outcome;
    this.report(cmd.command, state, performance.now() - started);
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
      this.stale.open(staleMs);
    }
    const ms = state.reason === "prompt-timeout" ? spec.promptTimeoutMs : spec.timeoutMs;
    const err = failureToError(state.reason, shown, state.final, ms);
    log.debug({ command: shown, code: err.code }, "AT command failed");
    job.reject(withOrigin(err, job.origin));
  }

  private report(command: string, state: TxOutcome["state"], durationMs: number): void {
    const done = this.opts.done;
    if (done === undefined || (state.stage !== "success" && state.stage !== "failure")) return;
    const result = state.stage === "success" ? "ok" : resultOf(state.reason);
    const e: AtCommandDone = { name: commandName(command), result, durationMs };
    if (result === "cms" && state.stage === "failure" && state.final?.kind === "cms") {
      const code = state.final.code;
      if (code !== undefined) e.cmsCode = code;
    }
    done(e);
  }
}

function resultOf(reason: FailureReason): AtCommandResult {
  switch (reason) {
    case "cme":
    case "cms":
    case "aborted":
    case "closed":
      return reason;
    case "timeout":
    case "prompt-timeout":
      return "timeout";
    default:
      return "error";
  }
}
