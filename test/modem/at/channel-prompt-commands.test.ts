import { afterEach, describe, expect, it, vi } from "vitest";
import type { AtChannel, AtError } from "../../../src/modem/at/index.js";
import { openChannel } from "./support/open-channel.js";
import { frame } from "./support/scripted-modem.js";

const PDU = "0011000B916407281553F80000AA0AE8329BFD4697D9EC37";

let at: AtChannel;
afterEach(async () => {
  vi.useRealTimers();
  await at.stop();
});

describe("prompt commands (AT+CMGS in PDU mode)", () => {
  it('sends the PDU and Ctrl-Z after the "> " prompt and resolves with +CMGS', async () => {
    const ch = await openChannel({
      onCommand: (_c, m) => m.prompt("\r\n> "),
      onData: () => frame("+CMGS: 142", "OK"),
    });
    at = ch.at;
    const r = await at.run({ command: "AT+CMGS=23", prompt: { data: PDU } });
    expect(r.lines).toEqual(["+CMGS: 142"]);
    expect(ch.modem.received).toBe(`AT+CMGS=23\r${PDU}\x1a`);
  });

  it("drops the echo of the command and of the PDU when echo is on", async () => {
    ({ at } = await openChannel({
      echo: true,
      onCommand: (_c, m) => m.prompt("\r> "),
      onData: () => frame("+CMGS: 7", "OK"),
    }));
    const r = await at.run({ command: "AT+CMGS=23", prompt: { data: PDU } });
    expect(r).toEqual({ command: "AT+CMGS=23", lines: ["+CMGS: 7"], final: "OK" });
  });

  it('accepts the ">" CR LF prompt form', async () => {
    ({ at } = await openChannel({
      onCommand: (_c, m) => m.prompt("\r\n>\r\n"),
      onData: () => frame("+CMGS: 8", "OK"),
    }));
    expect((await at.run({ command: "AT+CMGS=23", prompt: { data: PDU } })).lines).toEqual([
      "+CMGS: 8",
    ]);
  });

  it("fails with at.cms and never sends the PDU when the modem refuses the command", async () => {
    const ch = await openChannel({ onCommand: () => frame("+CMS ERROR: 302") });
    at = ch.at;
    const err = await at
      .run({ command: "AT+CMGS=23", prompt: { data: PDU } })
      .catch((e: unknown) => e);
    expect((err as AtError).cmsCode).toBe(302);
    expect(ch.modem.received).not.toContain(PDU);
  });

  it("fails with at.cms when the network rejects the message after the PDU", async () => {
    ({ at } = await openChannel({
      onCommand: (_c, m) => m.prompt(),
      onData: () => frame("+CMS ERROR: 500"),
    }));
    const err = await at
      .run({ command: "AT+CMGS=23", prompt: { data: PDU } })
      .catch((e: unknown) => e);
    expect([(err as AtError).code, (err as AtError).cmsCode]).toEqual(["at.cms", 500]);
  });

  it("sends ESC and fails with at.prompt-timeout when no prompt comes within 10 s", async () => {
    vi.useFakeTimers();
    const ch = await openChannel({ onCommand: () => undefined });
    at = ch.at;
    const p = at.run({ command: "AT+CMGS=23", prompt: { data: PDU } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const err = (await p) as AtError;
    expect(err.code).toBe("at.prompt-timeout");
    expect(ch.modem.received).toBe("AT+CMGS=23\r\x1b");
  });

  it("waits at least 120 s for the final result after the PDU", async () => {
    vi.useFakeTimers();
    ({ at } = await openChannel({ onCommand: (_c, m) => m.prompt(), onData: () => undefined }));
    let settled = false;
    const p = at.run({ command: "AT+CMGS=23", prompt: { data: PDU } }).then(
      () => {
        settled = true;
      },
      (e: unknown) => {
        settled = true;
        return e;
      },
    );
    await vi.advanceTimersByTimeAsync(120_000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(((await p) as AtError).code).toBe("at.timeout");
  });
});
