import { afterEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./support/harness.js";

let h: Harness;
afterEach(() => h.close());

describe("a modem that reboots on its own", () => {
  it("is noticed by its RDY and configured again", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready");
    h.sim.reboot();
    await h.until(
      () => h.changes.some((c) => c.reason === "modem-rebooted"),
      10_000,
      "reboot noticed",
    );
    await h.untilState("ready", 60_000);
    expect(h.sim.settings.echo).toBe(false);
    expect(h.sim.settings.cnmi.mt).toBe(1);
  });

  it("counts an unexpected reboot", async () => {
    h = await harness();
    await h.modem.start();
    await h.untilState("ready");
    h.sim.reboot();
    await h.until(() => h.changes.some((c) => c.reason === "modem-rebooted"), 10_000);
    await h.untilState("ready", 60_000);
    expect(h.modem.stats.resets).toEqual({ "unexpected-reboot": 1 });
  });

  it("is configured again after a NORMAL POWER DOWN and a power-on", async () => {
    h = await harness({ power: true });
    await h.modem.start();
    await h.untilState("ready");
    void h.sim.pressPwrkey(2000); // someone pressed the key: NORMAL POWER DOWN, then off
    await h.until(() => h.changes.some((c) => c.reason === "modem-powered-down"), 10_000);
    await h.untilState("ready", 120_000);
    expect(h.sim.poweredOn).toBe(true);
  });

  it("notices a reboot without RDY when the settings are gone (health check)", async () => {
    h = await harness({ modem: { timing: { healthIntervalMs: 10_000 } } });
    await h.modem.start();
    await h.untilState("ready");
    // An autobauding SIM800 prints no RDY: the only trace is lost settings.
    h.channel.run({ command: "AT+CNMI=0,0,0,0,0" }).catch(() => undefined);
    await h.until(() => h.changes.some((c) => c.reason === "modem-rebooted"), 30_000);
    await h.untilState("ready", 60_000);
    expect(h.sim.settings.cnmi.mt).toBe(1);
  });

  it("survives a reboot in the middle of a set-up command", async () => {
    h = await harness({ sim: { poweredOn: false }, power: true });
    h.sim.rebootOn("AT+CPMS=");
    await h.modem.start();
    await h.untilState("ready", 180_000);
    expect(h.sim.settings.cmgf).toBe(0);
    expect(h.sim.settings.cnmi.mt).toBe(1);
  });
});

describe("garbage on the line", () => {
  it("does not disturb a ready modem", async () => {
    h = await harness({ modem: { timing: { healthIntervalMs: 5000 } } });
    await h.modem.start();
    await h.untilState("ready");
    h.sim.emitGarbage();
    h.sim.emitGarbage(Buffer.from("\r\n+CM\x00\xff\xfeTI: garbage\r\n\x1b[0m"));
    await h.advance(30_000);
    expect(h.modem.state).toBe("ready");
  });

  it("during the set-up still ends ready", async () => {
    h = await harness();
    h.sim.emitGarbage();
    await h.modem.start();
    h.sim.emitGarbage();
    await h.untilState("ready", 60_000);
    expect(h.sim.settings.cnmi.mt).toBe(1);
  });
});
