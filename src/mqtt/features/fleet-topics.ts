import type { FleetConfig } from "../../config/schema.js";
import type { SendResponseData, StatusPayload } from "../payloads.js";
import { type IncomingTopic, Topics } from "../topics.js";

/**
 * The fleet's shared topics (fleet mode). Each gateway's own topics live under
 * `<base>/<gatewayId>` (`topicBase` in topics.ts); these are shared by the whole group:
 *
 *   <base>/fleet/send                  JSON send request; one gateway of the group takes it
 *   <base>/fleet/send/<number>         plain text, `00` for `+`
 *   <base>/fleet/response/send         FleetSendResponse, QoS 1, names the gateway
 *   <base>/fleet/members/<gatewayId>   FleetMemberPayload, retained; the last will says offline
 *
 * The gateway subscribes to `$share/<group>/<base>/fleet/send/#` (one filter covers both send
 * forms: two filters in one group would each take a copy) and to `<base>/fleet/members/+`.
 */

/** `<base>/fleet/members/<gatewayId>`: who is in the fleet, and the session to adopt if it dies. */
export interface FleetMemberPayload {
  gatewayId: string;
  state: "online" | "offline";
  /** The client id of the member's fleet session (`<mqtt.clientId>-fleet`). */
  clientId: string;
}

/** `<base>/fleet/response/send`: the bridge's send response plus the gateway that took it. */
export type FleetSendResponse =
  | {
      status: "ok";
      data: SendResponseData & { gateway: string };
      transaction?: string | number;
    }
  | {
      status: "error";
      error: string;
      code: string;
      data: { gateway: string };
      transaction?: string | number;
    };

/** `<base>/<gatewayId>/status/<id>` in fleet mode: the status plus the gateway that has it. */
export interface FleetStatusPayload extends StatusPayload {
  gateway: string;
}

export type FleetIncomingTopic =
  | Extract<IncomingTopic, { kind: "send" | "send-to" }>
  | { kind: "invalid"; reason: string }
  | { kind: "member"; gatewayId: string }
  | { kind: "foreign" };

/** What a client of the fleet needs: where to send, where the answers come from. */
export class FleetSendTopics {
  /** Send topics parse like the flat layout's, under `<base>/fleet`. */
  protected readonly sends: Topics;

  constructor(readonly base: string) {
    this.sends = new Topics(`${base}/fleet`);
  }

  get send(): string {
    return this.sends.send;
  }
  sendTo(number: string): string {
    return this.sends.sendTo(number);
  }
  get response(): string {
    return `${this.base}/fleet/response/send`;
  }
  /** Every member's status events (`<base>/<gatewayId>/status/<id>`). */
  get statusWildcard(): string {
    return `${this.base}/+/status/#`;
  }
}

/** A member's view: the send topics plus its shared subscription, member list and adoption. */
export class FleetTopics extends FleetSendTopics {
  constructor(
    base: string,
    readonly group: string,
    readonly gatewayId: string,
  ) {
    super(base);
  }

  static of(baseTopic: string, fleet: FleetConfig): FleetTopics {
    return new FleetTopics(baseTopic, fleet.group, fleet.gatewayId);
  }

  member(gatewayId: string): string {
    return `${this.base}/fleet/members/${gatewayId}`;
  }
  get members(): string {
    return `${this.base}/fleet/members/+`;
  }
  /** The shared subscription: the broker hands each message to one member of the group. */
  get sharedSend(): string {
    return `$share/${this.group}/${this.sends.send}/#`;
  }
  /** A topic only the adopter of `peer`'s session hears: marks the end of what was queued. */
  adoptMarker(peer: string, nonce: string): string {
    return `${this.base}/fleet/adopt/${this.gatewayId}/${peer}/${nonce}`;
  }

  get subscriptions(): string[] {
    return [this.sharedSend, this.members];
  }

  /** What a message received on the fleet connection is (brokers deliver the plain topic name). */
  classify(topic: string): FleetIncomingTopic {
    const memberPrefix = `${this.base}/fleet/members/`;
    if (topic.startsWith(memberPrefix)) {
      const id = topic.slice(memberPrefix.length);
      return id === "" || /[/+#]/.test(id)
        ? { kind: "foreign" }
        : { kind: "member", gatewayId: id };
    }
    const c = this.sends.classify(topic);
    switch (c.kind) {
      case "send":
      case "send-to":
        return c;
      case "invalid":
        return { kind: "invalid", reason: c.reason };
      default:
        return { kind: "foreign" };
    }
  }
}

/** A member payload from the wire, or undefined when it is not one (or the retained was cleared). */
export function parseMember(payload: Buffer): FleetMemberPayload | undefined {
  if (payload.length === 0 || payload.length > 4096) return undefined;
  try {
    const v = JSON.parse(payload.toString("utf8")) as Partial<FleetMemberPayload> | null;
    if (
      v !== null &&
      typeof v === "object" &&
      typeof v.gatewayId === "string" &&
      typeof v.clientId === "string" &&
      v.clientId !== "" &&
      (v.state === "online" || v.state === "offline")
    )
      return { gatewayId: v.gatewayId, state: v.state, clientId: v.clientId };
  } catch {
    // not JSON: not a member announcement
  }
  return undefined;
}
