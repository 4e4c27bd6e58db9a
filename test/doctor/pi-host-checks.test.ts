import { afterEach, describe, expect, it } from "vitest";
import { runPiChecks } from "../../src/doctor/index.js";
import { PiTree } from "./support/pi-tree.js";

const trees: PiTree[] = [];
afterEach(() => {
  for (const t of trees.splice(0)) t.remove();
});

function tree(): PiTree {
  const t = new PiTree();
  trees.push(t);
  return t;
}

function checks(t: PiTree, port = "/dev/serial0", user = t.user) {
  return runPiChecks(port, { root: t.root, user });
}

function check(result: Awaited<ReturnType<typeof checks>>, id: string) {
  return result?.report.checks.find((c) => c.id === id);
}

describe("Raspberry Pi detection", () => {
  it("skips the host checks when the device tree is not a Raspberry Pi", async () => {
    const t = tree().file("/proc/device-tree/model", "Pine64 RockPro64\0");
    expect(await checks(t)).toBeUndefined();
  });

  it("skips them when there is no device tree (a PC)", async () => {
    expect(await checks(tree())).toBeUndefined();
  });

  it("runs them off a Pi when forced", async () => {
    const t = tree();
    const r = await runPiChecks("/dev/ttyUSB2", { root: t.root, user: t.user, force: true });
    expect(r?.report.model).toBeNull();
  });

  it("reports the model", async () => {
    const r = await checks(tree().healthyPi4());
    expect(r?.report.model).toBe("Raspberry Pi 4 Model B Rev 1.4");
  });
});

describe("a healthy Pi", () => {
  it("passes every check", async () => {
    const t = tree().healthyPi4();
    t.user.gids.push(t.deviceGid("ttyS0"));
    const r = await checks(t);
    expect(r?.problems).toEqual([]);
    expect(r?.report.checks.filter((c) => c.ok === false)).toEqual([]);
  });
});

describe("UART enabled in config.txt", () => {
  it("is a problem when enable_uart is missing, with the line to add", async () => {
    const t = tree().healthyPi4().file("/boot/firmware/config.txt", "dtparam=audio=on\n");
    const r = await checks(t);
    expect(check(r, "uart-enabled")?.ok).toBe(false);
    expect(r?.problems).toContainEqual(
      expect.objectContaining({
        id: "host-uart-disabled",
        command: expect.stringContaining("enable_uart=1"),
      }),
    );
  });

  it("is a problem when enable_uart=0", async () => {
    const t = tree().healthyPi4().file("/boot/firmware/config.txt", "enable_uart=0\n");
    const r = await checks(t);
    expect(r?.problems.find((p) => p.id === "host-uart-disabled")?.message).toContain(
      "enable_uart=0",
    );
  });

  it("ignores a commented-out enable_uart=1", async () => {
    const t = tree().healthyPi4().file("/boot/firmware/config.txt", "#enable_uart=1\n");
    expect(check(await checks(t), "uart-enabled")?.ok).toBe(false);
  });

  it("ignores enable_uart=1 in a section for another model", async () => {
    const t = tree()
      .healthyPi4()
      .file("/boot/firmware/config.txt", "[pi5]\nenable_uart=1\n[all]\n");
    expect(check(await checks(t), "uart-enabled")?.ok).toBe(false);
  });

  it("counts enable_uart=1 in this model's section", async () => {
    const t = tree().healthyPi4().file("/boot/firmware/config.txt", "[pi4]\nenable_uart=1\n");
    expect(check(await checks(t), "uart-enabled")?.ok).toBe(true);
  });

  it("follows include (Ubuntu keeps settings in syscfg.txt)", async () => {
    const t = tree()
      .healthyPi4()
      .file("/boot/firmware/config.txt", "[all]\ninclude syscfg.txt\n")
      .file("/boot/firmware/syscfg.txt", "enable_uart=1\n");
    expect(check(await checks(t), "uart-enabled")?.ok).toBe(true);
  });

  it("falls back to /boot/config.txt on older images", async () => {
    const t = tree().healthyPi4();
    t.remove();
    const old = tree()
      .model("Raspberry Pi 3 Model B Plus Rev 1.3")
      .file("/boot/config.txt", "enable_uart=1\n")
      .device("ttyS0")
      .link("/dev/serial0", "ttyS0");
    expect(check(await checks(old), "uart-enabled")?.summary).toContain("/boot/config.txt");
  });

  it("on Debian's raspi-firmware, fixes it in /etc/default/raspi-firmware-custom", async () => {
    const t = tree()
      .healthyPi4()
      .file("/boot/firmware/config.txt", "arm_64bit=1\n")
      .file("/etc/default/raspi-firmware", 'ROOTPART=LABEL=RASPIROOT\nCONSOLES="tty0"\n');
    const p = (await checks(t))?.problems.find((x) => x.id === "host-uart-disabled");
    expect(p?.command).toContain("/etc/default/raspi-firmware-custom");
  });

  it("is not needed for a USB modem", async () => {
    const t = tree().healthyPi4().file("/boot/firmware/config.txt", "").device("ttyUSB2");
    const r = await checks(t, "/dev/ttyUSB2");
    expect(check(r, "uart-enabled")?.ok).toBeNull();
    expect(r?.problems.map((p) => p.id)).not.toContain("host-uart-disabled");
  });
});

