import { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type DlrFetch, KannelDlr } from "../../../src/http/kannel/dlr-callbacks.js";
import type { OutboundMessage } from "../../../src/sms/types.js";

/** dlr-url callbacks: durable before the answer, sent in order, retried with a doubling wait. */

class FakeService extends EventEmitter {
  readonly messages = new Map<string, OutboundMessage>();
  get(id: string) {
    return this.messages.get(id);
  }
  /** The message moves to `status`, as the SMS service announces it. */
  move(id: string, to: string, status: OutboundMessage["status"]) {
    const m: OutboundMessage = {
      id,
      to,
      text: "t",
      status,
      parts: 1,
      partsSent: status === "queued" ? 0 : 1,
      encoding: "gsm7",
      priority: "normal",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: new Date().toISOString(),
    };
    this.messages.set(id, m);
    this.emit("outbound", m);
  }
}

let dir: string;
let service: FakeService;
let dlr: KannelDlr | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kannel-dlr-"));
  service = new FakeService();
});
afterEach(async () => {
  vi.useRealTimers();
  await dlr?.close();
  dlr = undefined;
  await rm(dir, { recursive: true, force: true });
});

const WATCH = { url: "http://r.example/s?id=%I&status=%d&to=%P", mask: 31, from: "", smsc: "" };

/** A fetch that answers each URL from `answers` in turn (a number is a status, else a network error). */
function scripted(answers: Array<number | "down">) {
  const calls: string[] = [];
  const fetch: DlrFetch = async (url) => {
    calls.push(url);
    const a = answers.shift() ?? 200;
    if (a === "down") throw new Error("connect ECONNREFUSED");
    return a;
  };
  return { calls, fetch };
}

/**
 * Waits (on real I/O, not on the clock) until `check` passes: with fake timers, vi.waitFor
 * would move the clock itself.
 */
async function until(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (err) {
      if (i > 2000) throw err;
      await new Promise((r) => setImmediate(r));
    }
  }
}

async function open(fetch: DlrFetch) {
  dlr = await KannelDlr.open(dir, service as never, { fetch });
  dlr.start();
  return dlr;
}

