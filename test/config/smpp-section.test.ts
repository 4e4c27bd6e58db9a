import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";

const parse = (smpp: Record<string, unknown>) => parseConfig({ smpp }, { env: {} });

describe("the smpp config section", () => {
  it("is off by default, on 127.0.0.1:2775", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect([config.smpp.enabled, config.smpp.listen, config.smpp.port]).toEqual([
      false,
      "127.0.0.1",
      2775,
    ]);
  });

  it("refuses enabled without an account, naming smpp.accounts", async () => {
    await expect(parse({ enabled: true })).rejects.toThrow(/smpp\.accounts/);
  });

  it("refuses a password shorter than 8 characters, naming the key", async () => {
    await expect(parse({ accounts: [{ systemId: "a", password: "short" }] })).rejects.toThrow(
      /smpp\.accounts\.0\.password/,
    );
  });

  it("refuses a systemId given twice", async () => {
    const a = { systemId: "a", password: "password-1" };
    await expect(parse({ accounts: [a, a] })).rejects.toThrow(/given twice/);
  });

  it("refuses a systemId with characters that cannot be part of a message id", async () => {
    await expect(
      parse({ accounts: [{ systemId: "a-b", password: "password-1" }] }),
    ).rejects.toThrow(/smpp\.accounts\.0\.systemId/);
  });
});
