import { describe, expect, it } from "vitest";
import { redactCommand } from "../../../src/modem/at/redact.js";

describe("redacting secrets from commands", () => {
  it('hides a quoted PIN: AT+CPIN="1234" → AT+CPIN="****"', () => {
    expect(redactCommand('AT+CPIN="1234"')).toBe('AT+CPIN="****"');
  });

  it("hides PUK and new PIN", () => {
    expect(redactCommand('AT+CPIN="12345678","0000"')).toBe('AT+CPIN="****","****"');
    expect(redactCommand("AT+CPIN=12345678,0000")).toBe("AT+CPIN=****,****");
  });

  it("leaves the PIN query alone", () => {
    expect(redactCommand("AT+CPIN?")).toBe("AT+CPIN?");
  });

  it("hides the passwords of AT+CPWD", () => {
    expect(redactCommand('at+cpwd="SC","1234","5678"')).toBe('at+cpwd="****","****","****"');
  });

  it("leaves ordinary commands alone unless asked", () => {
    expect(redactCommand("AT+CMGS=23")).toBe("AT+CMGS=23");
    expect(redactCommand('AT+CUSD=1,"*100#"', true)).toBe('AT+CUSD=****,"****"');
  });
});
