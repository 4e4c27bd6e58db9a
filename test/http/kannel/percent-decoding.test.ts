import querystring from "node:querystring";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentDecodeBytes } from "../../../src/http/kannel/params.js";

// Node's own query-string decoder to bytes (public since Node 0.x, absent from its type file).
const { unescapeBuffer } = querystring as unknown as {
  unescapeBuffer(s: string, decodeSpaces: boolean): Buffer;
};

describe("Kannel parameters decoded to the bytes they encode", () => {
  it("decodes any ASCII query value as Node's own query-string decoder does", () => {
    const piece = fc.oneof(
      fc.string({ unit: "binary-ascii" }),
      fc.constantFrom("%", "%4", "%zz", "%41", "%e2%82%ac", "%00H%00i", "+", "%2B"),
    );
    fc.assert(
      fc.property(fc.array(piece), (parts) => {
        const s = parts.join("");
        expect(percentDecodeBytes(s).equals(unescapeBuffer(s, true))).toBe(true);
      }),
    );
  });

  it("keeps a character beyond ASCII that a client did not encode as its UTF-8 bytes", () => {
    expect(percentDecodeBytes("€+%41").toString("hex")).toBe("e282ac2041");
  });

  it("leaves a percent sign that starts no escape as it is", () => {
    expect(percentDecodeBytes("100%").toString("latin1")).toBe("100%");
  });
});
