import { EventEmitter } from "node:events";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookEventSource } from "../../src/gateway/webhook-events.js";
import type { OutboundMessage } from "../../src/sms/types.js";
import { WebhookEngine } from "../../src/webhooks/engine.js";
import { WebhookRegistry } from "../../src/webhooks/registry.js";
import type { Webhook, WebhookEvent } from "../../src/webhooks/types.js";

/** A gateway with the HTTP API on runs the engine even with no webhook: events cost nothing then. */

let dir: string;
let closers: Array<() => Promise<void>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "smsgw-webhooks-unwanted-"));
  closers = [];
});

afterEach(async () => {
  for (const c of closers.reverse()) await c();
  await rm(dir, { recursive: true, force: true });
});

function hook(over: Partial<Webhook>): Webhook {
  return {
    id: "app",
    url: "https://receiver.example/hook",
    events: ["*"],
    format: "native",
    secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    headers: {},
    allowHttp: false,
    enabled: true,
    source: "config",
    ...over,
  };
}

async function engineWith(hooks: Webhook[]) {
  const registry = await WebhookRegistry.open(dir, hooks);
  const engine = await WebhookEngine.open(dir, { registry });
  closers.push(
    () => registry.close(),
    () => engine.close(),
  );
  return engine;
}

const status: OutboundMessage = {
  id: "m1",
  to: "+491701234567",
  text: "Hallo",
  status: "sent",
  parts: 1,
  partsSent: 1,
  encoding: "gsm7",
  priority: "normal",
  createdAt: "2026-12-03T10:00:00.000Z",
  updatedAt: "2026-12-03T10:00:01.000Z",
};

describe("events no webhook wants", () => {
  it("are wanted by no one when no webhook exists", async () => {
    const engine = await engineWith([]);
    expect([engine.wants("sms.status"), engine.wants("sms.received")]).toEqual([false, false]);
  });

  it("are told apart by the event types a native webhook names", async () => {
    const engine = await engineWith([hook({ events: ["sms.received"] })]);
    expect([engine.wants("sms.status"), engine.wants("sms.received")]).toEqual([false, true]);
  });

  it("are not asked of a switched-off webhook", async () => {
    const engine = await engineWith([hook({ enabled: false })]);
    expect(engine.wants("sms.received")).toBe(false);
  });

  it("are written nowhere: publishing one leaves every file of the store as it was", async () => {
    const engine = await engineWith([]);
    const event: WebhookEvent = {
      id: "evt_1",
      type: "sms.status",
      createdAt: "2026-12-03T10:00:00.000Z",
      data: {},
    };
    const sizes = async () => {
      const files = (await readdir(dir)).sort();
      return Promise.all(files.map(async (f) => [f, (await stat(join(dir, f))).size]));
    };
    const before = await sizes();
    expect(await engine.publish(event, "sms.status:m1:sent")).toBe(0);
    expect(await sizes()).toEqual(before);
  });

  it("are not even built by the events' source", () => {
    const service = new EventEmitter();
    const published: WebhookEvent[] = [];
    const source = new WebhookEventSource({
      sink: {
        wants: () => false,
        publish: async (e) => {
          published.push(e);
          return 1;
        },
      },
      service: Object.assign(service, { pendingInbound: () => [], partsOf: () => undefined }),
    });
    source.start();
    service.emit("outbound", status);
    source.stop();
    expect(published).toEqual([]);
  });
});
