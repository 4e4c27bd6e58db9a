import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { decodeLine, encodeLine, encodeRequest, processLines } from "../../src/cli/commands/pdu.js";
import { decodePdu } from "../../src/sms/pdu/index.js";

const DELIVER = "06917228195339040B917228214365F700003130805120618005D4F29C2E03";
const REPORT_NO_SMSC = "06040D91945152991136F00160124130340A0160124130940A00";

async function run(lines: string, handle: Parameters<typeof processLines>[2]) {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (c: Buffer) => chunks.push(c));
  input.end(lines);
  const summary = await processLines(input, output, handle);
  const out = Buffer.concat(chunks)
    .toString("utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, out };
}

describe("smsgw pdu decode", () => {
  it("decodes a PDU with its SMSC field into the documented field names", () => {
    const r = decodeLine(DELIVER, { smsc: true });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        type: "deliver",
        smsc: "+2782913593",
        from: "+27821234567",
        text: "Test2",
        encoding: "gsm7",
        class: null,
        timestamp: "2013-03-08T15:02:16+02:00",
        concat: null,
        pid: 0,
        dcs: 0,
      }),
    });
  });

  it("a time stamp that is not a valid time prints as null with a warning", () => {
    const broken = DELIVER.replace("31308051206180", "FFFFFFFFFFFFFF");
    expect(JSON.parse(JSON.stringify(decodeLine(broken, { smsc: true }).value))).toMatchObject({
      text: "Test2",
      timestamp: null,
      warnings: ["TP-SCTS octets FFFFFFFFFFFFFF are not a valid time; timestamp is null"],
    });
  });

  it("--no-smsc decodes a bare TPDU (+CDS status report)", () => {
    const r = decodeLine(REPORT_NO_SMSC, { smsc: false });
    expect(r.value).toMatchObject({
      type: "status-report",
      recipient: "+4915259911630",
      reference: 4,
      status: 0,
    });
  });

  it("a bad PDU gives { error, code, input }", () => {
    expect(decodeLine(" 0011ZZ\r", { smsc: true })).toEqual({
      ok: false,
      value: { error: "not a hex digit at position 4", code: "pdu.bad-hex", input: "0011ZZ" },
    });
  });

  it("stdin mode answers one JSON line per input line, carrying on after a bad one", async () => {
    const { summary, out } = await run(`${DELIVER}\r\nnot-hex!\n\n${DELIVER}\n`, (l) =>
      decodeLine(l, { smsc: true }),
    );
    expect(summary).toEqual({ lines: 3, errors: 1 });
    expect(out.map((o) => o.text ?? o.code)).toEqual(["Test2", "pdu.bad-hex", "Test2"]);
    expect(out[1]).toEqual({
      error: "not a hex digit at position 0",
      code: "pdu.bad-hex",
      input: "not-hex!",
    });
  });
});

describe("smsgw pdu encode", () => {
  it("prints { encoding, parts: [{ pdu, tpduLength }] } for the CLI options", () => {
    const r = encodeRequest(
      { to: "+27820001111", text: "Hello World!", encoding: "auto", maxParts: "10" },
      "",
    );
    expect(r).toEqual({
      ok: true,
      value: {
        encoding: "gsm7",
        parts: [{ pdu: "0001000B917228001011F100000CC8329BFD065DDF72363904", tpduLength: 24 }],
      },
    });
  });

  it("--flash --report --validity map onto class 0, TP-SRR and TP-VP", () => {
    const r = encodeRequest(
      { to: "1", text: "x", flash: true, report: true, validity: "3600" },
      "",
    );
    const part = (r.value as { parts: Array<{ pdu: string }> }).parts[0]!;
    expect(decodePdu(part.pdu)).toMatchObject({
      class: 0,
      statusReportRequested: true,
      validity: { format: "relative", seconds: 3600 },
    });
  });

  it("--encoding ucs2 forces UCS-2", () => {
    expect(encodeRequest({ to: "1", text: "abc", encoding: "ucs2" }, "").value).toMatchObject({
      encoding: "ucs2",
    });
  });

  it("a non-numeric validity is an error", () => {
    expect(encodeRequest({ to: "1", text: "x", validity: "soon" }, "x").value).toMatchObject({
      code: "pdu.invalid-option",
    });
  });

  it("stdin JSON lines: one answer each, errors as lines", async () => {
    const lines = [
      JSON.stringify({ to: "+491701234567", text: "a".repeat(200), concatRef: 5 }),
      JSON.stringify({ to: "Shop", text: "x" }),
      "{broken",
      JSON.stringify({ to: "123", text: "ok", statusReport: true, validitySeconds: 600 }),
    ].join("\n");
    const { summary, out } = await run(lines, encodeLine);
    expect(summary).toEqual({ lines: 4, errors: 2 });
    expect((out[0]!.parts as unknown[]).length).toBe(2);
    expect(out[1]).toMatchObject({
      code: "pdu.invalid-address",
      input: JSON.stringify({ to: "Shop", text: "x" }),
    });
    expect(out[2]).toMatchObject({
      code: "pdu.invalid-option",
      error: "not a JSON object",
      input: "{broken",
    });
    expect(out[3]).toMatchObject({ encoding: "gsm7" });
  });
});

