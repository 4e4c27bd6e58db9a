import { randomUUID } from "node:crypto";
import { connectAsync, type IClientOptions, type MqttClient } from "mqtt";
import { SmsgwError } from "../errors.js";
import type { OutboundStatus } from "../sms/types.js";
import { FleetSendTopics } from "./features/fleet-topics.js";
import type {
  BridgeInfoPayload,
  BridgeResponse,
  BridgeStatePayload,
  ModemPayload,
  SendResponseData,
  StatsPayload,
  StatusPayload,
} from "./payloads.js";
import type { SendPayload } from "./requests.js";
import { Topics, topicBase } from "./topics.js";

/**
 * A client of a running gateway over MQTT (`smsgw send`, `smsgw status`): publishes requests
 * and reads the retained state topics, using only the topic contract.
 */

export interface RemoteOptions {
  url: string;
  /** The gateway's own topics: `<base>`, or `<base>/<gatewayId>` for a fleet gateway. */
  baseTopic: string;
  /** Set (to `<base>`) to hand a send to whichever fleet gateway takes it. */
  fleetBase?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs?: number;
}

/** Where a message's story ends; `sent` only when no delivery report was requested. */
const FINAL: ReadonlySet<OutboundStatus> = new Set(["delivered", "failed", "expired", "cancelled"]);

