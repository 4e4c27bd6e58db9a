import type { Duplex } from "node:stream";
import { isSmsgwError, SmsgwError } from "../errors.js";
import { AtChannel } from "../modem/at/index.js";
import type { OpenTransport } from "../modem/transport/types.js";

/** Rates the modules we support ship with or are commonly set to (SIM800 autobauds up to 115200). */
export const BAUD_RATES = [115200, 57600, 38400, 19200, 9600] as const;

export interface ProbeOptions {
  /** A transport for the port at one baud rate (the rate is ignored for sockets). */
  open: (baudRate: number) => OpenTransport;
  /** Rates in the order to try. */
  rates: readonly number[];
  /**
   * `AT`s per rate. SIM800 autobauds: it needs a few `AT`s before the first `OK`,
   * and the first one at a wrong rate is often lost in line noise.
   */
  attempts?: number;
  /** Per `AT`, ms. Even at 9600 baud `AT\r\r\nOK\r\n` takes about 12 ms. */
  timeoutMs?: number;
}

export interface ProbeResult {
  /** The rate that answered `OK`, null when none did. */
  rate: number | null;
  tried: number[];
  /** Open and synced at `rate`: the caller runs the report over it, then calls close(). */
  channel: AtChannel | null;
  /** Stops the channel and closes the port. */
  close: () => Promise<void>;
  /** The port could not be opened at all (missing, permission, locked): probing stops. */
  openError: SmsgwError | null;
}

/** The order to try: the rate the user gave first, then the usual ones. */
export function probeOrder(given?: number): number[] {
  const rest = BAUD_RATES.filter((r) => r !== given);
  return given === undefined ? [...rest] : [given, ...rest];
}

/**
 * Finds the rate at which the modem answers `AT` with `OK`. Each rate gets a fresh port object
 * (a serial port's rate is fixed when it opens). Stops at the first that answers and hands
 * back that channel; stops early when the port cannot be opened at all.
 */
export async function probeBaud(opts: ProbeOptions): Promise<ProbeResult> {
  const attempts = opts.attempts ?? 3;
  const timeoutMs = opts.timeoutMs ?? 300;
  const tried: number[] = [];
  for (const rate of opts.rates) {
    tried.push(rate);
    let port: Duplex | undefined;
    const open: OpenTransport = async (signal) => {
      port = await opts.open(rate)(signal);
      return port;
    };
    // staleMs: after a timed-out AT wait briefly for a late answer, not the default 300 ms.
    const channel = new AtChannel({
      open,
      reconnect: false,
      logName: "doctor:probe",
      defaultTimeoutMs: timeoutMs,
      staleMs: 50,
    });
    const close = async () => {
      await channel.stop();
      await closePort(port);
    };
    try {
      await channel.start();
    } catch (err) {
      await close();
      return {
        rate: null,
        tried,
        channel: null,
        close: async () => {},
        openError: asOpenError(err),
      };
    }
    if (await answers(channel, attempts, timeoutMs))
      return { rate, tried, channel, close, openError: null };
    await close();
  }
  return { rate: null, tried, channel: null, close: async () => {}, openError: null };
}

/**
 * A SerialPort is not closed by destroy() (its stream has no _destroy): the fd, the lock and
 * the read poller stay, so the next rate's open fails with "Cannot lock port" and the process
 * never exits. Close it explicitly and wait until the binding has let go.
 */
async function closePort(port: Duplex | undefined): Promise<void> {
  const serial = port as
    | (Duplex & { isOpen?: boolean; close?: (cb: () => void) => void })
    | undefined;
  if (serial?.isOpen !== true || typeof serial.close !== "function") return;
  await new Promise<void>((resolve) => serial.close!(() => resolve()));
}

async function answers(channel: AtChannel, attempts: number, timeoutMs: number): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      const r = await channel.run({ command: "AT", timeoutMs });
      if (r.final === "OK") return true;
    } catch (err) {
      // The port went away mid-probe: no point trying more AT on it.
      if (isSmsgwError(err, "at.closed")) return false;
    }
  }
  return false;
}

function asOpenError(err: unknown): SmsgwError {
  if (err instanceof SmsgwError) return err;
  return new SmsgwError("transport.open-failed", err instanceof Error ? err.message : String(err), {
    cause: err,
  });
}
