import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * POST/GET/DELETE /api/v1/batches: one text with placeholders to numbers, contacts and groups;
 * durable before 202; progress; cancel; low priority so single sends go first.
 */

interface Progress {
  id: string;
  total: number;
  priority: string;
  counts: Record<string, number>;
  done: boolean;
  messages: Array<{ id: string; to: string; status: string }>;
}

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({
    sms: { maxParts: 2 },
    http: { batches: { maxRecipients: 5 } },
    contacts: [{ name: "Ann", number: "+491702220001" }],
    automation: {
      contacts: {
        numbers: { bob: "+491702220002", cid: "+491702220003" },
        groups: { team: ["bob", "cid"] },
      },
    },
  });
});
afterAll(async () => {
  await t.h.dispose();
});

const LATER = "2099-01-01T00:00:00Z";
const post = (body: unknown) => t.call("POST", "/api/v1/batches", { token: t.tokens.send, body });
const get = async (id: string) =>
  (await t.call("GET", `/api/v1/batches/${id}`, { token: t.tokens.read })).json() as Progress;

describe("POST /api/v1/batches", () => {
  let r: Awaited<ReturnType<typeof post>>;
  let body: Progress;
  beforeAll(async () => {
    r = await post({
      id: "b1",
      text: "Hi {{name}}, your table is at {{time}}",
      values: { time: "19:00" },
      recipients: [
        { to: "+491702220009", values: { name: "Eve" } },
        { to: "Ann", values: { name: "Ann" } },
        { to: "team", values: { name: "team" } },
      ],
      notBefore: LATER,
    });
    body = r.json() as Progress;
  });

  it("answers 202 with Location and the batch's progress", () => {
    expect(r.statusCode).toBe(202);
    expect(r.headers.location).toBe("/api/v1/batches/b1");
    expect(body).toMatchObject({ id: "b1", total: 4, priority: "low", done: false });
    expect(body.counts).toMatchObject({ queued: 4, missing: 0 });
  });

  it("sends to numbers, contact names and each member of a group, in the request's order", () => {
    expect(body.messages.map((m) => m.to)).toEqual([
      "+491702220009",
      "+491702220001",
      "+491702220002",
      "+491702220003",
    ]);
  });

  it("fills each text from the batch's and the recipient's values", () => {
    const texts = body.messages.map(
      (m) => t.h.gateway.service.list().find((x) => x.id === m.id)?.text,
    );
    expect(texts).toEqual([
      "Hi Eve, your table is at 19:00",
      "Hi Ann, your table is at 19:00",
      "Hi team, your table is at 19:00",
      "Hi team, your table is at 19:00",
    ]);
  });

  it("queues every message at low priority, durable when the 202 came", () => {
    for (const m of body.messages)
      expect(t.h.gateway.service.get(m.id)).toMatchObject({ status: "queued", priority: "low" });
  });

  it("keeps the batch on disk in the store directory", async () => {
    expect(await readdir(join(t.h.config.store.dir, "batches"))).toContain("b1.json");
  });

  it("the same id and request again answers 200 and queues nothing new", async () => {
    const before = t.h.gateway.service.list().length;
    const again = await post({
      id: "b1",
      text: "Hi {{name}}, your table is at {{time}}",
      values: { time: "19:00" },
      recipients: [
        { to: "+491702220009", values: { name: "Eve" } },
        { to: "Ann", values: { name: "Ann" } },
        { to: "team", values: { name: "team" } },
      ],
      notBefore: LATER,
    });
    expect(again.statusCode).toBe(200);
    expect(t.h.gateway.service.list()).toHaveLength(before);
  });

  it("the same id with another request answers 409", async () => {
    const other = await post({ id: "b1", text: "other", recipients: ["+491702220009"] });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: "http.id-conflict" });
  });

  it("plain strings are recipients too, and a number named twice gets one message", async () => {
    const p = (
      await post({
        text: "x",
        recipients: ["+491702220009", "bob", "+49 170 2220009"],
        notBefore: LATER,
      })
    ).json() as Progress;
    expect(p.messages.map((m) => m.to)).toEqual(["+491702220009", "+491702220002"]);
  });
});

