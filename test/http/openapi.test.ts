import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { openApiPath } from "../../src/http/openapi/document.js";
import { registeredRoutes } from "../../src/http/openapi/route.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * GET /api/v1/openapi.json: made from the routes as registered and the zod schemas they
 * validate with, so every route is in it, every reference resolves, and the answers the routes
 * really give match what it says.
 */

type Json = Record<string, unknown>;

const KANNEL_USER = { username: "playsms", password: "kannel-pass-1" };
let t: HttpGatewayTest;
let doc: Json;
beforeAll(async () => {
  t = await startHttpGatewayTest({
    http: {
      kannel: { users: [KANNEL_USER] },
      smsgate: { username: "sms", password: "change-me-smsgate" },
    },
  });
  doc = (await t.call("GET", "/api/v1/openapi.json")).json() as Json;
  t.h.sim.deliverSms({ from: "+441234567890", text: "a received one" });
  await vi.waitFor(async () => {
    const done = await t.h.gateway.service.receivedHistory({ limit: 1 });
    expect(done.length).toBe(1);
  }, 10_000);
});
afterAll(async () => {
  await t.h.dispose();
});

/** Method and path of every route Fastify's router holds, read from its own printout. */
function routerRoutes(app: FastifyInstance): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(\S*)(?: \(([^)]*)\))?$/.exec(line);
    if (m === null) continue;
    const depth = (m[1] ?? "").length / 4;
    stack.length = depth;
    const path = `${stack.at(-1) ?? ""}${m[2]}`;
    stack.push(path);
    for (const method of (m[3] ?? "").split(", ").filter((x) => x !== ""))
      out.push({ method, path });
  }
  return out;
}

const paths = () => doc.paths as Record<string, Record<string, Json>>;
/** One operation of the document; fails the test when it is not there. */
function op(path: string, method: string): Json {
  const o = paths()[path]?.[method];
  if (o === undefined) throw new Error(`no ${method} ${path} in the document`);
  return o;
}
const operations = () =>
  Object.entries(paths()).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

