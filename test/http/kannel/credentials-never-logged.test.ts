import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { redactRequestUrl } from "../../../src/http/redact-url.js";

/** Every log line, at every level, as written. */
const lines: string[] = vi.hoisted(() => []);
vi.mock("../../../src/log.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../src/log.js")>();
  const { pino } = await import("pino");
  const root = pino({ level: "trace" }, { write: (l: string) => lines.push(l) });
  return { ...real, createLogger: (ns: string) => root.child({ ns }) };
});

const { kannelApp } = await import("./support.js");

let k: Awaited<ReturnType<typeof kannelApp>>;
beforeAll(async () => {
  k = await kannelApp({ config: { http: { authFailures: { max: 3, windowSeconds: 60 } } } });
});
afterAll(async () => {
  await k.close();
});

const send = (password: string, extra = "") =>
  k.app.inject({
    method: "GET",
    url: `/cgi-bin/sendsms?username=playsms&password=${password}&to=%2B491701234567&text=hi${extra}`,
  });

describe("Kannel credentials in the logs", () => {
  it("an accepted request is logged with its URL, the password replaced by ***", async () => {
    const r = await send("kannel-pass-1");
    expect(r.statusCode).toBe(202);
    expect(lines.some((l) => l.includes("password=***") && l.includes("username=playsms"))).toBe(
      true,
    );
    expect(lines.filter((l) => l.includes("kannel-pass-1"))).toEqual([]);
  });

  it("a failed authentication is logged without the password it tried", async () => {
    const r = await send("guess-Wr0ng");
    expect(r.statusCode).toBe(403);
    expect(lines.some((l) => l.includes("sendsms authentication failed"))).toBe(true);
    expect(lines.filter((l) => l.includes("guess-Wr0ng"))).toEqual([]);
  });

  it("`pass`, and a password in a dlr-url, are redacted too", async () => {
    await k.app.inject({
      method: "GET",
      url: "/cgi-bin/sendsms?user=playsms&pass=kannel-pass-1&to=%2B491701234567&text=x&dlr-mask=1&dlr-url=http%3A%2F%2Fa%3Adlr-Secret9%40h%2Fx",
    });
    expect(lines.filter((l) => l.includes("kannel-pass-1") || l.includes("dlr-Secret9"))).toEqual(
      [],
    );
  });

  it("failed authentications count towards the per-address limit: then 503 with Retry-After", async () => {
    await send("guess-2");
    await send("guess-3");
    const r = await send("kannel-pass-1");
    expect([r.statusCode, r.body]).toEqual([503, "Temporal failure, try again later."]);
    expect(Number(r.headers["retry-after"])).toBeGreaterThan(0);
  });
});

describe("redactRequestUrl", () => {
  it.each([
    [
      "/cgi-bin/sendsms?username=u&password=p%20w&to=1",
      "/cgi-bin/sendsms?username=u&password=***&to=1",
    ],
    ["/x?pass=p&a=1#f", "/x?pass=***&a=1#f"],
    ["http://user:pw@h/p?x=1", "http://user:***@h/p?x=1"],
    ["/x?token=t&PASSWORD=p", "/x?token=***&PASSWORD=***"],
    ["/no-query", "/no-query"],
    [
      "/s?dlr-url=http%3A%2F%2Fu%3Apw%40h%2Fd%3Fpassword%3Dq",
      "/s?dlr-url=http%3A%2F%2Fu%3A***%40h%2Fd%3Fpassword%3D***",
    ],
  ])("%s → %s", (url, redacted) => {
    expect(redactRequestUrl(url)).toBe(redacted);
  });
});
