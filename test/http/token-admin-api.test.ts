import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenStore } from "../../src/http/tokens.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** GET/POST/DELETE /api/v1/tokens: token admin over the API, on the CLI's token store. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest();
});
afterAll(async () => {
  await t.h.dispose();
});

const create = (body: unknown, token = t.tokens.admin) =>
  t.call("POST", "/api/v1/tokens", { token, body });

describe("POST /api/v1/tokens", () => {
  it("answers 201 with the secret, its id, name and scopes", async () => {
    const r = await create({ name: "shop", scopes: ["messages:send"] });
    expect(r.statusCode).toBe(201);
    const body = r.json() as { id: string; token: string; name: string; scopes: string[] };
    expect(body).toMatchObject({ name: "shop", scopes: ["messages:send"] });
    expect(body.token).toMatch(new RegExp(`^smsgw_${body.id}_`));
    expect(r.headers.location).toBe(`/api/v1/tokens/${body.id}`);
  });

  it("the new token works at once for its scope", async () => {
    const r = await create({ name: "reader-2", scopes: ["messages:read"] });
    const { token } = r.json() as { token: string };
    const got = await t.call("GET", "/api/v1/modem", { token });
    expect(got.statusCode).toBe(200);
  });

  it("is in the store the CLI reads (`smsgw token list`)", async () => {
    const names = (await new TokenStore(t.h.config.store.dir).list()).map((x) => x.name);
    expect(names).toContain("shop");
  });

  it("an unknown scope answers 400 http.token-invalid naming it", async () => {
    const r = await create({ name: "bad", scopes: ["messages:sned"] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "http.token-invalid" });
    expect((r.json() as { error: string }).error).toContain("messages:sned");
  });

  it("a name already taken answers 400 http.token-invalid", async () => {
    const r = await create({ name: "shop", scopes: ["messages:read"] });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "http.token-invalid" });
  });

  it("a body without scopes answers 400 naming the field", async () => {
    const r = await create({ name: "x" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "mqtt.invalid-request", fields: [{ field: "scopes" }] });
  });

  it("a token without admin answers 403, even one that may send", async () => {
    const r = await create({ name: "escalate", scopes: ["admin"] }, t.tokens.send);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: "http.forbidden" });
  });
});

describe("GET /api/v1/tokens", () => {
  it("lists every token with id, name, scopes and creation time, and no secret or hash", async () => {
    const r = await t.call("GET", "/api/v1/tokens", { token: t.tokens.admin });
    expect(r.statusCode).toBe(200);
    const { tokens } = r.json() as { tokens: Array<Record<string, unknown>> };
    expect(tokens.map((x) => x.name)).toEqual(expect.arrayContaining(["sender", "root", "shop"]));
    for (const x of tokens)
      expect(Object.keys(x).sort()).toEqual(["createdAt", "id", "name", "scopes"]);
    expect(r.body).not.toContain(t.tokens.send);
  });

  it("answers 403 to a messages:read token", async () => {
    const r = await t.call("GET", "/api/v1/tokens", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });
});

describe("DELETE /api/v1/tokens/{id}", () => {
  it("revokes: the token is refused with 401 from the next request on", async () => {
    const made = (await create({ name: "short-lived", scopes: ["messages:read"] })).json() as {
      id: string;
      token: string;
    };
    expect((await t.call("GET", "/api/v1/modem", { token: made.token })).statusCode).toBe(200);
    const r = await t.call("DELETE", `/api/v1/tokens/${made.id}`, { token: t.tokens.admin });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: made.id, revoked: true });
    const after = await t.call("GET", "/api/v1/modem", { token: made.token });
    expect(after.statusCode).toBe(401);
  });

  it("an unknown id answers 404 http.token-not-found", async () => {
    const r = await t.call("DELETE", "/api/v1/tokens/000000000000", { token: t.tokens.admin });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "http.token-not-found" });
  });

  it("a token name is not an id: DELETE by name answers 404 and revokes nothing", async () => {
    const r = await t.call("DELETE", "/api/v1/tokens/shop", { token: t.tokens.admin });
    expect(r.statusCode).toBe(404);
    const names = (await new TokenStore(t.h.config.store.dir).list()).map((x) => x.name);
    expect(names).toContain("shop");
  });
});
