import { afterEach, describe, expect, it } from "vitest";
import type { AtChannel } from "../../../src/modem/at/index.js";
import { AtError } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

const answers: Record<string, string> = {
  "AT+CSQ": frame("+CSQ: 18,99", "OK"),
  "AT+CGMR": frame("V ICPR72_08w44.1", "24-11-08", "RM-348", "OK"),
  "AT+BAD": frame("ERROR"),
  "AT+CMGR=9": frame("+CMS ERROR: 321"),
  "AT+CPIN?": frame("+CME ERROR: SIM not inserted"),
  "AT+WIND?": frame("COMMAND NOT SUPPORT"),
  ATD123: frame("NO CARRIER"),
  'AT+CPIN="1234"': frame("+CME ERROR: 16"),
  "AT+CPIN=12345678,4321": frame("+CME ERROR: 16"),
};

let at: AtChannel;
afterEach(async () => {
  await at.stop();
});

async function channel() {
  ({ at } = await openChannel({ onCommand: (c) => answers[c] ?? frame("ERROR") }));
  return at;
}

async function failure(p: Promise<unknown>): Promise<AtError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AtError);
  return err as AtError;
}

describe("final results", () => {
  it("resolves with the matched intermediate lines and OK", async () => {
    await channel();
    expect(await at.run({ command: "AT+CSQ" })).toEqual({
      command: "AT+CSQ",
      lines: ["+CSQ: 18,99"],
      final: "OK",
    });
  });

  it("collects bare lines for commands without a prefix (Nokia AT+CGMR)", async () => {
    await channel();
    const r = await at.run({ command: "AT+CGMR" });
    expect(r.lines).toEqual(["V ICPR72_08w44.1", "24-11-08", "RM-348"]);
  });

  it("rejects ERROR with at.error and the command", async () => {
    await channel();
    const err = await failure(at.run({ command: "AT+BAD" }));
    expect([err.code, err.command]).toEqual(["at.error", "AT+BAD"]);
  });

  it("rejects +CMS ERROR with at.cms and the numeric code", async () => {
    await channel();
    const err = await failure(at.run({ command: "AT+CMGR=9" }));
    expect([err.code, err.cmsCode]).toEqual(["at.cms", 321]);
  });

  it("rejects a verbose +CME ERROR with at.cme and the text in the message", async () => {
    await channel();
    const err = await failure(at.run({ command: "AT+CPIN?" }));
    expect(err.code).toBe("at.cme");
    expect(err.message).toContain("SIM not inserted");
  });

  it("rejects Huawei's COMMAND NOT SUPPORT with at.not-supported", async () => {
    await channel();
    expect((await failure(at.run({ command: "AT+WIND?" }))).code).toBe("at.not-supported");
  });

  it("rejects NO CARRIER with at.no-carrier", async () => {
    await channel();
    expect((await failure(at.run({ command: "ATD123" }))).code).toBe("at.no-carrier");
  });

  it("redacts the PIN in the error", async () => {
    await channel();
    const err = await failure(at.run({ command: 'AT+CPIN="1234"' }));
    expect([err.command, err.cmeCode]).toEqual(['AT+CPIN="****"', 16]);
    expect(`${err.message} ${JSON.stringify(err.details)}`).not.toContain("1234");
  });

  it("redacts PUK and new PIN in the error", async () => {
    await channel();
    const err = await failure(at.run({ command: "AT+CPIN=12345678,4321" }));
    expect(err.command).toBe("AT+CPIN=****,****");
  });

  it("carries the stack of the caller that queued the command", async () => {
    await channel();
    const err = await failure(at.run({ command: "AT+BAD" }));
    expect(err.stack).toContain("channel-final-results.test.ts");
  });
});
