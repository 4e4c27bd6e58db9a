import { connect } from "node:net";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isErrorCode } from "../../src/errors.js";
import { KANNEL } from "../../src/http/kannel/replies.js";
import { registeredRoutes } from "../../src/http/openapi/route.js";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * 10,000 random requests against one gateway with every door on: random methods, paths (the
 * SMSGate routes', batches', opt-outs' and tokens' among them), query strings (the listings' and Kannel's), headers, tokens and
 * bodies. Each answer is a well-formed error with a catalogued code (a problem body, or
 * SMSGate's shape), a success the OpenAPI document describes, with a body of its schema, or one
 * of Kannel's replies; none is a 5xx; the gateway keeps serving.
 */

const KANNEL_USER = { username: "fuzz", password: "fuzz-pass-1" };
let t: HttpGatewayTest;
let inboxToken: string;
beforeAll(async () => {
  t = await startHttpGatewayTest({
    // Random bad tokens would lock the one test address out after ten: the lockout has its own test.
    http: {
      authFailures: { max: 1_000_000 },
      kannel: { users: [KANNEL_USER] },
      smsgate: { username: "sms", password: "smsgate-pass-1" },
    },
  });
  inboxToken = (await new TokenStore(t.h.config.store.dir).create("fuzz-inbox", ["inbox:read"]))
    .token;
});
afterAll(async () => {
  await t.h.dispose();
});

const printable = (max: number) =>
  fc.string({ unit: "grapheme-ascii", maxLength: max }).map((s) => s.replace(/[^\x20-\x7E]/g, ""));
const anyText = (max: number) => fc.string({ unit: "binary", maxLength: max });

const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
const PATHS = [
  "/api/v1/messages",
  "/api/v1/messages/preview",
  "/api/v1/messages/fuzz-1",
  "/api/v1/inbox",
  "/api/v1/inbox/fuzz-1",
  "/api/v1/modem",
  "/api/v1/openapi.json",
  "/cgi-bin/sendsms",
  "/",
  "/api",
  "/api/v1",
  "/messages",
  "/message/fuzz-1",
  "/3rdparty/v1/messages",
  "/3rdparty/v1/messages/fuzz-1",
  "/3rdparty/v1/",
  "/health",
  "/inbox",
  "/device",
  "/webhooks",
  "/3rdparty/v1/webhooks/fuzz-1",
];
/** Batches, opt-outs and token admin: an arm of their own, so the older paths keep their odds. */
const ADMIN_PATHS = [
  "/api/v1/batches",
  "/api/v1/batches/fuzz-1",
  "/api/v1/opt-outs",
  "/api/v1/opt-outs/%2B491701234599",
  "/api/v1/opt-outs/fuzz-1",
  "/api/v1/tokens",
  "/api/v1/tokens/000000000000",
];
const path = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PATHS) },
  { weight: 2, arbitrary: fc.constantFrom(...ADMIN_PATHS) },
  { weight: 6, arbitrary: fc.constantFrom(...PATHS.filter((p) => p.startsWith("/api/v1/"))) },
  fc.tuple(fc.constantFrom(...PATHS), anyText(30)).map(([p, s]) => `${p}/${encodeURIComponent(s)}`),
  fc
    .tuple(
      fc.constantFrom(
        "/api/v1/messages/",
        "/api/v1/inbox/",
        "/api/v1/batches/",
        "/api/v1/opt-outs/",
        "/api/v1/tokens/",
      ),
      anyText(250),
    )
    .map(([p, s]) => `${p}${encodeURIComponent(s)}`),
  printable(40).map((s) => `/${encodeURI(s)}`),
  fc.constantFrom(
    "/api/v1/messages/%E0%A4%A",
    "/api/v1/messages/%zz",
    "//api//v1/messages",
    "/api/v1/messages/",
  ),
);

