import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { collectWhenIdle } from "../../src/cli/idle-collect.js";

/** The full GC that `smsgw run` does once traffic has stopped. */

let service: EventEmitter;
let collections: number;
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  service = new EventEmitter();
  collections = 0;
  stop = collectWhenIdle(service, {
    quietMs: 10_000,
    collect: () => {
      collections++;
    },
  }).stop;
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe("collecting when the gateway goes quiet", () => {
  it("collects once, 10 s after the last message event", () => {
    service.emit("outbound");
    vi.advanceTimersByTime(9_999);
    const before = collections;
    vi.advanceTimersByTime(1);
    expect([before, collections]).toEqual([0, 1]);
  });

  it("waits while messages keep coming", () => {
    for (let i = 0; i < 30; i++) {
      service.emit(i % 2 === 0 ? "outbound" : "inbound");
      vi.advanceTimersByTime(1_000);
    }
    expect(collections).toBe(0);
  });

  it("does not collect again while nothing happens", () => {
    service.emit("inbound");
    vi.advanceTimersByTime(600_000);
    expect(collections).toBe(1);
  });

  it("collects again after the next burst", () => {
    service.emit("outbound");
    vi.advanceTimersByTime(10_000);
    service.emit("outbound");
    vi.advanceTimersByTime(10_000);
    expect(collections).toBe(2);
  });

  it("never collects after it was stopped", () => {
    service.emit("outbound");
    stop();
    vi.advanceTimersByTime(60_000);
    expect(collections).toBe(0);
  });
});
