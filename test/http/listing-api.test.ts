import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** GET /api/v1/messages (live queue + history, cursor-paginated) and GET /api/v1/inbox. */

let t: HttpGatewayTest;
let inboxToken: string;
const LATER = "2099-01-01T00:00:00Z";

type Listed = { id: string; status: string; text?: string; from?: string };
type ListBody = { messages: Listed[]; nextCursor?: string };

beforeAll(async () => {
  t = await startHttpGatewayTest();
  inboxToken = (await new TokenStore(t.h.config.store.dir).create("inbox", ["inbox:read"])).token;
  const post = (body: unknown) =>
    t.call("POST", "/api/v1/messages", { token: t.tokens.send, body });
  // Finished (sent, in the history), oldest first.
  for (const id of ["done-1", "done-2", "done-3"]) {
    expect((await post({ to: "+491701111111", text: `text ${id}`, id })).statusCode).toBe(202);
    await vi.waitFor(
      () => expect(t.h.gateway.service.list().map((m) => m.id)).not.toContain(id),
      10_000,
    );
  }
  // Still queued (live).
  for (const [id, to] of [
    ["live-1", "+491702222222"],
    ["live-2", "+491701111111"],
  ])
    expect((await post({ to, text: `text ${id}`, id, notBefore: LATER })).statusCode).toBe(202);
  // Another door's message: not an HTTP token's business.
  await t.h.gateway.service.send({
    to: "+491703333333",
    text: "alert",
    id: "local-1",
    notBefore: LATER,
  });
  // Received messages, handed on over MQTT and so in the history.
  for (const text of ["in one", "in two", "in three"]) {
    t.h.sim.deliverSms({ from: "+441234567890", text });
    await vi.waitFor(async () => {
      const done = await t.h.gateway.service.receivedHistory({ limit: 10 });
      expect(done.map((e) => e.message.text)).toContain(text);
    }, 10_000);
  }
});
afterAll(async () => {
  await t.h.dispose();
});

const list = async (query: string, token = t.tokens.read) => {
  const r = await t.call("GET", `/api/v1/messages${query}`, { token });
  return { status: r.statusCode, body: r.json() as ListBody };
};
const ids = (b: ListBody) => b.messages.map((m) => m.id);

