import { afterEach, describe, expect, it } from "vitest";
import type { AtChannel } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame, type ScriptedModem } from "./support/scripted-modem.js";

let at: AtChannel;
afterEach(async () => {
  await at.stop();
});

/** A modem that answers only when told, and records how many commands were on the wire. */
async function manualModem() {
  const pending: string[] = [];
  let maxOutstanding = 0;
  const ch = await openChannel({
    onCommand: (c) => {
      pending.push(c);
      maxOutstanding = Math.max(maxOutstanding, pending.length);
      return undefined;
    },
  });
  at = ch.at;
  const answerNext = async (modem: ScriptedModem) => {
    await until(() => pending.length > 0);
    const c = pending.shift()!;
    modem.send(frame(`+X: ${c}`, "OK"));
    return c;
  };
  const onWire = () => until(() => pending.length > 0);
  return { ...ch, answerNext: () => answerNext(ch.modem), max: () => maxOutstanding, onWire };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error("condition not met");
}

describe("one command on the wire", () => {
  it("never writes a second command before the first has its final result", async () => {
    const { answerNext, max } = await manualModem();
    const all = Promise.all([
      at.run({ command: "AT+A" }),
      at.run({ command: "AT+B" }),
      at.run({ command: "AT+C" }),
    ]);
    for (let i = 0; i < 3; i++) await answerNext();
    await all;
    expect(max()).toBe(1);
  });

  it("runs queued commands by priority, then in order of arrival", async () => {
    const { answerNext, onWire } = await manualModem();
    const first = at.run({ command: "AT+FIRST" });
    await onWire();
    const rest = [
      at.run({ command: "AT+LOW1", priority: 20 }),
      at.run({ command: "AT+HIGH", priority: 1 }),
      at.run({ command: "AT+NORMAL" }),
      at.run({ command: "AT+LOW2", priority: 20 }),
    ];
    const order: string[] = [];
    for (let i = 0; i < 5; i++) order.push(await answerNext());
    await Promise.all([first, ...rest]);
    expect(order).toEqual(["AT+FIRST", "AT+HIGH", "AT+NORMAL", "AT+LOW1", "AT+LOW2"]);
  });

  it("holds the modem for a whole session: nothing else goes between its commands", async () => {
    const { answerNext, onWire } = await manualModem();
    const session = at.session(async (s) => {
      await s.run({ command: "AT+S1" });
      await s.run({ command: "AT+S2" });
      return "done";
    });
    await onWire();
    const other = at.run({ command: "AT+OTHER", priority: 0 });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) order.push(await answerNext());
    expect(await session).toBe("done");
    await other;
    expect(order).toEqual(["AT+S1", "AT+S2", "AT+OTHER"]);
  });

  it("writes the command with a CR and nothing else", async () => {
    const { modem } = await openChannel({ onCommand: () => frame("OK") }).then((c) => {
      at = c.at;
      return c;
    });
    await at.run({ command: "AT+CSQ" });
    expect(modem.received).toBe("AT+CSQ\r");
  });
});