const kannelQuery = fc
  .tuple(
    fc.constantFrom(
      "username=fuzz&password=fuzz-pass-1",
      "user=fuzz&pass=fuzz-pass-1",
      "username=fuzz&password=wrong",
      "",
    ),
    fc.subarray([
      "to=%2B491701234567",
      "to=abc",
      "to=",
      "to=%2B491701234567+%2B491701234568",
      "text=hello",
      "text=%00%48",
      "charset=UTF-16BE",
      "charset=bogus",
      "coding=2",
      "coding=7",
      "mclass=0",
      "mclass=x",
      "validity=-1",
      "deferred=5",
      "priority=9",
      "dlr-mask=31",
      "dlr-url=http%3A%2F%2F127.0.0.1%3A9%2Fdlr%3Fs%3D%25d",
      "dlr-url=not-a-url",
      "udh=%05%00",
    ]),
  )
  .map(([auth, rest]) => [auth, ...rest].filter((x) => x !== "").join("&"));
const listingQuery = fc
  .subarray([
    "limit=2",
    "limit=0",
    "limit=abc",
    "status=queued,failed",
    "status=lost",
    "since=2025-01-01T00:00:00Z",
    "since=yesterday",
    "to=%2B491701234567",
    "cursor=eyJwIjoibCIsIm8iOjF9",
    "cursor=%%%",
    "from=x",
    "colour=red",
  ])
  .map((xs) => xs.join("&"));
const query = fc.oneof(
  fc.constant(""),
  kannelQuery,
  listingQuery,
  fc
    .dictionary(printable(8), anyText(20), { maxKeys: 4 })
    .map((o) => new URLSearchParams(o).toString()),
);

const FIELDS = [
  "phoneNumbers",
  "textMessage",
  "message",
  "withDeliveryReport",
  "simNumber",
  "ttl",
  "url",
  "event",
  "to",
  "text",
  "id",
  "priority",
  "flash",
  "validity",
  "notBefore",
  "encoding",
  "deliveryReport",
  "recipients",
  "values",
  "transactional",
  "name",
  "scopes",
];
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    "+491701234567",
    ["+491701234567", "+441234567890"],
    "high",
    "ucs2",
    "2099-01-01T00:00:00Z",
    60,
    true,
  ),
);
const sendBody = fc
  .record({ to: fc.constantFrom("+491701234567", "+441234567890"), text: printable(40) })
  .map((o) => JSON.stringify(o));
