import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/** Debian's Chromium: Playwright's own browser download is not used (nor reachable in CI). */
export const CHROMIUM = process.env.SMSGW_CHROMIUM ?? "/usr/bin/chromium";

/** Where the UI test leaves a screenshot of each page for a person to look at (git-ignored). */
export const SCREENSHOTS = join(process.cwd(), "test", "ui", "screenshots");

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium with no background traffic and no first-run pages. Playwright gives each
 * launch a fresh temporary profile (--user-data-dir) of its own and removes it at close.
 */
export async function launchChromium(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** Accessibility problems axe rates serious or critical, as "rule: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/** Logs in at `url` (the UI's address) with the admin password and waits for the dashboard. */
export async function logIn(page: Page, url: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel("Admin password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
}

/** Opens a page from the menu and waits until its heading is shown. */
export async function openPage(page: Page, title: string): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name: title }).click();
  await expect.poll(() => page.locator("main h1").textContent()).toContain(title);
}
