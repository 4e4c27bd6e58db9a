import { describe, expect, it } from "vitest";
import { LineFramer } from "../../../src/modem/at/framer.js";

function feed(framer: LineFramer, ...chunks: string[]) {
  return chunks.flatMap((c) => framer.feed(Buffer.from(c, "latin1")));
}

describe("the SMS prompt on the raw stream", () => {
  it('emits the "> " prompt that has no line ending while a prompt is expected', () => {
    const framer = new LineFramer();
    framer.expectPrompt = true;
    expect(feed(framer, "\r\n> ")).toEqual([{ kind: "prompt" }]);
  });

  it("emits the prompt when it arrives as a lone > before any space", () => {
    const framer = new LineFramer();
    framer.expectPrompt = true;
    expect(feed(framer, "\r\n>")).toEqual([{ kind: "prompt" }]);
  });

  it('accepts the ">" CR LF form some modems send', () => {
    const framer = new LineFramer();
    framer.expectPrompt = true;
    expect(feed(framer, "\r\n>\r\n")).toEqual([{ kind: "prompt" }]);
  });

  it("accepts the prompt glued to the command echo", () => {
    const framer = new LineFramer();
    framer.expectPrompt = true;
    expect(feed(framer, "AT+CMGS=23\r> ")).toEqual([
      { kind: "line", text: "AT+CMGS=23" },
      { kind: "prompt" },
    ]);
  });

  it("treats > as an ordinary line when no prompt is expected", () => {
    const framer = new LineFramer();
    expect(feed(framer, "\r\n> x\r\n")).toEqual([{ kind: "line", text: "> x" }]);
  });

  it("does not hold back a partial line that is not a prompt", () => {
    const framer = new LineFramer();
    framer.expectPrompt = true;
    expect(feed(framer, "\r\n+CMGS: 5\r\n")).toEqual([{ kind: "line", text: "+CMGS: 5" }]);
  });
});
