import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import {
  launchChromium,
  SCREENSHOTS,
  seriousViolations,
  type TestBrowser,
} from "./support/browser.js";

/**
 * The web UI in a real browser (Debian's Chromium through playwright-core) against the real
 * gateway: the simulated modem (which sends delivery reports by itself) and the in-process
 * broker. Walked at a phone's width and a desktop's: the first visit sets the admin password and
 * sends a test SMS to yourself, then login, compose with the live segment count, a send that reaches delivered, a received
 * SMS in the inbox, and a token made and revoked. Every page is checked with axe and
 * photographed into test/ui/screenshots/.
 */

const PASSWORD = "ui-test-password-1";
const RECIPIENT = "+491701234567";
const SENDER = "+441234567890";

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe.each([
  { name: "phone", width: 375, height: 740 },
  { name: "desktop", width: 1280, height: 860 },
])("the web UI at $width px", ({ name, width, height }) => {
  let t: HttpGatewayTest;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  /** The token made on the tokens page (shown there once). */
  let madeToken = "";

  beforeAll(async () => {
    t = await startHttpGatewayTest(
      { sms: { deliveryReports: true }, contacts: [{ name: "Demo", number: RECIPIENT }] },
      { sim: { autoDeliveryReport: true } },
    );
    base = t.h.gateway.http?.url ?? "";
    context = await browser.browser.newContext({ viewport: { width, height } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await t?.h.dispose();
  });

  const shot = (page: Page, what: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}-${what}.png`), fullPage: true });

  /** Through the menu, as a person would (at phone width it is folded away). */
  async function open(title: string) {
    const toggle = page.getByRole("button", { name: "Menu" });
    if (await toggle.isVisible()) await toggle.click();
    await page.getByRole("navigation").getByRole("link", { name: title }).click();
    await expect.poll(() => page.locator("main h1").textContent()).toContain(title);
  }

  it("the first visit asks for a new admin password, with no default to log in with", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Welcome to smsgw" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "setup");
    await page.getByLabel("New admin password").fill(PASSWORD);
    await page.getByLabel("The same password again").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await page.getByRole("heading", { name: "Send yourself a test SMS" }).waitFor();
  });

  it("the wizard's test SMS to yourself is watched until delivered", async () => {
    await page.getByLabel("Your mobile number").fill(RECIPIENT);
    await page.getByRole("button", { name: "Send test SMS" }).click();
    await expect
      .poll(() => page.getByTestId("test-sms-status").locator("[data-status]").textContent(), {
        timeout: 15_000,
      })
      .toBe("delivered");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "setup-test-sms");
    await page.getByRole("button", { name: "Continue to the dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  });

  it("logs out and back in with that password", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("heading", { name: "Log in to smsgw" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "login");
    await page.getByLabel("Admin password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  });

  it("the dashboard shows the modem ready, live", async () => {
    await expect.poll(() => page.getByTestId("modem-state").textContent()).toBe("ready");
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("live");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "dashboard");
  });

  it("compose counts a 161-character GSM text as 2 SMS while typing", async () => {
    await open("Compose");
    await page.getByLabel(/^To\b/).fill(RECIPIENT);
    await page.getByLabel("Message").fill("a".repeat(160));
    await expect.poll(() => page.getByTestId("segments").textContent()).toBe("1 SMS");
    await page.getByLabel("Message").press("b");
    await expect.poll(() => page.getByTestId("segments").textContent()).toBe("2 SMS");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "compose");
  });

  it("a sent message's timeline reaches delivered", async () => {
    await page.getByRole("button", { name: "Send" }).click();
    const timeline = page.getByTestId("timeline");
    await expect
      .poll(() => timeline.locator("[data-status]").allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(["queued", "sent", "delivered"]));
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "message");
  });

  it("the sent list shows it delivered", async () => {
    await open("Outbox & sent");
    await expect
      .poll(() => page.locator(".list [data-status]").first().textContent())
      .toBe("delivered");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "messages");
  });

  it("a received SMS shows in the inbox, in its sender's conversation", async () => {
    await open("Inbox");
    t.h.sim.deliverSms({ from: SENDER, text: "Hello from a phone" });
    await expect
      .poll(() => page.getByTestId("inbound").first().textContent(), { timeout: 15_000 })
      .toContain("Hello from a phone");
    expect(await page.getByRole("heading", { name: SENDER }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "inbox");
  });

  it("makes a token, shown once, that works on the API", async () => {
    await open("API tokens");
    await page.getByLabel("Name").fill("ci-token");
    await page.getByRole("button", { name: "Make token" }).click();
    const token = await page.getByTestId("new-token").inputValue();
    madeToken = token;
    expect(token).toMatch(/^smsgw_[0-9a-f]{12}_/);
    const r = await fetch(`${base}/api/v1/messages/preview`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ text: "hi" }),
    });
    expect(r.status).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "tokens");
  });

  it("diagnostics show the AT trace between gateway and modem", async () => {
    await open("Diagnostics");
    await expect.poll(() => page.getByTestId("at-trace").textContent()).toContain("AT+CMGS");
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "diagnostics");
    await open("API tokens");
  });

  it("automation shows the configured contacts, read-only", async () => {
    await open("Automation");
    await page.getByRole("heading", { name: "Who may run commands" }).waitFor();
    expect(await page.getByText(`Demo: ${RECIPIENT}`).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, "automation");
    await open("API tokens");
  });

  it("revokes the token: gone from the list and refused by the API", async () => {
    const token = madeToken;
    await page.getByRole("button", { name: "Revoke ci-token" }).click();
    await page.getByRole("button", { name: 'Revoke "ci-token" now' }).click();
    await expect
      .poll(() => page.getByTestId("token-row").allTextContents())
      .not.toEqual(expect.arrayContaining([expect.stringContaining("ci-token")]));
    const r = await fetch(`${base}/api/v1/modem`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status).toBe(401);
  });
});

describe("the dashboard on a 2G network", () => {
  let t: HttpGatewayTest;
  let context: BrowserContext;
  beforeAll(async () => {
    // Registered on GSM (27.007 AcT 0) from the start.
    t = await startHttpGatewayTest({}, { sim: { registration: { act: 0 } } });
    context = await browser.browser.newContext({ viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await context?.close();
    await t?.h.dispose();
  });

  it("warns that 2G and 3G are being switched off", async () => {
    const base = t.h.gateway.http?.url ?? "";
    await fetch(`${base}/api/v1/session/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    const page = await context.newPage();
    await page.goto(`${base}/ui/`);
    await page.getByLabel("Admin password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await expect.poll(() => page.getByText("2G/3G sunset").count()).toBe(1);
  });
});
