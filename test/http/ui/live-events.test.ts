import { get as httpGet, type IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** GET /api/v1/events: the gateway's changes as server-sent events, over a real socket. */

let t: HttpGatewayTest;
let base: string;
beforeAll(async () => {
  t = await startHttpGatewayTest();
  base = t.h.gateway.http?.url ?? "";
});
afterAll(async () => {
  await t.h.dispose();
});

/** A GET on its own connection (no keep-alive pool to outlive the test). */
function get(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers, agent: false }, resolve);
    req.on("error", reject);
  });
}

/** Opens the stream; `next(kind)` resolves with the data of the next event of that kind. */
async function openStream(headers: Record<string, string>, at = base) {
  const res = await get(`${at}/api/v1/events`, headers);
  const events: Array<{ event: string; data: unknown }> = [];
  let waiting: (() => void) | undefined;
  let buffer = "";
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf("\n\n");
    }
    waiting?.();
  });
  const ended = new Promise<void>((resolve) => res.on("close", () => resolve()));
  return {
    response: res,
    ended,
    async next(kind: string, where: (d: Record<string, unknown>) => boolean = () => true) {
      for (;;) {
        const i = events.findIndex(
          (e) => e.event === kind && where(e.data as Record<string, unknown>),
        );
        if (i >= 0) return events.splice(i, 1)[0]?.data as Record<string, unknown>;
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      }
    },
    async close() {
      res.destroy();
      await ended;
    },
  };
}

describe("GET /api/v1/events", () => {
  it("is a text/event-stream whose first event is the modem now", async () => {
    const s = await openStream({ authorization: `Bearer ${t.tokens.admin}` });
    expect(s.response.statusCode).toBe(200);
    expect(s.response.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(await s.next("modem")).toMatchObject({ state: "ready", available: true });
    await s.close();
  });

  it("tells each status change of a message as it happens", async () => {
    const s = await openStream({ authorization: `Bearer ${t.tokens.admin}` });
    await t.call("POST", "/api/v1/messages", {
      token: t.tokens.admin,
      body: { id: "live-1", to: "+491701234567", text: "watch me" },
    });
    expect(await s.next("outbound", (d) => d.id === "live-1" && d.status === "sent")).toMatchObject(
      {
        id: "live-1",
        to: "+491701234567",
        status: "sent",
      },
    );
    await s.close();
  });

  it("tells a received message by id and sender (the text stays behind the inbox route)", async () => {
    const s = await openStream({ authorization: `Bearer ${t.tokens.admin}` });
    t.h.sim.deliverSms({ from: "+441234567890", text: "hello stream" });
    const got = await s.next("inbound");
    expect(got).toMatchObject({ from: "+441234567890" });
    expect(got).not.toHaveProperty("text");
    await s.close();
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const r = await get(`${base}/api/v1/events`, { authorization: `Bearer ${t.tokens.read}` });
    expect(r.statusCode).toBe(403);
    r.resume();
  });

  it("ends its streams when the server closes, so a shutdown does not wait on them", async () => {
    const other = await startHttpGatewayTest();
    const url = other.h.gateway.http?.url ?? "";
    const s = await openStream({ authorization: `Bearer ${other.tokens.admin}` }, url);
    await s.next("modem");
    await other.h.dispose();
    await s.ended;
    expect(s.response.complete).toBe(true);
  });
});
