import { describe, expect, it } from "vitest";
import { DEFAULT_BALANCE_PATTERN } from "../../../src/config/sections/balance.js";
import { parseAmount } from "../../../src/sms/ussd/index.js";

describe("reading an amount", () => {
  it.each([
    ["12.34", 12.34],
    ["12,34", 12.34],
    ["1.234,56", 1234.56],
    ["1,234.56", 1234.56],
    ["1.234", 1234],
    ["-3.20", -3.2],
    ["150", 150],
    ["5,2", 5.2],
  ])("%s is %d", (raw, value) => {
    expect(parseAmount(raw)).toBe(value);
  });

  it.each(["", "abc", "1..2x"])("%j is no amount", (raw) => {
    expect(parseAmount(raw)).toBeUndefined();
  });
});

describe("the default balance pattern", () => {
  const re = new RegExp(DEFAULT_BALANCE_PATTERN);
  it.each([
    ["Balance: 12.34 EUR", "12.34", "EUR"],
    ["Ihr Guthaben am 01.02.2026: 5,20 €", "5,20", "€"],
    ["Баланс: 150 руб", "150", "руб"],
  ])("finds the amount in %j", (text, amount, currency) => {
    expect(re.exec(text)?.groups).toMatchObject({ amount, currency });
  });
});
