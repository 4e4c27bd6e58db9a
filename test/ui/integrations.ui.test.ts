import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import { startReceiver } from "../support/webhook-receiver.js";
import {
  launchChromium,
  logIn,
  openPage,
  SCREENSHOTS,
  seriousViolations,
  type TestBrowser,
} from "./support/browser.js";

/**
 * The web UI's integrations in a real browser against the real gateway: a webhook made on the
 * Webhooks page and sent a test event that a loopback receiver gets (its delivery log says
 * "delivered"), a config-file webhook shown as such, the Kannel users and SMSGate's user without
 * their passwords, and a configured group offered and sent to in Compose.
 */

const PASSWORD = "ui-test-password-1";
const KANNEL_PASSWORD = "kannel-pass-never-shown";
const SMSGATE_PASSWORD = "smsgate-pass-never-shown";
const ALICE = "+491701112222";
const BOB = "+491703334444";

let browser: TestBrowser;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let t: HttpGatewayTest;
let page: Page;
let base: string;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  receiver = await startReceiver();
  t = await startHttpGatewayTest({
    http: {
      kannel: {
        users: [{ username: "shop", password: KANNEL_PASSWORD, allowedPrefixes: ["+49"] }],
      },
      smsgate: { username: "sms", password: SMSGATE_PASSWORD },
    },
    webhooks: {
      endpoints: [{ id: "from-yaml", url: receiver.url, events: ["sms.received"] }],
    },
    automation: {
      contacts: { numbers: { alice: ALICE, bob: BOB }, groups: { family: ["alice", "bob"] } },
    },
  });
  base = t.h.gateway.http?.url ?? "";
  await fetch(`${base}/api/v1/session/setup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  const context = await browser.browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  // With SMSGate on, `/` is SMSGate's: the UI is at /ui/.
  await logIn(page, `${base}/ui/`, PASSWORD);
});
afterAll(async () => {
  await browser?.close();
  await t?.h.dispose();
  await receiver?.close();
});

const shot = (what: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `integrations-${what}.png`), fullPage: true });

const open = (title: string) => openPage(page, title);

const hook = (id: string) => page.getByTestId("webhook").filter({ hasText: id });

describe("the Webhooks page", () => {
  it("makes a webhook to a loopback receiver and shows its new secret once", async () => {
    await open("Webhooks");
    await page.getByLabel(/^Name/).fill("ui-hook");
    await page.getByLabel(/^URL/).fill(receiver.url);
    await page.getByLabel("Allow plain http://").check();
    await page.getByRole("button", { name: "Make webhook" }).click();
    expect(await page.getByLabel("The signing secret").inputValue()).toMatch(/^whsec_/);
    await expect.poll(() => hook("ui-hook").count()).toBe(1);
  });

  it("sends a test event the receiver gets, and the delivery log says delivered", async () => {
    await page.getByRole("button", { name: "Send a test event to ui-hook" }).click();
    await expect
      .poll(() => receiver.requests.filter((q) => q.body.includes('"webhook.test"')).length, {
        timeout: 15_000,
      })
      .toBe(1);
    await expect
      .poll(() => hook("ui-hook").locator("[data-result]").allTextContents(), { timeout: 10_000 })
      .toEqual(["delivered"]);
  });

  it("shows a config-file webhook as such, with no Delete button", async () => {
    expect(await hook("from-yaml").textContent()).toContain("change or delete it there");
    expect(await page.getByRole("button", { name: "Delete from-yaml" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete ui-hook" }).count()).toBe(1);
  });

  it("lists the Kannel user with its prefixes, and SMSGate on for its user", async () => {
    await expect
      .poll(() => page.getByTestId("kannel-user").allTextContents())
      .toEqual([expect.stringContaining("shop")]);
    expect(await page.getByTestId("kannel-user").textContent()).toContain("+49");
    expect(await page.getByTestId("smsgate").textContent()).toContain("on for the user sms");
  });

  it("never shows the Kannel or SMSGate password", async () => {
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).not.toContain(KANNEL_PASSWORD);
    expect(text).not.toContain(SMSGATE_PASSWORD);
  });

  it("has no serious accessibility problems, at 1280 and 375 px", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await shot("webhooks-1280");
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await seriousViolations(page)).toEqual([]);
    await shot("webhooks-375");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("deletes the API-made webhook after a confirmation", async () => {
    await page.getByRole("button", { name: "Delete ui-hook" }).click();
    await page.getByRole("button", { name: 'Delete "ui-hook" now' }).click();
    await expect.poll(() => hook("ui-hook").count()).toBe(0);
    expect(await hook("from-yaml").count()).toBe(1);
  });
});

describe("groups in Compose", () => {
  it("offers a configured group as a recipient", async () => {
    await open("Compose");
    await expect
      .poll(() =>
        page
          .locator("datalist#contacts option")
          .evaluateAll((os) => os.map((o) => o.getAttribute("value"))),
      )
      .toContain("family");
  });

  it("a send to the group queues one message per member", async () => {
    await page.getByLabel(/^To\b/).fill("family");
    await page.getByLabel("Message").fill("Dinner at eight");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("compose-group");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL(/#\/messages\//);
    const r = await t.call("GET", "/api/v1/messages", { token: t.tokens.admin });
    const sent = (r.json() as { messages: Array<{ to: string; text?: string }> }).messages
      .filter((m) => m.text === "Dinner at eight")
      .map((m) => m.to)
      .sort();
    expect(sent).toEqual([ALICE, BOB]);
  });
});
