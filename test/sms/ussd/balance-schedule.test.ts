import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AtChannel } from "../../../src/modem/at/index.js";
import { SimulatedModem } from "../../../src/simulator/index.js";
import type { InboundMessage } from "../../../src/sms/types.js";
import { BalanceMonitor, type BalanceReading, UssdService } from "../../../src/sms/ussd/index.js";

let sim: SimulatedModem;
let at: AtChannel;
let ussd: UssdService;
let monitor: BalanceMonitor;

afterEach(async () => {
  await monitor.stop();
  ussd.stop();
  await at.stop();
  await sim.close();
  vi.useRealTimers();
});

describe("the scheduled balance check", () => {
  it("dials the code at the cron time and emits the amount", async () => {
    vi.useFakeTimers({ now: new Date(2026, 0, 5, 7, 59, 30) });
    sim = new SimulatedModem({ timing: "instant" });
    at = new AtChannel({ open: sim.transport, reconnect: false, staleMs: 50 });
    await at.start();
    ussd = new UssdService({ at, modem: { state: "ready" } });
    ussd.start();
    // No inbound SMS in this test: the SMS side is a bare emitter.
    const sms = new EventEmitter<{ inbound: [InboundMessage] }>();
    monitor = new BalanceMonitor({
      code: "*100#",
      cron: "0 8 * * *",
      parse: /(?<amount>\d+[.,]\d+)\s*(?<currency>EUR)/,
      ussd,
      sms,
    });
    const readings: BalanceReading[] = [];
    monitor.on("balance", (b) => readings.push(b));
    await monitor.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(readings).toEqual([]);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(readings).toEqual([expect.objectContaining({ amount: 12.34, currency: "EUR" })]);
  });
});
