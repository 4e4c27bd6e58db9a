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

  it("a bad line gets a usage message, never an exception", () => {
    modem = new SimulatedModem();
    expect(runConsoleLine(modem, "sms")).toBe("usage: sms <from> <text…>");
    expect(runConsoleLine(modem, "report 12")).toMatch(/^error: no sent SMS/);
    expect(runConsoleLine(modem, "frobnicate")).toBe('unknown command "frobnicate" (try help)');
  });
});
