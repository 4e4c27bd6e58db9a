import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStaticFiles } from "../../../src/http/ui/static-files.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** The web UI's files: where they are served, with which headers, and how small they stay. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest();
});
afterAll(async () => {
  await t.h.dispose();
});

describe("the web UI's files", () => {
  it("/ leads a browser to /ui/ (302)", async () => {
    const r = await t.call("GET", "/");
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe("/ui/");
  });

  it("/ui/ is the page, served without a token", async () => {
    const r = await t.call("GET", "/ui/");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.body).toContain('<script type="module" src="/ui/app.js">');
  });

  it("the page may run scripts only from this server and its own import map (CSP)", async () => {
    const csp = String((await t.call("GET", "/ui/")).headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("preact and htm are served as ES modules from their npm packages", async () => {
    for (const name of ["vendor-preact.js", "vendor-hooks.js", "vendor-htm.js"]) {
      const r = await t.call("GET", `/ui/${name}`);
      expect(r.statusCode, name).toBe(200);
      expect(r.headers["content-type"], name).toBe("text/javascript; charset=utf-8");
      expect(r.body, name).toMatch(/\bexport\b/);
    }
  });

  it("gzips for a browser that accepts it", async () => {
    const r = await t.app.inject({
      method: "GET",
      url: "/ui/app.js",
      headers: { "accept-encoding": "gzip, deflate" },
    });
    expect(r.headers["content-encoding"]).toBe("gzip");
  });

  it("answers 304 to a browser holding the same version", async () => {
    const etag = String((await t.call("GET", "/ui/style.css")).headers.etag);
    const r = await t.call("GET", "/ui/style.css", { headers: { "if-none-match": etag } });
    expect(r.statusCode).toBe(304);
  });

  it("serves no file outside its list, however the name is spelled", async () => {
    // A path that leaves /ui/ matches no route: the token check refuses it first (401).
    for (const url of ["/ui/..%2Fpackage.json", "/ui/../package.json", "/ui/nothing.js"]) {
      const r = await t.call("GET", url);
      expect([401, 404], url).toContain(r.statusCode);
      expect(r.body, url).not.toContain('"name": "smsgw"');
    }
  });

  it("the whole UI, gzipped, stays well under 200 KB (it is under 60 KB)", () => {
    let total = 0;
    for (const f of loadStaticFiles().values()) total += f.gzip.length;
    expect(total).toBeLessThan(60_000);
  });
});

describe("with http.ui.enabled false", () => {
  let off: HttpGatewayTest;
  beforeAll(async () => {
    off = await startHttpGatewayTest({ http: { ui: { enabled: false } } });
  });
  afterAll(async () => {
    await off.h.dispose();
  });

  it("there is no page and no login route (401 for what no route serves)", async () => {
    for (const url of ["/ui/", "/api/v1/session", "/"]) {
      const r = await off.call("GET", url);
      expect(r.statusCode, url).toBe(401);
      expect(r.headers["content-type"], url).not.toContain("text/html");
    }
  });

  it("a session cookie is no credential: 401 as without one", async () => {
    const r = await off.call("GET", "/api/v1/messages", {
      headers: { cookie: `smsgw_session=${"A".repeat(43)}` },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: "http.unauthorized" });
  });
});

describe("with the SMSGate compatibility API on", () => {
  let sg: HttpGatewayTest;
  beforeAll(async () => {
    sg = await startHttpGatewayTest({
      http: { smsgate: { username: "sms", password: "change-me-smsgate" } },
    });
  });
  afterAll(async () => {
    await sg.h.dispose();
  });

  it("/ stays SMSGate's and the UI is at /ui/", async () => {
    expect((await sg.call("GET", "/")).statusCode).toBe(401);
    expect((await sg.call("GET", "/ui/")).statusCode).toBe(200);
  });
});
