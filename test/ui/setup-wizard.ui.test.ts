import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpGatewayTest, startHttpGatewayTest } from "../http/support/http-gateway.js";
import { startGatewayTest } from "../support/gateway.js";
import {
  launchChromium,
  SCREENSHOTS,
  seriousViolations,
  type TestBrowser,
} from "./support/browser.js";

/**
 * The first-boot setup wizard in a real browser at a phone's width, against a gateway started
 * from a real config file: after the admin password it shows the SIM, tests the broker, turns
 * Home Assistant discovery on, allows a number and saves, and the file on disk then holds those
 * values with its owner's comment still in it. A SIM waiting for its PIN is unlocked from the
 * SIM step, and the PIN saved. Each step is checked with axe and photographed.
 */

const PASSWORD = "wizard-test-password-1";
const ORIGINAL = `# Written by hand: this comment must survive the wizard
mqtt:
  url: mqtt://127.0.0.1:1883
  homeassistant:
    enabled: false
`;

let browser: TestBrowser;
let t: HttpGatewayTest;
let context: BrowserContext;
let page: Page;
let dir: string;
let file: string;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), "smsgw-wizard-"));
  file = join(dir, "smsgw.yaml");
  await writeFile(file, ORIGINAL);
  t = await startHttpGatewayTest({}, { configFile: file });
  context = await browser.browser.newContext({ viewport: { width: 375, height: 740 } });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await t?.h.dispose();
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

const shot = (what: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `phone-wizard-${what}.png`), fullPage: true });
const heading = (name: string) => page.getByRole("heading", { name }).waitFor();

describe("the setup wizard at 375 px", () => {
  it("follows the new admin password with the SIM step, showing the SIM ready", async () => {
    await page.goto(`${t.h.gateway.http?.url ?? ""}/`);
    await page.getByLabel("New admin password").fill(PASSWORD);
    await page.getByLabel("The same password again").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password and continue" }).click();
    await heading("Setup 1 of 5: SIM card");
    await expect.poll(() => page.getByTestId("sim-state").textContent()).toContain("Ready");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("sim");
  });

  it("tests another broker's connection and says it connected", async () => {
    await page.getByRole("button", { name: "Next" }).click();
    await heading("Setup 2 of 5: MQTT broker");
    await page.getByLabel("Another broker").check();
    await page.getByLabel(/^Broker URL/).fill(t.h.url);
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(() => page.getByTestId("mqtt-test").textContent()).toContain("Connected");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("mqtt");
  });

  it("turns Home Assistant discovery on", async () => {
    await page.getByRole("button", { name: "Next" }).click();
    await heading("Setup 3 of 5: Home Assistant");
    await page.getByLabel("Publish Home Assistant discovery").check();
    expect(await seriousViolations(page)).toEqual([]);
    await shot("homeassistant");
  });

  it("refuses a national number and adds an international one to the allowed list", async () => {
    await page.getByRole("button", { name: "Next" }).click();
    await heading("Setup 4 of 5: Allowed numbers");
    await page.getByLabel("Number to allow").fill("0170 5550123");
    await page.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("international");
    await page.getByLabel("Number to allow").fill("+49 170 5550123");
    await page.getByRole("button", { name: "Add" }).click();
    await expect
      .poll(() => page.getByTestId("allowed-numbers").textContent())
      .toContain("+491705550123");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("numbers");
  });

  it("saves, and says a restart applies it", async () => {
    await page.getByRole("button", { name: "Next" }).click();
    await heading("Setup 5 of 5: Save");
    await page.getByRole("button", { name: "Save to the config file" }).click();
    await expect.poll(() => page.getByTestId("saved").textContent()).toContain("Restart");
    expect(await seriousViolations(page)).toEqual([]);
    await shot("saved");
  });

  it("has written those values into the file, with its comment kept", async () => {
    const text = await readFile(file, "utf8");
    expect(text).toContain("# Written by hand: this comment must survive the wizard");
    expect(text).toContain(`url: ${t.h.url}`);
    expect(text).toMatch(/homeassistant:\n {4}enabled: true/);
    expect(text).toContain('who: "+491705550123"');
  });

  it("goes on to the test SMS", async () => {
    await page.getByRole("button", { name: "Continue" }).click();
    await heading("Send yourself a test SMS");
  });
});

describe("the SIM step with a SIM waiting for its PIN, at 375 px", () => {
  it("unlocks the SIM with the PIN typed, and saves the PIN in the file", async () => {
    await writeFile(file, ORIGINAL);
    const h = await startGatewayTest({
      config: { http: { enabled: true, port: 0 } },
      sim: { pin: "4711" },
      configFile: file,
      start: false,
    });
    await h.gateway.start();
    const tab = await context.newPage();
    try {
      await tab.goto(`${h.gateway.http?.url ?? ""}/`);
      await tab.getByLabel("New admin password").fill(PASSWORD);
      await tab.getByLabel("The same password again").fill(PASSWORD);
      await tab.getByRole("button", { name: "Set password and continue" }).click();
      await expect
        .poll(() => tab.getByTestId("sim-state").textContent(), { timeout: 20_000 })
        .toContain("Waiting for its PIN · 3 PIN attempts left");
      expect(await seriousViolations(tab)).toEqual([]);
      await tab.screenshot({ path: join(SCREENSHOTS, "phone-wizard-sim-pin.png"), fullPage: true });
      await tab.getByLabel(/^SIM PIN/).fill("4711");
      await tab.getByRole("button", { name: "Unlock the SIM" }).click();
      await expect
        .poll(() => tab.getByTestId("sim-state").textContent(), { timeout: 20_000 })
        .toContain("Ready");
      await tab.getByRole("button", { name: "Next" }).click();
      for (const step of ["MQTT broker", "Home Assistant", "Allowed numbers"]) {
        await tab.getByRole("heading", { name: new RegExp(step) }).waitFor();
        await tab.getByRole("button", { name: "Skip" }).click();
      }
      await tab.getByRole("button", { name: "Save to the config file" }).click();
      await tab.getByTestId("saved").waitFor();
      const text = await readFile(file, "utf8");
      expect(text).toContain('pin: "4711"');
      expect(text).toContain("# Written by hand: this comment must survive the wizard");
    } finally {
      await tab.close();
      await h.dispose();
    }
  });
});

describe("a config file broken by hand since the start, at 375 px", () => {
  it("says why the wizard cannot read it and lets the first visit go on", async () => {
    const broken = join(dir, "broken.yaml");
    await writeFile(broken, "mqtt: [\n");
    const b = await startHttpGatewayTest({}, { configFile: broken });
    const tab = await context.newPage();
    try {
      await tab.goto(`${b.h.gateway.http?.url ?? ""}/`);
      await tab.getByLabel("New admin password").fill(PASSWORD);
      await tab.getByLabel("The same password again").fill(PASSWORD);
      await tab.getByRole("button", { name: "Set password and continue" }).click();
      await expect.poll(() => tab.getByRole("alert").textContent()).toContain("YAML");
      expect(await seriousViolations(tab)).toEqual([]);
      await tab.getByRole("button", { name: "Continue" }).click();
      await tab.getByRole("heading", { name: "Send yourself a test SMS" }).waitFor();
    } finally {
      await tab.close();
      await b.h.dispose();
    }
  });
});
