import { describe, expect, it } from "vitest";
import { outboundLine, problemLine } from "../../src/cli/demo-screen.js";
import type { OutboundMessage } from "../../src/sms/types.js";

const message: OutboundMessage = {
  id: "2735425f-3e83-4f91-a20c-c6601dcea60e",
  to: "+491701234567",
  text: "hi",
  status: "sent",
  parts: 1,
  partsSent: 1,
  encoding: "gsm7",
  priority: "normal",
  createdAt: "2026-12-03T08:41:17.523Z",
  updatedAt: "2026-12-03T08:41:18.542Z",
};

describe("the demo's line for an outbound message", () => {
  it("shows the full id, as smsgw send and the status topics print it", () => {
    expect(outboundLine(message)).toBe(
      "  ✉️  2735425f-3e83-4f91-a20c-c6601dcea60e → +491701234567 [sent] 1/1 part(s)",
    );
  });

  it("says why a message failed", () => {
    const failed: OutboundMessage = {
      ...message,
      status: "failed",
      partsSent: 0,
      error: {
        code: "sms.rejected",
        message: "+CMS ERROR 21: short message transfer rejected",
        cms: 21,
      },
    };
    expect(outboundLine(failed)).toBe(
      "  ✉️  2735425f-3e83-4f91-a20c-c6601dcea60e → +491701234567 [failed] 0/1 part(s): +CMS ERROR 21: short message transfer rejected",
    );
  });
});

describe("the demo's line for a log entry", () => {
  it("shows a warning as one readable line", () => {
    const json =
      '{"level":40,"time":1,"ns":"sms:outbox","id":"x","err":"+CMS ERROR 38: network out of order","msg":"modem could not send; message stays queued"}';
    expect(problemLine(json)).toBe(
      "  ⚠️  modem could not send; message stays queued: +CMS ERROR 38: network out of order (sms:outbox)",
    );
  });

  it("marks an error", () => {
    expect(problemLine('{"level":50,"msg":"store failed"}')).toBe("  ❌ store failed");
  });

  it("keeps info lines off the screen", () => {
    expect(problemLine('{"level":30,"msg":"modem ready"}')).toBeUndefined();
  });

  it("ignores what is not a JSON log line", () => {
    expect(problemLine("not json\n")).toBeUndefined();
  });
});
