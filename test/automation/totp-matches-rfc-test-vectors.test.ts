import { describe, expect, it } from "vitest";
import { decodeBase32, encodeBase32, hotp, otpauthUri, totp } from "../../src/automation/totp.js";

// RFC 6238 Appendix B: seeds are the ASCII digits "1234567890" repeated to the hash's length.
const SEED = {
  sha1: Buffer.from("12345678901234567890"),
  sha256: Buffer.from("12345678901234567890123456789012"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
};
const RFC6238: Array<[number, string, keyof typeof SEED]> = [
  [59, "94287082", "sha1"],
  [59, "46119246", "sha256"],
  [59, "90693936", "sha512"],
  [1111111109, "07081804", "sha1"],
  [1111111109, "68084774", "sha256"],
  [1111111109, "25091201", "sha512"],
  [1111111111, "14050471", "sha1"],
  [1111111111, "67062674", "sha256"],
  [1111111111, "99943326", "sha512"],
  [1234567890, "89005924", "sha1"],
  [1234567890, "91819424", "sha256"],
  [1234567890, "93441116", "sha512"],
  [2000000000, "69279037", "sha1"],
  [2000000000, "90698825", "sha256"],
  [2000000000, "38618901", "sha512"],
  [20000000000, "65353130", "sha1"],
  [20000000000, "77737706", "sha256"],
  [20000000000, "47863826", "sha512"],
];

// RFC 4226 Appendix D: HOTP values for counters 0…9 with the SHA-1 seed.
const RFC4226 = [
  "755224",
  "287082",
  "359152",
  "969429",
  "338314",
  "254676",
  "287922",
  "162583",
  "399871",
  "520489",
];

describe("TOTP (RFC 6238)", () => {
  it.each(RFC6238)("at %i s gives %s with %s", (seconds, expected, algorithm) => {
    expect(totp(SEED[algorithm], seconds * 1000, { digits: 8, algorithm })).toBe(expected);
  });
});

describe("HOTP (RFC 4226)", () => {
  it("gives the appendix D values for counters 0 to 9", () => {
    expect(RFC4226.map((_, c) => hotp(SEED.sha1, c))).toEqual(RFC4226);
  });
});

describe("base32 secrets (RFC 4648)", () => {
  it("decodes the RFC 4648 test vector 'foobar'", () => {
    expect(decodeBase32("MZXW6YTBOI======").toString()).toBe("foobar");
  });

  it("accepts lower case, spaces and missing padding as people copy secrets", () => {
    expect(decodeBase32("mzxw 6ytb oi").toString()).toBe("foobar");
  });

  it("round-trips the RFC 6238 seed", () => {
    expect(encodeBase32(SEED.sha1)).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect(decodeBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).toEqual(SEED.sha1);
  });

  it("refuses characters outside the alphabet", () => {
    expect(() => decodeBase32("ABC1")).toThrow(/not a base32 character/);
  });
});

describe("otpauth URI", () => {
  it("names issuer, account and secret for an authenticator app", () => {
    expect(otpauthUri({ type: "totp", secret: "GEZDGNBV", account: "alice" })).toBe(
      "otpauth://totp/smsgw%3Aalice?secret=GEZDGNBV&issuer=smsgw",
    );
  });
});