const batchBody = fc
  .record(
    {
      text: fc.constantFrom("Hi {{name}}", "Hi {{to}}", "plain"),
      recipients: fc.array(
        fc.oneof(
          fc.constantFrom("+491701234567", "+441234567890", "abc"),
          fc.record({ to: fc.constant("+491701234568"), values: fc.constant({ name: "Ann" }) }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      id: fc.constantFrom("fuzz-1", "fuzz-2"),
    },
    { requiredKeys: ["text", "recipients"] },
  )
  .map((o) => JSON.stringify(o));
const tokenBody = fc
  .record({
    name: fc.oneof(fc.constantFrom("fuzz", "shop"), printable(20)),
    scopes: fc.subarray(["messages:send", "inbox:read", "optouts:write", "root"]),
  })
  .map((o) => JSON.stringify(o));
const body = fc.oneof(
  fc.constant(undefined),
  // Valid sends, so requests also get through to the SMS service.
  { weight: 3, arbitrary: sendBody },
  fc
    .dictionary(fc.oneof(fc.constantFrom(...FIELDS), printable(8)), value, { maxKeys: 6 })
    .map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  anyText(80),
  fc.constant("username=fuzz&password=fuzz-pass-1&to=%2B491701234567&text=hi"),
);

const authorization = () =>
  fc.oneof(
    fc.constant(undefined),
    {
      weight: 4,
      arbitrary: fc
        .constantFrom("send", "read", "admin", "inbox")
        .map((k) => `Bearer ${k === "inbox" ? inboxToken : t.tokens[k as "send"]}`),
    },
    printable(60).map((s) => `Bearer ${s}`),
    printable(40).map((s) => `Basic ${Buffer.from(s).toString("base64")}`),
    fc.constant(`Basic ${Buffer.from("sms:smsgate-pass-1").toString("base64")}`),
    printable(60),
  );
const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "text/plain; charset=UTF-16BE",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/html",
    "multipart/form-data; boundary=x",
  ),
  printable(30),
);
const kannelHeaders = fc.subarray([
  ["x-kannel-username", "fuzz"],
  ["x-kannel-password", "fuzz-pass-1"],
  ["x-kannel-to", "+491701234567"],
  ["x-kannel-coding", "2"],
  ["x-kannel-dlr-mask", "abc"],
] as Array<[string, string]>);

const KANNEL_BODIES = new Set<string>(Object.values(KANNEL).map((r) => r.body));

/** The route a request reached, as registered (the router's choice: static before parameters). */
function routeOf(method: string, url: string) {
  // As the server reads it: without query and fragment, dot segments resolved.
  const path = new URL(`http://x${url}`).pathname;
  const all = registeredRoutes(t.app);
  const routes = all.filter((r) => r.method === method);
  const pattern = (u: string) => new RegExp(`^${u.replace(/:[A-Za-z0-9_]+/g, "[^/]*")}$`);
  // A prefix's root is also served with its trailing slash (recorded only for its HEAD).
  const exact = (r: { url: string }) =>
    r.url === path || (`${r.url}/` === path && all.some((x) => x.url === path));
  return routes.find(exact) ?? routes.find((r) => pattern(r.url).test(path));
}

/** The schema the OpenAPI document gives for a success of the route a request reached. */
function documentedSuccess(method: string, path: string, status: number) {
  return routeOf(method, path)?.doc?.responses[status]?.schema;
}

/** Whether an answer is one the API gives: the reason when it is not. */
function malformed(
  r: LightMyRequestResponse,
  head: boolean,
  method: string,
  path: string,
): string | undefined {
  if (r.statusCode >= 500) return `status ${r.statusCode}`;
  if (head) return undefined;
  if (r.statusCode === 204)
    return r.body === "" && routeOf(method, path)?.doc?.responses[204] !== undefined
      ? undefined
      : "a 204 the document does not describe, or with a body";
  const type = String(r.headers["content-type"] ?? "");
  if (type.startsWith("text/html"))
    return KANNEL_BODIES.has(r.body) ? undefined : "not a Kannel reply";
  if (!type.startsWith("application/json")) return `content-type ${type}`;
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    return "not JSON";
  }
  if (typeof json !== "object" || json === null) return "not a JSON object";
  if (r.statusCode < 400) {
    const schema = documentedSuccess(method, path, r.statusCode);
    if (schema === undefined) {
      return "a success the document does not describe";
    }
    return schema.safeParse(json).success ? undefined : "a success not as documented";
  }
  if (
    routeOf(method, path)?.auth === "smsgate" ||
    (json as { message?: unknown }).message !== undefined
  ) {
    // SMSGate's own error shape, with our code.
    const e = json as { message?: unknown; data?: { code?: unknown } };
    if (typeof e.message !== "string" || e.message === "") return "no SMSGate message";
    return typeof e.data?.code === "string" && isErrorCode(e.data.code) ? undefined : "no code";
  }
  const p = json as { status?: unknown; code?: unknown; error?: unknown; fields?: unknown };
  if (p.status !== "error") return "no status: error";
  if (typeof p.code !== "string" || !isErrorCode(p.code)) return `unknown code ${String(p.code)}`;
  if (typeof p.error !== "string" || p.error === "") return "no error sentence";
  if (
    p.fields !== undefined &&
    !(
      Array.isArray(p.fields) &&
      p.fields.every((f) => typeof f?.field === "string" && typeof f?.message === "string")
    )
  )
    return "bad fields";
  return undefined;
}