async function open(o: RemoteOptions): Promise<MqttClient> {
  const opts: IClientOptions = {
    clientId: `smsgw-cli-${randomUUID().slice(0, 8)}`,
    reconnectPeriod: 0,
    connectTimeout: o.timeoutMs ?? 10_000,
  };
  if (o.username !== undefined) opts.username = o.username;
  if (o.password !== undefined) opts.password = o.password;
  try {
    return await connectAsync(o.url, opts);
  } catch (err) {
    throw new SmsgwError(
      "mqtt.connect-failed",
      `cannot connect to ${o.url}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

function deadline<T>(
  ms: number,
  what: string,
  executor: (resolve: (v: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new SmsgwError("mqtt.timeout", `no ${what} within ${Math.round(ms / 1000)} s`)),
      ms,
    );
    executor((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

export interface SendOutcome {
  response: BridgeResponse<SendResponseData>;
  /** With `wait`: the final status of each message, in the order they finished. */
  final: StatusPayload[];
}

/**
 * Where a send request goes and its answers come from: the gateway's own request/response
 * topics, or the fleet's shared send topic (statuses then come from whichever gateway took it).
 */
function sendRoute(o: RemoteOptions): { request: string; response: string; status: string } {
  if (o.fleetBase === undefined) {
    const topics = new Topics(o.baseTopic);
    return {
      request: topics.request("send"),
      response: topics.response("send"),
      status: topics.statusWildcard,
    };
  }
  const fleet = new FleetSendTopics(o.fleetBase);
  return { request: fleet.send, response: fleet.response, status: fleet.statusWildcard };
}

/**
 * Publishes a send request (`<base>/bridge/request/send`, or `<base>/fleet/send`) and resolves
 * with the response; with `wait`, also with every message's final status (`onStatus` sees each
 * change).
 */
export async function sendViaMqtt(
  o: RemoteOptions & {
    request: SendPayload;
    wait?: boolean;
    onResponse?: (r: BridgeResponse<SendResponseData>) => void;
    onStatus?: (s: StatusPayload) => void;
  },
): Promise<SendOutcome> {
  const route = sendRoute(o);
  const client = await open(o);
  const timeoutMs = o.timeoutMs ?? 60_000;
  const transaction = `cli-${randomUUID().slice(0, 8)}`;
  // Our own id, so status events can be told apart before the response arrives.
  const id = o.request.id ?? randomUUID();
  const statuses = new Map<string, StatusPayload>();
  let ids: string[] | undefined;
  let onProgress = () => {};
  let onResponse: (r: BridgeResponse<SendResponseData>) => void = () => {};
  client.on("message", (topic, payload) => {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString("utf8"));
    } catch {
      return;
    }
    if (topic === route.response) {
      const r = json as BridgeResponse<SendResponseData>;
      if (r.transaction === transaction) onResponse(r);
      return;
    }
    const s = json as StatusPayload;
    if (typeof s.id !== "string" || (s.id !== id && !s.id.startsWith(`${id}:`))) return;
    statuses.set(s.id, s);
    o.onStatus?.(s);
    onProgress();
  });
  try {
    const subs = [route.response, ...(o.wait === true ? [route.status] : [])];
    await client.subscribeAsync(subs, { qos: 1 });
    const response = deadline<BridgeResponse<SendResponseData>>(
      timeoutMs,
      "response from the gateway",
      (r) => {
        onResponse = r;
      },
    );
    await client.publishAsync(route.request, JSON.stringify({ ...o.request, id, transaction }), {
      qos: 1,
    });
    const r = await response;
    o.onResponse?.(r);
    if (r.status !== "ok" || o.wait !== true) return { response: r, final: [] };
    const sent = "messages" in r.data ? r.data.messages : [r.data];
    ids = sent.map((m) => m.id);
    const wanted = ids;
    // A gateway from before `deliveryReport` was in the response: the request says it.
    const reportFor = new Map(
      sent.map((m) => [m.id, m.deliveryReport ?? o.request.deliveryReport === true]),
    );
    const isFinal = (i: string) => {
      const status = statuses.get(i)?.status ?? "queued";
      return FINAL.has(status) || (status === "sent" && reportFor.get(i) !== true);
    };
    const done = () => wanted.every(isFinal);
    if (!done())
      await deadline<void>(timeoutMs, "final status", (resolve) => {
        onProgress = () => {
          if (done()) resolve();
        };
      }).catch((err: unknown) => {
        const waiting = wanted.filter((i) => statuses.get(i)?.status === "sent");
        if (waiting.length === 0 || waiting.length < wanted.filter((i) => !isFinal(i)).length)
          throw err;
        throw new SmsgwError(
          "mqtt.timeout",
          `sent, but no delivery report within ${Math.round(timeoutMs / 1000)} s (the gateway still waits for it; --timeout waits longer)`,
        );
      });
    return {
      response: r,
      final: wanted.map((i) => statuses.get(i)).filter((s) => s !== undefined),
    };
  } finally {
    await client.endAsync(true);
  }
}

/**
 * Publishes one request of the request table on `<base>/bridge/request/<name>` and resolves
 * with its response (`bridge/response/<name>` with our transaction), or `mqtt.timeout`.
 */
export async function requestViaMqtt<T>(
  o: RemoteOptions,
  name: string,
  body: Record<string, unknown>,
): Promise<BridgeResponse<T>> {
  const topics = new Topics(o.baseTopic);
  const client = await open(o);
  const transaction = `cli-${randomUUID().slice(0, 8)}`;
  try {
    let onResponse: (r: BridgeResponse<T>) => void = () => {};
    client.on("message", (topic, payload) => {
      if (topic !== topics.response(name)) return;
      try {
        const r = JSON.parse(payload.toString("utf8")) as BridgeResponse<T>;
        if (r.transaction === transaction) onResponse(r);
      } catch {
        // Not JSON: not our response.
      }
    });
    await client.subscribeAsync(topics.response(name), { qos: 1 });
    const response = deadline<BridgeResponse<T>>(
      o.timeoutMs ?? 60_000,
      "response from the gateway",
      (r) => {
        onResponse = r;
      },
    );
    await client.publishAsync(topics.request(name), JSON.stringify({ ...body, transaction }), {
      qos: 1,
    });
    return await response;
  } finally {
    await client.endAsync(true);
  }
}

export interface GatewayStatus {
  state: BridgeStatePayload | null;
  info: BridgeInfoPayload | null;
  modem: ModemPayload | null;
  stats: StatsPayload | null;
}

/** Reads the retained `bridge/state`, `bridge/info`, `modem` and `stats` topics. */
export async function readStatus(o: RemoteOptions): Promise<GatewayStatus> {
  const topics = new Topics(o.baseTopic);
  const client = await open(o);
  const out: GatewayStatus = { state: null, info: null, modem: null, stats: null };
  const keys = new Map<string, keyof GatewayStatus>([
    [topics.bridgeState, "state"],
    [topics.bridgeInfo, "info"],
    [topics.modem, "modem"],
    [topics.stats, "stats"],
  ]);
  try {
    let check = () => {};
    client.on("message", (topic, payload) => {
      const key = keys.get(topic);
      if (key === undefined) return;
      try {
        (out as unknown as Record<string, unknown>)[key] = JSON.parse(payload.toString("utf8"));
      } catch {
        return;
      }
      check();
    });
    // Retained messages arrive right after SUBACK; whatever has not come by then does not exist.
    const all = deadline<void>(o.timeoutMs ?? 1_500, "state", (resolve) => {
      check = () => {
        if (Object.values(out).every((v) => v !== null)) resolve();
      };
    });
    await client.subscribeAsync([...keys.keys()], { qos: 1 });
    await all.catch(() => undefined);
    return out;
  } finally {
    await client.endAsync(true);
  }
}

/**
 * Broker and topics for the CLI: `--url`/`--base` win; otherwise the gateway's config file
 * (if one is found) says where its broker is; otherwise the local default broker. A fleet
 * gateway's config points at that gateway's own topics; `--gateway <id>` at another member's,
 * `--fleet` at the fleet's shared send topic.
 */
export async function remoteOptionsFrom(flags: {
  url?: string | undefined;
  base?: string | undefined;
  config?: string | undefined;
  timeout?: string | undefined;
  gateway?: string | undefined;
  fleet?: boolean | undefined;
}): Promise<RemoteOptions> {
  const { loadConfigFile } = await import("../config/load.js");
  const { config } = await loadConfigFile({ path: flags.config });
  const timeoutS = flags.timeout === undefined ? undefined : Number(flags.timeout);
  if (timeoutS !== undefined && !(timeoutS > 0))
    throw new SmsgwError(
      "config.invalid",
      `--timeout wants a number of seconds, not "${flags.timeout}"`,
    );
  if (flags.gateway !== undefined && !/^[^/+#\s]+$/.test(flags.gateway))
    throw new SmsgwError(
      "config.invalid",
      `--gateway wants one topic level (no / + # or spaces), not "${flags.gateway}"`,
    );
  const root = flags.base ?? config.mqtt.baseTopic;
  const baseTopic =
    flags.gateway !== undefined
      ? `${root}/${flags.gateway}`
      : flags.base === undefined
        ? topicBase(config.mqtt)
        : root;
  return {
    url: flags.url ?? config.mqtt.url,
    baseTopic,
    ...(flags.fleet === true ? { fleetBase: root } : {}),
    // Credentials only for the configured broker, never sent to another one given by --url.
    username: flags.url === undefined ? config.mqtt.username : undefined,
    password: flags.url === undefined ? config.mqtt.password : undefined,
    ...(timeoutS === undefined ? {} : { timeoutMs: timeoutS * 1000 }),
  };
}
