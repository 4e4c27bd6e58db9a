import { EventEmitter } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DLR_FILE, dlrTarget, KannelDlr } from "../../../src/http/kannel/dlr-callbacks.js";
import type { OutboundMessage } from "../../../src/sms/types.js";
import { NO_WEBHOOKS, WebhookEngine } from "../../../src/webhooks/engine.js";
import type { HttpCaller } from "../../../src/webhooks/http-client.js";
import type { RetryPolicy } from "../../../src/webhooks/retry.js";

/**
 * dlr-url callbacks: the watch is durable before the answer; each callback goes through the
 * webhook engine (durable, retried with a doubling wait), one message's in order.
 */

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

const RETRY: RetryPolicy = { attempts: 14, firstMs: 10_000, timeoutMs: 30_000 };

let dir: string;
let service: FakeService;
let closers: Array<() => Promise<void>>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kannel-dlr-"));
  service = new FakeService();
  closers = [];
});
afterEach(async () => {
  vi.useRealTimers();
  for (const c of closers.reverse()) await c();
  await rm(dir, { recursive: true, force: true });
});

const WATCH = { url: "http://r.example/s?id=%I&status=%d&to=%P", mask: 31, from: "", smsc: "" };
const TARGET = "kannel-dlr:r.example";

/** A caller that answers each URL from `answers` in turn (a number is a status, else a network error). */
function scripted(answers: Array<number | "down">) {
  const calls: string[] = [];
  const call: HttpCaller = async (req) => {
    calls.push(req.url);
    const a = answers.shift() ?? 200;
    return a === "down" ? { error: "ECONNREFUSED" } : { status: a };
  };
  return { calls, call };
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

async function open(call?: HttpCaller, retry: RetryPolicy = RETRY) {
  const engine = await WebhookEngine.open(dir, {
    registry: NO_WEBHOOKS,
    retry,
    ...(call === undefined ? {} : { call }),
  });
  const dlr = await KannelDlr.open(dir, service as never, engine);
  closers.push(
    () => engine.close(),
    () => dlr.close(),
  );
  engine.start();
  dlr.start();
  return { dlr, engine };
}

describe("dlr-url callbacks", () => {
  it("each state in the dlr-mask is fetched once, in order: 8 on sent, then 1 on delivered", async () => {
    const { calls, call } = scripted([]);
    const { dlr, engine } = await open(call);
    await dlr.watch("k1", ["k1"], WATCH);
    service.move("k1", "+491701234567", "sending");
    service.move("k1", "+491701234567", "sent");
    service.move("k1", "+491701234567", "delivered");
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual([
      "http://r.example/s?id=k1&status=8&to=%2B491701234567",
      "http://r.example/s?id=k1&status=1&to=%2B491701234567",
    ]);
    await vi.waitFor(() => expect(engine.pending()).toBe(0));
  });

  it("a request whose messages are all final is no longer watched", async () => {
    const { call } = scripted([]);
    const { dlr } = await open(call);
    await dlr.watch("k1", ["k1"], WATCH);
    service.move("k1", "+491701234567", "delivered");
    await dlr.settled();
    expect(dlr.watching()).toEqual([]);
  });

  it("a state outside the dlr-mask is not fetched", async () => {
    const { calls, call } = scripted([]);
    const { dlr } = await open(call);
    await dlr.watch("k2", ["k2"], { ...WATCH, mask: 1 });
    service.move("k2", "+491701234567", "sent");
    service.move("k2", "+491701234567", "delivered");
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await dlr.settled();
    expect(calls[0]).toContain("status=1");
  });

  it("the messages of another request are not reported", async () => {
    const { calls, call } = scripted([]);
    const { dlr } = await open(call);
    await dlr.watch("k3", ["k3"], WATCH);
    service.move("other", "+491701234567", "sent");
    await dlr.settled();
    expect(calls).toEqual([]);
  });

  it("a failed fetch is retried after 10 s, 20 s, 40 s …, and the message's next callback waits its turn", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { calls, call } = scripted(["down", 500, 503]);
    const { dlr, engine } = await open(call);
    await dlr.watch("k4", ["k4"], WATCH);
    service.move("k4", "+491701234567", "sent");
    service.move("k4", "+491701234567", "delivered");
    await until(() => expect(engine.attemptsOf(TARGET)).toHaveLength(1));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(engine.attemptsOf(TARGET)).toHaveLength(2));
    await vi.advanceTimersByTimeAsync(19_999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(engine.attemptsOf(TARGET)).toHaveLength(3));
    await vi.advanceTimersByTimeAsync(40_000);
    // The fourth attempt succeeds; the delivered callback follows at once.
    await until(() => expect(calls).toHaveLength(5));
    expect(calls.map((u) => /status=(\d+)/.exec(u)?.[1])).toEqual(["8", "8", "8", "8", "1"]);
    await until(() => expect(engine.pending()).toBe(0));
  });

  it("another message's callback does not wait for one being retried", async () => {
    const { calls, call } = scripted(["down"]);
    const { dlr, engine } = await open(call);
    await dlr.watch("k10", ["k10:+491701111111", "k10:+491702222222"], WATCH);
    service.move("k10:+491701111111", "+491701111111", "sent");
    await vi.waitFor(() => expect(engine.attemptsOf(TARGET)).toHaveLength(1));
    service.move("k10:+491702222222", "+491702222222", "sent");
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]).toContain("to=%2B491702222222");
  });

  it("after 14 failed attempts a callback is given up and the next one goes out", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { calls, call } = scripted(Array.from({ length: 14 }, () => 500));
    const { dlr, engine } = await open(call);
    await dlr.watch("k5", ["k5"], WATCH);
    service.move("k5", "+491701234567", "sent");
    service.move("k5", "+491701234567", "delivered");
    for (let i = 1; i <= 13; i++) {
      await until(() => expect(engine.attemptsOf(TARGET)).toHaveLength(i));
      await vi.advanceTimersByTimeAsync(10_000 * 2 ** (i - 1));
    }
    await until(() => expect(calls).toHaveLength(15));
    expect(calls.at(-1)).toContain("status=1");
    expect(engine.attemptsOf(TARGET)[1]?.result).toBe("given-up");
  });

  it("a pending callback survives a restart and is sent by the next process", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const first = scripted(["down"]);
    const a = await open(first.call);
    await a.dlr.watch("k6", ["k6"], WATCH);
    service.move("k6", "+491701234567", "sent");
    await until(() => expect(a.engine.attemptsOf(TARGET)).toHaveLength(1));
    await a.dlr.close();
    await a.engine.close();
    const second = scripted([]);
    await open(second.call);
    await vi.advanceTimersByTimeAsync(10_000);
    await until(() =>
      expect(second.calls).toEqual(["http://r.example/s?id=k6&status=8&to=%2B491701234567"]),
    );
  });

  it("a state change missed while stopped is reported on start", async () => {
    const { calls, call } = scripted([]);
    const a = await open(call);
    await a.dlr.watch("k7", ["k7"], WATCH);
    await a.dlr.close();
    await a.engine.close();
    service.move("k7", "+491701234567", "sent");
    await open(call);
    await vi.waitFor(() =>
      expect(calls).toEqual(["http://r.example/s?id=k7&status=8&to=%2B491701234567"]),
    );
  });

  it("a state change seen again after a restart is not queued twice", async () => {
    const { calls, call } = scripted([]);
    const a = await open(call);
    await a.dlr.watch("k12", ["k12", "k13"], WATCH);
    service.move("k12", "+491701234567", "sent");
    await a.dlr.settled();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await a.dlr.close();
    await a.engine.close();
    const b = await open(call);
    // The service announces k12 again (as after a crash before the watch moved on).
    service.emit("outbound", service.get("k12"));
    await b.dlr.settled();
    await b.engine.idle();
    expect(calls).toHaveLength(1);
  });

  it("a list's messages (<id>:<number>) report to the request's dlr-url, each with its receiver", async () => {
    const { calls, call } = scripted([]);
    const { dlr } = await open(call);
    await dlr.watch("k8", ["k8:+491701111111", "k8:+491702222222"], WATCH);
    service.move("k8:+491701111111", "+491701111111", "sent");
    service.move("k8:+491702222222", "+491702222222", "failed");
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual([
      "http://r.example/s?id=k8%3A%2B491701111111&status=8&to=%2B491701111111",
      "http://r.example/s?id=k8%3A%2B491702222222&status=16&to=%2B491702222222",
    ]);
  });

  it("callbacks an earlier version queued itself are sent through the engine", async () => {
    await writeFile(
      join(dir, DLR_FILE),
      JSON.stringify({
        watches: {},
        callbacks: {
          "1": {
            url: "http://r.example/s?id=old&status=8",
            message: "old",
            seq: 1,
            attempts: 3,
            dueAt: 0,
          },
        },
        seq: 1,
      }),
    );
    const { calls, call } = scripted([]);
    await open(call);
    await vi.waitFor(() => expect(calls).toEqual(["http://r.example/s?id=old&status=8"]));
  });
});

describe("dlr-url receivers", () => {
  it("each host is its own receiver in the engine", () => {
    expect(dlrTarget("http://10.0.0.5:8080/dlr?x=1")).toBe("kannel-dlr:10.0.0.5:8080");
  });

  it("a loopback receiver gets the GET; a 500 from it is retried until it answers 200", async () => {
    const got: string[] = [];
    let fail = 1;
    const server = createServer((req: IncomingMessage, res) => {
      got.push(req.url ?? "");
      res.statusCode = fail-- > 0 ? 500 : 200;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const { dlr, engine } = await open(undefined, { attempts: 5, firstMs: 10, timeoutMs: 5_000 });
    await dlr.watch("k9", ["k9"], { ...WATCH, url: `http://127.0.0.1:${port}/dlr?s=%d&id=%I` });
    service.move("k9", "+491701234567", "sent");
    await vi.waitFor(() => expect(got).toEqual(["/dlr?s=8&id=k9", "/dlr?s=8&id=k9"]));
    await vi.waitFor(() => expect(engine.pending()).toBe(0));
  });
});
