import { fileURLToPath } from "node:url";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** Changing the admin password, and the session cookie under http.tls. */

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

const cookieOf = (r: LightMyRequestResponse) => String(r.headers["set-cookie"]).split(";")[0] ?? "";

async function setUp(t: HttpGatewayTest, password: string) {
  return t.call("POST", "/api/v1/session/setup", { body: { password } });
}

describe("changing the admin password", () => {
  let t: HttpGatewayTest;
  let cookie: string;
  let csrf: string;
  let other: string;
  beforeAll(async () => {
    t = await startHttpGatewayTest();
    const first = await setUp(t, "the first password");
    cookie = cookieOf(first);
    csrf = (first.json() as { csrf: string }).csrf;
    other = cookieOf(
      await t.call("POST", "/api/v1/session", { body: { password: "the first password" } }),
    );
  });
  afterAll(async () => {
    await t.h.dispose();
  });

  it("with a wrong current password is refused (401 http.wrong-password)", async () => {
    const r = await t.call("PUT", "/api/v1/session/password", {
      headers: { cookie, "x-csrf-token": csrf },
      body: { current: "not the password", password: "the second password" },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: "http.wrong-password" });
  });

  it("with the current one, the new password logs in and the old one no longer does", async () => {
    const r = await t.call("PUT", "/api/v1/session/password", {
      headers: { cookie, "x-csrf-token": csrf },
      body: { current: "the first password", password: "the second password" },
    });
    expect(r.statusCode).toBe(200);
    const login = (password: string) => t.call("POST", "/api/v1/session", { body: { password } });
    expect([
      (await login("the second password")).statusCode,
      (await login("the first password")).statusCode,
    ]).toEqual([200, 401]);
  });

  it("ends every other login", async () => {
    const r = await t.call("GET", "/api/v1/tokens", { headers: { cookie: other } });
    expect(r.statusCode).toBe(401);
  });
});

describe("under http.tls", () => {
  let t: HttpGatewayTest;
  beforeAll(async () => {
    t = await startHttpGatewayTest({
      http: { tls: { cert: fixture("http-tls.crt"), key: fixture("http-tls.key") } },
    });
  });
  afterAll(async () => {
    await t.h.dispose();
  });

  it("the session cookie is Secure: never sent back over plain HTTP", async () => {
    const r = await setUp(t, "a password over tls");
    expect(r.statusCode).toBe(201);
    expect(String(r.headers["set-cookie"])).toMatch(/; Secure$/);
  });
});