describe("smsgw pdu encode with stdin: the flags apply to every line", () => {
  const LONG = "a".repeat(200); // two GSM 7-bit parts
  const line = (req: object) => JSON.stringify({ to: "+491701234567", ...req });
  const decodedFirst = (r: Record<string, unknown>) =>
    decodePdu((r.parts as Array<{ pdu: string }>)[0]!.pdu);
  /** The flags as commander hands them over (its defaults included). */
  const flags = (extra: Record<string, unknown>) => ({
    encoding: "auto",
    maxParts: "10",
    ...extra,
  });

  it("--max-parts 1 refuses a two-part text on every line", async () => {
    const { summary, out } = await run(
      [line({ text: LONG }), line({ text: LONG })].join("\n"),
      (l) => encodeLine(l, flags({ maxParts: "1" })),
    );
    expect(summary).toEqual({ lines: 2, errors: 2 });
    expect(out.map((o) => o.code)).toEqual(["pdu.too-many-parts", "pdu.too-many-parts"]);
  });

  it("a line's maxParts overrides --max-parts", async () => {
    const { out } = await run(line({ text: LONG, maxParts: 2 }), (l) =>
      encodeLine(l, flags({ maxParts: "1" })),
    );
    expect((out[0]!.parts as unknown[]).length).toBe(2);
  });

  it("--flash --report --validity apply to a line that says nothing of them", async () => {
    const { out } = await run(line({ text: "x" }), (l) =>
      encodeLine(l, flags({ flash: true, report: true, validity: "3600" })),
    );
    expect(decodedFirst(out[0]!)).toMatchObject({
      class: 0,
      statusReportRequested: true,
      validity: { format: "relative", seconds: 3600 },
    });
  });

  it("a line's flash, statusReport and validitySeconds override the flags", async () => {
    const { out } = await run(
      line({ text: "x", flash: false, statusReport: false, validitySeconds: 600 }),
      (l) => encodeLine(l, flags({ flash: true, report: true, validity: "3600" })),
    );
    expect(decodedFirst(out[0]!)).toMatchObject({
      class: null,
      statusReportRequested: false,
      validity: { format: "relative", seconds: 600 },
    });
  });

  it("--encoding ucs2 applies; a line's encoding overrides it", async () => {
    const { out } = await run(
      [line({ text: "x" }), line({ text: "x", encoding: "gsm7" })].join("\n"),
      (l) => encodeLine(l, flags({ encoding: "ucs2" })),
    );
    expect(out.map((o) => o.encoding)).toEqual(["ucs2", "gsm7"]);
  });

  it("--smsc goes into every PDU; a line's smsc overrides it", async () => {
    const { out } = await run(
      [line({ text: "x" }), line({ text: "x", smsc: "+4917000" })].join("\n"),
      (l) => encodeLine(l, flags({ smsc: "+491720000000" })),
    );
    expect(out.map((o) => decodedFirst(o).smsc)).toEqual(["+491720000000", "+4917000"]);
  });

  it("--to applies to lines without a recipient", async () => {
    const { out } = await run(JSON.stringify({ text: "x" }), (l) =>
      encodeLine(l, flags({ to: "+491709999999" })),
    );
    expect(decodedFirst(out[0]!).to).toBe("+491709999999");
  });
});
