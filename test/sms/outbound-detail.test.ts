import { describe, expect, it } from "vitest";
import { detailOf, MAX_CHANGES, recordChange } from "../../src/sms/outbound-detail.js";
import type { OutboxRecord } from "../../src/sms/state.js";

function rec(extra: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id: "m",
    to: "+491701234567",
    text: "t",
    status: "queued",
    parts: 2,
    partsSent: 0,
    encoding: "gsm7",
    priority: "normal",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    seq: 0,
    deliveryReport: true,
    encodingRequest: "auto",
    concatRef: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
    attempts: 0,
    mrs: [],
    sentAt: [],
    reports: [],
    ...extra,
  };
}

describe("an outbound message's story", () => {
  it("a long retry loop keeps the first change and the latest ones, at most MAX_CHANGES", () => {
    const r = rec({ changes: [{ status: "queued", at: new Date(0).toISOString() }] });
    for (let i = 1; i <= 200; i++) recordChange(r, i % 2 ? "sending" : "queued", i * 1000);
    expect(r.changes).toHaveLength(MAX_CHANGES);
    expect(r.changes?.[0]?.at).toBe(new Date(0).toISOString());
    expect(r.changes?.at(-1)?.at).toBe(new Date(200_000).toISOString());
  });

  it("a record from before changes were kept tells its two known points", () => {
    const r = rec({ status: "sent", updatedAt: "2026-01-01T00:00:09.000Z" });
    expect(detailOf(r).history).toEqual([
      { status: "queued", at: "2026-01-01T00:00:00.000Z" },
      { status: "sent", at: "2026-01-01T00:00:09.000Z" },
    ]);
  });

  it("a part not yet sent has no reference and no report; a sent one waits for its report", () => {
    const r = rec({
      status: "sending",
      partsSent: 1,
      mrs: [7],
      sentAt: [5000],
      reports: ["pending"],
    });
    expect(detailOf(r).partStates).toEqual([
      { part: 1, reference: 7, sentAt: new Date(5000).toISOString(), report: "pending" },
      { part: 2, reference: null, sentAt: null, report: "none" },
    ]);
  });

  it("without a delivery report asked for, a sent part's report is `none`", () => {
    const r = rec({
      deliveryReport: false,
      partsSent: 2,
      mrs: [1, 2],
      sentAt: [1, 2],
      reports: ["pending", "pending"],
    });
    expect(detailOf(r).partStates.map((p) => p.report)).toEqual(["none", "none"]);
  });
});
