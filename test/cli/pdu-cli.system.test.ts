import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The built binary (`npm run test:system` builds first). */
const main = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

function smsgw(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [main, ...args], {
    input,
    encoding: "utf8",
    timeout: 30_000,
  });
  return {
    status: r.status,
    lines: r.stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe.skipIf(!existsSync(main))("smsgw pdu (built binary)", () => {
  it("decode <hex> prints one JSON object and exits 0", () => {
    const r = smsgw([
      "pdu",
      "decode",
      "06917228195339040B917228214365F700003130805120618005D4F29C2E03",
    ]);
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      expect.objectContaining({ type: "deliver", from: "+27821234567", text: "Test2" }),
    ]);
  });

  it("decode of a single bad PDU prints the error JSON and exits 1", () => {
    const r = smsgw(["pdu", "decode", "07912143658709F1040B91"]);
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([
      { error: expect.any(String), code: "pdu.truncated", input: "07912143658709F1040B91" },
    ]);
  });

  it("decode from stdin answers every line and carries on", () => {
    const r = smsgw(
      ["pdu", "decode", "--no-smsc"],
      "06040D91945152991136F00160124130340A0160124130940A00\nzz\n",
    );
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.type ?? l.code)).toEqual(["status-report", "pdu.bad-hex"]);
  });

  it("encode --to --text prints the parts with the AT+CMGS length", () => {
    const r = smsgw(["pdu", "encode", "--to", "+27820001111", "--text", "Hello World!"]);
    expect(r.status).toBe(0);
    expect(r.lines).toEqual([
      {
        encoding: "gsm7",
        parts: [{ pdu: "0001000B917228001011F100000CC8329BFD065DDF72363904", tpduLength: 24 }],
      },
    ]);
  });

  it("encode reads JSON lines from stdin without --text", () => {
    const r = smsgw(["pdu", "encode"], '{"to":"123","text":"😀"}\nnope\n');
    expect(r.lines.map((l) => l.encoding ?? l.code)).toEqual(["ucs2", "pdu.invalid-option"]);
  });

  it("encode from stdin applies --max-parts and --flash to every line", () => {
    const long = JSON.stringify({ to: "+491701234567", text: "a".repeat(200) });
    const short = JSON.stringify({ to: "+491701234567", text: "x" });
    const r = smsgw(["pdu", "encode", "--max-parts", "1", "--flash"], `${long}\n${short}\n`);
    expect(r.lines[0]).toMatchObject({ code: "pdu.too-many-parts" });
    const pdu = (r.lines[1]!.parts as Array<{ pdu: string }>)[0]!.pdu;
    expect(smsgw(["pdu", "decode", pdu]).lines[0]).toMatchObject({ class: 0, text: "x" });
  });
});
