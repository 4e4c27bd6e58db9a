import { afterEach, describe, expect, it } from "vitest";
import { AtChannel } from "../../src/modem/at/index.js";
import { runConsoleLine } from "../../src/simulator/console.js";
import { SimulatedModem } from "../../src/simulator/index.js";

let modem: SimulatedModem;
let at: AtChannel | undefined;
afterEach(async () => {
  await at?.stop();
  at = undefined;
  await modem.close();
});

/** The `+CUSD` line the module prints for a code, read over its UART. */
async function answerTo(code: string): Promise<string> {
  at = new AtChannel({ open: modem.transport, reconnect: false, staleMs: 50 });
  await at.start();
  const urc = at.waitForUrc((u) => u.name === "+CUSD", 2000);
  await at.run({ command: `AT+CUSD=1,"${code}",15` });
  return (await urc).line;
}

describe("stdin lines for USSD (smsgw simulate, smsgw demo)", () => {
  it("'balance <text>' makes *100# answer that text", async () => {
    modem = new SimulatedModem({ timing: "instant" });
    expect(runConsoleLine(modem, "balance Guthaben: 3,20 EUR")).toBe(
      '*100# now answers "Guthaben: 3,20 EUR"',
    );
    expect(await answerTo("*100#")).toBe('+CUSD: 0,"Guthaben: 3,20 EUR",15');
  });

  it("'ussd <code> <text>' makes any code answer that text", async () => {
    modem = new SimulatedModem({ timing: "instant" });
    runConsoleLine(modem, "ussd *135# Your number is +491701234567");
    expect(await answerTo("*135#")).toBe('+CUSD: 0,"Your number is +491701234567",15');
  });

  it("'balance' without text gets a usage message", () => {
    modem = new SimulatedModem({ timing: "instant" });
    expect(runConsoleLine(modem, "balance")).toBe("usage: balance <text…>");
  });
});

describe("stdin line for calls", () => {
  it("'call <number> <rings>' rings with the number shown after AT+CLIP=1, then the caller gives up", async () => {
    modem = new SimulatedModem({ timing: "instant", ringIntervalMs: 10 });
    at = new AtChannel({ open: modem.transport, reconnect: false, staleMs: 50 });
    await at.start();
    await at.run({ command: "AT+CLIP=1" });
    const lines: string[] = [];
    at.on("urc", (u) => lines.push(u.line));
    const ended = new Promise((r) => modem.once("call-ended", r));
    expect(runConsoleLine(modem, "call +491701234567 2")).toBe("+491701234567 is calling");
    await ended;
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toEqual([
      "RING",
      '+CLIP: "+491701234567",145,,,,0',
      "RING",
      '+CLIP: "+491701234567",145,,,,0',
      "NO CARRIER",
    ]);
  });

  it("'call' without a number gets a usage message", () => {
    modem = new SimulatedModem({ timing: "instant" });
    expect(runConsoleLine(modem, "call")).toBe("usage: call <number> [rings]");
  });
});