describe("serial console in cmdline.txt", () => {
  it("is a problem when the console is on serial0, with the edit and the getty to stop", async () => {
    const t = tree()
      .healthyPi4()
      .file(
        "/boot/firmware/cmdline.txt",
        "console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootwait\n",
      );
    const r = await checks(t);
    expect(check(r, "serial-console")?.ok).toBe(false);
    const p = r?.problems.find((x) => x.id === "host-serial-console");
    expect(p?.message).toContain("console=serial0,115200");
    expect(p?.command).toContain("s/ *console=serial0,115200//");
    expect(p?.command).toContain("serial-getty@ttyS0.service");
  });

  it("is a problem when the console names the modem's tty directly", async () => {
    const t = tree()
      .healthyPi4()
      .file("/boot/firmware/cmdline.txt", "console=ttyS0,115200 root=/dev/mmcblk0p2\n");
    expect(check(await checks(t), "serial-console")?.ok).toBe(false);
  });

  it("is fine when the console is on another UART", async () => {
    const t = tree()
      .healthyPi4()
      .device("ttyAMA0")
      .file("/boot/firmware/cmdline.txt", "console=ttyAMA0,115200 console=tty1\n");
    expect(check(await checks(t), "serial-console")?.ok).toBe(true);
  });
});

describe("permission on the device", () => {
  it("is a problem for a user outside the device's group, fixed with usermod", async () => {
    const t = tree().healthyPi4();
    const r = await checks(t);
    expect(check(r, "device-permission")?.ok).toBe(false);
    expect(r?.problems).toContainEqual(
      expect.objectContaining({
        id: "host-permission-denied",
        command: "sudo usermod -aG dialout pi",
      }),
    );
  });

  it("tells a user already listed in the group to log in again", async () => {
    const t = tree().healthyPi4().device("ttyS0", 0o660, ["pi"]);
    const p = (await checks(t))?.problems.find((x) => x.id === "host-permission-denied");
    expect(p?.fix).toContain("log out and in");
    expect(p?.command).toBe("newgrp dialout");
  });

  it("passes for a member of the device's group", async () => {
    const t = tree().healthyPi4();
    const user = { ...t.user, gids: [1000, t.deviceGid("ttyS0")] };
    expect(check(await checks(t, "/dev/serial0", user), "device-permission")?.ok).toBe(true);
  });

  it("passes for root", async () => {
    const t = tree().healthyPi4().device("ttyS0", 0o600);
    const root = { name: "root", uid: 0, gids: [0] };
    expect(check(await checks(t, "/dev/serial0", root), "device-permission")?.ok).toBe(true);
  });
});

describe("the device itself", () => {
  it("is a problem when it does not exist", async () => {
    const t = tree().healthyPi4();
    const r = await checks(t, "/dev/ttyAMA3");
    expect(check(r, "device-exists")?.ok).toBe(false);
    expect(r?.problems.map((p) => p.id)).toContain("host-device-missing");
  });

  it("is resolved through the serial0 symlink", async () => {
    const t = tree().healthyPi4();
    expect(check(await checks(t), "device-exists")?.summary).toBe(
      "/dev/serial0 exists (/dev/ttyS0)",
    );
  });
});

describe("other programs holding the port", () => {
  it("names ModemManager holding the port and how to disable it", async () => {
    const t = tree().healthyPi4().process(612, "ModemManager", "/dev/ttyS0").process(700, "bash");
    const r = await checks(t);
    expect(check(r, "port-holders")?.ok).toBe(false);
    expect(r?.problems).toContainEqual(
      expect.objectContaining({
        id: "host-modemmanager",
        message: "ModemManager (pid 612) has /dev/ttyS0 open.",
        command: "sudo systemctl disable --now ModemManager",
      }),
    );
  });

  it("finds a holder of the real device when the port is given as a symlink", async () => {
    const t = tree().healthyPi4().process(88, "agetty", "/dev/ttyS0");
    const p = (await checks(t, "/dev/serial0"))?.problems.find((x) => x.id === "host-serial-getty");
    expect(p?.command).toBe("sudo systemctl disable --now serial-getty@ttyS0.service");
  });

  it("is fine when processes have other files open", async () => {
    const t = tree().healthyPi4().process(612, "ModemManager", "/dev/ttyUSB0");
    expect(check(await checks(t), "port-holders")?.ok).toBe(true);
  });
});

describe("GPIO header chip", () => {
  it("reports the sysfs base that PWRKEY numbers are relative to", async () => {
    const t = tree()
      .healthyPi4()
      .file("/sys/class/gpio/gpiochip512/label", "pinctrl-bcm2711\n")
      .file("/sys/class/gpio/gpiochip512/base", "512\n")
      .file("/sys/class/gpio/gpiochip512/ngpio", "58\n");
    const r = await checks(t);
    expect(r?.gpio).toEqual({ label: "pinctrl-bcm2711", base: 512 });
  });
});

describe("the supply voltage", () => {
  const THROTTLED = "/sys/devices/platform/soc/soc:firmware/get_throttled";

  it("is a problem while the firmware reports under-voltage now (bit 0)", async () => {
    const r = await checks(tree().healthyPi4().file(THROTTLED, "50005\n"));
    expect([check(r, "undervoltage")?.ok, r?.problems.map((p) => p.id)]).toEqual([
      false,
      expect.arrayContaining(["host-undervoltage"]),
    ]);
  });

  it("is a warning when it was low since boot only (bit 16)", async () => {
    const r = await checks(tree().healthyPi4().file(THROTTLED, "50000\n"));
    expect(r?.warnings.map((w) => w.id)).toContain("host-undervoltage-since-boot");
  });

  it("passes with no flag set", async () => {
    const r = await checks(tree().healthyPi4().file(THROTTLED, "0\n"));
    expect(check(r, "undervoltage")?.ok).toBe(true);
  });
});
