import { describe, expect, it } from "vitest";
import { httpTargetSchema } from "../../src/automation/config/http-target.js";
import type { InboundMessage, OutboundMessage } from "../../src/sms/types.js";
import { forwardRequest, reportRequest } from "../../src/webhooks/http-forward.js";

const message: InboundMessage = {
  id: "m-42",
  from: "00491701234567",
  text: "Grüße & 100% {{from}}",
  receivedAt: "2026-12-03T10:15:30.000Z",
  timestamp: "2026-12-03T10:15:00+00:00",
  smsc: "+491710760000",
  parts: 1,
  complete: true,
  encoding: "ucs2",
  class: null,
};

const target = (t: unknown) => httpTargetSchema.parse(t);

describe("HTTP forwarding targets", () => {
  it("playSMS's geturl.php gets t, q, a, Q and smsc in the query, byte for byte", () => {
    const req = forwardRequest(
      target({
        url: "https://sms.example.org/plugin/gateway/kannel/geturl.php?t=%t&q=%q&a=%a&Q=%Q&smsc=%i",
      }),
      message,
    );
    expect(req.method).toBe("GET");
    expect(req.url).toBe(
      "https://sms.example.org/plugin/gateway/kannel/geturl.php?t=2026-12-03%2010%3A15&q=%2B491701234567&a=Gr%C3%BC%C3%9Fe%20%26%20100%25%20%7B%7Bfrom%7D%7D&Q=&smsc=smsgw",
    );
  });

  it("RapidPro/Courier's Kannel channel gets id, ts, message and sender as a POST form, byte for byte", () => {
    const req = forwardRequest(
      target({
        url: "https://courier.example.org/c/kn/8eb5a4b5-6d56-4b44-8b7c-1cba6a3a4c12/receive",
        method: "POST",
        params: { id: "%I", ts: "%T", message: "%a", sender: "%p" },
      }),
      message,
    );
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.body).toBe(
      "id=m-42&ts=1796292900&message=Gr%C3%BC%C3%9Fe%20%26%20100%25%20%7B%7Bfrom%7D%7D&sender=00491701234567",
    );
  });

  it("a JSON body template escapes each value as JSON, placeholders and escapes alike", () => {
    const req = forwardRequest(
      target({
        url: "https://x.example.org/in",
        method: "POST",
        body: '{"from": "{{from}}", "text": "%a", "at": "%T"}',
      }),
      message,
    );
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body ?? "")).toEqual({
      from: "00491701234567",
      text: "Grüße & 100% {{from}}",
      at: "1796292900",
    });
  });

  it("an SMS text holding an escape or a placeholder is forwarded as text", () => {
    const req = forwardRequest(
      target({ url: "https://x.example.org/in", params: { text: "{{text}}" } }),
      { ...message, text: "%p {{from}}" },
    );
    expect(req.url).toBe("https://x.example.org/in?text=%25p%20%7B%7Bfrom%7D%7D");
  });

  it("refuses a body with GET, naming the key", () => {
    const r = httpTargetSchema.safeParse({ url: "https://x.org/", body: "x" });
    expect(r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["body", "a body needs method: POST"],
    ]);
  });
});

describe("delivery-report targets", () => {
  const failed: OutboundMessage = {
    id: "api-7",
    to: "+491709999999",
    text: "Your code is 123456",
    status: "failed",
    parts: 1,
    partsSent: 1,
    encoding: "gsm7",
    priority: "high",
    createdAt: "2026-12-03T10:00:00.000Z",
    updatedAt: "2026-12-03T10:01:00.000Z",
    error: { code: "sms.rejected", message: "Unknown subscriber", cms: 1 },
  };

  it("a Kannel-style GET gets %d, %A with the CMS error, %I, %P and %T", () => {
    const req = reportRequest(
      target({ url: "https://crm.example.org/dlr?type=%d&reply=%A&id=%I&to=%P&ts=%T" }),
      failed,
      2,
    );
    expect(req.url).toBe(
      "https://crm.example.org/dlr?type=2&reply=NACK%2F1%2FUnknown%20subscriber&id=api-7&to=%2B491709999999&ts=1796292060",
    );
  });

  it("a form POST gets the message's fields as placeholders", () => {
    const req = reportRequest(
      target({
        url: "https://crm.example.org/status",
        method: "POST",
        params: { id: "{{id}}", status: "{{status}}", why: "{{error}}", code: "{{errorCode}}" },
      }),
      failed,
      2,
    );
    expect([req.headers["content-type"], req.body]).toEqual([
      "application/x-www-form-urlencoded",
      "id=api-7&status=failed&why=Unknown%20subscriber&code=sms.rejected",
    ]);
  });
});
