import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AtChannel, type AtError } from "../../../src/modem/at/index.js";
import { frame, ScriptedModem } from "./support/scripted-modem.js";

let at: AtChannel;
afterEach(async () => {
  await at.stop();
  vi.useRealTimers();
});

/** Each open() builds a fresh modem + port, like a USB modem that re-enumerates. */
function factory(opts: { failFirst?: number; answer?: boolean } = {}) {
  const modems: ScriptedModem[] = [];
  const ports: Duplex[] = [];
  let calls = 0;
  const open = async () => {
    calls++;
    if (calls <= (opts.failFirst ?? 0)) throw new Error("ENOENT: no such file /dev/ttyUSB2");
    const m = new ScriptedModem({
      onCommand: () => (opts.answer === false ? undefined : frame("OK")),
    });
    modems.push(m);
    ports.push(m.host);
    return m.host;
  };
  return { open, modems, ports, calls: () => calls };
}

const reject = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as AtError,
  );

describe("disconnect and reopen", () => {
  it("fails the command on the wire and every queued one with at.closed at once", async () => {
    const f = factory({ answer: false });
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    const onWire = reject(at.run({ command: "AT+CMGS=23", prompt: { data: "00" } }));
    const queued = reject(at.run({ command: "AT+CSQ" }));
    await new Promise((r) => setImmediate(r));
    f.modems[0]!.unplug();
    expect([(await onWire)?.code, (await queued)?.code]).toEqual(["at.closed", "at.closed"]);
  });

  it("emits close, then reopens with a fresh port object and emits open", async () => {
    vi.useFakeTimers();
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: { minMs: 1000, maxMs: 8000 } });
    await at.start();
    const events: string[] = [];
    at.on("close", () => events.push("close"));
    at.on("open", () => events.push("open"));
    f.modems[0]!.unplug(new Error("EIO"));
    await vi.advanceTimersByTimeAsync(0);
    expect([events, at.isOpen]).toEqual([["close"], false]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(["close", "open"]);
    expect(f.ports[1]).not.toBe(f.ports[0]);
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });

  it("keeps trying to open at start until the device appears, then start() resolves", async () => {
    vi.useFakeTimers();
    const f = factory({ failFirst: 2 });
    at = new AtChannel({ open: f.open, reconnect: { minMs: 100, maxMs: 1000 } });
    let started = false;
    const p = at.start().then(() => {
      started = true;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect([started, f.calls()]).toEqual([false, 2]);
    await vi.advanceTimersByTimeAsync(200);
    await p;
    expect([started, f.calls(), at.isOpen]).toEqual([true, 3, true]);
  });

  it("rejects start() when the first open fails and reconnect is off", async () => {
    const f = factory({ failFirst: 1 });
    at = new AtChannel({ open: f.open, reconnect: false });
    await expect(at.start()).rejects.toThrow(/ENOENT/);
  });

  it("rejects commands with at.closed while the transport is down", async () => {
    vi.useFakeTimers();
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: { minMs: 1000, maxMs: 8000 } });
    await at.start();
    f.modems[0]!.unplug();
    await vi.advanceTimersByTimeAsync(0);
    expect((await reject(at.run({ command: "AT" })))?.code).toBe("at.closed");
  });

  it("doubles the delay after each failed reopen up to the maximum", async () => {
    vi.useFakeTimers();
    const f = factory();
    let failing = false;
    const open = async () => {
      if (failing) throw new Error("ENOENT");
      return f.open();
    };
    at = new AtChannel({ open, reconnect: { minMs: 100, maxMs: 350 } });
    await at.start();
    const delays: number[] = [];
    at.on("reconnecting", (e: { delayMs: number }) => delays.push(e.delayMs));
    failing = true;
    f.modems[0]!.unplug();
    await vi.advanceTimersByTimeAsync(100 + 200 + 350);
    failing = false;
    await vi.advanceTimersByTimeAsync(350);
    expect(delays).toEqual([100, 200, 350, 350]);
    expect(at.isOpen).toBe(true);
  });

  it("stays closed after stop()", async () => {
    vi.useFakeTimers();
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: { minMs: 10, maxMs: 10 } });
    await at.start();
    await at.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect([at.isOpen, f.calls()]).toEqual([false, 1]);
  });
});
