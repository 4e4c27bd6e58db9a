import { describe, expect, it } from "vitest";
import { parseConfig, redactConfig } from "../../../src/config/index.js";

/** http.smsgate: absent by default (the SMSGate routes are off), password secret, bad values named. */

const CREDS = { username: "sms", password: "smsgate-pass-1" };

const issuesOf = async (smsgate: unknown) => {
  try {
    await parseConfig({ http: { smsgate } } as never, { env: {} });
  } catch (err) {
    return String((err as Error).message);
  }
  return "";
};

describe("http.smsgate configuration", () => {
  it("is absent by default: no default credentials", async () => {
    const { config } = await parseConfig({}, { env: {} });
    expect(config.http.smsgate).toBeUndefined();
  });

  it("takes a username and password", async () => {
    const { config } = await parseConfig({ http: { smsgate: CREDS } }, { env: {} });
    expect(config.http.smsgate).toEqual(CREDS);
  });

  it("the password is hidden in the redacted view", async () => {
    const { config } = await parseConfig({ http: { smsgate: CREDS } }, { env: {} });
    const r = redactConfig(config);
    expect(r.http.smsgate?.password).toBe("***");
    expect(JSON.stringify(r)).not.toContain("smsgate-pass-1");
  });

  it.each([
    ["a short password", { ...CREDS, password: "short" }, "http.smsgate.password"],
    ["a user name with a colon", { ...CREDS, username: "a:b" }, "http.smsgate.username"],
    ["no password", { username: "sms" }, "http.smsgate.password"],
    ["an unknown key", { ...CREDS, token: "x" }, "http.smsgate"],
  ])("%s is refused, naming the key", async (_, smsgate, key) => {
    expect(await issuesOf(smsgate)).toContain(key);
  });
});
