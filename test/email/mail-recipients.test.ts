import { describe, expect, it } from "vitest";
import { Contacts } from "../../src/automation/contacts.js";
import { phoneNumbersOf } from "../../src/email/recipients.js";

const contacts = new Contacts(
  { numbers: { alice: "+491701111111" }, groups: { oncall: ["alice", "+491702222222"] } },
  [],
  "49",
);
const resolve = (names: readonly string[]) => contacts.resolve(names);
const phones = (address: string, domains: string[] = []) =>
  phoneNumbersOf(address, domains, resolve);

describe("the phones an e-mail recipient names", () => {
  it("reads +<number>@<domain> as that number", () => {
    expect(phones("+491701234567@sms.local")).toEqual(["+491701234567"]);
  });

  it("reads digits without + as a number with its country code", () => {
    expect(phones("491701234567@sms.local")).toEqual(["+491701234567"]);
  });

  it("reads a national number (leading 0) in the home country", () => {
    expect(phones("01701234567@sms.local")).toEqual(["+491701234567"]);
  });

  it("reads a contact name as the contact's number, whatever its case", () => {
    expect(phones("Alice@sms.local")).toEqual(["+491701111111"]);
  });

  it("reads a group name as each member's number", () => {
    expect(phones("oncall@sms.local")).toEqual(["+491701111111", "+491702222222"]);
  });

  it("refuses a name that is no contact with 550", () => {
    expect(() => phones("bob@sms.local")).toThrow(
      expect.objectContaining({ responseCode: 550, message: expect.stringContaining("bob") }),
    );
  });

  it("refuses a domain not served with 550", () => {
    expect(() => phones("+491701234567@example.com", ["sms.local"])).toThrow(
      expect.objectContaining({ responseCode: 550 }),
    );
  });

  it("takes any domain when none are configured", () => {
    expect(phones("+491701234567@whatever.example")).toEqual(["+491701234567"]);
  });
});
