import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * GET /api/v1/automation/audit and the inbox's `command` mark, through the real gateway: the
 * simulator delivers SMS commands from an allowed sender, with the right PIN and a wrong one,
 * and a plain message.
 */

const OWNER = "+491702222222";
const PIN = "471100";

interface Attempt {
  sender: string;
  command: string;
  outcome: string;
  messageId?: string;
}
interface Received {
  id: string;
  text: string;
  command?: boolean;
  commandOutcome?: string;
}

let t: HttpGatewayTest;

const attempts = async (query = ""): Promise<Attempt[]> =>
  (
    (await t.call("GET", `/api/v1/automation/audit${query}`, { token: t.tokens.admin })).json() as {
      attempts: Attempt[];
    }
  ).attempts;

const inbox = async (): Promise<Received[]> =>
  (
    (await t.call("GET", "/api/v1/inbox", { token: t.tokens.admin })).json() as {
      messages: Received[];
    }
  ).messages;

const byText = async (text: string): Promise<Received | undefined> =>
  (await inbox()).find((m) => m.text === text);

beforeAll(async () => {
  t = await startHttpGatewayTest({
    automation: {
      commands: [
        {
          name: "relay",
          pattern: "RELAY <name> <state:ON|OFF>",
          publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
          reply: "Relay {{name}} is {{state}}",
        },
      ],
      security: { users: [{ who: OWNER, allow: ["relay"], pin: PIN }] },
    },
  });
  // One at a time, so the log's order is the order sent.
  t.h.sim.deliverSms({ from: OWNER, text: `${PIN} RELAY pump ON` });
  await vi.waitFor(async () => expect(await attempts()).toHaveLength(1), 15_000);
  t.h.sim.deliverSms({ from: OWNER, text: "123456 RELAY pump OFF" });
  await vi.waitFor(async () => expect(await attempts()).toHaveLength(2), 15_000);
  t.h.sim.deliverSms({ from: OWNER, text: "just saying hello" });
  await vi.waitFor(async () => expect(await inbox()).toHaveLength(3), 15_000);
});
afterAll(async () => {
  await t?.h.dispose();
});

describe("GET /api/v1/automation/audit", () => {
  it("lists each attempt newest first, with sender, command and outcome", async () => {
    expect(
      (await attempts()).map((a) => ({ sender: a.sender, command: a.command, outcome: a.outcome })),
    ).toEqual([
      { sender: OWNER, command: "RELAY pump OFF", outcome: "wrong-secret" },
      { sender: OWNER, command: "RELAY pump ON", outcome: "ok" },
    ]);
  });

  it("never shows the PIN or the wrong code", async () => {
    const r = await t.call("GET", "/api/v1/automation/audit", { token: t.tokens.admin });
    expect([r.body.includes(PIN), r.body.includes("123456")]).toEqual([false, false]);
  });

  it("filters by outcome", async () => {
    expect((await attempts("?outcome=wrong-secret")).map((a) => a.command)).toEqual([
      "RELAY pump OFF",
    ]);
  });

  it("takes a limit", async () => {
    expect((await attempts("?limit=1")).map((a) => a.outcome)).toEqual(["wrong-secret"]);
  });

  it("refuses an unknown outcome with 400", async () => {
    const r = await t.call("GET", "/api/v1/automation/audit?outcome=maybe", {
      token: t.tokens.admin,
    });
    expect([r.statusCode, (r.json() as { code: string }).code]).toEqual([
      400,
      "mqtt.invalid-request",
    ]);
  });

  it("is for admins only: a messages:read token gets 403", async () => {
    const r = await t.call("GET", "/api/v1/automation/audit", { token: t.tokens.read });
    expect(r.statusCode).toBe(403);
  });
});

describe("the inbox marks remote-command attempts", () => {
  it("a command that ran: `command: true` with outcome ok", async () => {
    const m = await byText("****** RELAY pump ON");
    expect([m?.command, m?.commandOutcome]).toEqual([true, "ok"]);
  });

  it("a command with a wrong code: `command: true` with outcome wrong-secret", async () => {
    const m = await byText("****** RELAY pump OFF");
    expect([m?.command, m?.commandOutcome]).toEqual([true, "wrong-secret"]);
  });

  it("a plain message: no `command` field", async () => {
    const m = await byText("just saying hello");
    expect(m === undefined ? "missing" : "command" in m).toBe(false);
  });

  it("GET /api/v1/inbox/{id} marks it too", async () => {
    const [ok] = await attempts("?outcome=ok");
    const r = await t.call("GET", `/api/v1/inbox/${ok?.messageId}`, { token: t.tokens.admin });
    expect((r.json() as Received).command).toBe(true);
  });

  it("the code in front of a command keyword is masked, as on MQTT: no PIN in the inbox", async () => {
    const body = (await t.call("GET", "/api/v1/inbox", { token: t.tokens.admin })).body;
    expect([body.includes(PIN), body.includes("123456")]).toEqual([false, false]);
  });

  it("GET /api/v1/inbox/{id} masks it too", async () => {
    const [ok] = await attempts("?outcome=ok");
    const r = await t.call("GET", `/api/v1/inbox/${ok?.messageId}`, { token: t.tokens.admin });
    expect((r.json() as Received).text).toBe("****** RELAY pump ON");
  });
});
