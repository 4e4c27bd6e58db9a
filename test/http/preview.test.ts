import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** POST /api/v1/messages/preview: what a text costs, without sending it. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest({ sms: { maxParts: 3 } });
});
afterAll(async () => {
  await t.h.dispose();
});

const preview = (body: unknown, token = t.tokens.send) =>
  t.call("POST", "/api/v1/messages/preview", { token, body });

describe("POST /api/v1/messages/preview", () => {
  it("a short GSM text is one gsm7 segment with no UCS-2 characters", async () => {
    const r = await preview({ text: "Hello, world" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      encoding: "gsm7",
      segments: 1,
      parts: ["Hello, world"],
      ucs2Characters: [],
      maxParts: 3,
      fits: true,
    });
  });

  it("161 GSM characters are two segments of 153 and 8", async () => {
    const text = "a".repeat(161);
    const body = (await preview({ text })).json() as { segments: number; parts: string[] };
    expect(body.segments).toBe(2);
    expect(body.parts.map((p) => p.length)).toEqual([153, 8]);
  });

  it("names each character that forced UCS-2, once", async () => {
    const body = (await preview({ text: "Grüße 😀 und 😀 ✓" })).json();
    expect(body).toMatchObject({ encoding: "ucs2", segments: 1, ucs2Characters: ["😀", "✓"] });
  });

  it("says when the text needs more segments than sms.maxParts (a send would get 413)", async () => {
    const body = (await preview({ text: "b".repeat(153 * 4) })).json();
    expect(body).toMatchObject({ segments: 4, maxParts: 3, fits: false });
  });

  it("queues nothing", () => {
    expect(t.h.gateway.service.list()).toEqual([]);
  });

  it("a text forced to gsm7 with characters GSM lacks answers 400 naming `text`", async () => {
    const r = await preview({ text: "😀", encoding: "gsm7" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: "pdu.unencodable", fields: [{ field: "text" }] });
  });

  it("an unknown field or a missing text answers 400 naming each", async () => {
    const r = await preview({ txt: "x" });
    expect(r.statusCode).toBe(400);
    const fields = (r.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    expect(fields.sort()).toEqual(["text", "txt"]);
  });

  it("needs a token (401)", async () => {
    const r = await t.call("POST", "/api/v1/messages/preview", { body: { text: "x" } });
    expect(r.statusCode).toBe(401);
  });
});
