import { spawn } from "node:child_process";
import { createLogger } from "../log.js";
import { planParts } from "../sms/pdu/index.js";
import type { InboundMessage } from "../sms/types.js";

const log = createLogger("webhooks:exec");

/** Stderr kept for the log, at most. */
const STDERR_BYTES = 2048;

export interface RunOnReceiveOptions {
  /** Program and its arguments: run directly, never through a shell. */
  exec: readonly string[];
  timeoutMs: number;
  /** Programs running at once at most; more messages wait their turn. */
  concurrency: number;
  /** Run as this user (and group): the gateway must be allowed to switch (root, or CAP_SETUID). */
  uid?: number;
  gid?: number;
  /** The environment the variables are added to (default: the gateway's, without SMSGW_*). */
  baseEnv?: NodeJS.ProcessEnv;
}

/** How one run ended. */
export interface RunResult {
  message: string;
  /** Exit status; null when killed (time limit) or when it could not start. */
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  error?: string;
}

/**
 * The texts of the physical SMS a message came in, as the sender's phone cut it (the same rules
 * as ours: 153 GSM characters or 67 UCS-2 ones per part). A message that does not cut into its
 * number of parts (a sender that cut differently, parts missing) is one text in part 1.
 */
function partTexts(m: InboundMessage): string[] {
  if (m.parts > 1 && m.encoding !== "8bit") {
    try {
      const plan = planParts(m.text, { encoding: m.encoding, maxParts: 255 });
      if (plan.parts.length === m.parts) return plan.parts;
    } catch {
      // falls through to the whole text in part 1
    }
  }
  const texts = Array.from({ length: Math.max(1, m.parts) }, () => "");
  texts[0] = m.encoding === "8bit" ? "" : m.text;
  return texts;
}

/**
 * The variables Gammu SMSD gives its RunOnReceive program, so its users' scripts run
 * unchanged: SMS_MESSAGES (physical messages), SMS_<n>_NUMBER/_CLASS/_TEXT per part (class -1
 * when none, text empty for 8-bit data), DECODED_PARTS and DECODED_1_TEXT (the whole text);
 * plus SMSGW_JSON, the message as the `<base>/received` MQTT payload has it.
 */
export function gammuEnvironment(m: InboundMessage): Record<string, string> {
  const env: Record<string, string> = {};
  const texts = partTexts(m);
  env.SMS_MESSAGES = String(texts.length);
  texts.forEach((t, i) => {
    env[`SMS_${i + 1}_NUMBER`] = m.from;
    env[`SMS_${i + 1}_CLASS`] = String(m.class ?? -1);
    env[`SMS_${i + 1}_TEXT`] = t;
  });
  env.DECODED_PARTS = "1";
  if (m.encoding !== "8bit") env.DECODED_1_TEXT = m.text;
  env.SMSGW_JSON = JSON.stringify(m);
  return env;
}

/** The gateway's environment without its own settings (SMSGW_* may hold passwords). */
function safeBaseEnv(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("SMSGW_")) out[k] = v;
  return out;
}

/**
 * Runs a program for each received SMS (`automation.onReceive.exec`), with Gammu's variables.
 * No shell: the program and its arguments are passed as they are, so a message's text never
 * becomes a command. A program that runs past its time limit is killed; its exit status and
 * the end of its stderr are logged. Runs wait their turn beyond the concurrency limit, and
 * never hold up the SMS pipeline.
 */
export class RunOnReceive {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly active = new Set<Promise<RunResult>>();
  private stopped = false;

  constructor(private readonly o: RunOnReceiveOptions) {}

  /** Queues a run for `m`; resolves when it ended (callers need not wait). */
  handle(m: InboundMessage): Promise<RunResult> {
    const p = this.queued(m);
    this.active.add(p);
    void p.finally(() => this.active.delete(p));
    return p;
  }

  /** Waits for the runs under way. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active]);
  }

  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
  }

  private async queued(m: InboundMessage): Promise<RunResult> {
    if (this.running >= this.o.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      if (this.stopped)
        return {
          message: m.id,
          code: null,
          signal: null,
          timedOut: false,
          stderr: "",
          error: "stopped",
        };
      const result = await this.run(m);
      this.report(result);
      return result;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private run(m: InboundMessage): Promise<RunResult> {
    const [program, ...args] = this.o.exec as [string, ...string[]];
    return new Promise((resolve) => {
      let stderr = "";
      let timedOut = false;
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (r: Omit<RunResult, "message" | "stderr" | "timedOut">) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ message: m.id, stderr, timedOut, ...r });
      };
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(program, args, {
          shell: false,
          stdio: ["ignore", "ignore", "pipe"],
          env: { ...(this.o.baseEnv ?? safeBaseEnv()), ...gammuEnvironment(m) },
          ...(this.o.uid === undefined ? {} : { uid: this.o.uid }),
          ...(this.o.gid === undefined ? {} : { gid: this.o.gid }),
        });
      } catch (err) {
        done({ code: null, signal: null, error: err instanceof Error ? err.message : String(err) });
        return;
      }
      timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, this.o.timeoutMs);
      child.stderr?.on("data", (c: Buffer) => {
        if (stderr.length < STDERR_BYTES)
          stderr = (stderr + c.toString("utf8")).slice(0, STDERR_BYTES);
      });
      child.on("error", (err: NodeJS.ErrnoException) =>
        done({ code: null, signal: null, error: err.code ?? err.message }),
      );
      child.on("close", (code, signal) => done({ code, signal }));
    });
  }

  private report(r: RunResult): void {
    const fields = {
      message: r.message,
      program: this.o.exec[0],
      code: r.code,
      ...(r.signal === null ? {} : { signal: r.signal }),
      ...(r.stderr === "" ? {} : { stderr: r.stderr.trim() }),
      ...(r.error === undefined ? {} : { error: r.error }),
    };
    if (r.timedOut)
      log.warn({ ...fields, timeoutMs: this.o.timeoutMs }, "on-receive program killed: time limit");
    else if (r.code === 0) log.info(fields, "on-receive program ran");
    else log.warn(fields, "on-receive program failed");
  }
}
