import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { ReportForwarding } from "../../src/gateway/report-forwarding.js";
import type { OutboundMessage } from "../../src/sms/types.js";
import type { ForwardRequest, ForwardSink } from "../../src/webhooks/engine.js";

/** Which state changes reach a delivery-report target, and under which keys. */

interface Queued {
  target: string;
  req: ForwardRequest;
  event: { id: string; type: string };
  key: string | undefined;
}

async function forwarding(states?: string[]) {
  const { config } = await parseConfig(
    {
      webhooks: {
        reportForwarding: [
          {
            name: "crm",
            ...(states === undefined ? {} : { states }),
            http: { url: "https://crm.example.org/dlr?id=%I&type=%d" },
          },
        ],
      },
    },
    { env: {} },
  );
  const queued: Queued[] = [];
  const keys = new Set<string>();
  const sink: ForwardSink = {
    async forward(target, req, event, key) {
      // As the engine does: a key already queued is not queued again.
      if (key !== undefined && keys.has(key)) return 0;
      if (key !== undefined) keys.add(key);
      queued.push({ target, req, event, key });
      return 1;
    },
  };
  const service = new EventEmitter();
  const f = new ReportForwarding(config.webhooks.reportForwarding, service as never, sink);
  f.start();
  const move = (status: OutboundMessage["status"], partsSent = 1) =>
    service.emit("outbound", {
      id: "m1",
      to: "+491709999999",
      text: "hi",
      status,
      parts: 1,
      partsSent,
      encoding: "gsm7",
      priority: "normal",
      createdAt: "2026-12-03T10:00:00.000Z",
      updatedAt: "2026-12-03T10:00:05.000Z",
    } satisfies OutboundMessage);
  await Promise.resolve();
  return { queued, move, stop: () => f.stop() };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("delivery-report forwarding", () => {
  it("queued, sending and other states without a Kannel type are not reported", async () => {
    const f = await forwarding();
    f.move("queued", 0);
    f.move("sending", 0);
    await flush();
    expect(f.queued).toEqual([]);
  });

  it("sent and delivered are reported with %d 8 and 1, ordered by the message", async () => {
    const f = await forwarding();
    f.move("sent");
    f.move("delivered");
    await flush();
    expect(f.queued.map((q) => [q.target, q.req.request.url, q.req.order])).toEqual([
      ["report:crm", "https://crm.example.org/dlr?id=m1&type=8", "m1"],
      ["report:crm", "https://crm.example.org/dlr?id=m1&type=1", "m1"],
    ]);
  });

  it("a failure before any part was sent is a rejection (16), after one not delivered (2)", async () => {
    const before = await forwarding();
    before.move("failed", 0);
    const after = await forwarding();
    after.move("failed", 1);
    await flush();
    expect([before.queued[0]?.req.request.url, after.queued[0]?.req.request.url]).toEqual([
      "https://crm.example.org/dlr?id=m1&type=16",
      "https://crm.example.org/dlr?id=m1&type=2",
    ]);
  });

  it("a target that names only delivered is not told of sent", async () => {
    const f = await forwarding(["delivered"]);
    f.move("sent");
    f.move("delivered");
    await flush();
    expect(f.queued.map((q) => q.req.request.url)).toEqual([
      "https://crm.example.org/dlr?id=m1&type=1",
    ]);
  });

  it("a change announced twice has one key and one event id, so it is queued once", async () => {
    const f = await forwarding();
    f.move("delivered");
    f.move("delivered");
    await flush();
    expect(f.queued).toHaveLength(1);
    expect(f.queued[0]?.event.id).toMatch(/^evt_/);
  });

  it("after stop, nothing more is reported", async () => {
    const f = await forwarding();
    f.stop();
    f.move("delivered");
    await flush();
    expect(f.queued).toEqual([]);
  });
});
