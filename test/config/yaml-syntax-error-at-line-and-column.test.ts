import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { SmsgwError } from "../../src/errors.js";
import { issuesOf, tempFiles } from "./support.js";

async function errorOf(yaml: string): Promise<{ err: SmsgwError; file: string }> {
  const dir = await tempFiles({ "smsgw.yaml": yaml });
  const file = `${dir}/smsgw.yaml`;
  const err = await loadConfig(file, {}).catch((e: unknown) => e);
  if (!(err instanceof SmsgwError)) throw new Error(`expected an SmsgwError, got ${String(err)}`);
  return { err, file };
}

describe("a YAML syntax error in the config file", () => {
  const unclosed = "modem:\n  port: /dev/ttyUSB0\n  baudRate: [115200\nmqtt:\n  url: mqtt://x\n";

  it("starts with file:line:column, as compilers print it", async () => {
    const { err, file } = await errorOf(unclosed);
    expect(err.message.split("\n")[0]).toBe(
      `${file}:4:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });

  it("shows the lines around it with a caret under the spot", async () => {
    const { err } = await errorOf(unclosed);
    expect(err.message.split("\n").slice(1)).toEqual(["    baudRate: [115200", "  mqtt:", "  ^"]);
  });

  it("is a config.invalid error with the line and column in its details", async () => {
    const { err } = await errorOf(unclosed);
    expect([err.code, err.details.line, err.details.column]).toEqual(["config.invalid", 4, 1]);
  });

  it("is reported once even when the parser trips over it more than once", async () => {
    // A value followed by a more indented key: the parser sees a nested mapping in a compact
    // one and a key over two lines, both at the same spot.
    const dir = await tempFiles({ "smsgw.yaml": "modem:\n  port: a\n   baudRate: 1\n" });
    const issues = await issuesOf(loadConfig(`${dir}/smsgw.yaml`, {}));
    expect(issues).toEqual([
      {
        path: "",
        message: "YAML: Nested mappings are not allowed in compact mappings at line 2, column 9",
      },
    ]);
  });

  it("names a key given twice with the line of the second one", async () => {
    const { err, file } = await errorOf("modem:\n  port: a\nmodem:\n  port: b\n");
    expect(err.message.split("\n")[0]).toBe(
      `${file}:3:1: YAML syntax error: Map keys must be unique`,
    );
  });
});
