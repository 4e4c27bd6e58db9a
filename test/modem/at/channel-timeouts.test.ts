import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AtChannel, AtError } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

let at: AtChannel;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await at.stop();
  vi.useRealTimers();
});

const reject = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as AtError,
  );

describe("timeouts and cancellation", () => {
  it("rejects with at.timeout after the command's own timeout", async () => {
    ({ at } = await openChannel({ onCommand: () => undefined }));
    const p = reject(at.run({ command: "AT+CSQ", timeoutMs: 2000 }));
    await vi.advanceTimersByTimeAsync(1999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await p)?.code).toBe("at.timeout");
  });

  it("uses 5 s when the command sets no timeout", async () => {
    ({ at } = await openChannel({ onCommand: () => undefined }));
    const p = reject(at.run({ command: "AT" }));
    await vi.advanceTimersByTimeAsync(5000);
    expect((await p)?.code).toBe("at.timeout");
  });

  it("leaves no timer behind after a timeout (once the stale window has passed)", async () => {
    ({ at } = await openChannel({ onCommand: (c) => (c === "AT+OK" ? frame("OK") : undefined) }));
    const p = reject(at.run({ command: "AT+HANG", timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    await p;
    const next = at.run({ command: "AT+OK" });
    await vi.advanceTimersByTimeAsync(300);
    await next;
    expect(vi.getTimerCount()).toBe(0);
  });

  it("swallows the late OK of a timed-out command instead of giving it to the next one", async () => {
    const ch = await openChannel({
      onCommand: (c) => (c === "AT+CSQ" ? frame("+CSQ: 9,99", "OK") : undefined),
    });
    at = ch.at;
    const slow = reject(at.run({ command: "AT+SLOW", timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    await slow;
    const next = at.run({ command: "AT+CSQ" });
    ch.modem.send(frame("OK")); // the slow command's answer, too late
    expect((await next).lines).toEqual(["+CSQ: 9,99"]);
  });

  it("rejects with at.aborted when the signal fires while the command is on the wire", async () => {
    ({ at } = await openChannel({ onCommand: () => undefined }));
    const ac = new AbortController();
    const p = reject(at.run({ command: "AT+COPS=?", timeoutMs: 180_000, signal: ac.signal }));
    await vi.advanceTimersByTimeAsync(10);
    ac.abort();
    expect((await p)?.code).toBe("at.aborted");
  });

  it("removes an aborted command from the queue without sending it", async () => {
    const ch = await openChannel({ onCommand: () => undefined });
    at = ch.at;
    const first = reject(at.run({ command: "AT+FIRST", timeoutMs: 1000 }));
    const ac = new AbortController();
    const second = reject(at.run({ command: "AT+SECOND", signal: ac.signal }));
    ac.abort();
    expect((await second)?.code).toBe("at.aborted");
    await vi.advanceTimersByTimeAsync(2000);
    await first;
    expect(ch.modem.commands).toEqual(["AT+FIRST"]);
  });

  it("rejects at once when the signal is already aborted", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("OK") }));
    expect((await reject(at.run({ command: "AT", signal: AbortSignal.abort() })))?.code).toBe(
      "at.aborted",
    );
  });

  it("accepts Wavecom's +CPIN: READY without OK after a quiet second", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("+CPIN: READY") }));
    const p = at.run({ command: "AT+CPIN?" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await p).toEqual({ command: "AT+CPIN?", lines: ["+CPIN: READY"], final: "" });
  });

  it("times out waiting for a URC and removes the waiter", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("OK") }));
    const p = reject(at.waitForUrc((u) => u.name === "SMS Ready", 30_000));
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await p)?.code).toBe("at.timeout");
    expect(vi.getTimerCount()).toBe(0);
  });
});
