import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "./support/http-gateway.js";

/** Whatever a client sends, it gets a clear answer with a code, never a 500 or a crash. */

let t: HttpGatewayTest;
beforeAll(async () => {
  t = await startHttpGatewayTest();
});
afterAll(async () => {
  await t.h.dispose();
});

const EXPECTED = [200, 202, 400, 404, 409, 413, 415, 429];

const field = fc.oneof(
  fc.constantFrom("to", "text", "id", "priority", "flash", "validity", "notBefore", "encoding"),
  fc.string({ maxLength: 8 }),
);
const body = fc.oneof(
  fc.dictionary(field, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
);

describe("random request bodies", () => {
  it("each gets an expected status with a JSON error or message body", async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom("/api/v1/messages", "/api/v1/messages/preview"),
        async (payload, url) => {
          const r = await t.call("POST", url, { token: t.tokens.admin, body: payload });
          expect(EXPECTED).toContain(r.statusCode);
          const json = r.json() as Record<string, unknown>;
          if (r.statusCode >= 400) expect(typeof json.code).toBe("string");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the gateway still answers afterwards", async () => {
    const r = await t.call("GET", "/api/v1/modem", { token: t.tokens.read });
    expect(r.statusCode).toBe(200);
  });
});