describe("a batch that cannot be sent is refused whole, naming the field", () => {
  it("a placeholder without a value: 400 at recipients.<i>.values", async () => {
    const r = await post({ text: "Hi {{name}}", recipients: ["+491702220009"] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: "mqtt.invalid-request",
      fields: [{ field: "recipients.0.values", message: "no value for {{name}}" }],
    });
  });

  it("a name that is neither a contact, a group nor a number: 400 at recipients.<i>", async () => {
    const r = await post({ text: "x", recipients: ["+491702220009", "nobody"] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ fields: [{ field: "recipients.1" }] });
  });

  it("high priority: 400, high is kept for single messages", async () => {
    const r = await post({ text: "x", recipients: ["+491702220009"], priority: "high" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ fields: [{ field: "priority" }] });
  });

  it("more numbers than http.batches.maxRecipients: 413 http.batch-too-large", async () => {
    const recipients = Array.from({ length: 6 }, (_, i) => `+49170333000${i}`);
    const r = await post({ text: "x", recipients });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: "http.batch-too-large" });
  });

  it("a text too long for sms.maxParts: 413 naming the recipient", async () => {
    const r = await post({
      text: "{{long}}",
      recipients: [{ to: "+491702220009", values: { long: "y".repeat(400) } }],
    });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({
      code: "sms.too-many-parts",
      fields: [{ field: "recipients.0" }],
    });
  });

  it("nothing of a refused batch is queued", () => {
    expect(t.h.gateway.service.list().some((m) => m.to.startsWith("+49170333000"))).toBe(false);
  });

  it("needs messages:send: a messages:read token answers 403", async () => {
    const r = await t.call("POST", "/api/v1/batches", {
      token: t.tokens.read,
      body: { text: "x", recipients: ["+491702220009"] },
    });
    expect(r.statusCode).toBe(403);
  });
});

describe("GET and DELETE /api/v1/batches/{id}", () => {
  it("an unknown batch answers 404 http.batch-not-found", async () => {
    const r = await t.call("GET", "/api/v1/batches/nope", { token: t.tokens.read });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "http.batch-not-found" });
  });

  it("counts messages as they are sent", async () => {
    await post({ id: "b-now", text: "now {{to}}", recipients: ["+491702220011", "+491702220012"] });
    await vi.waitFor(async () => expect((await get("b-now")).counts.sent).toBe(2));
    const p = await get("b-now");
    expect(p).toMatchObject({ total: 2, done: true, counts: { queued: 0, sent: 2 } });
    expect(t.h.sim.sent.map((s) => s.text)).toContain("now +491702220011");
  });

  it("DELETE cancels what has not gone out and leaves what was sent", async () => {
    await post({ id: "b-mixed", text: "m", recipients: ["+491702220021"] });
    await vi.waitFor(async () => expect((await get("b-mixed")).counts.sent).toBe(1));
    const r = await t.call("DELETE", "/api/v1/batches/b1", { token: t.tokens.send });
    expect(r.statusCode).toBe(200);
    expect((r.json() as Progress).counts).toMatchObject({ cancelled: 4, queued: 0 });
    const mixed = await t.call("DELETE", "/api/v1/batches/b-mixed", { token: t.tokens.send });
    expect((mixed.json() as Progress).counts).toMatchObject({ sent: 1, cancelled: 0 });
  });

  it("a cancelled batch sent again queues nothing", async () => {
    const again = await post({
      id: "b1",
      text: "Hi {{name}}, your table is at {{time}}",
      values: { time: "19:00" },
      recipients: [
        { to: "+491702220009", values: { name: "Eve" } },
        { to: "Ann", values: { name: "Ann" } },
        { to: "team", values: { name: "team" } },
      ],
      notBefore: LATER,
    });
    expect(again.statusCode).toBe(200);
    expect((again.json() as Progress).counts.cancelled).toBe(4);
  });
});
