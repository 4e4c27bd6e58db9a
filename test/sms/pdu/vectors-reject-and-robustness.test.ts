import { describe, expect, it } from "vitest";
import { decodePdu, PduError } from "../../../src/sms/pdu/index.js";
import { loadVectors, startsWithSmscField, type Vector } from "./helpers/vectors.js";

const all = loadVectors("decode-vectors.json");
const byTier = (tier: string): Array<[string, Vector]> =>
  all.filter((v) => v.tier === tier).map((v) => [v.id, v]);

function outcome(pdu: string, v: Vector): "decoded" | "pdu-error" {
  try {
    decodePdu(pdu, { smsc: startsWithSmscField(v) });
    return "decoded";
  } catch (err) {
    // Anything but a PduError fails the test with its own stack.
    if (!(err instanceof PduError)) throw err;
    expect(err.code).toMatch(/^pdu\.[a-z-]+$/);
    expect(err.message.length).toBeGreaterThan(0);
    return "pdu-error";
  }
}

describe("malformed PDUs the sources require to fail", () => {
  it.each(byTier("must-reject"))("%s (ModemManager) gives a PduError", (_id, v) => {
    expect(outcome(v.pdu!, v)).toBe("pdu-error");
  });

  it.each(byTier("should-reject"))("%s (gammu at-sms-failing) gives a PduError", (_id, v) => {
    expect(outcome(v.pdu!, v)).toBe("pdu-error");
  });

  it("names the reason: a UDL longer than the data is pdu.truncated", () => {
    const v = all.find((x) => x.id === "mm-test_pdu_insufficient_data")!;
    expect(() => decodePdu(v.pdu!)).toThrow(expect.objectContaining({ code: "pdu.truncated" }));
  });
});

describe("lenient or odd PDUs", () => {
  it.each(byTier("robustness-only"))("%s decodes or gives a PduError, nothing else", (_id, v) => {
    for (const pdu of v.pdus ?? [v.pdu!])
      expect(["decoded", "pdu-error"]).toContain(outcome(pdu, v));
  });
});

describe("parts of concatenated messages (node-pdu reassembly vectors)", () => {
  it.each(byTier("reassembly"))(
    "%s: parts sorted by sequence and de-duplicated give the text",
    (_id, v) => {
      const parts = v.pdus!.map((p) => decodePdu(p));
      const bySeq = new Map(parts.map((p) => [p.concat!.part, p.text]));
      const text = [...bySeq.entries()]
        .sort((a, b) => a[0] - b[0])
        .map((e) => e[1])
        .join("");
      expect(text).toBe(v.expected.text_after_append);
    },
  );

  it.each(byTier("reassembly-reject"))(
    "%s: parts of different messages differ in key",
    (_id, v) => {
      const [a, b] = v.pdus!.map((p) => decodePdu(p).concat!);
      expect([a!.ref, a!.total]).not.toEqual([b!.ref, b!.total]);
    },
  );
});
