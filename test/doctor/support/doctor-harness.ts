import { Duplex } from "node:stream";
import { vi } from "vitest";
import { type DoctorOptions, runDoctor } from "../../../src/doctor/index.js";
import type { DoctorReport } from "../../../src/doctor/types.js";
import type { OpenTransport } from "../../../src/modem/transport/types.js";
import { SimulatedModem, type SimulatedModemOptions } from "../../../src/simulator/index.js";

/** A port with nothing on the other end: writes vanish, nothing ever comes back. */
export const silentTransport: OpenTransport = () =>
  Promise.resolve(
    new Duplex({
      read() {},
      write(_chunk, _enc, done) {
        done();
      },
    }),
  );

const modems: SimulatedModem[] = [];

/** An instant simulator; closed by closeModems() (call it in afterEach). */
export function simulator(opts: SimulatedModemOptions = {}): SimulatedModem {
  const sim = new SimulatedModem({ timing: "instant", ...opts });
  modems.push(sim);
  return sim;
}

export async function closeModems(): Promise<void> {
  for (const m of modems.splice(0)) await m.close();
}

/** The doctor against an in-process simulator, host checks off (they have their own tests). */
export function doctorOn(
  sim: SimulatedModem,
  extra: Partial<DoctorOptions> = {},
): Promise<DoctorReport> {
  return runDoctor({ port: "/dev/ttySIM", open: () => sim.transport, host: false, ...extra });
}

/**
 * Runs a doctor whose probes time out, under fake timers (no real waiting): advances the clock
 * until the promise settles.
 */
export async function withFakeClock<T>(start: () => Promise<T>): Promise<T> {
  // performance stays real: it bounds the loop below in wall time.
  vi.useFakeTimers({
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
  });
  try {
    let done = false;
    const p = start().finally(() => {
      done = true;
    });
    // Until it settles (bounded by wall time, not by steps: the host checks do real file I/O,
    // which may need more turns of the event loop than a fixed number of steps gives it).
    const deadline = performance.now() + 15_000;
    while (!done && performance.now() < deadline) await vi.advanceTimersByTimeAsync(50);
    return await p;
  } finally {
    vi.useRealTimers();
  }
}
