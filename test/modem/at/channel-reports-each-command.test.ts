import { afterEach, describe, expect, it } from "vitest";
import type { AtChannel, AtCommandDone } from "../../../src/modem/at/index.js";
import { commandName } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

const answers: Record<string, string> = {
  "AT+CSQ": frame("+CSQ: 18,99", "OK"),
  "AT+BAD": frame("ERROR"),
  "AT+CMGR=9": frame("+CMS ERROR: 321"),
  'AT+CPIN="1234"': frame("+CME ERROR: 16"),
};

let at: AtChannel;
afterEach(async () => {
  await at.stop();
});

/** Runs `command` and returns what the channel's `command` event said of it. */
async function reported(command: string, timeoutMs?: number): Promise<AtCommandDone> {
  ({ at } = await openChannel({ onCommand: (c) => answers[c] }));
  const seen: AtCommandDone[] = [];
  at.on("command", (e) => seen.push(e));
  await at.run({ command, ...(timeoutMs === undefined ? {} : { timeoutMs }) }).catch(() => {});
  expect(seen).toHaveLength(1);
  return seen[0] as AtCommandDone;
}

describe("the AT channel's command event", () => {
  it("reports a command answered OK by its name, result ok and a duration", async () => {
    const e = await reported("AT+CSQ");
    expect([e.name, e.result, e.durationMs >= 0]).toEqual(["CSQ", "ok", true]);
  });

  it("reports ERROR as error", async () => {
    expect((await reported("AT+BAD")).result).toBe("error");
  });

  it("reports +CMS ERROR as cms with its code", async () => {
    const e = await reported("AT+CMGR=9");
    expect([e.name, e.result, e.cmsCode]).toEqual(["CMGR", "cms", 321]);
  });

  it("reports +CME ERROR as cme, named without the PIN", async () => {
    const e = await reported('AT+CPIN="1234"');
    expect([e.name, e.result, JSON.stringify(e).includes("1234")]).toEqual(["CPIN", "cme", false]);
  });

  it("reports a command the modem never answers as timeout", async () => {
    expect((await reported("AT+SILENT", 50)).result).toBe("timeout");
  });
});

describe("a command's name", () => {
  it.each([
    ["AT+CMGS=23", "CMGS"],
    ['AT+CPIN="1234"', "CPIN"],
    ["AT+CSQ", "CSQ"],
    ["AT^SYSINFO", "SYSINFO"],
    ["ATE0", "E"],
    ["ATI", "I"],
    ["AT&W", "&W"],
    ["AT", "AT"],
    ["ATD+491701234567;", "D"],
  ])("of %s is %s", (command, name) => {
    expect(commandName(command)).toBe(name);
  });
});
