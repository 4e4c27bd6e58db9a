import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../support/http-gateway.js";

/** GET /api/v1/automation: the automation as configured, for the web UI's read-only page. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({
    contacts: [{ name: "Alice", number: "+491701112222" }],
    automation: {
      contacts: { numbers: { alice: "+491701112222" }, groups: { family: ["alice"] } },
      security: { users: [{ who: "alice", allow: ["*"], pin: "471100" }] },
    },
  });
});
afterAll(async () => {
  await t.h.dispose();
});

describe("GET /api/v1/automation", () => {
  it("shows who may run commands, with the PIN masked", async () => {
    const r = await t.call("GET", "/api/v1/automation", { token: t.tokens.admin });
    expect(r.statusCode).toBe(200);
    const body = r.json() as {
      automation: { security: { users: Array<{ who: string; pin: string }> } };
    };
    expect(body.automation.security.users[0]).toMatchObject({ who: "alice", pin: "***" });
    expect(r.body).not.toContain("471100");
  });

  it("lists the contacts (the compose page offers them)", async () => {
    const r = await t.call("GET", "/api/v1/automation", { token: t.tokens.admin });
    expect((r.json() as { contacts: unknown }).contacts).toEqual([
      { name: "Alice", number: "+491701112222" },
    ]);
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const r = await t.call("GET", "/api/v1/automation", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });
});
