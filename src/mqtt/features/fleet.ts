import type { IPublishPacket } from "mqtt";
import type { FleetConfig } from "../../config/schema.js";
import { errorMessage } from "../../errors.js";
import { MqttConnection } from "../connection.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { adoptSession } from "./fleet-adopt.js";
import { FleetSendFeature } from "./fleet-send.js";
import { type FleetMemberPayload, FleetTopics, parseMember } from "./fleet-topics.js";

/** Runs a message handler under the bridge's stop rules: false = not handled (no PUBACK). */
export type Track = (work: () => Promise<void>) => Promise<boolean>;

/**
 * Fleet mode: a second broker connection with its own persistent session
 * (`<mqtt.clientId>-fleet`) holding only the shared subscription and the member list, so a
 * survivor can adopt exactly that session when this gateway dies, without touching the
 * gateway's own topics. Each member announces itself (retained, last will offline) on
 * `<base>/fleet/members/<gatewayId>`; when one goes offline, the live member with the lowest id
 * adopts its session (fleet-adopt.ts). Two adopters at once only risk a duplicate, never a loss.
 */
export class FleetFeature implements Feature {
  readonly topics: FleetTopics;
  private readonly send: FleetSendFeature;
  private connection: MqttConnection | undefined;
  private readonly members = new Map<string, FleetMemberPayload>();
  /** Members adopted since they last went offline. */
  private readonly adopted = new Set<string>();
  private adoptions: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Announcements already warned about (one line per unlisted or forged member). */
  private readonly warned = new Set<string>();

  constructor(
    private readonly ctx: BridgeContext,
    private readonly fleet: FleetConfig,
    private readonly track: Track,
  ) {
    this.topics = FleetTopics.of(ctx.config.mqtt.baseTopic, fleet);
    this.send = new FleetSendFeature(ctx, this.topics, () => this.connection);
  }

  get clientId(): string {
    return `${this.ctx.config.mqtt.clientId}-fleet`;
  }

  start(): void {
    this.stopped = false;
    if (this.fleet.members.every((m) => m.gatewayId === this.fleet.gatewayId))
      log.warn(
        "mqtt.fleet.members lists no other gateway: the sessions of dead members are not adopted",
      );
    const connection = new MqttConnection({
      config: { ...this.ctx.config.mqtt, clientId: this.clientId },
      will: { topic: this.topics.member(this.fleet.gatewayId), payload: this.announce("offline") },
      subscriptions: this.topics.subscriptions,
      onMessage: (topic, payload, packet) => this.onMessage(topic, payload, packet),
    });
    connection.on("connect", () => {
      connection
        .publish(this.topics.member(this.fleet.gatewayId), this.announce("online"), {
          qos: 1,
          retain: true,
        })
        .catch((err: unknown) =>
          log.warn({ err: errorMessage(err) }, "could not announce the fleet member"),
        );
      this.review();
    });
    this.connection = connection;
    connection.start();
  }

  /** Announces offline (peers adopt what is left in our session) and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    const connection = this.connection;
    this.connection = undefined;
    await this.adoptions;
    await connection?.stop({
      topic: this.topics.member(this.fleet.gatewayId),
      payload: this.announce("offline"),
    });
  }

  private announce(state: FleetMemberPayload["state"]): string {
    const p: FleetMemberPayload = {
      gatewayId: this.fleet.gatewayId,
      state,
      clientId: this.clientId,
    };
    return JSON.stringify(p);
  }

  private async onMessage(
    topic: string,
    payload: Buffer,
    packet: IPublishPacket,
  ): Promise<boolean> {
    const c = this.topics.classify(topic);
    switch (c.kind) {
      case "member":
        this.onMember(c.gatewayId, payload);
        return true;
      case "send":
        return this.track(() => this.send.handle({ kind: "json" }, topic, payload, packet));
      case "send-to":
        return this.track(() =>
          this.send.handle({ kind: "text", number: c.number }, topic, payload, packet),
        );
      case "invalid":
        return this.track(async () => this.send.invalid(topic, c.reason));
      case "foreign":
        log.debug({ topic }, "message on a fleet topic the bridge does not handle");
        return true;
    }
  }

  /**
   * Only configured members count: anyone who may publish on `<base>/fleet/members/#` could
   * otherwise name any client id (Home Assistant's, say) and have this gateway take over that
   * session and consume what is queued in it, or announce a low id and stop all adoption.
   */
  private onMember(gatewayId: string, payload: Buffer): void {
    if (gatewayId === this.fleet.gatewayId) return;
    const configured = this.fleet.members.find((m) => m.gatewayId === gatewayId);
    const member = parseMember(payload);
    if (
      configured === undefined ||
      (member !== undefined && member.clientId !== `${configured.clientId}-fleet`)
    ) {
      this.members.delete(gatewayId);
      this.adopted.delete(gatewayId);
      if (member !== undefined && !this.warned.has(gatewayId)) {
        this.warned.add(gatewayId);
        log.warn(
          { peer: gatewayId, clientId: member.clientId },
          configured === undefined
            ? "ignoring a fleet member not listed in mqtt.fleet.members"
            : "ignoring a fleet member announcement with a client id other than the configured one",
        );
      }
      return;
    }
    if (member === undefined || member.gatewayId !== gatewayId) {
      this.members.delete(gatewayId);
      this.adopted.delete(gatewayId);
      return;
    }
    this.members.set(gatewayId, member);
    if (member.state === "online") this.adopted.delete(gatewayId);
    else this.review();
  }

  /** Adopts every offline member not yet adopted, when this gateway is the lowest live id. */
  private review(): void {
    if (this.stopped || this.connection?.connected !== true) return;
    const live = [this.fleet.gatewayId];
    for (const m of this.members.values()) if (m.state === "online") live.push(m.gatewayId);
    live.sort();
    if (live[0] !== this.fleet.gatewayId) return;
    for (const m of this.members.values()) {
      if (m.state !== "offline" || this.adopted.has(m.gatewayId)) continue;
      this.adopted.add(m.gatewayId);
      const peer = { gatewayId: m.gatewayId, clientId: m.clientId };
      this.adoptions = this.adoptions.then(() => this.adopt(peer));
    }
  }

  private async adopt(peer: { gatewayId: string; clientId: string }): Promise<void> {
    if (this.stopped) {
      this.adopted.delete(peer.gatewayId);
      return;
    }
    try {
      await adoptSession({
        mqtt: this.ctx.config.mqtt,
        topics: this.topics,
        peer,
        onMessage: (topic, payload, packet) => this.onMessage(topic, payload, packet),
      });
    } catch (err) {
      // Left for the next review (a member going offline or our reconnect).
      this.adopted.delete(peer.gatewayId);
      log.warn({ err: errorMessage(err), peer: peer.gatewayId }, "could not adopt a fleet session");
    }
  }
}
