import { afterEach, describe, expect, it, vi } from "vitest";
import { AtChannel, type AtError } from "../../../src/modem/at/index.js";
import { frame, ScriptedModem } from "./support/scripted-modem.js";

let at: AtChannel;
afterEach(async () => {
  await at.stop();
  vi.useRealTimers();
});

function factory(answer = true) {
  const modems: ScriptedModem[] = [];
  const open = async () => {
    const m = new ScriptedModem({ onCommand: () => (answer ? frame("OK") : undefined) });
    modems.push(m);
    return m.host;
  };
  return { open, modems };
}

describe("reopen on demand (the healing ladder's transport step)", () => {
  it("opens a fresh port object and answers commands on it", async () => {
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    await at.reopen();
    expect([f.modems.length, f.modems[0]!.host === f.modems[1]!.host]).toEqual([2, false]);
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });

  it("fails the command that was on the old port with at.closed", async () => {
    const f = factory(false);
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    const onWire = at.run({ command: "AT+CSQ" }).then(
      () => undefined,
      (e: unknown) => e as AtError,
    );
    await new Promise((r) => setImmediate(r));
    await at.reopen();
    expect((await onWire)?.code).toBe("at.closed");
  });
});

/** Opens that the test holds back (a USB port still enumerating) when `slow` is set. */
function slowFactory() {
  const modems: ScriptedModem[] = [];
  const held: Array<() => void> = [];
  const state = { slow: false };
  const open = async () => {
    const m = new ScriptedModem({ onCommand: () => frame("OK") });
    modems.push(m);
    if (state.slow) await new Promise<void>((resolve) => held.push(resolve));
    return m.host;
  };
  return { open, modems, held, state };
}

describe("reopen while the channel reconnects by itself", () => {
  it("replaces the port its own reconnect was opening, leaving one live port", async () => {
    vi.useFakeTimers();
    const f = slowFactory();
    at = new AtChannel({ open: f.open, reconnect: { minMs: 100, maxMs: 100 } });
    await at.start();
    f.state.slow = true;
    f.modems[0]!.unplug();
    await vi.advanceTimersByTimeAsync(100); // the automatic reopen now waits for its port
    f.state.slow = false;
    const reopened = at.reopen();
    for (const release of f.held) release();
    await reopened;
    expect(f.modems.map((m) => m.host.destroyed)).toEqual([true, true, false]);
  });

  it("answers commands on the port it opened", async () => {
    vi.useFakeTimers();
    const f = slowFactory();
    at = new AtChannel({ open: f.open, reconnect: { minMs: 100, maxMs: 100 } });
    await at.start();
    f.state.slow = true;
    f.modems[0]!.unplug();
    await vi.advanceTimersByTimeAsync(100);
    f.state.slow = false;
    const reopened = at.reopen();
    for (const release of f.held) release();
    await reopened;
    expect((await at.run({ command: "AT" })).final).toBe("OK");
    expect(f.modems[2]!.commands).toEqual(["AT"]);
  });

  it("cancels the pending reconnect: no further port after its delay", async () => {
    vi.useFakeTimers();
    const f = slowFactory();
    at = new AtChannel({ open: f.open, reconnect: { minMs: 1000, maxMs: 1000 } });
    await at.start();
    f.modems[0]!.unplug();
    await vi.advanceTimersByTimeAsync(0);
    await at.reopen();
    await vi.advanceTimersByTimeAsync(5000);
    expect([f.modems.length, at.isOpen]).toEqual([2, true]);
  });
});

describe("restart after stop", () => {
  it("runs commands again after stop() then start()", async () => {
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    await at.stop();
    await at.start();
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });
});
