import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setLogDestination, setLogLevel } from "../../src/log.js";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import {
  launchChromium,
  logIn,
  SCREENSHOTS,
  seriousViolations,
  type TestBrowser,
} from "./support/browser.js";

/**
 * The dashboard's connections and recent problems in a real browser against the real gateway:
 * a webhook whose receiver is down makes a warning in the log and events wait for it.
 */

const PASSWORD = "ui-dashboard-password-1";

/** A loopback port nothing listens on: calls to it are refused at once. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

let browser: TestBrowser;
let t: HttpGatewayTest;
let context: BrowserContext;
let page: Page;
let restoreLogs: () => void;

beforeAll(async () => {
  // The problems card reads the log ring: tests log nothing unless told to.
  restoreLogs = setLogDestination({ write: () => true });
  setLogLevel("info");
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  t = await startHttpGatewayTest({
    webhooks: {
      endpoints: [
        {
          id: "down",
          url: `http://127.0.0.1:${await deadPort()}/hook`,
          events: ["sms.received"],
          allowHttp: true,
        },
      ],
    },
  });
  const setup = await t.call("POST", "/api/v1/session/setup", { body: { password: PASSWORD } });
  expect(setup.statusCode).toBe(201);
  t.h.sim.deliverSms({ from: "+491701234567", text: "for a receiver that is down" });
  await vi.waitFor(
    () => expect(t.h.gateway.webhooks?.engine.attemptsOf("down").length).toBeGreaterThan(0),
    15_000,
  );
  context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await t?.h.dispose();
  setLogLevel("silent");
  restoreLogs?.();
});

describe("the dashboard's connections and recent problems", () => {
  it("logs in and shows the dashboard", async () => {
    await logIn(page, `${t.h.gateway.http?.url}/`, PASSWORD);
  });

  it("the MQTT broker shows as connected", async () => {
    await expect.poll(() => page.getByTestId("doors").textContent()).toContain("connected");
  });

  it("the webhook shows as on, with its event waiting", async () => {
    await expect
      .poll(() => page.getByTestId("webhooks-status").textContent())
      .toBe("1 on, 1 event waiting");
  });

  it("the failed webhook call is among the recent problems", async () => {
    await expect
      .poll(() => page.getByTestId("problems").textContent())
      .toContain("webhook call failed");
  });

  it("the modem's recent states end with its start-up reaching ready", async () => {
    await expect
      .poll(() => page.getByTestId("modem-states").locator("li").first().textContent())
      .toContain("→ ready");
  });

  it("a modem restart shows as recent states, back to ready", async () => {
    const r = await t.call("POST", "/api/v1/modem/restart", { token: t.tokens.admin });
    expect(r.statusCode).toBe(202);
    await expect
      .poll(() => page.getByTestId("modem-states").textContent(), { timeout: 20_000 })
      .toMatch(/recovering|resetting|restart/i);
    await expect
      .poll(() => page.getByTestId("modem-states").locator("li").first().textContent(), {
        timeout: 20_000,
      })
      .toContain("→ ready");
  });

  it("has no serious accessibility violations", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({
      path: join(SCREENSHOTS, "desktop-dashboard-problems.png"),
      fullPage: true,
    });
  });
});
