import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { isErrorCode } from "../../src/errors.js";
import type { RegisteredRoute } from "../../src/http/openapi/document.js";
import { registeredRoutes } from "../../src/http/openapi/route.js";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * Bad input on every route, found from the routes as registered (a route added later is
 * covered too): wrong or missing authentication, bodies that are not JSON, unknown fields and
 * wrong types, bad query values and numbers. Each gets a 4xx with a problem body naming what
 * is wrong.
 */

let t: HttpGatewayTest;
/** Tokens with exactly one scope each. */
const only: Record<string, string> = {};
let routes: readonly RegisteredRoute[];
beforeAll(async () => {
  t = await startHttpGatewayTest({
    // Many refusals from one address: the lockout is tested elsewhere.
    http: {
      authFailures: { max: 1_000_000 },
      kannel: { users: [{ username: "u1", password: "password-1" }] },
    },
  });
  const store = new TokenStore(t.h.config.store.dir);
  for (const scope of ["messages:send", "messages:read", "inbox:read"] as const)
    only[scope] = (await store.create(`only-${scope}`, [scope])).token;
  routes = registeredRoutes(t.app).filter((r) => r.method !== "HEAD");
});
afterAll(async () => {
  await t.h.dispose();
});

const urlOf = (r: RegisteredRoute) => r.url.replace(/:[A-Za-z0-9_]+/g, "x-1");
const bearerRoutes = () => routes.filter((r) => r.auth === undefined);
const jsonBodyRoutes = () =>
  routes.filter((r) => r.auth === undefined && r.doc?.body !== undefined);
const name = (r: RegisteredRoute) => `${r.method} ${r.url}`;

function inject(
  r: RegisteredRoute,
  opts: { headers?: Record<string, string>; payload?: string; url?: string } = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: r.method as "GET",
    url: opts.url ?? urlOf(r),
    headers: opts.headers ?? {},
    ...(opts.payload === undefined ? {} : { payload: opts.payload }),
  });
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string, where: string) {
  expect(res.statusCode, `${where}: ${res.body}`).toBe(status);
  const body = res.json() as { status: string; code: string; error: string };
  expect(body.status, where).toBe("error");
  expect(body.code, where).toBe(code);
  expect(body.error.length, where).toBeGreaterThan(0);
}

const admin = () => ({
  authorization: `Bearer ${t.tokens.admin}`,
  "content-type": "application/json",
});

describe("wrong or missing authentication, on every route that takes a token", () => {
  it("covers the routes of the API", () => {
    expect(bearerRoutes().map(name)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/messages",
        "GET /api/v1/inbox",
        "GET /api/v1/modem",
        "POST /api/v1/batches",
        "DELETE /api/v1/batches/:id",
        "GET /api/v1/opt-outs",
        "PUT /api/v1/opt-outs/:number",
        "DELETE /api/v1/opt-outs/:number",
        "GET /api/v1/tokens",
        "POST /api/v1/tokens",
        "DELETE /api/v1/tokens/:id",
      ]),
    );
  });

  it.each([
    ["no Authorization header", undefined],
    ["an unknown token", "Bearer smsgw_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a malformed token", "Bearer not a token"],
    ["Basic credentials", `Basic ${Buffer.from("admin:admin").toString("base64")}`],
    ["an empty Bearer", "Bearer "],
    ["a token in the wrong case of the scheme", `bearer ${"x".repeat(10)}`],
  ])("%s: 401 http.unauthorized with WWW-Authenticate", async (_what, header) => {
    for (const r of bearerRoutes()) {
      const res = await inject(r, {
        headers: header === undefined ? {} : { authorization: header },
      });
      expectProblem(res, 401, "http.unauthorized", name(r));
      expect(res.headers["www-authenticate"], name(r)).toBe('Bearer realm="smsgw"');
    }
  });

  it("a valid token without the route's scope: 403 http.forbidden naming the scope", async () => {
    for (const r of bearerRoutes().filter((x) => x.scope !== undefined)) {
      const other = Object.keys(only).find((s) => s !== r.scope) as string;
      const res = await inject(r, { headers: { authorization: `Bearer ${only[other]}` } });
      expectProblem(res, 403, "http.forbidden", name(r));
      expect((res.json() as { error: string }).error).toContain(r.scope);
    }
  });

  it("Kannel's route: a wrong password gets Kannel's 403 answer, a missing one too", async () => {
    for (const q of ["username=u1&password=wrong-pass", "username=u1", ""]) {
      const res = await t.app.inject({
        method: "GET",
        url: `/cgi-bin/sendsms?${q}&to=%2B491701234567&text=x`,
      });
      expect([res.statusCode, res.body]).toEqual([403, "Authorization failed for sendsms"]);
    }
  });
});

