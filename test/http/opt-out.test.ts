import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TokenStore } from "../../src/http/tokens.js";
import { OPT_OUT_FILE } from "../../src/sms/opt-out/opt-out-list.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * The opt-out list: a STOP by SMS puts the sender on it (durably), START takes it off; sends
 * of low/normal priority to a number on it fail with `sms.opted-out` (over HTTP and MQTT)
 * unless `transactional`; the list is read and changed over the API.
 */

let t: HttpGatewayTest;
let writer: string;
beforeAll(async () => {
  t = await startHttpGatewayTest({
    sms: { optOut: { enabled: true, startKeywords: ["START", "UNSTOP", "YES"] } },
  });
  writer = (await new TokenStore(t.h.config.store.dir).create("crm", ["optouts:write"])).token;
});
afterAll(async () => {
  await t.h.dispose();
});

const ALICE = "+491701110001";
const send = (body: Record<string, unknown>) =>
  t.call("POST", "/api/v1/messages", { token: t.tokens.send, body });
const listed = async () =>
  (
    (await t.call("GET", "/api/v1/opt-outs", { token: t.tokens.read })).json() as {
      optOuts: Array<{ number: string; source: string; keyword?: string }>;
    }
  ).optOuts;
const received = (text: string) =>
  t.h.client.waitForTopic("smsgw/received", (j) => j.text === text);

describe("a STOP by SMS", () => {
  let payload: Record<string, unknown>;
  beforeAll(async () => {
    t.h.sim.deliverSms({ from: ALICE, text: "  stop " });
    payload = (await received("  stop ")).json as Record<string, unknown>;
  });

  it("puts the sender on the list, with the keyword it sent", async () => {
    expect(await listed()).toEqual([
      expect.objectContaining({ number: ALICE, source: "sms", keyword: "STOP" }),
    ]);
  });

  it("is still published on MQTT like any SMS, flagged optOut: stop", () => {
    expect(payload).toMatchObject({ from: ALICE, text: "  stop ", optOut: "stop" });
  });

  it("is on disk in the store directory when the SMS is announced", async () => {
    const file = JSON.parse(await readFile(join(t.h.config.store.dir, OPT_OUT_FILE), "utf8"));
    expect(file.entries.map((e: { number: string }) => e.number)).toEqual([ALICE]);
  });

  it("a sentence holding the word is an ordinary message, not an opt-out", async () => {
    t.h.sim.deliverSms({ from: "+491701110009", text: "please stop the alarm" });
    const p = (await received("please stop the alarm")).json as Record<string, unknown>;
    expect(p.optOut).toBeUndefined();
    expect((await listed()).map((e) => e.number)).toEqual([ALICE]);
  });
});

describe("a send to a number on the list", () => {
  it("of normal priority answers 202 with the message failed: sms.opted-out", async () => {
    const r = await send({ to: ALICE, text: "newsletter", id: "oo-1" });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({
      id: "oo-1",
      status: "failed",
      error: { code: "sms.opted-out" },
    });
  });

  it("never reaches the modem", async () => {
    await new Promise((r) => setTimeout(r, 50));
    expect(t.h.sim.sent.filter((s) => s.text === "newsletter")).toEqual([]);
  });

  it("shows the failure on MQTT's status topic and in the message's history", async () => {
    const status = await t.h.client.waitForTopic("smsgw/status/oo-1", (j) => j.status === "failed");
    expect(status.json).toMatchObject({ error: { code: "sms.opted-out" } });
    const story = (await t.call("GET", "/api/v1/messages/oo-1", { token: t.tokens.read })).json();
    expect(story.history.map((c: { status: string }) => c.status)).toEqual(["failed"]);
  });

  it("of low priority over MQTT fails the same way", async () => {
    const res = await t.h.client.request("send", { to: ALICE, text: "promo", priority: "low" });
    expect(res).toMatchObject({
      status: "ok",
      data: { status: "failed", error: { code: "sms.opted-out" } },
    });
  });

  it("with transactional: true goes out (over HTTP)", async () => {
    const r = await send({ to: ALICE, text: "your code 123456", transactional: true });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ status: "queued" });
    await vi.waitFor(() =>
      expect(t.h.sim.sent.some((s) => s.text === "your code 123456")).toBe(true),
    );
  });

  it("with transactional: true goes out (over MQTT: the shared request schema)", async () => {
    const res = await t.h.client.request("send", {
      to: ALICE,
      text: "bank notice",
      transactional: true,
    });
    expect(res).toMatchObject({ status: "ok", data: { status: "queued" } });
    await vi.waitFor(() => expect(t.h.sim.sent.some((s) => s.text === "bank notice")).toBe(true));
  });

  it("of high priority goes out", async () => {
    const r = await send({ to: ALICE, text: "alarm!", priority: "high" });
    expect(r.json()).toMatchObject({ status: "queued" });
  });

  it("written another way (national form) is held back too", async () => {
    const r = await send({ to: "01701110001", text: "national" });
    expect(r.json()).toMatchObject({ status: "failed", error: { code: "sms.opted-out" } });
  });
});

