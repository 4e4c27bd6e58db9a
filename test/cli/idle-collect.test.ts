import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { collectWhenIdle } from "../../src/cli/idle-collect.js";

/** The full GC that `smsgw run` does once traffic has stopped. */

let service: EventEmitter;
let collections: number;
let passes: number[];
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  service = new EventEmitter();
  collections = 0;
  passes = [];
  stop = collectWhenIdle(service, {
    quietMs: 10_000,
    settleMs: 6_000,
    collect: (pass) => {
      collections++;
      passes.push(pass);
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

  it("collects a second time 6 s after the first, so V8 sees no allocation and shrinks the young generation", () => {
    service.emit("outbound");
    vi.advanceTimersByTime(15_999);
    const before = [...passes];
    vi.advanceTimersByTime(1);
    expect([before, passes]).toEqual([[1], [1, 2]]);
  });

  it("does not collect again while nothing happens", () => {
    service.emit("inbound");
    vi.advanceTimersByTime(600_000);
    expect(passes).toEqual([1, 2]);
  });

  it("starts over when a message comes between the two collections", () => {
    service.emit("outbound");
    vi.advanceTimersByTime(12_000);
    service.emit("inbound");
    vi.advanceTimersByTime(9_999);
    expect(passes).toEqual([1]);
    vi.advanceTimersByTime(16_001);
    expect(passes).toEqual([1, 1, 2]);
  });

  it("collects again after the next burst", () => {
    service.emit("outbound");
    vi.advanceTimersByTime(16_000);
    service.emit("outbound");
    vi.advanceTimersByTime(16_000);
    expect(passes).toEqual([1, 2, 1, 2]);
  });

  it("never collects after it was stopped", () => {
    service.emit("outbound");
    stop();
    vi.advanceTimersByTime(60_000);
    expect(collections).toBe(0);
  });
});
