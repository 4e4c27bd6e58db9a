import { describe, expect, it } from "vitest";
import { DEFAULT_CUT_AT } from "../../src/config/sections/email.js";
import { smsTextOf } from "../../src/email/mail-text.js";

const cutAt = DEFAULT_CUT_AT.map((r) => new RegExp(r));
const body = (text: string, subject = "Subject") =>
  smsTextOf({ subject, text }, { source: "body", cutAt });

describe("the SMS text of a mail", () => {
  it("is the plain-text body, trimmed", () => {
    expect(body("\n  Disk full on web1  \n\n")).toBe("Disk full on web1");
  });

  it("ends before a signature separator (-- )", () => {
    expect(body("UPS on battery\n-- \nAPC PowerChute\nhttps://apc.example")).toBe("UPS on battery");
  });

  it("ends before a quoted reply", () => {
    expect(body("Yes, restart it\n\nOn Mon, 1 Jun 2026, Ops wrote:\n> Restart?")).toBe(
      "Yes, restart it",
    );
  });

  it("ends before a line of quoted text", () => {
    expect(body("ok\n> earlier text")).toBe("ok");
  });

  it("ends before an Outlook original-message marker", () => {
    expect(body("fine\n-----Original Message-----\nFrom: x")).toBe("fine");
  });

  it("keeps at most one blank line between paragraphs", () => {
    expect(body("a\n\n\n\nb")).toBe("a\n\nb");
  });

  it("is the subject when the body is empty", () => {
    expect(body("", "PROBLEM: host down")).toBe("PROBLEM: host down");
  });

  it("is the subject when configured so, whatever the body", () => {
    expect(smsTextOf({ subject: " Alarm ", text: "details" }, { source: "subject", cutAt })).toBe(
      "Alarm",
    );
  });

  it("cuts where a configured rule says", () => {
    expect(
      smsTextOf({ text: "alert\nUNSUBSCRIBE here" }, { source: "body", cutAt: [/^UNSUBSCRIBE/] }),
    ).toBe("alert");
  });
});
