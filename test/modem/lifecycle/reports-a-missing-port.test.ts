import type { Duplex } from "node:stream";
import { setTimeout as realSleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SmsgwError } from "../../../src/errors.js";
import { AtChannel } from "../../../src/modem/at/channel.js";
import { Modem } from "../../../src/modem/modem.js";
import { serialTransport } from "../../../src/modem/transport/index.js";
import type { OpenTransport } from "../../../src/modem/transport/types.js";
import { SimulatedModem } from "../../../src/simulator/index.js";

const MISSING = "/dev/ttyDOES-NOT-EXIST";

let sim: SimulatedModem;
let modem: Modem;

afterEach(async () => {
  await modem.stop();
  await sim.close();
  vi.useRealTimers();
});

/** A modem whose port is missing (a real serial open of a path that does not exist) until `plug`. */
function build(open?: OpenTransport) {
  vi.useFakeTimers();
  sim = new SimulatedModem({ timing: "instant" });
  const state = { plugged: false };
  const missing = serialTransport(MISSING);
  const channel = new AtChannel({
    open:
      open ??
      ((signal) => (state.plugged ? Promise.resolve<Duplex>(sim.openPort()) : missing(signal))),
    reconnect: { minMs: 100, maxMs: 2000 },
  });
  modem = new Modem({ channel, timing: { healthIntervalMs: 10_000 } });
  return {
    plug: () => {
      state.plugged = true;
    },
  };
}

/**
 * Advances fake time until `pred` holds, with a real millisecond after each step: the open of the
 * missing path fails in libuv (real I/O), and an attempt in flight when the port appears must
 * finish before the next one can find it.
 */
async function until(pred: () => boolean, maxMs: number): Promise<void> {
  for (let t = 0; t <= maxMs && !pred(); t += 100) {
    await vi.advanceTimersByTimeAsync(100);
    await realSleep(1);
  }
}

describe("a modem port that does not exist", () => {
  it("does not hold up the start", async () => {
    build();
    await expect(modem.start()).resolves.toBeUndefined();
  });

  it("is reported as failed with the reason no-port", async () => {
    build();
    await modem.start();
    expect([modem.state, modem.reason]).toEqual(["failed", "no-port"]);
  });

  it("climbs no recovery ladder: no AT is sent while it is missing", async () => {
    build();
    await modem.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect([modem.state, sim.commands]).toEqual(["failed", []]);
  });

  it("is used as soon as it appears (the port keeps being tried)", async () => {
    const { plug } = build();
    await modem.start();
    await vi.advanceTimersByTimeAsync(30_000);
    plug();
    await until(() => modem.state === "ready", 10_000);
    expect(modem.state).toBe("ready");
  });
});

describe("a stop while the port is still opening", () => {
  /** An open that hangs until aborted, like a TCP connect to a host that does not answer. */
  const hanging: OpenTransport = (signal) =>
    new Promise<Duplex>((_resolve, reject) => {
      signal?.addEventListener("abort", () =>
        reject(new SmsgwError("transport.aborted", "opening was aborted")),
      );
    });

  it("ends the start", async () => {
    build(hanging);
    const starting = modem.start();
    await modem.stop();
    await expect(starting).resolves.toBeUndefined();
  });

  it("leaves the modem off, with nothing begun", async () => {
    build(hanging);
    const starting = modem.start();
    await modem.stop();
    await starting;
    await vi.advanceTimersByTimeAsync(60_000);
    expect([modem.state, modem.reason]).toEqual(["off", "not-started"]);
  });
});
