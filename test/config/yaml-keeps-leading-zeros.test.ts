import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { tempFiles } from "./support.js";

describe("YAML values where a leading 0 or + matters", () => {
  it("keeps an unquoted PIN 0123 as the text 0123", async () => {
    const dir = await tempFiles({ "c.yaml": "modem:\n  pin: 0123\n" });
    expect((await loadConfig(join(dir, "c.yaml"), {})).modem.pin).toBe("0123");
  });

  it("accepts an unquoted PIN without a leading zero", async () => {
    const dir = await tempFiles({ "c.yaml": "modem:\n  pin: 1234\n" });
    expect((await loadConfig(join(dir, "c.yaml"), {})).modem.pin).toBe("1234");
  });

  it("keeps unquoted international contact numbers with their +", async () => {
    const dir = await tempFiles({
      "c.yaml":
        "contacts:\n  - name: Alice\n    number: +491701234567\n  - name: Bob\n    number: 004915112345678\n",
    });
    expect((await loadConfig(join(dir, "c.yaml"), {})).contacts.map((k) => k.number)).toEqual([
      "+491701234567",
      "+4915112345678",
    ]);
  });

  it("still reads ordinary numbers as numbers", async () => {
    const dir = await tempFiles({ "c.yaml": "modem:\n  baudRate: 9600\n" });
    expect((await loadConfig(join(dir, "c.yaml"), {})).modem.baudRate).toBe(9600);
  });
});
