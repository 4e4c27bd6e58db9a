import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/**
 * POST /api/v1/messages in the shapes of clients we do not control: Home Assistant's `rest`
 * notify (POST_JSON), Traccar's SMS template and the sms-gammu-gateway recipe.
 */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest();
});
afterAll(async () => {
  await t.h.dispose();
});

/** A POST as the client sends it: raw JSON text, its own headers. */
const raw = (json: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/messages",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${t.tokens.send}`,
      ...headers,
    },
    payload: json,
  });

const queued = (id: string) => t.h.gateway.service.get(id);

describe("Home Assistant rest notify (POST_JSON)", () => {
  it("`message` and target_param_name `number` (the first target, a string) queue the SMS", async () => {
    const r = await raw('{"message": "Door open", "number": "+491701234567"}');
    expect(r.statusCode).toBe(202);
    expect(queued(r.json().id)).toMatchObject({ to: "+491701234567", text: "Door open" });
  });

  it("`number` as a list queues one message per number", async () => {
    const r = await raw('{"message": "Both", "number": ["+491701111111", "+491702222222"]}');
    expect(r.statusCode).toBe(202);
    expect(r.json().messages).toHaveLength(2);
  });

  it("`title` (title_param_name) becomes the text's first line", async () => {
    const r = await raw(
      '{"message": "Water leak", "title": "Home Assistant", "number": "+491701234567"}',
    );
    expect(r.statusCode).toBe(202);
    expect(queued(r.json().id)?.text).toBe("Home Assistant\nWater leak");
  });

  it("an empty `title` adds nothing", async () => {
    const r = await raw('{"message": "No title", "title": "", "to": "+491701234567"}');
    expect(queued(r.json().id)?.text).toBe("No title");
  });

  it("a `title` that is not a string answers 400 naming title", async () => {
    const r = await raw('{"message": "x", "title": 5, "to": "+491701234567"}');
    expect(r.statusCode).toBe(400);
    expect(r.json().fields).toEqual([
      { field: "title", message: "expected a string (the text's first line)" },
    ]);
  });
});

describe("Traccar's SMS HTTP template", () => {
  it('{"to": "{phone}", "message": "{message}"} with sms.http.authorization verbatim queues the SMS', async () => {
    const r = await raw('{"to": "+491701234567", "message": "Ignition on"}', {
      authorization: `Bearer ${t.tokens.send}`,
    });
    expect(r.statusCode).toBe(202);
    expect(queued(r.json().id)).toMatchObject({ to: "+491701234567", text: "Ignition on" });
  });
});

describe("sms-gammu-gateway recipe", () => {
  it('{"number", "text"} queues the SMS', async () => {
    const r = await raw('{"number": "+491701234567", "text": "Backup done"}');
    expect(r.statusCode).toBe(202);
    expect(queued(r.json().id)?.text).toBe("Backup done");
  });

  it("`phone` stands for `to` too", async () => {
    const r = await raw('{"phone": "+491701234567", "text": "via phone"}');
    expect(r.statusCode).toBe(202);
  });
});

describe("exactly one name per field", () => {
  it("`text` and `message` together answer 400 naming message", async () => {
    const r = await raw('{"to": "+491701234567", "text": "a", "message": "b"}');
    expect(r.statusCode).toBe(400);
    expect(r.json().fields).toEqual([
      {
        field: "message",
        message: "give one of `text` or `message`, not both: they name the same field",
      },
    ]);
  });

  it("`to` and `number` together answer 400 naming number", async () => {
    const r = await raw('{"to": "+491701234567", "number": "+491701234567", "text": "a"}');
    expect(r.statusCode).toBe(400);
    expect(r.json().fields[0].field).toBe("number");
  });

  it("neither `text` nor `message` answers 400 naming text", async () => {
    const r = await raw('{"to": "+491701234567"}');
    expect(r.statusCode).toBe(400);
    expect(r.json().fields.map((f: { field: string }) => f.field)).toEqual(["text"]);
  });

  it("a bad value under an alias is refused under the client's own name", async () => {
    const r = await raw('{"number": 491701234567, "message": ["x"]}');
    expect(r.statusCode).toBe(400);
    expect(
      r
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(["message", "number"]);
    expect(r.json().error).toContain("`number`");
  });

  it("an invalid number under `number` answers 400 with the SMS service's code", async () => {
    const r = await raw('{"number": "not a number", "message": "x"}');
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe("sms.invalid-number");
  });

  it("the same id with `message` and then `text` is one message (a retry, 200)", async () => {
    const a = await raw('{"id": "alias-1", "to": "+491701234567", "message": "same"}');
    const b = await raw('{"id": "alias-1", "to": "+491701234567", "text": "same"}');
    expect([a.statusCode, b.statusCode]).toEqual([202, 200]);
  });
});
