import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.js";
import { toSmsOptions } from "../../src/config/sms-options.js";

/**
 * One anonymous publish used to queue 2,000 PDUs at once: no rate limit and no recipient cap by
 * default. The defaults now bound what one gateway sends, and bad values are refused by key.
 */

async function sms(input: Record<string, unknown> = {}) {
  const { config } = await parseConfig({ sms: input }, { env: {} });
  return toSmsOptions(config.sms);
}

async function configError(input: Record<string, unknown>): Promise<string> {
  return parseConfig({ sms: input }, { env: {} }).then(
    () => "accepted",
    (e: Error) => e.message,
  );
}

describe("the sending limits of a default configuration", () => {
  it("send at most 10 SMS a minute, 100 an hour and 500 a day", async () => {
    expect((await sms()).rateLimits).toEqual({ perMinute: 10, perHour: 100, perDay: 500 });
  });

  it("allow at most 20 recipients per request", async () => {
    expect((await sms()).maxRecipients).toBe(20);
  });

  it("allow only the SIM's country and no short codes", async () => {
    expect((await sms()).policy).toEqual({ allowedCountries: ["SIM"], allowShortCodes: false });
  });

  it("keep 10% of the outbox for alerts and replies", async () => {
    expect((await sms()).reservedQueuePercent).toBe(10);
  });
});

describe("the sending limits as configured", () => {
  it("0 turns a rate limit off", async () => {
    expect((await sms({ rateLimits: { perMinute: 0 } })).rateLimits).toEqual({
      perHour: 100,
      perDay: 500,
    });
  });

  it('allowedCountries "*" allows every country', async () => {
    expect((await sms({ policy: { allowedCountries: "*" } })).policy?.allowedCountries).toEqual([
      "*",
    ]);
  });

  it("refuses a country it does not know, naming the key", async () => {
    expect(await configError({ policy: { allowedCountries: ["XX"] } })).toContain(
      "sms.policy.allowedCountries.0",
    );
  });

  it("refuses a negative rate limit, naming the key", async () => {
    expect(await configError({ rateLimits: { perHour: -1 } })).toContain("sms.rateLimits.perHour");
  });
});