/** The value a local `$ref` (`#/a/b`) points at, or undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let v: unknown = doc;
  for (const part of ref.slice(2).split("/"))
    v = (v as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  return v;
}

function refsIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (typeof v === "object" && v !== null)
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.push(x);
      else refsIn(x, out);
    }
  return out;
}

describe("the OpenAPI document", () => {
  it("is served without a token, as OpenAPI 3.1", async () => {
    const r = await t.call("GET", "/api/v1/openapi.json");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(doc.openapi).toBe("3.1.0");
    expect((doc.info as Json).title).toBe("smsgw HTTP API");
  });

  it("has every route the router holds (a HEAD by its GET)", () => {
    const routes = routerRoutes(t.app);
    expect(routes.length).toBeGreaterThan(8);
    const missing = routes
      .filter(
        (r) =>
          !(r.method === "HEAD" && routes.some((g) => g.path === r.path && g.method === "GET")),
      )
      // A prefix's root is served with and without its trailing slash: one path of the document.
      .filter((r) => {
        const path = openApiPath(r.path);
        const alike = [path, path.length > 1 ? path.replace(/\/$/, "") : path];
        return alike.every((p) => paths()[p]?.[r.method.toLowerCase()] === undefined);
      })
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("describes every route where it is registered (`config: { doc }`)", () => {
    const undescribed = registeredRoutes(t.app)
      .filter((r) => r.doc === undefined && r.method !== "HEAD")
      .map((r) => `${r.method} ${r.url}`);
    expect(undescribed).toEqual([]);
  });

  it("lists the API's routes under their paths", () => {
    expect(Object.keys(paths()).sort()).toEqual(
      expect.arrayContaining([
        "/api/v1/messages",
        "/api/v1/messages/preview",
        "/api/v1/messages/{id}",
        "/api/v1/inbox",
        "/api/v1/inbox/{id}",
        "/api/v1/modem",
        "/api/v1/openapi.json",
        "/api/v1/batches",
        "/api/v1/batches/{id}",
        "/api/v1/opt-outs",
        "/api/v1/opt-outs/{number}",
        "/api/v1/tokens",
        "/api/v1/tokens/{id}",
        "/cgi-bin/sendsms",
      ]),
    );
    expect(Object.keys(paths()["/cgi-bin/sendsms"] ?? {}).sort()).toEqual(["get", "post"]);
  });

  it("every $ref resolves", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => resolve(r) === undefined)).toEqual([]);
  });

  it("every operation has a summary, an id of its own, a security requirement and responses with descriptions", () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      expect(typeof op.summary, where).toBe("string");
      expect(typeof op.operationId, where).toBe("string");
      expect(ids.has(op.operationId as string), where).toBe(false);
      ids.add(op.operationId as string);
      expect(Array.isArray(op.security), where).toBe(true);
      const responses = Object.entries(op.responses as Record<string, Json>);
      expect(responses.length, where).toBeGreaterThan(0);
      for (const [status, r] of responses) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(typeof r.description, `${where} ${status}`).toBe("string");
      }
    }
  });

  it("every parameter has a name, a place and a schema; every body, request or answer, a schema", () => {
    const problems: string[] = [];
    for (const { path, method, op } of operations()) {
      const where = `${method} ${path}`;
      for (const p of (op.parameters ?? []) as Json[])
        if (
          typeof p.name !== "string" ||
          !["path", "query"].includes(p.in as string) ||
          typeof p.schema !== "object"
        )
          problems.push(`${where}: parameter ${JSON.stringify(p)}`);
      const contents = [
        (op.requestBody as Json | undefined)?.content,
        ...Object.values(op.responses as Record<string, Json>).map((r) => r.content),
      ].filter((c): c is Json => c !== undefined);
      for (const content of contents)
        for (const [type, media] of Object.entries(content))
          if (typeof (media as Json).schema !== "object")
            problems.push(`${where}: ${type} has no schema`);
    }
    expect(problems).toEqual([]);
  });

  it("every path parameter in a path is declared, required, on each of its operations", () => {
    for (const { path, method, op } of operations()) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = ((op.parameters ?? []) as Json[])
        .filter((p) => p.in === "path" && p.required === true)
        .map((p) => p.name);
      expect(declared.sort(), `${method} ${path}`).toEqual(names.sort());
    }
  });

  it("the send body is the MQTT send request: `to` and `text` required, unknown fields refused", () => {
    const send = op("/api/v1/messages", "post");
    const ref = (((send.requestBody as Json).content as Json)["application/json"] as Json)
      .schema as Json;
    const schema = resolve(ref.$ref as string) as Json;
    expect(schema.required).toEqual(["to", "text"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as Json)).toEqual(
      expect.arrayContaining(["to", "text", "id", "priority", "flash", "validity", "encoding"]),
    );
  });

  it("the batch and token bodies are the schemas their routes validate with: required fields, unknown ones refused", () => {
    const bodyOf = (path: string) => {
      const ref = (
        ((op(path, "post").requestBody as Json).content as Json)["application/json"] as Json
      ).schema as Json;
      return resolve(ref.$ref as string) as Json;
    };
    const batch = bodyOf("/api/v1/batches");
    expect(batch.required).toEqual(["text", "recipients"]);
    expect(batch.additionalProperties).toBe(false);
    expect(Object.keys(batch.properties as Json)).toEqual(
      expect.arrayContaining(["id", "text", "recipients", "values", "priority", "notBefore"]),
    );
    const token = bodyOf("/api/v1/tokens");
    expect(token.required).toEqual(["name", "scopes"]);
    expect(token.additionalProperties).toBe(false);
  });

  it("opt-out and token admin routes say their scopes", () => {
    expect(op("/api/v1/opt-outs", "get").security).toEqual([{ bearer: ["messages:read"] }]);
    expect(op("/api/v1/opt-outs/{number}", "put").security).toEqual([
      { bearer: ["optouts:write"] },
    ]);
    expect(op("/api/v1/tokens", "post").security).toEqual([{ bearer: ["admin"] }]);
    expect(op("/api/v1/batches/{id}", "delete").security).toEqual([{ bearer: ["messages:send"] }]);
  });

  it("the listing's query parameters are those it validates, with their bounds", () => {
    const list = op("/api/v1/messages", "get");
    const params = list.parameters as Json[];
    expect(params.map((p) => p.name).sort()).toEqual(["cursor", "limit", "since", "status", "to"]);
    expect(params.find((p) => p.name === "limit")?.schema).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 500,
      default: 50,
    });
  });

  it("routes with a token say which scope; Kannel's takes its username and password; the document none", () => {
    expect(op("/api/v1/messages", "post").security).toEqual([{ bearer: ["messages:send"] }]);
    expect(op("/api/v1/inbox", "get").security).toEqual([{ bearer: ["inbox:read"] }]);
    expect(op("/cgi-bin/sendsms", "get").security).toEqual([
      { kannelUsername: [], kannelPassword: [] },
    ]);
    expect(op("/api/v1/openapi.json", "get").security).toEqual([]);
    expect(op("/3rdparty/v1/messages", "post").security).toEqual([{ smsgateBasic: [] }]);
    const schemes = (doc.components as Json).securitySchemes as Json;
    expect(schemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.kannelPassword).toMatchObject({ type: "apiKey", in: "query", name: "password" });
  });

  it("Kannel's answers are text/html with the exact bodies", () => {
    const ok = (op("/cgi-bin/sendsms", "get").responses as Record<string, Json>)["202"] as Json;
    const schema = ((ok.content as Json)["text/html"] as Json).schema as Json;
    expect(schema.enum).toEqual(["0: Accepted for delivery", "3: Queued for later delivery"]);
  });
});

/** The zod schema the document gives for an answer of a route, or undefined if not documented. */
function documented(method: string, url: string, status: number) {
  const route = registeredRoutes(t.app).find((r) => r.method === method && r.url === url);
  return route?.doc?.responses[status];
}

