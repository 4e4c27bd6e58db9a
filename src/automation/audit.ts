import type { CommandOutcomeName } from "../command-outcomes.js";
import { createLogger } from "../log.js";
import type { Clock } from "./clock.js";
import type { MqttPort } from "./ports.js";

const log = createLogger("automation:audit");

export type CommandOutcome = CommandOutcomeName;

/** `<base>/command`: one per command attempt; the secret is never part of it. */
export interface CommandAuditEvent {
  sender: string;
  /** The command as sent, without the code/PIN. */
  command: string;
  /** Name of the matched command, when one matched. */
  name?: string;
  outcome: CommandOutcome;
  /** With `lockout-started`: until when. */
  lockedUntil?: string;
  /** With `lockout-started`: the user (all routes) or only this route (SMSC). */
  scope?: "user" | "route";
  /** `call`: a call trigger, not an SMS (absent for SMS commands). */
  via?: "call";
  /** The received SMS's id (absent for calls): the inbox shows which messages were commands. */
  messageId?: string;
  at: string;
}

/** Every command attempt: a log line and an MQTT event (QoS 1, not retained). */
export class CommandAudit {
  constructor(
    private readonly mqtt: MqttPort,
    private readonly topic: string,
    private readonly clock: Clock,
    /** Told of every attempt (metrics count them by outcome). */
    private readonly onRecord?: (e: CommandAuditEvent) => void,
  ) {}

  record(e: Omit<CommandAuditEvent, "at">): CommandAuditEvent {
    const event: CommandAuditEvent = { ...e, at: new Date(this.clock.now()).toISOString() };
    const line = e.outcome === "ok" ? log.info.bind(log) : log.warn.bind(log);
    line({ sender: e.sender, command: e.command, name: e.name, outcome: e.outcome }, "SMS command");
    this.mqtt
      .publish(this.topic, JSON.stringify(event), { qos: 1, retain: false })
      .catch((err: unknown) => log.warn({ err }, "could not publish the command audit event"));
    this.onRecord?.(event);
    return event;
  }
}