describe("10,000 random requests against one gateway", () => {
  it("each answer is a problem body, a JSON success or a Kannel reply, never a 5xx", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        query,
        authorization(),
        contentType,
        kannelHeaders,
        body,
        async (m, p, q, auth, type, kh, payload) => {
          const headers: Record<string, string> = Object.fromEntries(kh);
          if (auth !== undefined) headers.authorization = auth;
          if (type !== undefined) headers["content-type"] = type;
          const send = payload !== undefined && m !== "GET" && m !== "HEAD";
          const r = await t.app.inject({
            method: m as "GET",
            url: q === "" ? p : `${p}?${q}`,
            headers,
            ...(send ? { payload } : {}),
          });
          statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
          expect(
            malformed(r, m === "HEAD", m, p),
            `${m} ${p}?${q} → ${r.statusCode} ${r.body.slice(0, 200)}`,
          ).toBeUndefined();
        },
      ),
      { numRuns: 10_000 },
    );
    // The requests reached past authentication and validation, not only the first refusal.
    // (A 202 needs a valid body, a JSON type and a sending token at once, too rare here to
    // count on: the well-formed requests below must meet it.)
    for (const s of [200, 400, 401, 403, 404, 415])
      expect(
        statuses.get(s) ?? 0,
        `status ${s} in ${JSON.stringify([...statuses])}`,
      ).toBeGreaterThan(0);
  }, 300_000);

  it("well-formed JSON requests with real tokens to sends, batches, opt-outs and tokens: each success as documented, and each route's success met", async () => {
    const met = new Set<string>();
    const ROUTES: Array<[string, string]> = [
      ["POST", "/api/v1/messages"],
      ["POST", "/api/v1/batches"],
      ["GET", "/api/v1/batches/fuzz-1"],
      ["DELETE", "/api/v1/batches/fuzz-2"],
      ["GET", "/api/v1/opt-outs"],
      ["PUT", "/api/v1/opt-outs/%2B491701234599"],
      ["DELETE", "/api/v1/opt-outs/%2B491701234599"],
      ["GET", "/api/v1/tokens"],
      ["POST", "/api/v1/tokens"],
      ["DELETE", "/api/v1/tokens/000000000000"],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom("send", "read", "admin"),
        fc.oneof(
          batchBody,
          tokenBody,
          body.filter((b) => b !== undefined),
        ),
        async ([m, p], token, payload) => {
          const r = await t.app.inject({
            method: m as "GET",
            url: p,
            headers: {
              authorization: `Bearer ${t.tokens[token as "send"]}`,
              "content-type": "application/json",
            },
            ...(m === "GET" ? {} : { payload }),
          });
          met.add(`${m} ${p} ${r.statusCode}`);
          expect(
            malformed(r, false, m, p),
            `${m} ${p} → ${r.statusCode} ${r.body.slice(0, 200)}`,
          ).toBeUndefined();
        },
      ),
      { numRuns: 2_000 },
    );
    for (const s of [
      "POST /api/v1/messages 202",
      "POST /api/v1/batches 202",
      "GET /api/v1/batches/fuzz-1 200",
      "DELETE /api/v1/batches/fuzz-2 200",
      "GET /api/v1/opt-outs 200",
      "PUT /api/v1/opt-outs/%2B491701234599 201",
      "DELETE /api/v1/opt-outs/%2B491701234599 200",
      "GET /api/v1/tokens 200",
      "POST /api/v1/tokens 201",
    ])
      expect([...met], s).toContain(s);
  }, 120_000);

  it("the gateway still sends: a valid request after them all is queued", async () => {
    const r = await t.call("POST", "/api/v1/messages", {
      token: t.tokens.send,
      body: { to: "+491701234567", text: "after the storm" },
    });
    expect([202, 429]).toContain(r.statusCode);
    const modem = await t.call("GET", "/api/v1/modem", { token: t.tokens.read });
    expect(modem.statusCode).toBe(200);
  });

  it("random bytes on the real socket get a 400 or a closed connection, and the listener lives on", async () => {
    const port = t.h.gateway.http?.port ?? 0;
    const samples = fc.sample(
      fc.oneof(
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc
          .tuple(method, printable(40), printable(80))
          .map(([m, p, h]) => Buffer.from(`${m} /${p} HTTP/1.1\r\nHost: x\r\n${h}\r\n\r\n`)),
      ),
      { numRuns: 200, seed: 15 },
    );
    for (const bytes of samples) {
      const answer = await new Promise<string>((resolve) => {
        const s = connect(port, "127.0.0.1");
        let out = "";
        const done = () => {
          s.destroy();
          resolve(out);
        };
        const timer = setTimeout(done, 300);
        s.on("data", (d) => {
          out += d.toString("latin1");
        });
        s.on("close", () => {
          clearTimeout(timer);
          resolve(out);
        });
        s.on("error", () => undefined);
        s.write(bytes);
      });
      expect(answer === "" || /^HTTP\/1\.1 [1-4]\d\d /.test(answer), answer.slice(0, 100)).toBe(
        true,
      );
    }
    const r = await fetch(`${t.h.gateway.http?.url}/api/v1/modem`, {
      headers: { authorization: `Bearer ${t.tokens.read}` },
    });
    expect(r.status).toBe(200);
  }, 120_000);
});
