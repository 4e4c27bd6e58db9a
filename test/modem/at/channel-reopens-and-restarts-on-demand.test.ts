import { afterEach, describe, expect, it } from "vitest";
import { AtChannel, type AtError } from "../../../src/modem/at/index.js";
import { frame, ScriptedModem } from "./support/scripted-modem.js";

let at: AtChannel;
afterEach(async () => {
  await at.stop();
});

function factory(answer = true) {
  const modems: ScriptedModem[] = [];
  const open = async () => {
    const m = new ScriptedModem({ onCommand: () => (answer ? frame("OK") : undefined) });
    modems.push(m);
    return m.host;
  };
  return { open, modems };
}

describe("reopen on demand (the healing ladder's transport step)", () => {
  it("opens a fresh port object and answers commands on it", async () => {
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    await at.reopen();
    expect([f.modems.length, f.modems[0]!.host === f.modems[1]!.host]).toEqual([2, false]);
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });

  it("fails the command that was on the old port with at.closed", async () => {
    const f = factory(false);
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    const onWire = at.run({ command: "AT+CSQ" }).then(
      () => undefined,
      (e: unknown) => e as AtError,
    );
    await new Promise((r) => setImmediate(r));
    await at.reopen();
    expect((await onWire)?.code).toBe("at.closed");
  });
});

describe("restart after stop", () => {
  it("runs commands again after stop() then start()", async () => {
    const f = factory();
    at = new AtChannel({ open: f.open, reconnect: false });
    await at.start();
    await at.stop();
    await at.start();
    expect((await at.run({ command: "AT" })).final).toBe("OK");
  });
});
