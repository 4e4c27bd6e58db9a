import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HealthMonitor } from "../../src/health/index.js";
import type { OutboundMessage } from "../../src/sms/types.js";

/** The monitor on fake parts: a modem and an SMS service that only emit and list. */
function parts() {
  const modem = Object.assign(new EventEmitter(), { state: "ready", info: {} });
  let listed = 0;
  const service = Object.assign(new EventEmitter(), {
    list: (): OutboundMessage[] => {
      listed++;
      return [];
    },
  });
  return { modem, service, listed: () => listed };
}

const outcome = (id: string, status: OutboundMessage["status"]) =>
  ({ id, status, createdAt: new Date().toISOString() }) as OutboundMessage;

let monitor: HealthMonitor | undefined;
afterEach(() => {
  monitor?.stop();
  vi.useRealTimers();
});

describe("the health monitor", () => {
  it("builds the document once for a burst of message outcomes, not once per message", async () => {
    vi.useFakeTimers();
    const p = parts();
    monitor = new HealthMonitor({ ...p, storeDir: "/", version: "1" });
    monitor.watch(30_000);
    await vi.advanceTimersByTimeAsync(10);
    const before = p.listed();
    for (let i = 0; i < 1000; i++) p.service.emit("outbound", outcome(`m${i}`, "sent"));
    await vi.advanceTimersByTimeAsync(1_500);
    expect(p.listed() - before).toBe(1);
  });

  it("counts failed and finished messages of the last hour only", async () => {
    vi.useFakeTimers();
    const p = parts();
    monitor = new HealthMonitor({ ...p, storeDir: "/", version: "1" });
    p.service.emit("outbound", outcome("old", "failed"));
    await vi.advanceTimersByTimeAsync(3_600_001);
    p.service.emit("outbound", outcome("a", "sent"));
    p.service.emit("outbound", outcome("b", "failed"));
    const check = (await monitor.current()).checks["messages:failed"];
    expect([check?.observedValue, check?.status]).toEqual([1, "warn"]);
  });

  it("announces a change when the modem's state changes the status", async () => {
    const p = parts();
    monitor = new HealthMonitor({ ...p, storeDir: "/", version: "1" });
    const seen: string[] = [];
    monitor.on("change", (d) => seen.push(d.status));
    monitor.watch(30_000);
    await vi.waitFor(() => expect(seen).toEqual(["pass"]));
    p.modem.state = "recovering";
    p.modem.emit("state");
    await vi.waitFor(() => expect(seen).toEqual(["pass", "fail"]));
  });
});

describe("the health monitor's latest document", () => {
  it("is the last one announced, for a bridge that connects later", async () => {
    const p = parts();
    monitor = new HealthMonitor({ ...p, storeDir: "/", version: "1" });
    const seen: string[] = [];
    monitor.on("change", (d) => seen.push(d.status));
    monitor.watch(30_000);
    p.modem.state = "recovering";
    p.modem.emit("state");
    await vi.waitFor(() => expect(seen).toEqual(["fail"]));
    expect(monitor.latest?.status).toBe("fail");
  });
});