describe("GET /api/v1/messages", () => {
  it("lists the live queue newest first, then the finished messages newest first", async () => {
    const r = await list("");
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(["live-2", "live-1", "done-3", "done-2", "done-1"]);
    expect(r.body.nextCursor).toBeUndefined();
  });

  it("shows each with its state: queued live, sent finished", async () => {
    const r = await list("");
    expect(r.body.messages.map((m) => m.status)).toEqual([
      "queued",
      "queued",
      "sent",
      "sent",
      "sent",
    ]);
  });

  it("without admin: only messages sent over HTTP, without their text", async () => {
    const r = await list("");
    expect(ids(r.body)).not.toContain("local-1");
    expect(r.body.messages.every((m) => m.text === undefined)).toBe(true);
  });

  it("a finished message is shown as GET /api/v1/messages/{id} shows it, without its story (no internal fields)", async () => {
    const listed = (await list("?status=sent")).body.messages[0];
    const one = await t.call("GET", "/api/v1/messages/done-3", { token: t.tokens.read });
    const { history, partStates, origin, deliveryReport, ...summary } = one.json();
    expect(history).toHaveLength(3);
    expect(listed).toEqual(summary);
    expect(listed).not.toHaveProperty("origin");
  });

  it("with admin: every door's messages, with their text", async () => {
    const r = await list("", t.tokens.admin);
    expect(ids(r.body)[0]).toBe("local-1");
    expect(r.body.messages[0]?.text).toBe("alert");
  });

  it("status filters by state (a comma list)", async () => {
    expect(ids((await list("?status=sent")).body)).toEqual(["done-3", "done-2", "done-1"]);
    expect(ids((await list("?status=queued,failed")).body)).toEqual(["live-2", "live-1"]);
  });

  it("to filters by number, in any form of it", async () => {
    expect(ids((await list("?to=00491702222222")).body)).toEqual(["live-1"]);
  });

  it("since leaves out messages made before it", async () => {
    expect(ids((await list("?since=2099-01-01T00:00:00Z")).body)).toEqual([]);
    expect(ids((await list("?since=2000-01-01T00:00:00Z")).body)).toHaveLength(5);
  });

  it("limit and cursor walk every message once, across the queue and the history", async () => {
    const seen: string[] = [];
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const r = await list(`?limit=2${cursor === undefined ? "" : `&cursor=${cursor}`}`);
      expect(r.status).toBe(200);
      seen.push(...ids(r.body));
      pages.push(r.body.messages.length);
      cursor = r.body.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(["live-2", "live-1", "done-3", "done-2", "done-1"]);
    expect(pages).toEqual([2, 2, 1]);
  });

  it("a page of exactly the live queue continues into the history", async () => {
    const first = await list("?limit=1&status=queued,sent");
    const second = await list(`?limit=3&cursor=${first.body.nextCursor}`);
    expect(ids(second.body)).toEqual(["live-1", "done-3", "done-2"]);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=501", "limit"],
    ["?status=lost", "status"],
    ["?to=abc", "to"],
    ["?since=yesterday", "since"],
    ["?cursor=nonsense", "cursor"],
    ["?colour=red", "colour"],
  ])("%s answers 400 naming `%s`", async (query, field) => {
    const r = await t.call("GET", `/api/v1/messages${query}`, { token: t.tokens.read });
    expect(r.statusCode).toBe(400);
    const body = r.json() as { fields: Array<{ field: string }> };
    expect(body.fields.map((f) => f.field)).toContain(field);
  });

  it("needs messages:read: an inbox-only token gets 403", async () => {
    expect((await list("", inboxToken)).status).toBe(403);
  });
});

const inbox = async (query: string, token = inboxToken) => {
  const r = await t.call("GET", `/api/v1/inbox${query}`, { token });
  return { status: r.statusCode, body: r.json() as ListBody };
};

describe("GET /api/v1/inbox", () => {
  it("lists received messages newest first, with sender and text", async () => {
    const r = await inbox("");
    expect(r.status).toBe(200);
    expect(r.body.messages.map((m) => [m.from, m.text])).toEqual([
      ["+441234567890", "in three"],
      ["+441234567890", "in two"],
      ["+441234567890", "in one"],
    ]);
  });

  it("flags each as complete", async () => {
    const r = await inbox("");
    expect(r.body.messages.map((m) => (m as { complete?: boolean }).complete)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("limit and cursor page through them", async () => {
    const first = await inbox("?limit=2");
    expect(first.body.messages).toHaveLength(2);
    const second = await inbox(`?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.messages.map((m) => m.text)).toEqual(["in one"]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it("from filters by sender", async () => {
    expect((await inbox("?from=%2B441234567890")).body.messages).toHaveLength(3);
    expect((await inbox("?from=%2B441111111111")).body.messages).toHaveLength(0);
  });

  it("GET /api/v1/inbox/{id} answers one message; an unknown id 404", async () => {
    const [m] = (await inbox("?limit=1")).body.messages;
    const r = await t.call("GET", `/api/v1/inbox/${encodeURIComponent(m?.id ?? "")}`, {
      token: inboxToken,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id: m?.id, text: "in three" });
    const missing = await t.call("GET", "/api/v1/inbox/nope", { token: inboxToken });
    expect([missing.statusCode, (missing.json() as { code: string }).code]).toEqual([
      404,
      "sms.not-found",
    ]);
  });

  it("needs inbox:read: a messages:read token gets 403", async () => {
    expect((await inbox("", t.tokens.read)).status).toBe(403);
  });
});
