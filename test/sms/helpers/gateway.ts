import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import { AtChannel } from "../../../src/modem/at/index.js";
import { Modem } from "../../../src/modem/modem.js";
import { SimulatedModem, type SimulatedModemOptions } from "../../../src/simulator/index.js";
import type { SmsOptionsInput } from "../../../src/sms/options.js";
import { SmsService } from "../../../src/sms/service.js";
import type { SmsPersistence } from "../../../src/sms/state.js";
import { openSmsStore } from "../../../src/sms/store-adapter.js";
import type { InboundMessage, OutboundMessage } from "../../../src/sms/types.js";

/**
 * The service on the real modem stack (simulator → AtChannel → Modem, as the gateway builds
 * it) with a real store directory. Fake timers cover setTimeout/Date only: the simulator's
 * instant replies and the streams use nextTick.
 */
export interface Gateway {
  sim: SimulatedModem;
  channel: AtChannel;
  modem: Modem;
  /** The network drops the module (registration lost): the modem is not ready until… */
  loseNetwork(): Promise<void>;
  /** …the module is registered again, and the modem ready. */
  regainNetwork(): Promise<void>;
  store: SmsPersistence;
  service: SmsService;
  dir: string;
  events: OutboundMessage[];
  inbound: InboundMessage[];
  /** Stops the service and the channel (the directory stays, for a restart). */
  stop(): Promise<void>;
  /** Stops and deletes the directory. */
  dispose(): Promise<void>;
}

/**
 * How long the channel waits for a late answer after an ESC or a timeout. The simulator with
 * instant timing answers within a tick or not at all, so the 300 ms a real module needs would
 * only add wall time to every start (the modem's sync sends an ESC first).
 */
const STALE_MS = 20;

export function useFakeClock(): void {
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
}

export async function startGateway(
  opts: {
    sim?: SimulatedModem;
    simOptions?: SimulatedModemOptions;
    options?: SmsOptionsInput;
    dir?: string;
    startService?: boolean;
  } = {},
): Promise<Gateway> {
  const sim =
    opts.sim ?? new SimulatedModem({ profile: "SIM800", timing: "instant", ...opts.simOptions });
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), "smsgw-sms-")));
  const channel = new AtChannel({ open: sim.transport, reconnect: false, staleMs: STALE_MS });
  const modem = new Modem({ channel });
  await startModem(modem);
  const store = await openSmsStore(dir);
  const service = new SmsService({
    modem,
    store,
    options: { deliveryReports: false, sweepIntervalMs: 0, ...opts.options },
  });
  const events: OutboundMessage[] = [];
  const inbound: InboundMessage[] = [];
  service.on("outbound", (m) => events.push(m));
  service.on("inbound", (m) => inbound.push(m));
  if (opts.startService !== false) await service.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await service.stop();
    await store.close?.();
    await modem.stop();
  };
  return {
    sim,
    channel,
    modem,
    async loseNetwork() {
      sim.dropRegistration();
      await until(() => modem.state !== "ready");
    },
    async regainNetwork() {
      sim.restoreRegistration();
      await until(() => modem.state === "ready");
    },
    store,
    service,
    dir,
    events,
    inbound,
    stop,
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the modem and waits until it is ready. On fake time the lifecycle's own timers must
 * be advanced to get there; the clock is then set back to where the test had put it, so a
 * test's "now" (and every timestamp it checks) is the same as if the modem had been ready at
 * once. Pending timers keep their delays (setSystemTime moves them with the clock).
 */
async function startModem(modem: Modem): Promise<void> {
  const now = Date.now();
  await modem.start();
  await until(() => modem.state === "ready", { stepMs: 10 });
  if (vi.isFakeTimers()) vi.setSystemTime(now);
}

/**
 * Lets the gateway work until `done()` holds: real I/O (fsync'd file writes) needs real turns
 * of the event loop; fake timers, when on, are advanced by `stepMs` each turn. Fails after
 * `realMs` of wall time (a guard against a hang, not a timing assumption).
 */
export async function until(
  done: () => boolean,
  opts: { stepMs?: number; realMs?: number } = {},
): Promise<void> {
  const deadline = performance.now() + (opts.realMs ?? 10_000);
  while (!done()) {
    if (performance.now() > deadline) throw new Error("condition not reached");
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(opts.stepMs ?? 0);
    await new Promise((r) => setImmediate(r));
  }
}

export function statuses(events: readonly OutboundMessage[], id: string): string[] {
  return events.filter((e) => e.id === id).map((e) => e.status);
}

/** Everything on disk under `dir` as one text (to check that something is durable). */
export function storeText(dir: string): string {
  let text = "";
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    try {
      if (statSync(p).isDirectory()) text += storeText(p);
      else text += readFileSync(p, "utf8");
    } catch {
      // renamed away between readdir and read (a temp file)
    }
  }
  return text;
}
