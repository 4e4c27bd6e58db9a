import { readFileSync } from "node:fs";
import { request } from "node:https";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isSmsgwError } from "../../src/errors.js";
import { startGatewayTest } from "../support/gateway.js";
import { startHttpGatewayTest } from "./support/http-gateway.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const CERT = fixture("http-tls.crt");
const KEY = fixture("http-tls.key");

/** GET over HTTPS, trusting only the test certificate. */
function httpsGet(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca: readFileSync(CERT), headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => {
          body += d.toString("utf8");
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("http.tls", () => {
  it("serves the API over HTTPS with the configured certificate and key", async () => {
    const t = await startHttpGatewayTest({ http: { tls: { cert: CERT, key: KEY } } });
    const url = t.h.gateway.http?.url ?? "";
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await httpsGet(`${url}/api/v1/modem`, t.tokens.read);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ state: "ready" });
  });

  it("a key file that cannot be read stops the start with an error naming the key", async () => {
    const h = await startGatewayTest({
      config: { http: { enabled: true, port: 0, tls: { cert: CERT, key: "/nonexistent/k.pem" } } },
      start: false,
    });
    const err = await h.gateway.start().catch((e: unknown) => e);
    expect(isSmsgwError(err, "config.invalid")).toBe(true);
    expect((err as Error).message).toMatch(/^http\.tls\.key: cannot read \/nonexistent\/k\.pem/);
  });
});
