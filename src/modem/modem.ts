import { EventEmitter } from "node:events";
import { errorMessage, SmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import type { AtChannel } from "./at/channel.js";
import type { Urc } from "./at/types.js";
import type { StepContext } from "./lifecycle/context.js";
import { Counters, type ModemCounters } from "./lifecycle/counters.js";
import type { ModemInfo } from "./lifecycle/info.js";
import { initialMachine, transition } from "./lifecycle/machine.js";
import { domainOf, parseUrcLine, urcStatus } from "./lifecycle/network.js";
import { OPERATION_TYPES, type Operation, runOperation } from "./lifecycle/operations.js";
import { type ModemOptions, type StateChange, stepOptions } from "./lifecycle/options.js";
import { firstOpen, reopenPort } from "./lifecycle/port-open.js";
import { refreshSignal } from "./lifecycle/registration.js";
import { createStepContext } from "./lifecycle/step-context.js";
import type {
  Machine,
  MachineEffect,
  MachineEvent,
  ModemState,
  TimerName,
} from "./lifecycle/types.js";
import { urcEvent } from "./lifecycle/urc-events.js";
import type { ModemEvents } from "./modem-events.js";
import { generic, profileByName } from "./profiles/profiles.js";
import type { ModemProfile, RegDomain } from "./profiles/types.js";
import { portProblemOf } from "./transport/problem.js";

/** States where the module answers AT, so its signal can be read. */
const ANSWERING: ReadonlySet<ModemState> = new Set(["registering", "ready", "degraded"]);

export type { ModemCounters } from "./lifecycle/counters.js";
export type { ModemInfo, SimStatus } from "./lifecycle/info.js";
export type { ModemOptions, StateChange } from "./lifecycle/options.js";
export type { ModemState, RecoveryAction, RegistrationStatus } from "./lifecycle/types.js";
export type {
  ModemAlert,
  ModemEvents,
  ModemRecovery,
  ModemReset,
  ModemWarning,
} from "./modem-events.js";
export type { DigitalPin, PinLevel, PowerControl } from "./power/types.js";
export type { ProfileId } from "./profiles/types.js";

/**
 * The modem's life ([docs/architecture.md](../../docs/architecture.md#the-modem)): powers it on, syncs, configures, unlocks the SIM, waits for the
 * network, and heals itself. A pure state machine (lifecycle/machine.ts) decides; this class
 * performs its effects over the AT channel and feeds the outcomes back as events.
 *
 * Events: see `ModemEvents`.
 */
export class Modem extends EventEmitter<ModemEvents> {
  readonly at: AtChannel;
  private readonly opts: ModemOptions;
  private readonly log = createLogger("modem");
  private machine: Machine;
  private profile: ModemProfile;
  private readonly fixedProfile: boolean;
  private infoData: ModemInfo = {};
  private readonly counters: Counters;
  private readonly timers = new Map<TimerName, NodeJS.Timeout>();
  private opAbort = new AbortController();
  private readonly boot = { observed: false, smsReady: false, assumed: false };
  private readonly lastRegistration = { registered: false };
  private readonly warned = new Set<string>();
  private pin: string | undefined;
  private started = false;
  private reopening = false;
  /** Removes what start() subscribed on the channel. */
  private unsubscribe: () => void = () => {};
  private urcRegistration: string | undefined;
  private signalPoll: NodeJS.Timeout | undefined;
  private signalReading = false;

  constructor(opts: ModemOptions) {
    super();
    this.opts = opts;
    this.at = opts.channel;
    this.pin = opts.pin;
    const named =
      opts.profile === undefined || opts.profile === "auto"
        ? undefined
        : profileByName(opts.profile);
    if (opts.profile !== undefined && opts.profile !== "auto" && named === undefined) {
      throw new SmsgwError("config.invalid", `unknown modem profile "${opts.profile}"`);
    }
    this.profile = named ?? generic;
    this.fixedProfile = named !== undefined;
    this.machine = initialMachine({
      ...opts.timing,
      hasPin: opts.pin !== undefined && opts.pin !== "",
      hasPower: opts.power !== undefined,
      allowRoaming: opts.allowRoaming ?? false,
    });
    this.counters = new Counters(this.machine.state);
  }

  get state(): ModemState {
    return this.machine.state;
  }

  /** Why the modem is in its state (`sim-pin-rejected`, `no-network`, `modem-rebooted`, …). */
  get reason(): string {
    return this.machine.reason;
  }

  get info(): Readonly<ModemInfo> {
    return this.infoData;
  }

  get stats(): ModemCounters {
    return this.counters.snapshot();
  }

  /**
   * Open the channel (if needed) and begin. Resolves after the first open attempt, whatever
   * its outcome: a port that is missing or will not open is a state (`failed`/`no-port`, …),
   * and the channel keeps trying in the background. Use whenReady() to wait for the modem.
   * A stop() while the port is opening ends the start with nothing begun.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const onUrc = (u: Urc) => this.onUrc(u);
    const onClose = () => {
      if (!this.reopening) this.dispatch({ type: "transport-closed" });
    };
    const onOpen = () => {
      if (!this.reopening) this.dispatch({ type: "transport-open" });
    };
    const onReconnecting = (r: { error?: unknown }) => this.onOpenFailed(r.error);
    this.at
      .on("urc", onUrc)
      .on("close", onClose)
      .on("open", onOpen)
      .on("reconnecting", onReconnecting);
    this.unsubscribe = () =>
      this.at
        .off("urc", onUrc)
        .off("close", onClose)
        .off("open", onOpen)
        .off("reconnecting", onReconnecting);
    const failure = this.at.isOpen ? undefined : await this.openFirst();
    if (!this.started) return;
    this.dispatch({ type: "start" });
    this.startSignalPoll();
    if (failure === undefined) return;
    if (portProblemOf(failure) !== undefined) {
      this.onOpenFailed(failure);
      return;
    }
    this.log.warn({ err: errorMessage(failure) }, "cannot open the modem port yet");
    this.dispatch({ type: "transport-closed" });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.dispatch({ type: "stop" });
    this.opAbort.abort();
    this.clearTimers();
    clearInterval(this.signalPoll);
    this.signalPoll = undefined;
    this.unsubscribe();
    await this.at.stop();
    await this.opts.power?.close?.();
  }

  /** Resolves when the state is `ready` (now or later). Rejects on abort or stop(). */
  whenReady(signal?: AbortSignal): Promise<void> {
    if (this.machine.state === "ready") return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        this.off("state", onState);
        signal?.removeEventListener("abort", onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onState = (e: StateChange) => {
        if (e.to === "ready") done();
        else if (e.to === "off") done(new SmsgwError("modem.stopped", "the modem was stopped"));
      };
      const onAbort = () =>
        done(new SmsgwError("modem.aborted", "waiting for the modem was aborted"));
      if (signal?.aborted) return onAbort();
      this.on("state", onState);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Read the signal now (AT+CSQ) where the module answers; it is also read on its own schedule
   * (`timing.signalIntervalMs`). Never rejects: an unanswered read keeps the last value.
   */
  async refreshSignal(): Promise<void> {
    if (!this.started || !ANSWERING.has(this.machine.state) || this.signalReading) return;
    this.signalReading = true;
    try {
      await refreshSignal(this.stepContext(this.opAbort.signal));
    } catch (err) {
      this.log.debug({ err: errorMessage(err) }, "signal not read");
    } finally {
      this.signalReading = false;
    }
  }

  /**
   * Restart the module now (AT+CFUN=1,1, then the usual set-up), as the recovery ladder would.
   * Throws when the modem is not started: there is no port to restart it through.
   */
  restart(): void {
    if (!this.started)
      throw new SmsgwError("modem.stopped", "the modem is not started: nothing to restart");
    this.dispatch({ type: "restart-requested" });
  }

  /** A human gave a (new) PIN: clears `sim-pin-rejected` and tries once more. */
  setPin(pin: string): void {
    this.pin = pin;
    this.dispatch({ type: "pin-changed" });
  }

  // ---- the loop: event → transition → effects ----

  private dispatch(event: MachineEvent): void {
    const before = this.machine;
    const { machine, effects } = transition(before, event);
    this.machine = machine;
    if (machine.state !== before.state) {
      this.opAbort.abort();
      this.opAbort = new AbortController();
      this.counters.enter(machine.state);
      const change: StateChange = {
        from: before.state,
        to: machine.state,
        reason: machine.reason,
        at: new Date().toISOString(),
      };
      this.log.info(change, "modem state");
      this.emitSafe("state", change);
    }
    for (const effect of effects) this.perform(effect);
  }

  private perform(effect: MachineEffect): void {
    switch (effect.type) {
      case "set-timer": {
        clearTimeout(this.timers.get(effect.name));
        const name = effect.name;
        this.timers.set(
          name,
          setTimeout(() => {
            this.timers.delete(name);
            this.dispatch({ type: "timer", name });
          }, effect.ms),
        );
        return;
      }
      case "clear-timers":
        this.clearTimers();
        return;
      case "alert":
        this.counters.alert();
        this.log.error(
          { reason: effect.reason, rounds: effect.rounds },
          "modem failed: recovery exhausted, retrying slowly",
        );
        this.emitSafe("alert", {
          reason: effect.reason,
          rounds: effect.rounds,
          at: new Date().toISOString(),
        });
        return;
      case "count-reset":
        this.counters.reset(effect.reason);
        this.emitSafe("reset", { reason: effect.reason, at: new Date().toISOString() });
        return;
      case "boot-observed":
        this.boot.observed = true;
        this.boot.smsReady = false;
        this.boot.assumed = false;
        this.lastRegistration.registered = false;
        return;
      default:
        if (OPERATION_TYPES.has(effect.type)) this.startOperation(effect as Operation);
    }
  }

  private startOperation(op: Operation): void {
    const signal = this.opAbort.signal;
    const ctx = this.stepContext(signal);
    if (op.type === "recover")
      this.emitSafe("recovery", { action: op.action, at: new Date().toISOString() });
    if (op.type === "enter-pin") {
      // After an accepted PIN the module finishes booting: SMS Ready etc. will follow.
      this.boot.observed = true;
      this.boot.smsReady = false;
      this.boot.assumed = false;
    }
    void runOperation(op, ctx, {
      reopen: () => this.reopen(),
      smsReady: () => this.emitSafe("sms-ready"),
      lastRegistration: this.lastRegistration,
    }).then((events) => {
      if (signal.aborted || !this.started) return;
      for (const e of events) this.dispatch(e);
    });
  }

  private stepContext(signal: AbortSignal): StepContext {
    return createStepContext(signal, {
      at: this.at,
      log: this.log,
      power: this.opts.power,
      options: stepOptions(this.opts, this.pin),
      boot: this.boot,
      fixedProfile: this.fixedProfile,
      profile: () => this.profile,
      setProfile: (p) => {
        this.profile = p;
      },
      info: () => this.infoData,
      updateInfo: (patch) => this.updateInfo(patch),
      warn: (code, message) => this.warn(code, message),
      ok: () => this.counters.ok(),
    });
  }

  // ---- URCs, registration, info ----

  private onUrc(u: Urc): void {
    if (generic.isSmsReadyUrc(u.line) || this.profile.isSmsReadyUrc(u.line))
      this.boot.smsReady = true;
    const domain = domainOf(u.name);
    if (domain !== undefined) {
      this.onRegistrationUrc(domain, u.line);
      return;
    }
    // Anything printed while we sync means "on and booting": never pulse PWRKEY then.
    if (this.machine.state === "syncing" || this.machine.state === "powering-on") {
      this.dispatch({ type: "modem-output" });
    }
    const event = urcEvent(u, this.profile);
    if (event !== undefined) this.dispatch(event);
  }

  /** `+CREG: 5` and friends: the network changed under us (deregistration, roaming). */
  private onRegistrationUrc(domain: RegDomain, line: string): void {
    const reg = parseUrcLine(line);
    if (reg === undefined) return;
    const stats = { ...(this.infoData.registrationStats ?? {}), [domain]: reg.stat };
    const status = urcStatus(stats);
    this.updateInfo({ registrationStats: stats, registration: status });
    if (status === this.urcRegistration) return;
    this.urcRegistration = status;
    this.dispatch({ type: "registration", status });
    // Registered again: a full check fetches operator, AcT and signal.
    if (this.machine.state === "ready") this.startOperation({ type: "check-registration" });
  }

  private updateInfo(patch: Partial<ModemInfo>): void {
    const next = { ...this.infoData, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.infoData)) return;
    this.infoData = next;
    this.emitSafe("info", next);
  }

  private warn(code: string, message: string): void {
    if (this.warned.has(code)) return;
    this.warned.add(code);
    this.log.warn({ code }, message);
    this.emitSafe("warning", { code, message });
  }

  private async reopen(): Promise<void> {
    this.reopening = true;
    try {
      await reopenPort(this.at, this.opts.reopen);
    } finally {
      this.reopening = false;
    }
  }

  /** The first open's outcome: undefined once open, else its error (the channel retries on). */
  private openFirst(): Promise<unknown> {
    return firstOpen(this.at);
  }

  /** A missing port (or one we may not open) is a state a human must act on, not a ladder. */
  private onOpenFailed(err: unknown): void {
    const problem = portProblemOf(err);
    if (problem !== undefined) this.dispatch({ type: "port-unavailable", problem });
  }

  private startSignalPoll(): void {
    const ms = this.opts.timing?.signalIntervalMs ?? this.machine.ctx.config.healthIntervalMs;
    clearInterval(this.signalPoll);
    this.signalPoll = setInterval(() => void this.refreshSignal(), ms);
    this.signalPoll.unref?.();
  }

  private clearTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** A throwing listener must not break the lifecycle loop. */
  private emitSafe<K extends keyof ModemEvents>(event: K, ...args: ModemEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: ModemEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.log.warn({ event, err: errorMessage(err) }, "modem event listener threw");
    }
  }
}
