import { describe, expect, it } from "vitest";
import {
  aggregateParts,
  matchReport,
  type ReportCandidate,
  reportState,
} from "../../src/sms/delivery-reports.js";

const t0 = Date.parse("2025-01-01T10:00:00Z");
const cand = (
  messageId: string,
  mr: number,
  sentAt: number,
  to = "+491701234567",
  part = 0,
): ReportCandidate => ({
  messageId,
  part,
  to,
  mr,
  sentAt,
});

describe("a status report is matched to its part", () => {
  it("by message reference", () => {
    const c = [cand("a", 7, t0), cand("b", 8, t0)];
    expect(matchReport({ reference: 8, status: 0 }, c)?.messageId).toBe("b");
  });

  it("by recipient when references collide", () => {
    const c = [cand("a", 7, t0, "+491701111111"), cand("b", 7, t0, "+491702222222")];
    expect(matchReport({ reference: 7, recipient: "01702222222", status: 0 }, c)?.messageId).toBe(
      "b",
    );
  });

  it("after the reference wrapped at 255, by the time closest to the SC timestamp", () => {
    const day = 86_400_000;
    const c = [cand("old", 3, t0 - day), cand("new", 3, t0)];
    const report = { reference: 3, status: 0, timestamp: new Date(t0 + 2000).toISOString() };
    expect(matchReport(report, c)?.messageId).toBe("new");
    const late = { reference: 3, status: 0, timestamp: new Date(t0 - day + 1000).toISOString() };
    expect(matchReport(late, c)?.messageId).toBe("old");
  });

  it("without timestamp, the most recent send", () => {
    const c = [cand("old", 3, t0 - 1000), cand("new", 3, t0)];
    expect(matchReport({ reference: 3, status: 0 }, c)?.messageId).toBe("new");
  });

  it("not at all when nothing has that reference", () => {
    expect(matchReport({ reference: 9, status: 0 }, [cand("a", 7, t0)])).toBeUndefined();
  });

  it("not at all when the recipient is someone else", () => {
    const report = { reference: 7, recipient: "+441234567890", status: 0 };
    expect(matchReport(report, [cand("a", 7, t0)])).toBeUndefined();
  });
});

describe("report status and aggregation", () => {
  it.each([
    [0x00, "delivered"],
    [0x01, "delivered"],
    [0x21, "pending"],
    [0x41, "failed"],
    [0x62, "failed"],
  ] as const)("TP-ST 0x%s is %s", (status, state) => {
    expect(reportState(status)).toBe(state);
  });

  it("a message is delivered only when every part is", () => {
    expect(aggregateParts(["delivered", "pending"])).toBe("pending");
    expect(aggregateParts(["delivered", "delivered"])).toBe("delivered");
  });

  it("one failed part fails the message", () => {
    expect(aggregateParts(["delivered", "failed", "pending"])).toBe("failed");
  });
});
