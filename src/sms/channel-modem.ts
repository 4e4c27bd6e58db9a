import { EventEmitter } from "node:events";
import { errorMessage } from "../errors.js";
import { createLogger } from "../log.js";
import type { AtChannel, Urc } from "../modem/at/index.js";
import type { ModemPort, ModemStateChange } from "./modem-port.js";

const log = createLogger("sms:channel-modem");

/** 27.005 set-up for the service: PDU mode, +CMTI for new SMS, +CDS for status reports. */
export const SMS_SETUP = [
  "ATE0",
  "AT+CMEE=1",
  "AT+CMGF=0",
  'AT+CPMS="SM","SM","SM"',
  "AT+CNMI=2,1,0,1,0",
];

/**
 * A minimal `ModemPort` straight on an AT channel, for benches, system tests and tools that
 * do not need the full lifecycle (power, PIN, healing — that is `Modem` in src/modem): it
 * configures SMS (retrying until the modem accepts SMS commands, as a SIM800 does only after
 * `SMS Ready`), is "ready" then, and configures again after a reopen or a modem reboot.
 */
export class ChannelModem extends EventEmitter {
  private current = "off";
  private configuring: Promise<void> | undefined;
  private stopped = false;
  private readonly onUrc = (u: Urc) => {
    // A modem that rebooted on its own is back on its defaults (echo on, no +CNMI).
    if (u.name === "RDY" || u.name === "SMS READY" || u.name === "SMS DONE")
      this.reconfigure(u.name);
  };
  private readonly onOpen = () => this.reconfigure("reopened");
  private readonly onClose = () => this.setState("recovering", "connection closed");

  constructor(
    readonly at: AtChannel,
    private readonly opts: { retryMs?: number; setup?: string[] } = {},
  ) {
    super();
  }

  get state(): string {
    return this.current;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.at.on("urc", this.onUrc);
    this.at.on("open", this.onOpen);
    this.at.on("close", this.onClose);
    if (!this.at.isOpen) await this.at.start();
    this.reconfigure("start");
    await this.whenReady();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.at.off("urc", this.onUrc);
    this.at.off("open", this.onOpen);
    this.at.off("close", this.onClose);
    await this.at.stop();
    this.setState("off", "stopped");
  }

  whenReady(signal?: AbortSignal): Promise<void> {
    if (this.current === "ready") return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onState = (e: ModemStateChange) => {
        if (e.to !== "ready") return;
        this.off("state", onState);
        resolve();
      };
      this.on("state", onState);
      signal?.addEventListener("abort", () => {
        this.off("state", onState);
        reject(signal.reason);
      });
    });
  }

  private reconfigure(reason: string): void {
    if (this.stopped || this.configuring !== undefined) return;
    this.setState("configuring", reason);
    this.configuring = this.configure().finally(() => {
      this.configuring = undefined;
    });
  }

  private async configure(): Promise<void> {
    const retryMs = this.opts.retryMs ?? 1_000;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        for (const command of this.opts.setup ?? SMS_SETUP) await this.at.run({ command });
        this.setState("ready", "configured");
        return;
      } catch (err) {
        if (attempt % 10 === 1)
          log.warn({ err: errorMessage(err), attempt }, "SMS set-up failed, retrying");
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
  }

  private setState(to: string, reason: string): void {
    if (to === this.current) return;
    const e: ModemStateChange = { from: this.current, to, reason };
    this.current = to;
    this.emit("state", e);
  }
}

/** Type check: ChannelModem is a ModemPort. */
export const asModemPort = (m: ChannelModem): ModemPort => m;
