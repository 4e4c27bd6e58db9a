import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { AtChannel, Urc } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

// python-gsmmodem's USSD answers (test/fixtures/at/README.md names the source), some of them
// with line breaks inside the string, as a module prints them.
const fixture = JSON.parse(
  readFileSync(new URL("../../fixtures/at/ussd-cusd.json", import.meta.url), "utf8"),
) as { "python-gsmmodem": Array<{ lines: string[] }> };
const multiLine = fixture["python-gsmmodem"].filter((v) => v.lines.length > 1);

let at: AtChannel;
afterEach(async () => {
  await at.stop();
});

function collect(ch: AtChannel): Urc[] {
  const urcs: Urc[] = [];
  ch.on("urc", (u: Urc) => urcs.push(u));
  return urcs;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe("a +CUSD whose text holds line breaks", () => {
  for (const v of multiLine) {
    it(`arrives as one URC while idle: ${JSON.stringify(v.lines[0])}`, async () => {
      const ch = await openChannel({ onCommand: () => frame("OK") });
      at = ch.at;
      const urcs = collect(at);
      ch.modem.send(frame(...v.lines));
      await settle();
      expect(urcs.map((u) => u.line)).toEqual([v.lines.join("\n")]);
    });
  }

  it("arrives as one URC in the middle of another command's answer, which keeps its lines", async () => {
    const ch = await openChannel({
      onCommand: () => frame("+CSQ: 20,99", '+CUSD: 1,"1. Balance', '2. Data",15', "OK"),
    });
    at = ch.at;
    const urcs = collect(at);
    const r = await at.run({ command: "AT+CSQ" });
    expect([r.lines, urcs.map((u) => u.line)]).toEqual([
      ["+CSQ: 20,99"],
      ['+CUSD: 1,"1. Balance\n2. Data",15'],
    ]);
  });

  it("is delivered as it came when a result code interrupts the string, and the result still counts", async () => {
    const ch = await openChannel({ onCommand: () => frame('+CUSD: 0,"broken', "OK") });
    at = ch.at;
    const urcs = collect(at);
    const r = await at.run({ command: "AT+CSQ" });
    expect([r.final, urcs.map((u) => u.line)]).toEqual(["OK", ['+CUSD: 0,"broken']]);
  });
});
