import { configSummary } from "../../config/redact.js";
import { errorMessage } from "../../errors.js";
import { type BridgeContext, type Feature, log } from "../context.js";
import { type BridgeInfoPayload, maskImei } from "../payloads.js";

/**
 * `<base>/bridge/state` online (retained) after every connect — the broker publishes the last
 * will (offline) if the connection dies — and `<base>/bridge/info` (retained), republished
 * when the modem's identity becomes known.
 */
export class BridgeStateFeature implements Feature {
  private lastIdentity = "";
  private readonly onConnect = () => {
    this.publishState();
    this.publishInfo();
  };
  private readonly onModemInfo = () => {
    const i = this.ctx.modem.info;
    const identity = `${i?.manufacturer}|${i?.model}|${i?.imei}|${i?.profile}`;
    if (identity !== this.lastIdentity && this.ctx.connection.connected) this.publishInfo();
  };

  private readonly onSmppChange = () => {
    if (this.ctx.connection.connected) this.publishInfo();
  };

  constructor(private readonly ctx: BridgeContext) {}

  start(): void {
    this.ctx.connection.on("connect", this.onConnect);
    this.ctx.modem.on("info", this.onModemInfo);
    this.ctx.smpp?.on("change", this.onSmppChange);
  }

  stop(): void {
    this.ctx.connection.off("connect", this.onConnect);
    this.ctx.modem.off("info", this.onModemInfo);
    this.ctx.smpp?.off("change", this.onSmppChange);
  }

  info(): BridgeInfoPayload {
    const i = this.ctx.modem.info;
    return {
      version: this.ctx.version,
      startedAt: this.ctx.startedAt.toISOString(),
      modem: {
        manufacturer: i?.manufacturer ?? null,
        model: i?.model ?? null,
        imei: maskImei(i?.imei),
        profile: i?.profile ?? null,
      },
      config: configSummary(this.ctx.config),
      ...(this.ctx.smpp === undefined ? {} : { smpp: { sessions: this.ctx.smpp.sessions() } }),
    };
  }

  private publishState(): void {
    this.ctx.connection
      .publishJson("bridge/state", this.ctx.topics.bridgeState, { state: "online" })
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err) }, "could not publish bridge/state"),
      );
  }

  private publishInfo(): void {
    const i = this.ctx.modem.info;
    this.lastIdentity = `${i?.manufacturer}|${i?.model}|${i?.imei}|${i?.profile}`;
    this.ctx.connection
      .publishJson("bridge/info", this.ctx.topics.bridgeInfo, this.info())
      .catch((err: unknown) =>
        log.warn({ err: errorMessage(err) }, "could not publish bridge/info"),
      );
  }
}
