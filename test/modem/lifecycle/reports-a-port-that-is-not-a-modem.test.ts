import { Duplex } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AtChannel } from "../../../src/modem/at/channel.js";
import { Modem, type StateChange } from "../../../src/modem/modem.js";
import { type Harness, harness } from "./support/harness.js";

const timing = {
  healthIntervalMs: 10_000,
  recoverBaseMs: 1000,
  recoverMaxMs: 8000,
  maxRounds: 3,
  failedRetryMs: 300_000,
};

describe("a port where nothing answers AT (a socat end, an unpowered module)", () => {
  let h: Harness;
  afterEach(() => h.close());

  async function silent(): Promise<void> {
    h = await harness({ sim: { poweredOn: false }, modem: { timing } });
    await h.modem.start();
    await h.untilState("failed", 300_000);
  }

  it("ends failed with the reason not-a-modem after one round of the ladder", async () => {
    await silent();
    expect([h.modem.reason, h.reopens]).toEqual(["not-a-modem", 1]);
  });

  it("never claims to have recovered", async () => {
    await silent();
    expect(h.changes.map((c) => c.reason).filter((r) => r.startsWith("recovered-by"))).toEqual([]);
  });

  it("raises one alert", async () => {
    await silent();
    expect(h.alerts).toHaveLength(1);
  });
});

describe("a failed modem that answers again without a word (its hang ended)", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("is noticed within one health interval, not at the next slow ladder step", async () => {
    h = await harness({ modem: { timing } });
    h.sim.hang(true);
    await h.modem.start();
    await h.untilState("failed", 300_000);
    h.sim.hang(false);
    await h.advance(timing.healthIntervalMs + 1000);
    expect(h.modem.state).not.toBe("failed");
  });

  it("then comes back ready", async () => {
    h = await harness({ modem: { timing } });
    h.sim.hang(true);
    await h.modem.start();
    await h.untilState("failed", 300_000);
    h.sim.hang(false);
    await h.untilState("ready", 60_000);
    expect(h.modem.reason).toBe("registered");
  });
});

/** A device that answers every write with line noise (another device, the wrong baud rate). */
class NoisyPort extends Duplex {
  override _read(): void {}
  override _write(_chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.push(Buffer.from([0xf0, 0x80, 0x1c, 0xfe, 0x7e, 0x0d, 0x0a]));
    cb();
  }
}

describe("a port that answers garbage", () => {
  let modem: Modem;
  const changes: StateChange[] = [];
  afterEach(async () => {
    await modem.stop();
    changes.length = 0;
    vi.useRealTimers();
  });

  it("is reported as not-a-modem, not as a recovered modem", async () => {
    vi.useFakeTimers();
    const channel = new AtChannel({ open: async () => new NoisyPort() });
    modem = new Modem({ channel, timing });
    modem.on("state", (c: StateChange) => changes.push(c));
    await modem.start();
    for (let t = 0; t < 300_000 && modem.state !== "failed"; t += 500)
      await vi.advanceTimersByTimeAsync(500);
    expect([modem.state, modem.reason]).toEqual(["failed", "not-a-modem"]);
  });
});
