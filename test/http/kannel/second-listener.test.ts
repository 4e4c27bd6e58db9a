import { inject } from "light-my-request";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/index.js";
import { sendsmsOnly, UNKNOWN_REQUEST } from "../../../src/http/kannel/listener.js";
import { type GatewayTest, startGatewayTest } from "../../support/gateway.js";
import { kannelApp } from "./support.js";

/**
 * `http.kannel.listen`: a second listener (Kannel's sendsms-port) serving only
 * `/cgi-bin/sendsms`, so a URL copied from a Kannel set-up works as it is, and nothing else of
 * the API is reachable on it.
 */

const USERS = [{ username: "playsms", password: "playsms-kannel-1" }];
const QUERY = "username=playsms&password=playsms-kannel-1&to=%2B491701234567";

describe("http.kannel.listen configuration", () => {
  it("is off by default", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.http.kannel.listen).toBeUndefined();
  });

  it("listens on Kannel's port 13013 at http.listen's address when only set", async () => {
    const { config } = await parseConfig(
      { http: { kannel: { users: USERS, listen: {} } } },
      { env: {} },
    );
    expect(config.http.kannel.listen).toEqual({ port: 13013 });
  });

  it("without a Kannel user is refused, naming the key", async () => {
    await expect(
      parseConfig({ http: { kannel: { listen: { port: 13013 } } } }, { env: {} }),
    ).rejects.toThrow(/http\.kannel\.listen.*needs at least one user/s);
  });

  it("a port out of range is refused, naming the key", async () => {
    await expect(
      parseConfig({ http: { kannel: { users: USERS, listen: { port: 70000 } } } }, { env: {} }),
    ).rejects.toThrow(/http\.kannel\.listen\.port/);
  });
});

describe("the second listener's request handler (in-process)", () => {
  let k: Awaited<ReturnType<typeof kannelApp>>;
  beforeAll(async () => {
    k = await kannelApp();
    await k.app.ready();
  });
  afterAll(async () => {
    await k.close();
  });

  it("passes /cgi-bin/sendsms to the Kannel route: Kannel's answer, the message sent", async () => {
    const r = await inject(sendsmsOnly(k.app), {
      url: `/cgi-bin/sendsms?${QUERY.replace("playsms-kannel-1", "kannel-pass-1")}&text=in+process`,
    });
    expect([r.statusCode, r.payload]).toEqual([202, "0: Accepted for delivery"]);
    expect(k.sends.at(-1)).toMatchObject({ to: "+491701234567", text: "in process" });
  });

  it.each(["/api/v1/messages", "/", "/cgi-bin/sendsms/", "/cgi-bin/sendsmsx"])(
    "answers %s with smsbox's 404 Unknown request.",
    async (url) => {
      const r = await inject(sendsmsOnly(k.app), { method: "POST", url, payload: "{}" });
      expect([r.statusCode, r.headers["content-type"], r.payload]).toEqual([
        404,
        "text/html",
        UNKNOWN_REQUEST,
      ]);
    },
  );
});

describe("the second listener over a real socket", () => {
  let h: GatewayTest;
  let main: string;
  let kannel: string;
  beforeAll(async () => {
    h = await startGatewayTest({
      config: { http: { enabled: true, port: 0, kannel: { users: USERS, listen: { port: 0 } } } },
    });
    main = h.gateway.http?.url ?? "";
    kannel = h.gateway.http?.kannel?.url ?? "";
  });
  afterAll(async () => {
    await h.dispose();
  });

  it("listens on its own port at http.listen's address", () => {
    expect(kannel).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(kannel).not.toBe(main);
  });

  it("takes a Kannel sendsms URL as it is, and the message reaches the modem", async () => {
    const sent = new Promise<{ to: string; text: string }>((resolve) =>
      h.sim.on("sent", (s: { to: string; text: string }) => {
        if (s.text === "via 13013") resolve(s);
      }),
    );
    const r = await fetch(`${kannel}/cgi-bin/sendsms?${QUERY}&text=via+13013`);
    expect([r.status, await r.text()]).toEqual([202, "0: Accepted for delivery"]);
    expect(await sent).toMatchObject({ to: "+491701234567", text: "via 13013" });
  });

  it("refuses a wrong password with Kannel's 403", async () => {
    const r = await fetch(`${kannel}/cgi-bin/sendsms?${QUERY.replace("-1", "-2")}&text=x`);
    expect([r.status, await r.text()]).toEqual([403, "Authorization failed for sendsms"]);
  });

  it("does not serve the token API", async () => {
    const r = await fetch(`${kannel}/api/v1/modem`, { headers: { authorization: "Bearer x" } });
    expect([r.status, await r.text()]).toEqual([404, UNKNOWN_REQUEST]);
  });

  it("leaves the main listener serving both the API and /cgi-bin/sendsms", async () => {
    expect((await fetch(`${main}/api/v1/modem`)).status).toBe(401);
    const r = await fetch(`${main}/cgi-bin/sendsms?${QUERY}&text=main+port`);
    expect([r.status, await r.text()]).toEqual([202, "0: Accepted for delivery"]);
  });

  it("closes with the gateway: its port no longer answers", async () => {
    const g = await startGatewayTest({
      config: { http: { enabled: true, port: 0, kannel: { users: USERS, listen: { port: 0 } } } },
    });
    const url = g.gateway.http?.kannel?.url ?? "";
    await g.dispose();
    await expect(fetch(`${url}/cgi-bin/sendsms?${QUERY}&text=x`)).rejects.toThrow();
  });
});
