import type { HttpGatewayTest } from "../support/http-gateway.js";

/** The web UI's login on `t`: the first visit's password, the session cookie and its CSRF token. */
export async function uiLogin(t: HttpGatewayTest): Promise<{ cookie: string; csrf: string }> {
  const r = await t.call("POST", "/api/v1/session/setup", {
    body: { password: "correct horse battery" },
  });
  if (r.statusCode !== 201) throw new Error(`setup answered ${r.statusCode}: ${r.body}`);
  const cookie = String(r.headers["set-cookie"]).split(";")[0] ?? "";
  return { cookie, csrf: (r.json() as { csrf: string }).csrf };
}