describe("dlr-url callbacks", () => {
  it("each state in the dlr-mask is fetched once, in order: 8 on sent, then 1 on delivered", async () => {
    const { calls, fetch } = scripted([]);
    const d = await open(fetch);
    await d.watch("k1", ["k1"], WATCH);
    service.move("k1", "+491701234567", "sending");
    service.move("k1", "+491701234567", "sent");
    service.move("k1", "+491701234567", "delivered");
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual([
      "http://r.example/s?id=k1&status=8&to=%2B491701234567",
      "http://r.example/s?id=k1&status=1&to=%2B491701234567",
    ]);
    await vi.waitFor(() => expect(d.pending()).toEqual([]));
  });

  it("a state outside the dlr-mask is not fetched", async () => {
    const { calls, fetch } = scripted([]);
    const d = await open(fetch);
    await d.watch("k2", ["k2"], { ...WATCH, mask: 1 });
    service.move("k2", "+491701234567", "sent");
    service.move("k2", "+491701234567", "delivered");
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await d.settled();
    expect(calls[0]).toContain("status=1");
  });

  it("the messages of another request are not reported", async () => {
    const { calls, fetch } = scripted([]);
    const d = await open(fetch);
    await d.watch("k3", ["k3"], WATCH);
    service.move("other", "+491701234567", "sent");
    await d.settled();
    expect(calls).toEqual([]);
  });

  it("a failed fetch is retried after 10 s, 20 s, 40 s …, and the next callback waits its turn", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { calls, fetch } = scripted(["down", 500, 503]);
    const d = await open(fetch);
    await d.watch("k4", ["k4"], WATCH);
    service.move("k4", "+491701234567", "sent");
    service.move("k4", "+491701234567", "delivered");
    await until(() => expect(calls).toHaveLength(1));
    await until(() => expect(d.pending()[0]?.attempts).toBe(1));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(calls).toHaveLength(2));
    await until(() => expect(d.pending()[0]?.attempts).toBe(2));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(d.pending()[0]?.attempts).toBe(3));
    await vi.advanceTimersByTimeAsync(40_000);
    // The fourth attempt succeeds; the delivered callback follows at once.
    await until(() => expect(calls).toHaveLength(5));
    expect(calls.map((u) => /status=(\d+)/.exec(u)?.[1])).toEqual(["8", "8", "8", "8", "1"]);
    await until(() => expect(d.pending()).toEqual([]));
  });

  it("after 14 failed attempts a callback is given up and the next one goes out", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { calls, fetch } = scripted(Array.from({ length: 14 }, () => 500));
    const d = await open(fetch);
    await d.watch("k5", ["k5"], WATCH);
    service.move("k5", "+491701234567", "sent");
    service.move("k5", "+491701234567", "delivered");
    for (let i = 1; i <= 14; i++) {
      await until(() => expect(calls).toHaveLength(i));
      await vi.advanceTimersByTimeAsync(3_600_000);
    }
    await until(() => expect(calls).toHaveLength(15));
    expect(calls.at(-1)).toContain("status=1");
  });

  it("a pending callback survives a restart and is sent by the next process", async () => {
    const first = scripted(["down"]);
    const d = await open(first.fetch);
    await d.watch("k6", ["k6"], WATCH);
    service.move("k6", "+491701234567", "sent");
    await vi.waitFor(() => expect(d.pending()[0]?.attempts).toBe(1));
    await d.close();
    const second = scripted([]);
    dlr = await KannelDlr.open(dir, service as never, {
      fetch: second.fetch,
      now: () => Date.now() + 60_000,
    });
    dlr.start();
    await vi.waitFor(() =>
      expect(second.calls).toEqual(["http://r.example/s?id=k6&status=8&to=%2B491701234567"]),
    );
  });

  it("a state change missed while stopped is reported on start", async () => {
    const { calls, fetch } = scripted([]);
    let d = await open(fetch);
    await d.watch("k7", ["k7"], WATCH);
    await d.close();
    service.move("k7", "+491701234567", "sent");
    d = await open(fetch);
    await vi.waitFor(() =>
      expect(calls).toEqual(["http://r.example/s?id=k7&status=8&to=%2B491701234567"]),
    );
  });

  it("a list's messages (<id>:<number>) report to the request's dlr-url, each with its receiver", async () => {
    const { calls, fetch } = scripted([]);
    const d = await open(fetch);
    await d.watch("k8", ["k8:+491701111111", "k8:+491702222222"], WATCH);
    service.move("k8:+491701111111", "+491701111111", "sent");
    service.move("k8:+491702222222", "+491702222222", "failed");
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual([
      "http://r.example/s?id=k8%3A%2B491701111111&status=8&to=%2B491701111111",
      "http://r.example/s?id=k8%3A%2B491702222222&status=16&to=%2B491702222222",
    ]);
  });
});

describe("dlr-url callbacks over HTTP", () => {
  it("a loopback receiver gets the GET; a 500 from it is retried until it answers 200", async () => {
    const got: string[] = [];
    let fail = 1;
    const server = createServer((req: IncomingMessage, res) => {
      got.push(req.url ?? "");
      res.statusCode = fail-- > 0 ? 500 : 200;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      dlr = await KannelDlr.open(dir, service as never, {
        retry: { firstMs: 10, maxMs: 10, attempts: 5, timeoutMs: 5_000 },
      });
      dlr.start();
      await dlr.watch("k9", ["k9"], { ...WATCH, url: `http://127.0.0.1:${port}/dlr?s=%d&id=%I` });
      service.move("k9", "+491701234567", "sent");
      await vi.waitFor(() => expect(got).toEqual(["/dlr?s=8&id=k9", "/dlr?s=8&id=k9"]));
      await vi.waitFor(() => expect(dlr?.pending()).toEqual([]));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
