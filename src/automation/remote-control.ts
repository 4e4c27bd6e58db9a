import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { InboundMessage } from "../sms/types.js";
import type { CommandAudit, CommandOutcome } from "./audit.js";
import { helpText, STATUS_TEXT } from "./builtins.js";
import type { Clock } from "./clock.js";
import { publishCommand } from "./command-actions.js";
import {
  type CommandArgs,
  type CommandPattern,
  firstKeyword,
  matchCommand,
  parseCommandPattern,
  splitWords,
} from "./command-pattern.js";
import { commandTime, dayAndTime, SMSC_SKEW } from "./command-time.js";
import type { CommandConfig, SecurityConfig, UserConfig } from "./config-schema.js";
import type { Contacts } from "./contacts.js";
import { HourlyLimit, type LockoutStarted, Lockouts, routeKey } from "./lockout.js";
import type { Notifier } from "./notifier.js";
import type { MqttPort } from "./ports.js";
import { type FactorResult, SECRET_TOKEN, SecondFactor } from "./second-factor.js";
import type { StateStore } from "./state.js";
import { renderTemplate, type TemplateValues } from "./template.js";
import { ValueCache, type ValueSource } from "./value-cache.js";

const log = createLogger("automation:commands");

type Builtin = "status" | "help" | "ping";

interface Command {
  name: string;
  pattern: CommandPattern;
  secret: boolean;
  config?: CommandConfig;
  builtin?: Builtin;
}

interface User {
  config: UserConfig;
  /**
   * The number, in E.164 once the home country is known: who may command, where replies go,
   * the key of the lockout, rate-limit and one-time-code counters.
   */
  number: string;
  name?: string;
}

export interface RemoteControlOptions {
  commands: CommandConfig[];
  security: SecurityConfig;
  contacts: Contacts;
  notifier: Notifier;
  mqtt: MqttPort;
  audit: CommandAudit;
  state: StateStore;
  clock: Clock;
  /** STATUS values (`state`, `signal`, `operator`, `uptime`, `queue`, …). */
  status: () => TemplateValues;
  /** The cap on command replies per hour. */
  replies: HourlyLimit;
  /** Whether the system clock agrees with the network's time. */
  clockState?: () => "synchronised" | "unsynchronised" | "unknown";
}

const FAILURE_TEXT: Partial<Record<CommandOutcome, string>> = {
  "not-permitted": "Refused: you may not run {{name}}.",
  "missing-secret": "Refused: start the command with your code, e.g. 123456 {{command}}",
  "wrong-secret": "Refused: wrong code.",
  "replayed-code": "Refused: that code was already used; wait for the next one.",
};

/**
 * Remote control by SMS. A message is a command attempt when its first word (after an
 * optional leading code) is a command keyword. Order of checks: known sender (else silence) →
 * lockout (silence) → rate limit → age → syntax → permission → second factor → actions.
 * Every attempt is audited; unknown senders are never answered (no SMS cost, no oracle).
 */
export class RemoteControl {
  private readonly commands: Command[];
  private readonly users: User[];
  private readonly values: ValueCache;
  private readonly sources = new Map<string, ValueSource>();
  private readonly factor: SecondFactor;
  private readonly lockouts: Lockouts;
  private readonly perSender: HourlyLimit;
  private readonly replies: HourlyLimit;
  /** User number → when it last ran a command with a valid code (ms). */
  private readonly codes = new Map<string, number>();

  constructor(private readonly o: RemoteControlOptions) {
    this.commands = o.commands.map((c) => ({
      name: c.name,
      pattern: parseCommandPattern(c.pattern),
      secret: c.secret,
      config: c,
    }));
    for (const b of ["status", "help", "ping"] as const) {
      const cfg = o.security.builtins[b];
      if (cfg.enabled)
        this.commands.push({
          name: b,
          pattern: parseCommandPattern(b.toUpperCase()),
          secret: cfg.secret,
          builtin: b,
        });
    }
    // Looked up on every use, never kept from construction: a number written nationally
    // becomes E.164 once the home country is known (the SIM's is learnt after the modem is up).
    this.users = o.security.users.map((u) => ({
      config: u,
      get number() {
        return o.contacts.numberOf(u.who);
      },
      get name() {
        return o.contacts.nameOf(o.contacts.numberOf(u.who));
      },
    }));
    for (const c of o.commands)
      for (const [key, src] of Object.entries(c.values)) this.sources.set(`${c.name}.${key}`, src);
    this.values = new ValueCache(o.mqtt, this.sources, () => o.clock.now());
    this.factor = new SecondFactor(o.state, o.clock);
    this.lockouts = new Lockouts(o.state, o.security.lockout, o.clock);
    this.perSender = new HourlyLimit(
      o.security.rateLimit.commandsPerHour,
      o.clock,
      o.state,
      "commands",
    );
    this.replies = o.replies;
  }

