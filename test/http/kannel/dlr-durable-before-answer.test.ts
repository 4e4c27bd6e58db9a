import { EventEmitter } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KannelDlr } from "../../../src/http/kannel/dlr-callbacks.js";
import type { OutboundMessage } from "../../../src/sms/types.js";
import { NO_WEBHOOKS, WebhookEngine } from "../../../src/webhooks/engine.js";
import { kannelApp } from "./support.js";

/** A sendsms with a dlr-url is answered only once its callback address is on disk. */

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe("dlr-url of a sendsms", () => {
  it("survives a crash right after the answer: the next process calls it when the message is sent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kannel-dlr-ack-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const firstEngine = await WebhookEngine.open(dir, { registry: NO_WEBHOOKS });
    const first = await KannelDlr.open(dir, new EventEmitter() as never, firstEngine);
    const k = await kannelApp({ dlr: first });
    cleanup.push(() => k.close());
    const r = await k.app.inject({
      method: "GET",
      url: "/cgi-bin/sendsms?username=playsms&password=kannel-pass-1&to=%2B491701234567&text=hi&dlr-mask=8&dlr-url=http%3A%2F%2Fr.example%2Fd%3Fs%3D%25d%26id%3D%25I",
    });
    expect(r.body).toBe("0: Accepted for delivery");
    // On disk when the answer came (journal or snapshot), before anything is closed.
    const files = (await readdir(dir)).filter((f) => f.startsWith("kannel-dlr"));
    const onDisk = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));
    expect(onDisk.some((t) => t.includes("r.example"))).toBe(true);
    // Closed only to release the file for the next opener (one per process).
    await first.close();
    await firstEngine.close();

    const id = k.sends.at(-1)?.id as string;
    const service = new EventEmitter() as EventEmitter & { get: (id: string) => undefined };
    service.get = () => undefined;
    const calls: string[] = [];
    const engine = await WebhookEngine.open(dir, {
      registry: NO_WEBHOOKS,
      call: async (req) => {
        calls.push(req.url);
        return { status: 200 };
      },
    });
    const next = await KannelDlr.open(dir, service as never, engine);
    cleanup.push(
      () => engine.close(),
      () => next.close(),
    );
    engine.start();
    next.start();
    const sent: OutboundMessage = {
      id,
      to: "+491701234567",
      text: "hi",
      status: "sent",
      parts: 1,
      partsSent: 1,
      encoding: "gsm7",
      priority: "normal",
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    service.emit("outbound", sent);
    await vi.waitFor(() => expect(calls).toEqual([`http://r.example/d?s=8&id=${id}`]));
  });
});