describe("a START by SMS", () => {
  it("takes the sender off the list, flagged optOut: start, and sends go out again", async () => {
    t.h.sim.deliverSms({ from: ALICE, text: "Yes" });
    const p = (await received("Yes")).json as Record<string, unknown>;
    expect(p.optOut).toBe("start");
    expect(await listed()).toEqual([]);
    const r = await send({ to: ALICE, text: "welcome back" });
    expect(r.json()).toMatchObject({ status: "queued" });
  });
});

describe("the list over the API", () => {
  const BOB = "+491701110002";

  it("PUT with optouts:write adds a number: 201, then 200 when it is already there", async () => {
    const first = await t.call("PUT", `/api/v1/opt-outs/${encodeURIComponent(BOB)}`, {
      token: writer,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ number: BOB, source: "api" });
    const again = await t.call("PUT", `/api/v1/opt-outs/${encodeURIComponent(BOB)}`, {
      token: writer,
    });
    expect(again.statusCode).toBe(200);
    expect((await listed()).map((e) => e.number)).toEqual([BOB]);
  });

  it("a number added by hand is held back like one that sent STOP", async () => {
    const r = await send({ to: BOB, text: "hi bob" });
    expect(r.json()).toMatchObject({ status: "failed", error: { code: "sms.opted-out" } });
  });

  it("GET answers whether the list is kept, and every entry", async () => {
    const r = await t.call("GET", "/api/v1/opt-outs", { token: t.tokens.read });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ enabled: true, optOuts: [{ number: BOB }] });
  });

  it("changing it needs optouts:write or admin: messages:send answers 403", async () => {
    const r = await t.call("PUT", "/api/v1/opt-outs/%2B491701110003", { token: t.tokens.send });
    expect(r.statusCode).toBe(403);
  });

  it("an invalid number answers 400 naming the field", async () => {
    const r = await t.call("PUT", "/api/v1/opt-outs/not-a-number", { token: writer });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "sms.invalid-number", fields: [{ field: "number" }] });
  });

  it("DELETE takes it off (admin may too); a number not on it answers 404", async () => {
    const r = await t.call("DELETE", `/api/v1/opt-outs/${encodeURIComponent(BOB)}`, {
      token: t.tokens.admin,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ number: BOB, removed: true });
    const again = await t.call("DELETE", `/api/v1/opt-outs/${encodeURIComponent(BOB)}`, {
      token: writer,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: "http.opt-out-not-found" });
  });

  it("a message queued before its number went on the list fails when its turn comes", async () => {
    const CAROL = "+491701110005";
    const notBefore = new Date(Date.now() + 300).toISOString();
    const r = await send({ to: CAROL, text: "queued earlier", id: "oo-late", notBefore });
    expect(r.json()).toMatchObject({ status: "queued" });
    await t.call("PUT", `/api/v1/opt-outs/${encodeURIComponent(CAROL)}`, { token: writer });
    const status = await t.h.client.waitForTopic(
      "smsgw/status/oo-late",
      (j) => j.status === "failed",
    );
    expect(status.json).toMatchObject({ error: { code: "sms.opted-out" } });
    expect(t.h.sim.sent.some((x) => x.text === "queued earlier")).toBe(false);
  });

  it("survives a restart: the list is read back from the store directory", async () => {
    await t.call("PUT", "/api/v1/opt-outs/%2B491701110004", { token: writer });
    await t.h.gateway.stop();
    await t.h.startGateway();
    const app = t.h.gateway.http?.app;
    if (app === undefined) throw new Error("no HTTP API after the restart");
    const r = await app.inject({
      method: "GET",
      url: "/api/v1/opt-outs",
      headers: { authorization: `Bearer ${t.tokens.read}` },
    });
    const numbers = (r.json() as { optOuts: Array<{ number: string }> }).optOuts.map(
      (e) => e.number,
    );
    expect(numbers).toContain("+491701110004");
  });
});
