import { describe, expect, it } from "vitest";
import { startGatewayTest } from "../support/gateway.js";

/** The `balance` field of a `<base>/modem` message. */
const balanceOf = (m: { json: unknown }) => (m.json as { balance?: unknown }).balance;

const modemBalance = (h: Awaited<ReturnType<typeof startGatewayTest>>, amount: number) =>
  h.client.waitForTopic(
    "smsgw/modem",
    (j) => (j.balance as { amount?: number } | null)?.amount === amount,
  );

describe("the balance check", () => {
  it("answers bridge/request/balance/check with the amount read from the USSD answer", async () => {
    const h = await startGatewayTest({ config: { balance: { code: "*100#" } } });
    const r = await h.client.request("balance/check");
    expect(r.data).toMatchObject({
      balance: { amount: 12.34, currency: "EUR", source: "ussd", text: "Balance: 12.34 EUR" },
    });
  });

  it("puts the amount into the retained <base>/modem", async () => {
    const h = await startGatewayTest({ config: { balance: { code: "*100#" } } });
    const published = modemBalance(h, 12.34);
    await h.client.request("balance/check");
    expect(balanceOf(await published)).toMatchObject({ amount: 12.34, currency: "EUR" });
  });

  it("shows balance null in <base>/modem until the first reading", async () => {
    const h = await startGatewayTest({ config: { balance: { code: "*100#" } } });
    const m = await h.client.waitForTopic("smsgw/modem");
    expect(balanceOf(m)).toBeNull();
  });

  it("reads the operator's SMS from the configured sender instead", async () => {
    const h = await startGatewayTest({
      config: { balance: { fromSms: "Vodafone", currency: "EUR" } },
    });
    const published = modemBalance(h, 3.2);
    h.sim.deliverSms({ from: "Vodafone", text: "Ihr Guthaben betraegt 3,20 EUR." });
    expect(balanceOf(await published)).toMatchObject({ amount: 3.2, currency: "EUR" });
  });

  it("ignores an SMS with an amount from another sender", async () => {
    const h = await startGatewayTest({ config: { balance: { fromSms: "Vodafone" } } });
    h.sim.deliverSms({ from: "+491709999999", text: "I owe you 50 EUR" });
    h.sim.deliverSms({ from: "Vodafone", text: "Guthaben: 7,00 EUR" });
    const m = await modemBalance(h, 7);
    expect(balanceOf(m)).toMatchObject({ amount: 7 });
  });

  it("sends the low-credit alert through the alert engine when the amount is below lowBelow", async () => {
    const h = await startGatewayTest({
      config: {
        balance: { code: "*100#", lowBelow: 20, alertTo: ["+491701112233"], currency: "EUR" },
      },
    });
    await h.client.request("balance/check");
    await expect
      .poll(() => h.sim.sent.map((s) => [s.to, s.text]), { timeout: 10_000 })
      .toEqual([["+491701112233", expect.stringContaining("SIM balance low: 12.34")]]);
  });

  it("sends no alert while the amount is above lowBelow", async () => {
    const h = await startGatewayTest({
      config: { balance: { code: "*100#", lowBelow: 5, alertTo: ["+491701112233"] } },
    });
    await h.client.request("balance/check");
    await modemBalance(h, 12.34);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sim.sent).toEqual([]);
  });

  it("is refused with ussd.unavailable when no balance is configured", async () => {
    const h = await startGatewayTest();
    expect(await h.client.request("balance/check")).toMatchObject({
      status: "error",
      code: "ussd.unavailable",
    });
  });
});
