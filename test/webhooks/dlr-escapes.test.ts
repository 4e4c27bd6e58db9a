import { describe, expect, it } from "vitest";
import { dlrTypeOf, substituteDlrUrl } from "../../src/webhooks/dlr-escapes.js";

/** dlr-url escapes as Kannel fills them, and the `%d` of each state of ours. */

const message = {
  id: "kannel-1:+491701234567",
  to: "+491701234567",
  status: "delivered" as const,
  updatedAt: "2026-03-04T05:06:07.000Z",
};

describe("the %d of a state", () => {
  it.each([
    ["sent", "sending", 8],
    ["delivered", "sent", 1],
    ["failed", "sent", 2],
    ["expired", "sent", 2],
    ["failed", "sending", 16],
    ["failed", "new", 16],
    ["cancelled", "queued", 16],
  ] as const)("%s after %s is %i", (status, previous, d) => {
    expect(dlrTypeOf(status, previous)).toBe(d);
  });

  it.each(["queued", "sending"] as const)("%s reports nothing", (status) => {
    expect(dlrTypeOf(status, "new")).toBeUndefined();
  });
});

describe("dlr-url escapes", () => {
  const fill = (url: string, from = "0049170999") =>
    substituteDlrUrl(url, { type: 1, message, from, smsc: "default" });

  it("RapidPro's status URL gets its %d", () => {
    expect(fill("http://c.example/c/kn/ch/status?uuid=u-1&status=%d")).toBe(
      "http://c.example/c/kn/ch/status?uuid=u-1&status=1",
    );
  });

  it("every escape, each value URL-encoded", () => {
    expect(fill("http://h/?d=%d&A=%A&F=%F&I=%I&p=%p&P=%P&q=%q&Q=%Q&t=%t&T=%T&i=%i&pct=%%")).toBe(
      "http://h/?d=1&A=DELIVRD&F=kannel-1%3A%2B491701234567&I=kannel-1%3A%2B491701234567" +
        "&p=0049170999&P=%2B491701234567&q=%2B49170999&Q=%2B491701234567" +
        "&t=2026-03-04%2005%3A06&T=1772600767&i=default&pct=%",
    );
  });

  it("an escape Kannel does not know, and a percent-encoded byte, are left as they are", () => {
    expect(fill("http://h/a%2Fb?x=%z")).toBe("http://h/a%2Fb?x=%z");
  });

  it("a failure's %A is NACK with the CMS error", () => {
    const url = substituteDlrUrl("http://h/?A=%A", {
      type: 16,
      message: {
        ...message,
        status: "failed",
        error: { code: "sms.send-failed" as never, message: "no", cms: 500 },
      },
      from: "",
      smsc: "",
    });
    expect(url).toBe("http://h/?A=NACK%2F500%2Fno");
  });
});
