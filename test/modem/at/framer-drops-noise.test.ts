import { describe, expect, it } from "vitest";
import { type DropReason, LineFramer } from "../../../src/modem/at/framer.js";

function frame(bytes: Buffer | string, opts: { maxLineLength?: number } = {}) {
  const drops: DropReason[] = [];
  const framer = new LineFramer({ ...opts, onDrop: (r) => drops.push(r) });
  const tokens = framer.feed(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  return { tokens, drops };
}

describe("the line framer on noise", () => {
  it("drops NUL bytes inside a line and keeps the line", () => {
    const { tokens } = frame(Buffer.from("\0\0O\0K\r\n", "latin1"));
    expect(tokens).toEqual([{ kind: "line", text: "OK" }]);
  });

  it("reports dropped control bytes for the debug log", () => {
    expect(frame("\0\x01OK\r\n").drops).toContain("control-bytes");
  });

  it("drops a line with no letter or digit", () => {
    const { tokens, drops } = frame("\r\n~~~!!\r\nOK\r\n");
    expect(tokens).toEqual([{ kind: "line", text: "OK" }]);
    expect(drops).toContain("garbage");
  });

  it("drops a line made mostly of high bytes (line noise at the wrong baud rate)", () => {
    const { tokens } = frame(Buffer.from([0xff, 0xfe, 0xf0, 0xe1, 0x41, 0x0d, 0x0a]));
    expect(tokens).toEqual([]);
  });

  it("drops an over-long line up to its end and frames the next line", () => {
    const { tokens, drops } = frame(`${"A".repeat(50)}\r\nOK\r\n`, { maxLineLength: 20 });
    expect(tokens).toEqual([{ kind: "line", text: "OK" }]);
    expect(drops).toEqual(["over-long"]);
  });

  it("ends a line at a CR followed by anything other than LF (echo glued to the answer)", () => {
    expect(frame("AT\rOK\r\n").tokens).toEqual([
      { kind: "line", text: "AT" },
      { kind: "line", text: "OK" },
    ]);
  });

  it("skips empty lines", () => {
    expect(frame("\r\n\r\n\n\r\r\nOK\r\n").tokens).toEqual([{ kind: "line", text: "OK" }]);
  });
});
