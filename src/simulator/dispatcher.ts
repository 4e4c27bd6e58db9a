import { createLogger } from "../log.js";
import type { Behaviours } from "./behaviours.js";
import { parseCommandLine } from "./command-parser.js";
import type { ModemCore } from "./core.js";
import type { ParsedCommand, PromptJob, Reply } from "./types.js";

const log = createLogger("simulator");

/** PINs and PUKs never reach the log (BRIEF: never log secrets). */
function redact(line: string): string {
  return line.replace(/(\+(?:CPIN|CLCK|CPWD)\s*=).*/i, "$1…");
}

export type Handler = (core: ModemCore, cmd: ParsedCommand) => Reply;

interface Outcome {
  blocks: string[][];
  final?: string;
  prompt?: PromptJob;
  after: Array<() => void>;
}

/**
 * Runs command lines one at a time, like the module's AT interpreter: lines typed while a
 * command is running wait their turn; a prompt command holds the line until Ctrl-Z/ESC.
 * V.250 framing: each information block `\r\n<text>\r\n`, then `\r\n<final>\r\n`.
 */
export class Dispatcher {
  private queue: Array<{ text: string; overflow: boolean }> = [];
  private busy = false;
  private lastLine = "AT";
  private pendingPrompt: PromptJob | null = null;

  constructor(
    private readonly core: ModemCore,
    private readonly handlers: Readonly<Record<string, Handler>>,
    private readonly behaviours: Behaviours,
    private readonly onReboot: () => void,
  ) {}

  line(text: string, overflow: boolean): void {
    this.queue.push({ text, overflow });
    this.pump();
  }

  /** Text typed after the prompt, ended by Ctrl-Z or ESC. */
  data(text: string, end: "submit" | "cancel"): void {
    const job = this.pendingPrompt;
    this.pendingPrompt = null;
    if (job === null) return;
    const reply = end === "cancel" ? this.core.ok() : job.complete(text);
    const ms = end === "cancel" ? this.core.delay(this.core.timing.command) : (reply.delayMs ?? 0);
    this.deliver(this.fromReply(reply), ms);
  }

  reset(): void {
    this.queue = [];
    this.busy = false;
    this.pendingPrompt = null;
  }

  private pump(): void {
    while (!this.busy) {
      const item = this.queue.shift();
      if (item === undefined) return;
      this.busy = true;
      this.process(item.text, item.overflow);
    }
  }

  private done(): void {
    this.busy = false;
    this.pump();
  }

  private process(raw: string, overflow: boolean): void {
    const core = this.core;
    const text = raw.toUpperCase() === "A/" ? this.lastLine : raw;
    if (overflow) {
      this.deliver({ blocks: [], final: "ERROR", after: [] }, core.delay(core.timing.command));
      return;
    }
    const parsed = parseCommandLine(text);
    if (parsed === null) {
      this.done();
      return;
    }
    this.lastLine = text;
    core.commands.push(text);
    log.debug({ line: redact(text) }, "command");
    core.events.emit("command", text);
    const action = this.behaviours.take(text);
    if (action !== undefined) {
      const ms = "delayMs" in action && action.delayMs !== undefined ? action.delayMs : 0;
      switch (action.kind) {
        case "reply":
          this.deliver(
            {
              blocks: action.lines.length > 0 ? [action.lines] : [],
              ...(action.final !== undefined ? { final: action.final } : {}),
              after: [],
            },
            ms,
          );
          return;
        case "raw":
          core.scheduler.after(ms, () => {
            core.write(action.data);
            this.done();
          });
          return;
        case "ignore":
          this.done();
          return;
        case "reboot":
          this.onReboot();
          return;
      }
    }
    if (parsed === "syntax") {
      this.deliver({ blocks: [], final: "ERROR", after: [] }, core.delay(core.timing.command));
      return;
    }
    const outcome = this.execute(parsed);
    const first = parsed[0]?.name ?? "";
    const base =
      outcome.prompt !== undefined
        ? core.delay(core.timing.prompt, `${first}>`)
        : core.delay(core.timing.command, first);
    this.deliver(outcome, base + this.extraDelay);
  }

  private extraDelay = 0;

  private execute(cmds: ParsedCommand[]): Outcome {
    const out: Outcome = { blocks: [], after: [] };
    this.extraDelay = 0;
    for (const cmd of cmds) {
      const handler = this.handlers[cmd.name] ?? unknownCommand;
      const r = handler(this.core, cmd);
      this.extraDelay = Math.max(this.extraDelay, r.delayMs ?? 0);
      if (r.lines.length > 0) out.blocks.push(r.lines);
      if (r.prompt !== undefined) {
        out.prompt = r.prompt;
        return out;
      }
      if (r.after !== undefined) out.after.push(r.after);
      if (r.final !== "OK") {
        out.final = r.final;
        return out;
      }
    }
    out.final = "OK";
    return out;
  }

  private fromReply(r: Reply): Outcome {
    return {
      blocks: r.lines.length > 0 ? [r.lines] : [],
      final: r.final,
      after: r.after !== undefined ? [r.after] : [],
    };
  }

  private deliver(out: Outcome, ms: number): void {
    const core = this.core;
    core.scheduler.after(ms, () => {
      const body = out.blocks.map((b) => `\r\n${b.join("\r\n")}\r\n`).join("");
      if (out.prompt !== undefined) {
        core.write(body + core.profile.prompt);
        core.reader.expectData();
        this.pendingPrompt = out.prompt;
        return;
      }
      // final "" = the command answers nothing (AT+CPOWD powers off instead).
      const final = out.final !== undefined && out.final !== "" ? `\r\n${out.final}\r\n` : "";
      if (body !== "" || final !== "") core.write(body + final);
      this.busy = false;
      for (const fn of out.after) fn();
      this.pump();
    });
  }
}

/** 27.007 §9.1: an unknown command is an error, numeric or verbose under AT+CMEE. */
export const unknownCommand: Handler = (core) => core.cme(4);