  start(): Promise<void> {
    return this.values.start();
  }

  /** When a caller (any form of its number) last ran an SMS command with a valid code (ms). */
  lastValidCodeAt(number: string): number | undefined {
    for (const [user, at] of this.codes)
      if (this.o.contacts.isNumber(user, { from: number })) return at;
    return undefined;
  }

  stop(): Promise<void> {
    return this.values.stop();
  }

  /** Whether the message was a command attempt (such messages are not forwarded). */
  isCommand(text: string): boolean {
    const { rest } = splitSecret(text);
    const kw = firstKeyword(rest);
    return kw !== "" && this.commands.some((c) => c.pattern.keyword === kw);
  }

  /**
   * Handles a command attempt. Resolves true when the sender is a user (the message is
   * consumed), false for everything else — including command attempts by unknown senders,
   * which are audited but otherwise treated like any SMS, so nothing betrays the commands.
   */
  async handle(m: InboundMessage): Promise<boolean> {
    if (!this.isCommand(m.text)) return false;
    const { secret, rest } = splitSecret(m.text);
    const command = splitWords(rest).join(" ");
    const user = this.users.find((u) => this.o.contacts.isNumber(u.number, m));
    const audit = (outcome: CommandOutcome, name?: string) =>
      this.o.audit.record({
        sender: m.from,
        command,
        outcome,
        ...(name === undefined ? {} : { name }),
        messageId: m.id,
      });
    if (user === undefined) {
      audit("unknown-sender");
      // Forwarded and published (masked, but still), a one-time code seen here is spent.
      await this.spend(secret);
      return false;
    }
    const route = routeOf(m);
    if (this.lockouts.lockedUntil(user.number, route) !== undefined) {
      audit("locked-out");
      await this.spend(secret);
      return true;
    }
    if (!(await this.perSender.take(routeKey(user.number, route)))) {
      audit("rate-limited");
      await this.spend(secret);
      return true;
    }
    const sentAt = commandTime(m, this.o.clock.now());
    if (this.o.clock.now() - sentAt > this.o.security.maxCommandAgeSeconds * 1000 + SMSC_SKEW) {
      audit("expired");
      await this.spend(secret);
      await this.reply(
        m,
        user,
        `Your command from ${dayAndTime(m.timestamp ?? m.receivedAt)} was not run: too old.`,
      );
      return true;
    }
    const hit = this.match(rest);
    if (hit === undefined) {
      audit("bad-syntax");
      const usage = this.commands
        .filter((c) => c.pattern.keyword === firstKeyword(rest))
        .map((c) => c.pattern.source);
      await this.reply(m, user, `Usage: ${usage.join(" | ")}`);
      return true;
    }
    const { cmd, args } = hit;
    if (!permitted(user.config, cmd)) return this.refuse(m, user, "not-permitted", cmd, command);
    if (cmd.secret) {
      const result = await this.factor.verify(user.number, user.config, secret);
      if (result !== "ok") return this.refuse(m, user, outcomeOf(result), cmd, command);
      // In memory only: after a restart a call trigger wants a fresh code.
      this.codes.set(user.number, this.o.clock.now());
    }
    await this.lockouts.succeed(user.number, route);
    const values: TemplateValues = {
      ...this.o.status(),
      ...this.cachedValues(cmd),
      ...args,
      args,
      sender: user.number,
      user: user.name ?? user.number,
      command: cmd.name,
    };
    try {
      await this.run(cmd, values, user, m);
    } catch (err) {
      audit("action-failed", cmd.name);
      log.error({ err: errorMessage(err), command: cmd.name }, "command action failed");
      await this.reply(m, user, `FAILED: ${cmd.name}: ${errorMessage(err)}`);
      return true;
    }
    audit("ok", cmd.name);
    return true;
  }

  private async run(
    cmd: Command,
    values: TemplateValues,
    user: User,
    m: InboundMessage,
  ): Promise<void> {
    const reply = (text: string) => this.reply(m, user, text);
    switch (cmd.builtin) {
      case "ping":
        return reply("PONG");
      case "status":
        return reply(renderTemplate(STATUS_TEXT, values));
      case "help": {
        const usages = this.commands
          .filter((c) => permitted(user.config, c))
          .map((c) => c.pattern.source);
        const hint =
          user.config.pin !== undefined
            ? "Start commands with your PIN."
            : SecondFactor.configured(user.config)
              ? "Start commands with your code: 123456 COMMAND."
              : undefined;
        return reply(helpText(usages, hint));
      }
    }
    const c = cmd.config as CommandConfig;
    await publishCommand(c, values, this.o.mqtt);
    await reply(renderTemplate(c.reply, values));
  }

