import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD_FILE } from "../../../src/http/ui/admin-password.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/**
 * The web UI's login over the real gateway: the first visit sets the admin password (there is
 * no default), a login is a session cookie that acts as an admin token on /api/v1, every
 * change with the cookie needs the session's CSRF token, and failed logins are limited like
 * bad tokens.
 */

const PASSWORD = "correct horse battery";
let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({ http: { authFailures: { max: 3, windowSeconds: 60 } } });
});
afterAll(async () => {
  await t.h.dispose();
});

/** The `smsgw_session=…` pair of a Set-Cookie answer. */
function cookieOf(r: LightMyRequestResponse): string {
  const set = String(r.headers["set-cookie"]);
  const pair = set.split(";")[0] ?? "";
  expect(pair).toMatch(/^smsgw_session=[A-Za-z0-9_-]{43}$/);
  return pair;
}

async function login(password = PASSWORD, from = "127.0.0.1") {
  return t.app.inject({
    method: "POST",
    url: "/api/v1/session",
    remoteAddress: from,
    headers: { "content-type": "application/json" },
    payload: JSON.stringify({ password }),
  });
}

describe("the first visit", () => {
  it("reports no password set and no login", async () => {
    const r = await t.call("GET", "/api/v1/session");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ passwordSet: false, authenticated: false, minPasswordLength: 10 });
  });

  it("cannot log in before a password is set (409 http.password-not-set)", async () => {
    const r = await login("anything-at-all");
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: "http.password-not-set" });
  });

  it("refuses a password shorter than 10 characters (400 http.password-invalid)", async () => {
    const r = await t.call("POST", "/api/v1/session/setup", { body: { password: "short" } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "http.password-invalid" });
    expect((await t.call("GET", "/api/v1/session")).json()).toMatchObject({ passwordSet: false });
  });

  it("sets the password and logs in: 201 with an HttpOnly, SameSite=Strict cookie", async () => {
    const r = await t.call("POST", "/api/v1/session/setup", { body: { password: PASSWORD } });
    expect(r.statusCode).toBe(201);
    const set = String(r.headers["set-cookie"]);
    expect(set).toContain("HttpOnly");
    expect(set).toContain("SameSite=Strict");
    expect(set).toContain("Path=/");
    // Plain HTTP here: a Secure cookie would never come back.
    expect(set).not.toContain("Secure");
    expect((r.json() as { csrf: string }).csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("keeps only a scrypt hash of the password in the store directory", async () => {
    const text = await readFile(join(t.h.config.store.dir, ADMIN_PASSWORD_FILE), "utf8");
    expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(text)).toMatchObject({ version: 1, scrypt: { N: 32768, r: 8, p: 1 } });
  });

  it("refuses a second setup (409 http.password-set-already)", async () => {
    const r = await t.call("POST", "/api/v1/session/setup", {
      body: { password: "another-one-12" },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: "http.password-set-already" });
  });
});

describe("a login", () => {
  it("with the password answers 200 with a session cookie and its CSRF token", async () => {
    const r = await login();
    expect(r.statusCode).toBe(200);
    cookieOf(r);
    expect(r.headers["cache-control"]).toBe("no-store");
  });

  it("acts as an admin token on /api/v1 (reads the token list)", async () => {
    const cookie = cookieOf(await login());
    const r = await t.call("GET", "/api/v1/tokens", { headers: { cookie } });
    expect(r.statusCode).toBe(200);
  });

  it("GET /api/v1/session gives the session's CSRF token back (after a page reload)", async () => {
    const r0 = await login();
    const cookie = cookieOf(r0);
    const r = await t.call("GET", "/api/v1/session", { headers: { cookie } });
    expect(r.json()).toEqual({
      passwordSet: true,
      authenticated: true,
      csrf: (r0.json() as { csrf: string }).csrf,
      minPasswordLength: 10,
    });
  });

  it("a change without X-CSRF-Token is refused: 403 http.csrf, nothing made", async () => {
    const cookie = cookieOf(await login());
    const r = await t.call("POST", "/api/v1/tokens", {
      headers: { cookie },
      body: { name: "no-csrf", scopes: ["messages:send"] },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: "http.csrf" });
    const list = (await t.call("GET", "/api/v1/tokens", { headers: { cookie } })).json() as {
      tokens: Array<{ name: string }>;
    };
    expect(list.tokens.map((x) => x.name)).not.toContain("no-csrf");
  });

  it("a change with another session's CSRF token is refused (403)", async () => {
    const cookie = cookieOf(await login());
    const other = (await login()).json() as { csrf: string };
    const r = await t.call("DELETE", "/api/v1/messages/x", {
      headers: { cookie, "x-csrf-token": other.csrf },
    });
    expect(r.statusCode).toBe(403);
  });

  it("a change with the session's CSRF token goes through (201)", async () => {
    const r0 = await login();
    const cookie = cookieOf(r0);
    const { csrf } = r0.json() as { csrf: string };
    const r = await t.call("POST", "/api/v1/tokens", {
      headers: { cookie, "x-csrf-token": csrf },
      body: { name: "from-ui", scopes: ["messages:send"] },
    });
    expect(r.statusCode).toBe(201);
  });

  it("ends with a logout: the cookie is then refused (401 http.session-expired)", async () => {
    const r0 = await login();
    const cookie = cookieOf(r0);
    const { csrf } = r0.json() as { csrf: string };
    const out = await t.call("DELETE", "/api/v1/session", {
      headers: { cookie, "x-csrf-token": csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers["set-cookie"])).toContain("Max-Age=0");
    const r = await t.call("GET", "/api/v1/tokens", { headers: { cookie } });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: "http.session-expired" });
  });
});

describe("without a login", () => {
  it("an API request has 401", async () => {
    const r = await t.call("GET", "/api/v1/messages");
    expect(r.statusCode).toBe(401);
  });

  it("a made-up session cookie has 401 http.session-expired", async () => {
    const r = await t.call("GET", "/api/v1/messages", {
      headers: { cookie: `smsgw_session=${"A".repeat(43)}` },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: "http.session-expired" });
  });

  it("a wrong password has 401 http.wrong-password", async () => {
    const r = await login("not the password", "10.0.0.7");
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: "http.wrong-password" });
  });

  it("past http.authFailures.max wrong passwords, even the right one gets 429 with Retry-After", async () => {
    for (let i = 0; i < 3; i++) await login("guess number one", "10.0.0.8");
    const r = await login(PASSWORD, "10.0.0.8");
    expect(r.statusCode).toBe(429);
    expect(r.json()).toMatchObject({ code: "http.too-many-failures" });
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("the lockout is per address: another address still logs in", async () => {
    const r = await login(PASSWORD, "10.0.0.9");
    expect(r.statusCode).toBe(200);
  });
});
