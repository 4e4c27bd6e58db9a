import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AtFramer, type AtToken, LineFramer } from "../../../src/modem/at/framer.js";

/** A realistic stream: echo, `\r\r\n` (Huawei +CLAC), bare LF, URC, prompt, PDU echo, result. */
const STREAM =
  'AT+CSQ\r\r\n+CSQ: 18,99\r\n\r\nOK\r\n&C\r\r\n&D\r\r\nlone LF line\n\r\n+CMTI: "SM",3\r\n' +
  "AT+CMGS=23\r\r\n> 0011000B91\x1a\r\n+CMGS: 42\r\n\r\nOK\r\n";

const EXPECTED: AtToken[] = [
  { kind: "line", text: "AT+CSQ" },
  { kind: "line", text: "+CSQ: 18,99" },
  { kind: "line", text: "OK" },
  { kind: "line", text: "&C" },
  { kind: "line", text: "&D" },
  { kind: "line", text: "lone LF line" },
  { kind: "line", text: '+CMTI: "SM",3' },
  { kind: "line", text: "AT+CMGS=23" },
  { kind: "prompt" },
  { kind: "line", text: "0011000B91" },
  { kind: "line", text: "+CMGS: 42" },
  { kind: "line", text: "OK" },
];

function feedAll(chunks: string[]): AtToken[] {
  const framer = new LineFramer();
  framer.expectPrompt = true;
  const out: AtToken[] = [];
  for (const c of chunks) framer.feed(Buffer.from(c, "latin1"), out);
  return out;
}

describe("the line framer with data split anywhere", () => {
  it("frames the whole stream in one chunk", () => {
    expect(feedAll([STREAM])).toEqual(EXPECTED);
  });

  it("gives the same tokens when split into two chunks at every byte offset", () => {
    for (let i = 1; i < STREAM.length; i++) {
      expect(feedAll([STREAM.slice(0, i), STREAM.slice(i)]), `split at ${i}`).toEqual(EXPECTED);
    }
  });

  it("gives the same tokens when every byte arrives alone", () => {
    expect(feedAll([...STREAM])).toEqual(EXPECTED);
  });

  it("gives the same tokens for any random set of split points", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 })), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), STREAM.length];
        const chunks = points.slice(1).map((end, i) => STREAM.slice(points[i], end));
        expect(feedAll(chunks)).toEqual(EXPECTED);
      }),
    );
  });

  it("keeps latin1 bytes one to one (GSM charset bytes survive)", () => {
    const framer = new LineFramer();
    const tokens = framer.feed(Buffer.from([0x48, 0xe9, 0xfc, 0x21, 0x0d, 0x0a]));
    expect(tokens).toEqual([{ kind: "line", text: "Hé\u00fc!" }]);
  });

  it("works as a stream stage: bytes in, token objects out", async () => {
    const stage = new AtFramer();
    const got: AtToken[] = [];
    stage.on("data", (t: AtToken) => got.push(t));
    for (const c of ["+CSQ: 1", "8,99\r", "\nOK\r\n"]) stage.write(Buffer.from(c, "latin1"));
    stage.end();
    await new Promise((resolve) => stage.on("end", resolve));
    expect(got).toEqual([
      { kind: "line", text: "+CSQ: 18,99" },
      { kind: "line", text: "OK" },
    ]);
  });
});
