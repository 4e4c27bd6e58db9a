import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, setLogDestination, setLogLevel } from "../../../src/log.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";
import { uiLogin } from "./ui-login.js";

/** GET /api/v1/logs: the running gateway's last log lines, for admins, secrets redacted. */

const SECRET = "hunter2-do-not-show";
let t: HttpGatewayTest;
let restoreDestination: () => void;
beforeAll(async () => {
  // Tests log nothing by default; these lines go to the ring only, not to the test's output.
  restoreDestination = setLogDestination({ write: () => true });
  setLogLevel("debug");
  t = await startHttpGatewayTest();
  const log = createLogger("test:logs");
  log.info({ password: SECRET, account: { secret: SECRET } }, "a line with secrets");
  log.debug("a debug line");
  log.warn({ n: 1 }, "the newest warning");
});
afterAll(async () => {
  await t.h.dispose();
  setLogLevel("silent");
  restoreDestination();
});

type Lines = { lines: Array<{ level: string; msg?: string; ns?: string; password?: string }> };
const logs = async (query = "", token = t.tokens.admin) =>
  t.call("GET", `/api/v1/logs${query}`, { token });

describe("GET /api/v1/logs", () => {
  it("answers the newest lines last", async () => {
    const r = await logs();
    expect(r.statusCode).toBe(200);
    const { lines } = r.json() as Lines;
    expect(lines.at(-1)).toMatchObject({
      level: "warn",
      ns: "test:logs",
      msg: "the newest warning",
    });
  });

  it("never shows a secret the logger redacts", async () => {
    const r = await logs();
    expect(r.body).not.toContain(SECRET);
    const line = (r.json() as Lines).lines.find((l) => l.msg === "a line with secrets");
    expect(line).toMatchObject({ password: "[redacted]", account: { secret: "[redacted]" } });
  });

  it("shows only the lines at the level asked for or above", async () => {
    const { lines } = (await logs("?level=warn")).json() as Lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => ["warn", "error", "fatal"].includes(l.level))).toBe(true);
  });

  it("shows at most `limit` lines, the newest ones", async () => {
    const { lines } = (await logs("?limit=2")).json() as Lines;
    expect(lines).toHaveLength(2);
    expect(lines[1]?.msg).toBe("the newest warning");
  });

  it("refuses a limit above 500 (400)", async () => {
    const r = await logs("?limit=501");
    expect(r.statusCode).toBe(400);
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    expect((await logs("", t.tokens.read)).statusCode).toBe(403);
  });

  it("needs a token or a login: 401 without", async () => {
    expect((await t.call("GET", "/api/v1/logs")).statusCode).toBe(401);
  });

  it("is open to the web UI's login", async () => {
    const { cookie } = await uiLogin(t);
    const r = await t.call("GET", "/api/v1/logs", { headers: { cookie } });
    expect(r.statusCode).toBe(200);
  });
});
