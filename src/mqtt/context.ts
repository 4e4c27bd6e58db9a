import type { Config } from "../config/schema.js";
import { errorMessage, isSmsgwError } from "../errors.js";
import { createLogger } from "../log.js";
import type { MqttConnection } from "./connection.js";
import { type BridgeResponse, type ErrorResponse, errorResponse } from "./payloads.js";
import type {
  BalancePort,
  CallsPort,
  HealthView,
  ModemView,
  SmppSessionsPort,
  SmsPort,
  UssdPort,
} from "./ports.js";
import type { Transaction } from "./requests.js";
import type { Topics } from "./topics.js";

export const log = createLogger("mqtt");

/** What every bridge feature gets: configuration is passed in, never read from a global. */
export interface BridgeContext {
  readonly connection: MqttConnection;
  readonly topics: Topics;
  readonly service: SmsPort;
  readonly modem: ModemView;
  readonly config: Config;
  readonly version: string;
  readonly startedAt: Date;
  /** The system clock's state against the network's time, for `<base>/modem`. */
  readonly clock?: () => "synchronised" | "unsynchronised" | "unknown";
  /**
   * Masks a one-time code or PIN in front of a command keyword in a received text, so that
   * `<base>/received` and Home Assistant's history never show it (automation knows the keywords).
   */
  readonly maskCodes?: (text: string) => string;
  /** USSD through the modem, when the gateway offers it. */
  readonly ussd?: UssdPort;
  /** The SIM's credit, when `balance` is configured. */
  readonly balance?: BalancePort;
  /** Incoming calls, when `calls.enabled`. */
  readonly calls?: CallsPort;
  /** The gateway's health, published retained on `<base>/bridge/health`. */
  readonly health?: HealthView;
  /** Bound SMPP sessions (in `bridge/info`), when `smpp.enabled`. */
  readonly smpp?: SmppSessionsPort;
}

/** A bridge feature: the constructor only assigns; start()/stop() attach and detach. */
export interface Feature {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** Publishes a response without waiting for its PUBACK (handlers run before our own PUBACK). */
export function respond(ctx: BridgeContext, name: string, response: BridgeResponse<unknown>): void {
  ctx.connection
    .publishJson("bridge/response", ctx.topics.response(name), response as BridgeResponse<never>)
    .catch((err: unknown) =>
      log.warn({ err: errorMessage(err), name }, "could not publish a response"),
    );
}

/**
 * The error response for anything thrown, with a log line saying what was refused and why
 * (`what`: "request", "fleet request").
 */
export function refusal(
  topic: string,
  err: unknown,
  transaction?: Transaction,
  what = "request",
): ErrorResponse {
  const code = isSmsgwError(err) ? err.code : "mqtt.internal";
  const message = isSmsgwError(err) ? err.message : `internal error: ${errorMessage(err)}`;
  if (isSmsgwError(err)) log.warn({ topic, code, error: message }, `${what} refused`);
  else log.error({ topic, err: errorMessage(err) }, `${what} failed`);
  return errorResponse(code, message, transaction);
}

/** Publishes the error response for anything thrown on `<base>/bridge/response/<name>`. */
export function refuse(
  ctx: BridgeContext,
  name: string,
  topic: string,
  err: unknown,
  transaction?: Transaction,
): void {
  respond(ctx, name, refusal(topic, err, transaction));
}
