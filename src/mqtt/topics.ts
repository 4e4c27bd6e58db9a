import type { HealthDocument } from "../health/index.js";
import type { RequestName, ResponseData } from "./handlers/index.js";
import type {
  BridgeInfoPayload,
  BridgeResponse,
  BridgeStatePayload,
  CallPayload,
  ModemPayload,
  ReceivedPayload,
  StatsPayload,
  StatusPayload,
  UssdPayload,
} from "./payloads.js";
import { encodeTopicLevel } from "./topic-name.js";

export { encodeTopicLevel };

/**
 * The MQTT topic contract: every topic the bridge uses, the payload each carries and how it is
 * published. `<base>` is `mqtt.baseTopic`.
 *
 * Published (gateway → clients):
 *   <base>/bridge/state          BridgeStatePayload   retained, also the last will
 *   <base>/bridge/info           BridgeInfoPayload    retained
 *   <base>/bridge/response/<r>   BridgeResponse       answer to <base>/bridge/request/<r>
 *   <base>/status/<id>           StatusPayload        every lifecycle change of a message
 *   <base>/received              ReceivedPayload      QoS 1, each inbound SMS
 *   <base>/modem                 ModemPayload         retained
 *   <base>/stats                 StatsPayload         retained
 *   <base>/ussd                  UssdPayload          QoS 1, each USSD outcome
 *   <base>/call                  CallPayload          QoS 1, each incoming call
 * Subscribed (clients → gateway), QoS 1:
 *   <base>/bridge/request/<r>    JSON request, one per entry of the request table (handlers/)
 *   <base>/send                  JSON send request (answered on bridge/response/send)
 *   <base>/send/<number>         plain text; `00` stands for `+` (MQTT forbids `+` in names)
 *
 * Fleet mode (`mqtt.fleet.enabled`): every topic above lives under `<base>/<gatewayId>` instead
 * (see `topicBase`), and the fleet's shared topics are `features/fleet-topics.ts`:
 *   $share/<group>/<base>/fleet/send/#   JSON or plain-text sends, one gateway takes each
 *   <base>/fleet/response/send           FleetSendResponse (names the gateway)
 *   <base>/fleet/members/<gatewayId>     FleetMemberPayload, retained (last will: offline)
 */

/** Topic kind → payload published there. */
export interface PublishedPayloads {
  "bridge/state": BridgeStatePayload;
  "bridge/info": BridgeInfoPayload;
  "bridge/health": HealthDocument;
  "bridge/response": BridgeResponse<ResponseData[RequestName]>;
  status: StatusPayload;
  received: ReceivedPayload;
  modem: ModemPayload;
  stats: StatsPayload;
  ussd: UssdPayload;
  call: CallPayload;
}
export type PublishedKind = keyof PublishedPayloads;

export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

/** How each kind is published: state-like topics retained, events not; everything QoS 1. */
export const PUBLISH_OPTIONS: Readonly<Record<PublishedKind, PublishOptions>> = {
  "bridge/state": { qos: 1, retain: true },
  "bridge/info": { qos: 1, retain: true },
  "bridge/health": { qos: 1, retain: true },
  "bridge/response": { qos: 1, retain: false },
  status: { qos: 1, retain: false },
  received: { qos: 1, retain: false },
  modem: { qos: 1, retain: true },
  stats: { qos: 1, retain: true },
  ussd: { qos: 1, retain: false },
  call: { qos: 1, retain: false },
};

/** What an incoming topic asks for. */
export type IncomingTopic =
  | { kind: "request"; name: string }
  | { kind: "send" }
  | { kind: "send-to"; number: string }
  /**
   * Ours, but malformed (wildcards, empty or extra levels): answered with an error on
   * `<base>/bridge/response/<respondTo>` ("send", or "error" when no request can be named).
   */
  | { kind: "invalid"; reason: string; respondTo: string }
  | { kind: "foreign" };

/** `<base>/send/<number>`: `00` in place of `+`; national numbers and short codes as they are. */
export function numberFromTopicLevel(level: string): string {
  return level.startsWith("00") ? `+${level.slice(2)}` : level;
}

export function numberToTopicLevel(number: string): string {
  return number.startsWith("+") ? `00${number.slice(1)}` : number;
}

/** The base of a gateway's own topics: `<base>`, or `<base>/<gatewayId>` in fleet mode. */
export function topicBase(mqtt: {
  baseTopic: string;
  fleet: { enabled: boolean; gatewayId: string };
}): string {
  return mqtt.fleet.enabled ? `${mqtt.baseTopic}/${mqtt.fleet.gatewayId}` : mqtt.baseTopic;
}

export class Topics {
  constructor(readonly base: string) {}

  get bridgeState(): string {
    return `${this.base}/bridge/state`;
  }
  get bridgeInfo(): string {
    return `${this.base}/bridge/info`;
  }
  get bridgeHealth(): string {
    return `${this.base}/bridge/health`;
  }
  request(name: string): string {
    return `${this.base}/bridge/request/${name}`;
  }
  response(name: string): string {
    return `${this.base}/bridge/response/${name}`;
  }
  get send(): string {
    return `${this.base}/send`;
  }
  sendTo(number: string): string {
    return `${this.base}/send/${numberToTopicLevel(number)}`;
  }
  status(id: string): string {
    return `${this.base}/status/${encodeTopicLevel(id)}`;
  }
  get statusWildcard(): string {
    return `${this.base}/status/#`;
  }
  get call(): string {
    return `${this.base}/call`;
  }
  get ussd(): string {
    return `${this.base}/ussd`;
  }
  get received(): string {
    return `${this.base}/received`;
  }
  get modem(): string {
    return `${this.base}/modem`;
  }
  get stats(): string {
    return `${this.base}/stats`;
  }

  /** What the gateway subscribes to (QoS 1). `send/#` so extra levels get an error, not silence. */
  get subscriptions(): string[] {
    return [`${this.base}/bridge/request/#`, this.send, `${this.base}/send/#`];
  }

  classify(topic: string): IncomingTopic {
    const prefix = `${this.base}/`;
    if (!topic.startsWith(prefix)) return { kind: "foreign" };
    const rest = topic.slice(prefix.length);
    if (/[+#]/.test(rest))
      return {
        kind: "invalid",
        reason: "wildcards (+ #) are not allowed in a topic name",
        respondTo: rest.startsWith("send") ? "send" : "error",
      };
    if (rest === "send") return { kind: "send" };
    if (rest.startsWith("send/")) {
      const level = rest.slice("send/".length);
      if (level === "")
        return { kind: "invalid", reason: `no number after ${this.send}/`, respondTo: "send" };
      if (level.includes("/"))
        return {
          kind: "invalid",
          reason: `one number per topic: ${this.send}/<number>`,
          respondTo: "send",
        };
      return { kind: "send-to", number: numberFromTopicLevel(level) };
    }
    if (rest.startsWith("bridge/request/")) {
      const name = rest.slice("bridge/request/".length);
      if (name === "" || name.endsWith("/"))
        return { kind: "invalid", reason: "no request name", respondTo: "error" };
      return { kind: "request", name };
    }
    return { kind: "foreign" };
  }
}