  private match(rest: string): { cmd: Command; args: CommandArgs } | undefined {
    for (const cmd of this.commands) {
      const args = matchCommand(cmd.pattern, rest);
      if (args !== undefined) return { cmd, args };
    }
    return undefined;
  }

  private cachedValues(cmd: Command): TemplateValues {
    const out: TemplateValues = {};
    if (cmd.config === undefined) return out;
    for (const key of Object.keys(cmd.config.values)) {
      const src = this.sources.get(`${cmd.name}.${key}`);
      if (src !== undefined) out[key] = this.values.value(src);
    }
    return out;
  }

  private async refuse(
    m: InboundMessage,
    user: User,
    outcome: CommandOutcome,
    cmd: Command,
    command: string,
  ): Promise<true> {
    this.o.audit.record({ sender: m.from, command, outcome, name: cmd.name, messageId: m.id });
    // A wrong TOTP code while our clock is off is the clock's fault, not a guess: counting it
    // would lock the owner out after every power cut at a site without NTP.
    const clockOff =
      outcome === "wrong-secret" &&
      user.config.totp !== undefined &&
      this.o.clockState?.() === "unsynchronised";
    const locked = clockOff ? undefined : await this.lockouts.fail(user.number, routeOf(m));
    if (locked !== undefined) this.announceLockout(m, user, command, locked);
    if (this.o.security.replyOnFailure) {
      let text = renderTemplate(FAILURE_TEXT[outcome] ?? "Refused.", { name: cmd.name, command });
      if (clockOff) text += " The gateway's clock is not set yet: try again later.";
      if (locked !== undefined)
        text += ` Too many failures: locked for ${Math.round((locked.until - this.o.clock.now()) / 60_000)} min.`;
      await this.reply(m, user, text);
    }
    return true;
  }

  /**
   * A lockout is news for the owner: someone may be guessing, or spending the user's attempts.
   * A warning in the log and an event on the audit topic (Home Assistant can notify on it).
   */
  private announceLockout(
    m: InboundMessage,
    user: User,
    command: string,
    locked: LockoutStarted,
  ): void {
    const until = new Date(locked.until).toISOString();
    log.warn(
      { user: user.name ?? user.number, scope: locked.scope, until, strikes: locked.strikes },
      "lockout started: repeated failed command attempts",
    );
    this.o.audit.record({
      sender: m.from,
      command,
      outcome: "lockout-started",
      lockedUntil: until,
      scope: locked.scope,
      messageId: m.id,
    });
  }

  /** A one-time code that arrived without running a command can't be used later. */
  private async spend(code: string | undefined): Promise<void> {
    if (code === undefined) return;
    for (const u of this.users) await this.factor.spend(u.number, u.config, code);
  }

  /**
   * One reply per inbound message (its id makes a re-run after a restart send nothing new), to
   * the user's configured number: never to the address as received, which a forger chose.
   */
  private async reply(m: InboundMessage, user: User, text: string): Promise<void> {
    if (!(await this.replies.take())) {
      log.warn({ to: user.number }, "reply limit reached: command reply not sent");
      return;
    }
    await this.o.notifier.sendTo([user.number], text, {
      priority: "high",
      validitySeconds: 3600,
      id: `reply:${m.id}`,
    });
  }
}

/**
 * The way a message came in: the SMSC that delivered it. A forger using a bulk sender or a
 * foreign route arrives through another SMSC than the user's own operator.
 */
function routeOf(m: InboundMessage): string {
  return m.smsc === null || m.smsc === "" ? "no-smsc" : m.smsc.replace(/[^\d+]/g, "");
}

/** `123456 RELAY pump ON` → secret "123456", rest "RELAY pump ON". */
export function splitSecret(text: string): { secret?: string; rest: string } {
  const words = splitWords(text);
  const first = words[0];
  if (words.length > 1 && first !== undefined && SECRET_TOKEN.test(first))
    return { secret: first, rest: words.slice(1).join(" ") };
  return { rest: text.trim() };
}

/** HELP and PING reveal nothing beyond what the user may do: every user may run them. */
function permitted(user: UserConfig, cmd: Command): boolean {
  if (cmd.builtin === "help" || cmd.builtin === "ping") return true;
  return user.allow.some((a) => a === "*" || a.toLowerCase() === cmd.name.toLowerCase());
}

function outcomeOf(r: Exclude<FactorResult, "ok">): CommandOutcome {
  return r === "missing" ? "missing-secret" : r === "wrong" ? "wrong-secret" : "replayed-code";
}