const COMMON = [401, 403, 429];

/** Checks an answer against the route's document: a listed status, a body of its schema. */
function conforms(method: string, url: string, r: LightMyRequestResponse): void {
  const where = `${method} ${url} → ${r.statusCode}: ${r.body.slice(0, 200)}`;
  const d = documented(method, url, r.statusCode);
  if (d === undefined) {
    expect(COMMON, where).toContain(r.statusCode);
    expect(r.json(), where).toMatchObject({ status: "error", code: expect.any(String) });
    return;
  }
  if (d.mediaType === "text/html") {
    expect(d.schema?.safeParse(r.body).success, where).toBe(true);
    return;
  }
  const parsed = (d.schema as z.ZodType).safeParse(r.json());
  expect(parsed.success ? "ok" : z.prettifyError(parsed.error), where).toBe("ok");
}

describe("the routes answer as the document says", () => {
  const M = "/api/v1/messages";
  const K = "/cgi-bin/sendsms?username=playsms&password=kannel-pass-1";
  const to = "+491701234567";
  const B = "/api/v1/batches";
  const O = "/api/v1/opt-outs";
  const T = "/api/v1/tokens";
  const optedOut = "%2B491709999999";
  const batch = {
    id: "doc-batch",
    text: "Hi {{name}}",
    recipients: [{ to, values: { name: "Ann" } }],
  };
  type Token = keyof HttpGatewayTest["tokens"] | undefined;
  /** name, method, the route's URL, the request's URL, token, body. */
  const cases: Array<[string, "GET" | "POST" | "PUT" | "DELETE", string, string, Token, unknown?]> =
    [
      ["a send: 202", "POST", M, M, "send", { to, text: "doc 1", id: "doc-1" }],
      ["a retry: 200", "POST", M, M, "send", { to, text: "doc 1", id: "doc-1" }],
      ["the id with another text: 409", "POST", M, M, "send", { to, text: "other", id: "doc-1" }],
      ["a list of numbers: 202", "POST", M, M, "send", { to: [to, "+491701234568"], text: "two" }],
      ["an unknown field: 400", "POST", M, M, "send", { to, text: "x", colour: "red" }],
      ["no token: 401", "POST", M, M, undefined, { to, text: "x" }],
      ["a read-only token: 403", "POST", M, M, "read", { to, text: "x" }],
      ["a text over sms.maxParts: 413", "POST", M, M, "send", { to, text: "x".repeat(153 * 11) }],
      ["a read as admin: 200", "GET", `${M}/:id`, `${M}/doc-1`, "admin"],
      ["an unknown id: 404", "GET", `${M}/:id`, `${M}/nope`, "read"],
      ["a listing: 200", "GET", M, `${M}?limit=2`, "admin"],
      ["a bad limit: 400", "GET", M, `${M}?limit=0`, "read"],
      ["a preview: 200", "POST", `${M}/preview`, `${M}/preview`, "send", { text: "Grüße ✓" }],
      ["the modem: 200", "GET", "/api/v1/modem", "/api/v1/modem", "read"],
      ["the inbox: 200", "GET", "/api/v1/inbox", "/api/v1/inbox", "admin"],
      ["an unknown received id: 404", "GET", "/api/v1/inbox/:id", "/api/v1/inbox/nope", "admin"],
      [
        "the command log: 200",
        "GET",
        "/api/v1/automation/audit",
        "/api/v1/automation/audit",
        "admin",
      ],
      ["the balance settings: 200", "GET", "/api/v1/balance", "/api/v1/balance", "admin"],
      ["a cancel of an unknown id: 404", "DELETE", `${M}/:id`, `${M}/nope`, "send"],
      [
        "Kannel's sendsms: 202",
        "GET",
        "/cgi-bin/sendsms",
        `${K}&to=%2B491701234567&text=hi`,
        undefined,
      ],
      ["Kannel without a number: 400", "GET", "/cgi-bin/sendsms", `${K}&text=hi`, undefined],
      [
        "the document itself: 200",
        "GET",
        "/api/v1/openapi.json",
        "/api/v1/openapi.json",
        undefined,
      ],
      ["a batch: 202", "POST", B, B, "send", batch],
      ["the batch again: 200", "POST", B, B, "send", batch],
      ["the batch id with another text: 409", "POST", B, B, "send", { ...batch, text: "other" }],
      ["a batch with an unknown field: 400", "POST", B, B, "send", { ...batch, colour: "red" }],
      [
        "a batch to a name that is no number: 400",
        "POST",
        B,
        B,
        "send",
        { text: "x", recipients: ["abc"] },
      ],
      ["a batch read: 200", "GET", `${B}/:id`, `${B}/doc-batch`, "read"],
      ["an unknown batch: 404", "GET", `${B}/:id`, `${B}/nope`, "read"],
      ["an unknown batch cancelled: 404", "DELETE", `${B}/:id`, `${B}/nope`, "send"],
      ["a batch cancelled: 200", "DELETE", `${B}/:id`, `${B}/doc-batch`, "send"],
      ["the opt-out list: 200", "GET", O, O, "read"],
      ["a number opted out: 201", "PUT", `${O}/:number`, `${O}/${optedOut}`, "admin"],
      ["the same number again: 200", "PUT", `${O}/:number`, `${O}/${optedOut}`, "admin"],
      ["the list with one: 200", "GET", O, O, "admin"],
      ["not a number: 400", "PUT", `${O}/:number`, `${O}/abc`, "admin"],
      ["the number taken off: 200", "DELETE", `${O}/:number`, `${O}/${optedOut}`, "admin"],
      ["a number not on the list: 404", "DELETE", `${O}/:number`, `${O}/${optedOut}`, "admin"],
      ["the tokens: 200", "GET", T, T, "admin"],
      ["a token made: 201", "POST", T, T, "admin", { name: "doc", scopes: ["inbox:read"] }],
      ["an unknown scope: 400", "POST", T, T, "admin", { name: "doc", scopes: ["root"] }],
      [
        "a token body with an unknown field: 400",
        "POST",
        T,
        T,
        "admin",
        { name: "d", scopes: ["admin"], x: 1 },
      ],
      ["an unknown token revoked: 404", "DELETE", `${T}/:id`, `${T}/000000000000`, "admin"],
    ];
  it.each(cases)("%s", async (name, method, route, url, token, body) => {
    const r = await t.call(method, url, {
      ...(token === undefined ? {} : { token: t.tokens[token] }),
      ...(body === undefined ? {} : { body }),
    });
    // The status the case names: a refusal must not pass for the success it is about.
    expect(r.statusCode, r.body.slice(0, 200)).toBe(Number(/: (\d{3})$/.exec(name)?.[1]));
    conforms(method, route, r);
  });

  it("SMSGate's send, read and health answer as described", async () => {
    const basic = {
      authorization: `Basic ${Buffer.from("sms:change-me-smsgate").toString("base64")}`,
    };
    const P = "/3rdparty/v1/messages";
    const sent = await t.call("POST", P, {
      headers: basic,
      body: { id: "sg-doc-1", phoneNumbers: [to], textMessage: { text: "hi" } },
    });
    expect(sent.statusCode).toBe(202);
    conforms("POST", P, sent);
    conforms("GET", `${P}/:id`, await t.call("GET", `${P}/sg-doc-1`, { headers: basic }));
    conforms("GET", P, await t.call("GET", P, { headers: basic }));
    conforms("GET", "/health", await t.call("GET", "/health"));
  });

  it("a token revoked: 200", async () => {
    const made = await t.call("POST", T, {
      token: t.tokens.admin,
      body: { name: "doc-revoked", scopes: ["messages:read"] },
    });
    expect(made.statusCode).toBe(201);
    const r = await t.call("DELETE", `${T}/${(made.json() as { id: string }).id}`, {
      token: t.tokens.admin,
    });
    expect(r.statusCode).toBe(200);
    conforms("DELETE", `${T}/:id`, r);
  });

  it("a received message: 200", async () => {
    const [one] = await t.h.gateway.service.receivedHistory({ limit: 1 });
    const r = await t.call("GET", `/api/v1/inbox/${one?.message.id}`, { token: t.tokens.admin });
    expect(r.statusCode).toBe(200);
    conforms("GET", "/api/v1/inbox/:id", r);
  });

  it("a queued message cancelled: 200 with its final status", async () => {
    const later = { to, text: "later", id: "doc-cancel", notBefore: "2099-01-01T00:00:00Z" };
    const sent = await t.call("POST", M, { token: t.tokens.send, body: later });
    expect(sent.statusCode).toBe(202);
    const r = await t.call("DELETE", `${M}/doc-cancel`, { token: t.tokens.send });
    expect(r.statusCode).toBe(200);
    conforms("DELETE", `${M}/:id`, r);
  });
});