describe("bodies that are not what a JSON route takes, on every route with a body", () => {
  it("covers the send, the preview, batches and token creation", () => {
    expect(jsonBodyRoutes().map(name)).toEqual(
      expect.arrayContaining([
        "POST /api/v1/messages",
        "POST /api/v1/messages/preview",
        "POST /api/v1/batches",
        "POST /api/v1/tokens",
      ]),
    );
  });

  it.each([
    ["not JSON", "hello"],
    ["truncated JSON", '{"to": "+4917'],
    ["JSON with a trailing comma", '{"text": "x",}'],
    ["an empty body", ""],
  ])("%s: 400", async (_what, payload) => {
    for (const r of jsonBodyRoutes()) {
      const res = await inject(r, { headers: admin(), payload });
      expectProblem(res, 400, "http.invalid-json", name(r));
    }
  });

  it.each([
    ["an array", "[]"],
    ["a string", '"text"'],
    ["a number", "5"],
    ["null", "null"],
  ])("%s instead of an object: 400 mqtt.invalid-request", async (_what, payload) => {
    for (const r of jsonBodyRoutes()) {
      const res = await inject(r, { headers: admin(), payload });
      expect([400], `${name(r)}: ${res.body}`).toContain(res.statusCode);
      expect(isErrorCode((res.json() as { code: string }).code)).toBe(true);
    }
  });

  it("an unknown field: 400 naming it, as the MQTT door does", async () => {
    for (const r of jsonBodyRoutes()) {
      const res = await inject(r, { headers: admin(), payload: '{"text": "x", "colour": "red"}' });
      expectProblem(res, 400, "mqtt.invalid-request", name(r));
      expect((res.json() as { fields: unknown[] }).fields).toContainEqual({
        field: "colour",
        message: "unknown field",
      });
    }
  });

  it("every field of the body with a wrong type: 400 naming each of them", async () => {
    for (const r of jsonBodyRoutes()) {
      const js = z.toJSONSchema(r.doc?.body as z.ZodType, { io: "input", unrepresentable: "any" });
      const keys = Object.keys((js as { properties: object }).properties);
      const wrong = Object.fromEntries(keys.map((k) => [k, { wrong: [1] }]));
      const res = await inject(r, { headers: admin(), payload: JSON.stringify(wrong) });
      expectProblem(res, 400, "mqtt.invalid-request", name(r));
      const named = (res.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
      // A map of values (a batch's `values`) takes `{"wrong": [1]}` as an object and names
      // the value inside it (`values.wrong`): that names the field too.
      const unnamed = keys.filter((k) => !named.some((f) => f === k || f.startsWith(`${k}.`)));
      expect(unnamed, `${name(r)}: ${named.join(", ")}`).toEqual([]);
    }
  });

  it("a body that is not JSON by its Content-Type: 415", async () => {
    for (const r of jsonBodyRoutes()) {
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
        const res = await inject(r, {
          headers: { ...admin(), "content-type": type },
          payload: "text=x",
        });
        expectProblem(res, 415, "http.unsupported-media-type", `${name(r)} ${type}`);
      }
    }
  });
});

