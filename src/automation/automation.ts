import { errorMessage, SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import type { CallEvent, DecidedCall } from "../sms/calls/index.js";
import type { InboundMessage } from "../sms/types.js";
import { configError, fromZodIssues } from "../util/config-issues.js";
import { AlertEngine } from "./alerts.js";
import { CommandAudit, type CommandAuditEvent } from "./audit.js";
import { statusValues } from "./builtins.js";
import { CallTriggers } from "./call-triggers.js";
import { type Clock, systemClock } from "./clock.js";
import { commandKeywords, maskLeadingCode } from "./code-mask.js";
import {
  type AutomationConfig,
  type AutomationConfigInput,
  automationSchema,
} from "./config-schema.js";
import { Contacts, type HomeCountry, homeCountryOf } from "./contacts.js";
import { Forwarding, type ForwardingOptions } from "./forwarding.js";
import { HourlyLimit } from "./lockout.js";
import { Notifier } from "./notifier.js";
import type { HousekeepingTasks, MailPort, ModemInfoLike, MqttPort, SmsPort } from "./ports.js";
import { referenceIssues } from "./references.js";
import { RemoteControl } from "./remote-control.js";
import { Scheduler } from "./schedules.js";
import { HANDLED_MEMORY, openAutomationState, type StateStore } from "./state.js";
import type { TemplateValues } from "./template.js";

const log = createLogger("automation");

export interface AutomationOptions {
  /** The `automation` section, validated (`automationSchema.parse`) or as written. */
  config: AutomationConfig | AutomationConfigInput;
  sms: SmsPort;
  mqtt: MqttPort;
  /** `mqtt.baseTopic`: audit events go to `<baseTopic>/command`. Default `smsgw`. */
  baseTopic?: string;
  /** Store directory: the state lives in `<storeDir>/automation.json` (opened by start()). */
  storeDir?: string;
  /** Or a state store of your own (an open `DurableFile<AutomationState>`); not closed by stop(). */
  state?: StateStore;
  clock?: Clock;
  /** The modem's identity and signal for STATUS and reports (e.g. `() => ({ ...modem.info, state: modem.state })`). */
  modemInfo?: () => ModemInfoLike | undefined;
  /** Tasks schedules of type `housekeeping` may run (`history-retention`, `sim-sweep`, …). */
  housekeeping?: HousekeepingTasks;
  /** More contacts (the main config's `contacts` list), overridden by `config.contacts.numbers`. */
  contacts?: Array<{ name: string; number: string }>;
  /** Start of the gateway for STATUS uptime; default: when start() ran. */
  startedAt?: number;
  /**
   * The SIM's country once it is known (asked on every use): the home country of numbers
   * written nationally when `homeCountryCode` is not set.
   */
  simCountry?: () => HomeCountry | undefined;
  /** Whether the system clock agrees with the network's (TOTP failures don't count when not). */
  clockState?: () => "synchronised" | "unsynchronised" | "unknown";
  /** Told of every SMS command attempt, as audited (the secret is never part of it). */
  onCommand?: (e: CommandAuditEvent) => void;
  /** Incoming calls (the call monitor), for `callTriggers`. */
  calls?: {
    on(event: "call", listener: (c: CallEvent) => void): unknown;
    off(event: "call", listener: (c: CallEvent) => void): unknown;
  };
  /** Each call with what the call triggers made of it (for `<base>/call`). */
  onCallDecided?: (c: DecidedCall) => void;
  /** Queues a received SMS for a forwarding rule's HTTP target (see ForwardingOptions). */
  httpForward?: ForwardingOptions["httpForward"];
  /** Where forwards to `mailto:` recipients are queued (the e-mail door's outbox). */
  mail?: MailPort;
}

/** Parses and cross-checks the automation config; throws `config.invalid` listing every issue. */
export function createAutomation(opts: AutomationOptions): Automation {
  const parsed = automationSchema.safeParse(opts.config);
  if (!parsed.success)
    throw configError(
      fromZodIssues(parsed.error.issues, automationSchema).map((i) => ({
        ...i,
        path: `automation.${i.path}`,
      })),
      null,
    );
  const config = parsed.data;
  const configured =
    config.homeCountryCode === undefined ? undefined : homeCountryOf(config.homeCountryCode);
  const contacts = new Contacts(
    config.contacts,
    opts.contacts,
    () => configured ?? opts.simCountry?.(),
  );
  const issues = referenceIssues(config, contacts, Object.keys(opts.housekeeping ?? {}));
  if (issues.length > 0) throw configError(issues, null);
  if (opts.state === undefined && opts.storeDir === undefined)
    throw new SmsgwError("automation.no-store", "createAutomation needs storeDir or state");
  return new Automation(opts, config, contacts);
}

interface Parts {
  state: StateStore;
  ownsState: boolean;
  remote: RemoteControl;
  alerts: AlertEngine;
  scheduler: Scheduler;
  forwarding: Forwarding;
  calls?: CallTriggers;
}

/** The automation layer: remote control, alerts, schedules, forwarding, auto-reply. */
export class Automation {
  private parts: Parts | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Calls one after another: two quick calls must not both pass a rate limit of one. */
  private callChain: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private readonly clock: Clock;

  constructor(
    private readonly opts: AutomationOptions,
    readonly config: AutomationConfig,
    private readonly contacts: Contacts,
  ) {
    this.clock = opts.clock ?? systemClock;
  }

  async start(): Promise<void> {
    if (this.parts !== undefined) return;
    this.startedAt = this.opts.startedAt ?? this.clock.now();
    // Listen before anything slow (the state file, the broker): an SMS arriving meanwhile may
    // be taken from the service's inbox by another consumer (the MQTT bridge acknowledges it)
    // before pendingInbound() below could see it. It waits on the chain until all has started.
    let started = (): void => {};
    this.chain = new Promise<void>((resolve) => {
      started = resolve;
    });
    this.opts.sms.on("inbound", this.onInbound);
    const ownsState = this.opts.state === undefined;
    let state: StateStore;
    try {
      state = this.opts.state ?? (await openAutomationState(this.opts.storeDir as string));
    } catch (err) {
      this.opts.sms.off("inbound", this.onInbound);
      started();
      throw err;
    }
    const { config, clock, contacts } = this;
    const notifier = new Notifier(this.opts.sms, contacts);
    const replies = new HourlyLimit(
      config.security.rateLimit.repliesPerHour,
      clock,
      state,
      "replies",
    );
    // Strangers trigger auto-replies: a budget of their own, so they can't silence the owner.
    const autoReplies = new HourlyLimit(
      config.security.rateLimit.autoRepliesPerHour,
      clock,
      state,
      "autoReplies",
    );
    const status = () => this.statusValues();
    const keywords = commandKeywords(config);
    const audit = new CommandAudit(
      this.opts.mqtt,
      `${this.opts.baseTopic ?? "smsgw"}/command`,
      clock,
      this.opts.onCommand,
    );
    const remote = new RemoteControl({
      commands: config.commands,
      security: config.security,
      contacts,
      notifier,
      mqtt: this.opts.mqtt,
      audit,
      state,
      clock,
      status,
      replies,
      ...(this.opts.clockState === undefined ? {} : { clockState: this.opts.clockState }),
    });
    const parts: Parts = {
      state,
      ownsState,
      remote,
      alerts: new AlertEngine({
        rules: config.alerts.rules,
        quietHours: config.alerts.quietHours,
        mqtt: this.opts.mqtt,
        notifier,
        state,
        clock,
      }),
      scheduler: new Scheduler({
        jobs: config.schedules,
        notifier,
        state,
        clock,
        housekeeping: this.opts.housekeeping ?? {},
        status,
      }),
      forwarding: new Forwarding({
        forwarding: config.forwarding,
        autoReply: config.autoReply,
        contacts,
        notifier,
        state,
        clock,
        replies: autoReplies,
        maskCode: (t) => maskLeadingCode(t, keywords),
        ...(this.opts.httpForward === undefined ? {} : { httpForward: this.opts.httpForward }),
        ...(this.opts.mail === undefined ? {} : { mail: this.opts.mail }),
      }),
    };
    if (config.callTriggers.length > 0 && this.opts.calls !== undefined)
      parts.calls = new CallTriggers({
        triggers: config.callTriggers,
        commands: config.commands,
        contacts,
        mqtt: this.opts.mqtt,
        audit,
        state,
        clock,
        status,
        lastValidCodeAt: (n) => remote.lastValidCodeAt(n),
      });
    this.parts = parts;
    try {
      await parts.remote.start();
      await parts.alerts.start();
      await parts.scheduler.start();
    } catch (err) {
      started();
      await this.stop();
      throw err;
    }
    started();
    if (parts.calls !== undefined) this.opts.calls?.on("call", this.onCall);
    const national = contacts.nationalNumbers();
    if (national.length > 0)
      log.warn(
        { numbers: national.length },
        "numbers written nationally (leading 0) match only senders delivered nationally with the same digits until the SIM's country is known: set automation.homeCountryCode (e.g. +49)",
      );
    for (const r of config.autoReply)
      if (/[*?]/.test(r.from) && !r.allowUnknown)
        log.warn(
          { rule: r.name },
          "this auto-reply answers only contacts: set allowUnknown: true to answer strangers too (each answer costs an SMS)",
        );
    for (const u of config.security.users)
      if (u.pin !== undefined)
        log.warn(
          { user: u.who },
          "a static PIN is replayed by anyone who saw it (the SMS, a phone's history): prefer totp",
        );
    // Messages that arrived while the automation was down (commands among them too old to run).
    for (const m of this.opts.sms.pendingInbound()) this.onInbound(m);
    log.info(
      {
        commands: config.commands.length,
        alerts: config.alerts.rules.length,
        schedules: config.schedules.length,
      },
      "automation started",
    );
  }

  async stop(): Promise<void> {
    const p = this.parts;
    if (p === undefined) return;
    this.opts.sms.off("inbound", this.onInbound);
    this.opts.calls?.off("call", this.onCall);
    await this.idle();
    this.parts = undefined;
    for (const [name, fn] of [
      ["schedules", () => p.scheduler.stop()],
      ["alerts", () => p.alerts.stop()],
      ["commands", () => p.remote.stop()],
    ] as const) {
      try {
        await fn();
      } catch (err) {
        log.warn({ part: name, err: errorMessage(err) }, "error while stopping");
      }
    }
    if (p.ownsState) await p.state.close?.();
  }

  /** Resolves when everything received so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    const p = this.parts;
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
      await this.callChain;
      await p?.alerts.idle();
      await p?.scheduler.idle();
    } while (seen !== this.chain);
  }

  /** Handles one inbound SMS (what the `inbound` event does); resolves when done. */
  handleInbound(m: InboundMessage): Promise<void> {
    this.chain = this.chain
      .then(() => this.process(m))
      .catch((err: unknown) => {
        log.error({ err: errorMessage(err), id: m.id }, "handling an inbound SMS failed");
      });
    return this.chain;
  }

  private readonly onInbound = (m: InboundMessage): void => {
    void this.handleInbound(m);
  };

  /** Whether calls are decided here now (call triggers configured and running). */
  get handlesCalls(): boolean {
    return this.parts?.calls !== undefined;
  }

  /** Decides one call by the call triggers; resolves with the decision once acted on. */
  handleCall(call: CallEvent): Promise<DecidedCall> {
    const triggers = this.parts?.calls;
    const decided = this.callChain.then(async (): Promise<DecidedCall> => {
      if (triggers === undefined) return { ...call, outcome: "ignored" };
      try {
        return { ...call, ...(await triggers.handle(call)) };
      } catch (err) {
        log.error({ err: errorMessage(err) }, "deciding a call failed");
        return { ...call, outcome: "failed" };
      }
    });
    this.callChain = decided.then(
      (c) => {
        try {
          this.opts.onCallDecided?.(c);
        } catch (err) {
          log.warn({ err: errorMessage(err) }, "a call listener threw");
        }
      },
      () => {},
    );
    return decided;
  }

  private readonly onCall = (c: CallEvent): void => {
    void this.handleCall(c);
  };

  private async process(m: InboundMessage): Promise<void> {
    const p = this.parts;
    if (p === undefined || p.state.data.handled.includes(m.id)) return;
    // Marked before acting: a command's MQTT action runs at most once, even across a crash.
    await p.state.update((s) => {
      s.handled.push(m.id);
      if (s.handled.length > HANDLED_MEMORY) s.handled.splice(0, s.handled.length - HANDLED_MEMORY);
    });
    const wasCommand = await p.remote.handle(m);
    await p.forwarding.handle(m, wasCommand);
  }

  private statusValues(): TemplateValues {
    return statusValues({
      modem: this.opts.modemInfo?.(),
      stats: this.opts.sms.stats(),
      uptimeMs: this.clock.now() - this.startedAt,
    });
  }
}
