import { describe, expect, it } from "vitest";
import {
  type PartialMessage,
  Reassembler,
  type ReceivedPart,
} from "../../../src/sms/inbox/reassembly.js";

const part = (
  n: number,
  total: number,
  text: string,
  opts: Partial<ReceivedPart> & { ref?: number; bits?: 8 | 16 } = {},
): ReceivedPart => ({
  from: opts.from ?? "+491701234567",
  text,
  encoding: "gsm7",
  class: null,
  smsc: "+491710760000",
  timestamp: "2025-01-01T10:00:00+01:00",
  concat: { ref: opts.ref ?? 42, part: n, total, refBits: opts.bits ?? 8 },
});

const hour = 3_600_000;

describe("multipart reassembly", () => {
  it("joins parts that arrive out of order", () => {
    const r = new Reassembler([], hour);
    expect(r.add(part(3, 3, "C"), 0).kind).toBe("pending");
    expect(r.add(part(1, 3, "A"), 1).kind).toBe("pending");
    const done = r.add(part(2, 3, "B"), 2);
    expect(done).toMatchObject({
      kind: "complete",
      message: { text: "ABC", parts: 3, complete: true },
    });
  });

  it("ignores a duplicate part", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 2, "A"), 0);
    expect(r.add(part(1, 2, "A"), 1).kind).toBe("duplicate");
    expect(r.add(part(2, 2, "B"), 2)).toMatchObject({ message: { text: "AB" } });
  });

  it("never mixes messages with different references", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 2, "A1", { ref: 1 }), 0);
    r.add(part(1, 2, "B1", { ref: 2 }), 0);
    expect(r.add(part(2, 2, "B2", { ref: 2 }), 0)).toMatchObject({ message: { text: "B1B2" } });
    expect(r.add(part(2, 2, "A2", { ref: 1 }), 0)).toMatchObject({ message: { text: "A1A2" } });
  });

  it("never mixes senders sharing a reference", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 2, "A1", { from: "+491701111111" }), 0);
    expect(r.add(part(2, 2, "B2", { from: "+491702222222" }), 0).kind).toBe("pending");
    expect(r.pending).toHaveLength(2);
  });

  it("keeps 8-bit and 16-bit references apart", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 2, "A", { ref: 5, bits: 8 }), 0);
    expect(r.add(part(2, 2, "B", { ref: 5, bits: 16 }), 0).kind).toBe("pending");
  });

  it("keeps messages with the same reference but a different total apart", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 2, "A"), 0);
    expect(r.add(part(2, 3, "B"), 0).kind).toBe("pending");
  });

  it("hands on a partial message after the timeout, naming the missing parts", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 4, "A"), 0);
    r.add(part(3, 4, "C"), 10);
    expect(r.expire(hour - 1)).toEqual([]);
    const [m] = r.expire(hour);
    expect(m).toMatchObject({ text: "AC", complete: false, missingParts: [2, 4], parts: 4 });
    expect(r.pending).toHaveLength(0);
  });

  it("reports when the next partial times out", () => {
    const r = new Reassembler([], hour);
    r.add(part(1, 2, "A"), 500);
    expect(r.nextExpiry()).toBe(500 + hour);
  });

  it("passes a single SMS straight through", () => {
    const r = new Reassembler([], hour);
    const single = { ...part(1, 1, "hi"), concat: null };
    expect(r.add(single, 0)).toMatchObject({ kind: "complete", message: { text: "hi", parts: 1 } });
  });

  it("works on the state it is given (survives a restart)", () => {
    const state: PartialMessage[] = [];
    new Reassembler(state, hour).add(part(1, 2, "A"), 0);
    const copy = JSON.parse(JSON.stringify(state)) as PartialMessage[];
    expect(new Reassembler(copy, hour).add(part(2, 2, "B"), 1)).toMatchObject({
      message: { text: "AB" },
    });
  });
});
