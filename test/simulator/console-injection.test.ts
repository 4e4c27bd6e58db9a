import { afterEach, describe, expect, it } from "vitest";
import { runConsoleLine } from "../../src/simulator/console.js";
import { SimulatedModem } from "../../src/simulator/index.js";

let modem: SimulatedModem;
afterEach(async () => {
  await modem.close();
});

describe("stdin injection lines", () => {
  it("'sms <from> <text>' delivers an inbound SMS with the whole text", () => {
    modem = new SimulatedModem();
    expect(runConsoleLine(modem, "sms +491701234567 hello there")).toBe(
      "delivered 1 part(s) from +491701234567",
    );
    expect(modem.sim.storage.used).toBe(1);
  });

  it("'reg 2' drops registration", () => {
    modem = new SimulatedModem();
    runConsoleLine(modem, "reg 2");
    expect(modem.registration()).toBe(2);
  });

  it("'fail <cms> <number>' makes every send to that number fail until 'fail off'", () => {
    modem = new SimulatedModem();
    expect(runConsoleLine(modem, "fail 38 +491701234567")).toBe(
      "every send to +491701234567 fails with +CMS ERROR: 38",
    );
    expect(runConsoleLine(modem, "fail 331 all")).toBe(
      "every send to all fails with +CMS ERROR: 331",
    );
    expect(runConsoleLine(modem, "fail off all")).toBe("sends to all no longer fail");
    expect(runConsoleLine(modem, "fail off")).toBe("sends no longer fail");
    expect(runConsoleLine(modem, "fail x")).toBe("usage: fail <cms> [number|all] | fail off");
  });

  it("a bad line gets a usage message, never an exception", () => {
    modem = new SimulatedModem();
    expect(runConsoleLine(modem, "sms")).toBe("usage: sms <from> <text…>");
    expect(runConsoleLine(modem, "report 12")).toMatch(/^error: no sent SMS/);
    expect(runConsoleLine(modem, "frobnicate")).toBe('unknown command "frobnicate" (try help)');
  });
});
