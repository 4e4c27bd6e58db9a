import { afterEach, describe, expect, it } from "vitest";
import { type AtChannel, AtTrace } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

let at: AtChannel | undefined;
afterEach(async () => {
  await at?.stop();
  at = undefined;
});

describe("the AT trace", () => {
  it("keeps the lines both ways, oldest first", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("+CSQ: 18,99", "OK") }));
    await at.run({ command: "AT+CSQ" });
    expect(at.traceLines().map((l) => `${l.dir} ${l.line}`)).toEqual([
      "out AT+CSQ",
      "in +CSQ: 18,99",
      "in OK",
    ]);
  });

  it("masks a PIN and a PUK", async () => {
    ({ at } = await openChannel({ onCommand: () => frame("OK") }));
    await at.run({ command: 'AT+CPIN="1234"' });
    await at.run({ command: "AT+CPIN=12345678,4321" });
    const text = JSON.stringify(at.traceLines());
    expect([text.includes("1234"), text.includes("4321")]).toEqual([false, false]);
    expect(
      at
        .traceLines()
        .filter((l) => l.dir === "out")
        .map((l) => l.line),
    ).toEqual(['AT+CPIN="****"', "AT+CPIN=****,****"]);
  });

  it("keeps only the last N lines", () => {
    const trace = new AtTrace(3);
    for (const line of ["a", "b", "c", "d", "e"]) trace.add("in", line);
    expect(trace.lines().map((l) => l.line)).toEqual(["c", "d", "e"]);
  });

  it("masks a PIN the module echoes back", () => {
    const trace = new AtTrace(3);
    trace.add("in", 'AT+CPIN="1234"');
    expect(trace.lines()[0]?.line).toBe('AT+CPIN="****"');
  });
});
