import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { CallDecision, CallEvent } from "../sms/calls/index.js";
import type { CommandAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { publishCommand } from "./command-actions.js";
import type { CallTriggerConfig, CommandConfig } from "./config-schema.js";
import type { Contacts } from "./contacts.js";
import { HourlyLimit } from "./lockout.js";
import type { MqttPort } from "./ports.js";
import type { StateStore } from "./state.js";
import type { TemplateValues } from "./template.js";

const log = createLogger("automation:calls");

export interface CallTriggersOptions {
  triggers: readonly CallTriggerConfig[];
  commands: readonly CommandConfig[];
  contacts: Contacts;
  mqtt: MqttPort;
  audit: CommandAudit;
  state: StateStore;
  clock: Clock;
  status: () => TemplateValues;
  /** When the number last ran an SMS command with a valid code (ms), if it did. */
  lastValidCodeAt: (number: string) => number | undefined;
}

/**
 * Call to run a command (the "GSM gate opener"): a call from a caller on a trigger's list runs
 * its command's MQTT actions, at most `perCallerPerHour` times per caller, and with
 * `requireSmsCodeWithinMinutes` only shortly after that number proved itself by SMS. Caller ID
 * can be forged, so a call alone never stands for more than a stranger may do. Every call that
 * reaches a trigger list is audited like an SMS command (`via: "call"`).
 */
export class CallTriggers {
  private readonly limits = new Map<string, HourlyLimit>();

  constructor(private readonly o: CallTriggersOptions) {
    for (const t of o.triggers)
      this.limits.set(
        t.name,
        new HourlyLimit(t.perCallerPerHour, o.clock, o.state, `call:${t.name}`),
      );
  }

  async handle(call: CallEvent): Promise<CallDecision> {
    if (call.from === "") return { outcome: "not-allowed", reason: "withheld" };
    const sender = { from: call.from };
    const trigger = this.o.triggers.find((t) =>
      this.o.contacts.resolve(t.callers).some((n) => this.o.contacts.isNumber(n, sender)),
    );
    const audit = (outcome: Parameters<CommandAudit["record"]>[0]["outcome"], name?: string) =>
      this.o.audit.record({
        sender: call.from,
        command: trigger === undefined ? "(call)" : `(call) ${trigger.name}`,
        outcome,
        via: "call",
        ...(name === undefined ? {} : { name }),
      });
    if (trigger === undefined) {
      audit("unknown-sender");
      return { outcome: "not-allowed" };
    }
    const cmd = this.o.commands.find((c) => c.name.toLowerCase() === trigger.command.toLowerCase());
    const name = trigger.name;
    const window = trigger.requireSmsCodeWithinMinutes;
    if (window !== undefined) {
      const at = this.o.lastValidCodeAt(call.from);
      if (at === undefined || this.o.clock.now() - at > window * 60_000) {
        audit("missing-secret", cmd?.name);
        return { outcome: "not-allowed", trigger: name, reason: "no-recent-sms-code" };
      }
    }
    if (!(await this.limits.get(name)?.take(call.from))) {
      audit("rate-limited", cmd?.name);
      return { outcome: "rate-limited", trigger: name };
    }
    if (cmd === undefined) return { outcome: "failed", trigger: name, reason: "no such command" };
    const who = this.o.contacts.nameOf(call.from);
    const values: TemplateValues = {
      ...this.o.status(),
      ...trigger.args,
      args: trigger.args,
      sender: call.from,
      user: who ?? call.from,
      command: cmd.name,
    };
    try {
      await publishCommand(cmd, values, this.o.mqtt);
    } catch (err) {
      audit("action-failed", cmd.name);
      log.error({ err: errorMessage(err), trigger: name }, "call trigger action failed");
      return { outcome: "failed", trigger: name, reason: errorMessage(err) };
    }
    audit("ok", cmd.name);
    return { outcome: "triggered", trigger: name };
  }
}
