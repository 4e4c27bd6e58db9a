import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, setLogDestination, setLogLevel } from "../../src/log.js";
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
 * The admin's Diagnostics additions (doctor report, log lines) and the System page (backup
 * download, modem restart) in a real browser against the real gateway and simulated modem, at
 * a desktop's width. Each page is checked with axe and photographed.
 */

const PASSWORD = "ui-system-password-1";
const WIDTH = 1280;

let browser: TestBrowser;
let t: HttpGatewayTest;
let context: BrowserContext;
let page: Page;
let base: string;
let restoreLogs: () => void;

beforeAll(async () => {
  // The Logs section shows what the logger writes: tests log nothing unless told to.
  restoreLogs = setLogDestination({ write: () => true });
  setLogLevel("info");
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  t = await startHttpGatewayTest();
  base = t.h.gateway.http?.url ?? "";
  const setup = await t.call("POST", "/api/v1/session/setup", { body: { password: PASSWORD } });
  expect(setup.statusCode).toBe(201);
  createLogger("test:ui").info({ password: "never-shown-secret" }, "a line for the Logs section");
  context = await browser.browser.newContext({
    viewport: { width: WIDTH, height: 860 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  // Restore, restart and reboot ask first: the test says yes.
  page.on("dialog", (d) => void d.accept());
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.h.dispose();
  setLogLevel("silent");
  restoreLogs?.();
});

const shot = (what: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `desktop-${what}.png`), fullPage: true });

const open = (title: string) => openPage(page, title);

describe(`the Diagnostics and System pages at ${WIDTH} px`, () => {
  it("logs in with the admin password", async () => {
    await logIn(page, `${base}/`, PASSWORD);
  });

  it("Diagnostics shows the doctor's report: no problems with a ready modem", async () => {
    await open("Diagnostics");
    await expect
      .poll(() => page.getByTestId("doctor-verdict").textContent())
      .toBe("no problems found");
    expect(await page.getByTestId("doctor").textContent()).toContain("baud-probe");
  });

  it("Diagnostics shows the gateway's log lines, secrets redacted", async () => {
    const log = page.getByTestId("log-lines");
    await expect.poll(() => log.textContent()).toContain("a line for the Logs section");
    expect(await log.textContent()).not.toContain("never-shown-secret");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("diagnostics-doctor-logs");
  });

  it("System downloads a backup holding the store's files", async () => {
    await open("System");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download backup" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^smsgw-backup-.*\.json$/);
    const backup = JSON.parse(await readFile(await download.path(), "utf8")) as {
      format: string;
      store: Array<{ path: string }>;
    };
    expect(backup.format).toBe("smsgw-backup");
    expect(backup.store.map((f) => f.path)).toContain("live.json");
  });

  it("System restarts the modem, which comes back ready", async () => {
    await expect.poll(() => page.getByTestId("system-modem-state").textContent()).toBe("ready");
    const before = t.h.sim.commands.filter((c) => c === "AT+CFUN=1,1").length;
    await page.getByRole("button", { name: "Restart modem" }).click();
    await expect.poll(() => page.getByTestId("system-note").textContent()).toContain("restarting");
    expect(t.h.sim.commands.filter((c) => c === "AT+CFUN=1,1").length).toBe(before + 1);
    await expect
      .poll(() => page.getByTestId("system-modem-state").textContent(), { timeout: 15_000 })
      .toBe("ready");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("system");
  });
});
