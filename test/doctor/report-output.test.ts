import { afterEach, describe, expect, it } from "vitest";
import { renderHuman, renderJson, runDoctor } from "../../src/doctor/index.js";
import type { DoctorReport } from "../../src/doctor/types.js";
import {
  closeModems,
  doctorOn,
  silentTransport,
  simulator,
  withFakeClock,
} from "./support/doctor-harness.js";
import { PiTree } from "./support/pi-tree.js";

const trees: PiTree[] = [];
afterEach(async () => {
  await closeModems();
  for (const t of trees.splice(0)) t.remove();
});

function piTree(): PiTree {
  const t = new PiTree();
  trees.push(t);
  return t;
}

describe("JSON report", () => {
  it("has the same top-level fields whatever was found", async () => {
    const healthy = await doctorOn(simulator({ profile: "SIM7600" }));
    const dead = await withFakeClock(() =>
      runDoctor({ port: "/dev/ttyS0", open: () => silentTransport, host: false }),
    );
    const keys = ["baud", "host", "modem", "ok", "port", "problems", "responding", "warnings"];
    expect(Object.keys(JSON.parse(renderJson(healthy))).sort()).toEqual(keys);
    expect(Object.keys(JSON.parse(renderJson(dead))).sort()).toEqual(keys);
  });

  it("writes every modem field, null when unknown", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800", simAbsent: true }));
    const json = JSON.parse(renderJson(r)) as DoctorReport;
    expect(Object.keys(json.modem ?? {}).sort()).toEqual([
      "firmware",
      "imei",
      "manufacturer",
      "model",
      "operator",
      "profile",
      "registration",
      "signal",
      "sim",
      "smsc",
      "storage",
    ]);
    expect(json.modem?.operator).toBeNull();
  });

  it("gives every problem an id, area, message, fix and command", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600", pin: "1234" }));
    const json = JSON.parse(renderJson(r)) as DoctorReport;
    expect(json.problems).toEqual([
      {
        id: "sim-pin-required",
        area: "sim",
        message: "The SIM is locked with a PIN (3 attempts left).",
        fix: expect.any(String),
        command: 'smsgw at --port /dev/ttySIM \'AT+CLCK="SC",0,"<PIN>"\'',
      },
    ]);
  });

  it("round-trips through JSON unchanged", async () => {
    const r = await doctorOn(simulator({ profile: "EC25" }));
    expect(JSON.parse(renderJson(r))).toEqual(r);
  });
});

describe("human report", () => {
  it("ticks what works", async () => {
    const text = renderHuman(await doctorOn(simulator({ profile: "SIM7600" })));
    expect(text).toContain("✓ answers AT at 115200 baud");
    expect(text).toContain("✓ SIM ready, no PIN needed");
    expect(text).toContain("✓ registered (home) on LTE (4G)");
    expect(text).toContain("✓ signal -73 dBm (65 %)");
    expect(text).toContain("✓ No problems found.");
  });

  it("crosses what fails and prints its fix and command", async () => {
    const text = renderHuman(await doctorOn(simulator({ profile: "SIM7600", pin: "1234" })));
    expect(text).toContain("✗ SIM needs its PIN, 3 attempts left");
    expect(text).toContain("✗ 1 problem:");
    expect(text).toMatch(/fix: Give smsgw the PIN/);
    expect(text).toContain(`smsgw at --port /dev/ttySIM 'AT+CLCK="SC",0,"<PIN>"'`);
  });

  it("lists warnings apart from problems", async () => {
    const text = renderHuman(
      await doctorOn(simulator({ profile: "SIM7600", registration: { stat: 5 } })),
    );
    expect(text).toContain("! registered (roaming) on LTE (4G)");
    expect(text).toContain("! 1 warning:");
  });
});

describe("doctor with the Pi checks", () => {
  it("puts the host checks and their problems in the report", async () => {
    const t = piTree().healthyPi4().process(612, "ModemManager", "/dev/ttyS0");
    const r = await doctorOn(simulator({ profile: "SIM7600" }), {
      port: "/dev/serial0",
      host: { root: t.root, user: { ...t.user, gids: [t.deviceGid("ttyS0")] } },
    });
    expect(r.host?.model).toBe("Raspberry Pi 4 Model B Rev 1.4");
    expect(r.problems.map((p) => p.id)).toEqual(["host-modemmanager"]);
    expect(r.ok).toBe(false);
  });

  it("gives the PWRKEY pins as sysfs numbers of this Pi when the modem is silent", async () => {
    const t = piTree()
      .healthyPi4()
      .file("/sys/class/gpio/gpiochip512/label", "pinctrl-bcm2711\n")
      .file("/sys/class/gpio/gpiochip512/base", "512\n")
      .file("/sys/class/gpio/gpiochip512/ngpio", "58\n");
    const r = await withFakeClock(() =>
      runDoctor({
        port: "/dev/serial0",
        open: () => silentTransport,
        host: { root: t.root, user: { ...t.user, gids: [t.deviceGid("ttyS0")] } },
      }),
    );
    const fix = r.problems.find((p) => p.id === "modem-not-responding")?.fix;
    expect(fix).toContain("BCM 4 = gpio 516");
    expect(fix).toContain("BCM 6 = gpio 518");
  });

  it("does not repeat a port failure the host checks already explain", async () => {
    const t = piTree().healthyPi4();
    const r = await runDoctor({
      port: "/dev/ttyAMA5",
      open: () => () => Promise.reject(new Error("No such file or directory")),
      host: { root: t.root, user: t.user },
    });
    expect(r.problems.map((p) => p.id)).toEqual(["host-device-missing"]);
  });

  it("skips the host checks for a modem behind tcp://", async () => {
    const t = piTree().healthyPi4();
    const r = await doctorOn(simulator({ profile: "SIM7600" }), {
      port: "tcp://127.0.0.1:7001",
      host: { root: t.root, user: t.user },
    });
    expect(r.host).toBeNull();
  });
});
