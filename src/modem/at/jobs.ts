import { AtError } from "./errors.js";
import type { AtCommand, AtResponse, AtRunner } from "./types.js";

/** What waits in the channel's queue: one command, or a session holding the modem. */
export type CommandJob = {
  kind: "command";
  cmd: AtCommand;
  resolve: (r: AtResponse) => void;
  reject: (e: Error) => void;
  /** Stack captured where the command was queued. */
  origin: { stack?: string };
  settled: boolean;
};

export type SessionJob = {
  kind: "session";
  fn: (at: AtRunner) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  settled: boolean;
};

export type Job = CommandJob | SessionJob;

export function failJob(job: Job, err: Error): void {
  if (job.settled) return;
  job.settled = true;
  job.reject(job.kind === "command" ? withOrigin(err, job.origin) : err);
}

export function closedError(command: string): AtError {
  return new AtError("at.closed", `${command}: connection to the modem is closed`, { command });
}

export function abortedError(command: string): AtError {
  return new AtError("at.aborted", `${command}: aborted`, { command });
}

/** Errors carry the stack of whoever queued the command, not of the timer that failed it. */
export function withOrigin(err: Error, origin: { stack?: string }): Error {
  if (origin.stack !== undefined) {
    const frames = origin.stack.split("\n").slice(1).join("\n");
    err.stack = `${err.name}: ${err.message}\n${frames}`;
  }
  return err;
}
