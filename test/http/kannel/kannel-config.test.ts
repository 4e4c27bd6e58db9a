import { describe, expect, it } from "vitest";
import { parseConfig, redactConfig } from "../../../src/config/index.js";

/** http.kannel.users: no default user, passwords secret, bad values refused by name. */

const USER = { username: "playsms", password: "kannel-pass-1" };

const issuesOf = async (kannel: unknown) => {
  try {
    await parseConfig({ http: { kannel } } as never, { env: {} });
  } catch (err) {
    return String((err as Error).message);
  }
  return "";
};

describe("http.kannel configuration", () => {
  it("has no user by default (the Kannel route is off)", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.http.kannel.users).toEqual([]);
  });

  it("fills a user's defaults: any prefix, no default sender, sms.maxParts", async () => {
    const { config } = await parseConfig({ http: { kannel: { users: [USER] } } }, { env: {} });
    expect(config.http.kannel.users).toEqual([{ ...USER, allowedPrefixes: [] }]);
  });

  it("a user's password is hidden in the redacted view", async () => {
    const { config } = await parseConfig({ http: { kannel: { users: [USER] } } }, { env: {} });
    const r = redactConfig(config);
    expect(r.http.kannel.users[0]?.password).toBe("***");
    expect(JSON.stringify(r)).not.toContain("kannel-pass-1");
  });

  it.each([
    [
      "a short password",
      { users: [{ ...USER, password: "short" }] },
      "http.kannel.users.0.password",
    ],
    [
      "a prefix without +",
      { users: [{ ...USER, allowedPrefixes: ["49"] }] },
      "http.kannel.users.0.allowedPrefixes.0",
    ],
    ["maxMessages 0", { users: [{ ...USER, maxMessages: 0 }] }, "http.kannel.users.0.maxMessages"],
    ["the same username twice", { users: [USER, USER] }, "http.kannel.users.1.username"],
  ])("%s is refused, naming the key", async (_, kannel, key) => {
    expect(await issuesOf(kannel)).toContain(key);
  });
});