describe("bad values", () => {
  const send = (to: unknown) =>
    t.call("POST", "/api/v1/messages", { token: t.tokens.admin, body: { to, text: "x" } });

  it.each([
    ["abc"],
    ["+"],
    [""],
    ["++491701234567"],
    ["+49 170 abc"],
    ["1".repeat(40)],
    ["+4917012345678901234"],
  ])("the number %j: 400 naming `to`", async (to) => {
    const res = await send(to);
    expect(res.statusCode, res.body).toBe(400);
    expect(
      (res.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field),
    ).toContain("to");
  });

  it.each([
    ["validity", -5],
    ["validity", "1h"],
    ["priority", "urgent"],
    ["encoding", "latin1"],
    ["notBefore", "tomorrow"],
    ["id", "x".repeat(201)],
    ["id", "tab\there"],
    ["flash", "yes"],
  ])("%s = %j: 400 naming it", async (field, value) => {
    const res = await t.call("POST", "/api/v1/messages", {
      token: t.tokens.admin,
      body: { to: "+491701234567", text: "x", [field]: value },
    });
    expect(res.statusCode, res.body).toBe(400);
    const fields = (res.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    expect(new Set(fields)).toEqual(new Set([field]));
  });

  const fieldsOf = (res: LightMyRequestResponse) =>
    (res.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);

  it.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["limit=1.5", "limit"],
    ["limit=abc", "limit"],
    ["limit=", "limit"],
    ["since=yesterday", "since"],
    ["status=lost", "status"],
    ["to=abc", "to"],
    ["cursor=bm90LWEtY3Vyc29y", "cursor"],
    ["colour=red", "colour"],
  ])("GET /api/v1/messages?%s: 400 naming `%s`", async (query, field) => {
    const res = await t.call("GET", `/api/v1/messages?${query}`, { token: t.tokens.admin });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it.each([
    ["limit=-1", "limit"],
    ["since=2025-13-01T00:00:00Z", "since"],
    ["sort=asc", "sort"],
  ])("GET /api/v1/inbox?%s: 400 naming `%s`", async (query, field) => {
    const res = await t.call("GET", `/api/v1/inbox?${query}`, { token: t.tokens.admin });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it.each([["abc"], ["%2B"], ["%2B49%20170%20abc"], ["1".repeat(40)]])(
    "PUT and DELETE /api/v1/opt-outs/%s: 400 naming `number`",
    async (number) => {
      for (const method of ["PUT", "DELETE"] as const) {
        const res = await t.call(method, `/api/v1/opt-outs/${number}`, { token: t.tokens.admin });
        expectProblem(res, 400, "sms.invalid-number", `${method} ${number}`);
        expect(fieldsOf(res)).toEqual(["number"]);
      }
    },
  );

  it.each([
    [{ text: "x", recipients: [] }, "recipients"],
    [{ text: "x", recipients: ["abc"] }, "recipients.0"],
    [{ text: "x", recipients: [{ to: "+491701234567", colour: "red" }] }, "recipients.0.colour"],
    [{ text: "Hi {{name}}", recipients: ["+491701234567"] }, "recipients.0.values"],
    [{ text: "x", recipients: ["+491701234567"], priority: "high" }, "priority"],
    [{ text: "x", recipients: ["+491701234567"], id: "a/b" }, "id"],
  ])("POST /api/v1/batches %j: 400 naming `%s`", async (body, field) => {
    const res = await t.call("POST", "/api/v1/batches", { token: t.tokens.admin, body });
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res)).toContain(field);
  });

  it.each([
    [{ name: "x" }, "scopes"],
    [{ scopes: ["admin"] }, "name"],
    [{ name: "x", scopes: [] }, "scopes"],
    [{ name: "x", scopes: [5] }, "scopes.0"],
  ])("POST /api/v1/tokens %j: 400 naming `%s`", async (body, field) => {
    const res = await t.call("POST", "/api/v1/tokens", { token: t.tokens.admin, body });
    expectProblem(res, 400, "mqtt.invalid-request", JSON.stringify(body));
    expect(fieldsOf(res)).toContain(field);
  });

  it("POST /api/v1/tokens with an unknown scope: 400 http.token-invalid listing the known ones", async () => {
    const res = await t.call("POST", "/api/v1/tokens", {
      token: t.tokens.admin,
      body: { name: "x", scopes: ["root"] },
    });
    expectProblem(res, 400, "http.token-invalid", "unknown scope");
    expect((res.json() as { error: string }).error).toContain("messages:send");
  });

  it("a message id that cannot be one (control characters, 201 characters, bad percent-encoding): 404 or 400 with a code", async () => {
    for (const id of [
      "%00",
      "%0A",
      "x".repeat(201),
      "%E2%9C%93",
      "%E0%A4%A",
      "%zz",
      "y".repeat(700),
    ])
      for (const method of ["GET", "DELETE"] as const) {
        const res = await t.call(method, `/api/v1/messages/${id}`, { token: t.tokens.admin });
        expect([400, 404], `${method} ${id}: ${res.body}`).toContain(res.statusCode);
        expect(isErrorCode((res.json() as { code: string }).code)).toBe(true);
      }
  });

  it("an id of 200 characters, every one percent-encoded, is read (404 when unknown, not a refused URL)", async () => {
    const res = await t.call("GET", `/api/v1/messages/${"%21".repeat(200)}`, {
      token: t.tokens.admin,
    });
    expectProblem(res, 404, "sms.not-found", "a 600-character segment");
  });

  it("a malformed percent-encoding in the path: 400 http.bad-url", async () => {
    const res = await t.call("GET", "/api/v1/messages/%E0%A4%A", { token: t.tokens.admin });
    expectProblem(res, 400, "http.bad-url", "bad percent-encoding");
  });
});
