import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import {
  launchChromium,
  logIn,
  openPage,
  SCREENSHOTS,
  seriousViolations,
  type TestBrowser,
} from "./support/browser.js";

/**
 * Remote commands in the web UI at a desktop's width, against the real gateway: an allowed
 * sender's SMS commands (one with the right PIN, one with a wrong code) delivered by the
 * simulator show in the Inbox with a command badge and in the Automation page's audit log.
 * The USSD page shows the balance check as configured, with the last balance read.
 */

const PASSWORD = "ui-test-password-1";
const OWNER = "+491702222222";
const PIN = "471100";

let browser: TestBrowser;
let t: HttpGatewayTest;
let context: BrowserContext;
let page: Page;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  t = await startHttpGatewayTest({
    automation: {
      commands: [
        {
          name: "relay",
          pattern: "RELAY <name> <state:ON|OFF>",
          publish: [{ topic: "home/relay/{{name}}/set", payload: "{{state}}" }],
          reply: "Relay {{name}} is {{state}}",
        },
      ],
      security: { users: [{ who: OWNER, allow: ["relay"], pin: PIN }] },
    },
    balance: { code: "*100#", cron: "0 8 * * *", currency: "EUR" },
  });
  base = t.h.gateway.http?.url ?? "";
  await fetch(`${base}/api/v1/session/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  context = await browser.browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await t?.h.dispose();
  await browser?.close();
});

const shot = (what: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `desktop-${what}.png`), fullPage: true });

const open = (title: string) => openPage(page, title);

/** How many command attempts the gateway has logged. */
async function logged(): Promise<number> {
  const r = await t.call("GET", "/api/v1/automation/audit", { token: t.tokens.admin });
  return (r.json() as { attempts: unknown[] }).attempts.length;
}

describe("remote commands in the web UI at 1280 px", () => {
  it("logs in", async () => {
    await logIn(page, `${base}/ui/`, PASSWORD);
  });

  it("an SMS command from an allowed sender shows in the inbox with a command badge", async () => {
    t.h.sim.deliverSms({ from: OWNER, text: `${PIN} RELAY pump ON` });
    await vi.waitFor(async () => expect(await logged()).toBe(1), 15_000);
    t.h.sim.deliverSms({ from: OWNER, text: "123456 RELAY pump OFF" });
    await vi.waitFor(async () => expect(await logged()).toBe(2), 15_000);
    await open("Inbox");
    await expect
      .poll(() => page.getByTestId("command-badge").allTextContents(), { timeout: 15_000 })
      .toEqual(["command: refused: wrong code", "command: ran"]);
    expect(await seriousViolations(page)).toEqual([]);
    await shot("inbox-commands");
  });

  it("the inbox page shows the codes masked, never the PIN", async () => {
    const text = (await page.locator("main").textContent()) ?? "";
    expect([text.includes(PIN), text.includes("123456"), text.includes("****** RELAY")]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("the automation page's audit log shows both attempts, the wrong code as refused", async () => {
    await open("Automation");
    const rows = page.getByTestId("audit").locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    expect([
      await rows.nth(0).locator("td").nth(1).textContent(),
      await rows.nth(0).locator("td").nth(2).textContent(),
      await rows.nth(0).locator("td").nth(3).textContent(),
      await rows.nth(1).locator("td").nth(3).textContent(),
    ]).toEqual([OWNER, "RELAY pump OFF", "refused: wrong code", "ran"]);
  });

  it("the audit log never shows the PIN or the wrong code", async () => {
    const text = (await page.getByTestId("audit").textContent()) ?? "";
    expect([text.includes(PIN), text.includes("123456")]).toEqual([false, false]);
  });

  it("the automation page has no serious accessibility problems", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await shot("automation-audit");
  });

  it("the USSD page shows the balance settings, read-only, with the last balance", async () => {
    await t.call("POST", "/api/v1/balance/check", { token: t.tokens.admin });
    await open("USSD");
    const card = page.getByTestId("balance-settings");
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("12.34 EUR");
    expect(await card.textContent()).toContain("0 8 * * *");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("ussd-balance");
  });
});
