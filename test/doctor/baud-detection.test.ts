import { afterEach, describe, expect, it } from "vitest";
import { probeOrder, runDoctor } from "../../src/doctor/index.js";
import type { OpenTransport } from "../../src/modem/transport/types.js";
import {
  closeModems,
  silentTransport,
  simulator,
  withFakeClock,
} from "./support/doctor-harness.js";

afterEach(closeModems);

/** A modem that answers only at one rate (everything else is line noise to it). */
function answersOnlyAt(rate: number, opened: number[]): (baud: number) => OpenTransport {
  const sim = simulator({ profile: "SIM800" });
  return (baud) => {
    opened.push(baud);
    return baud === rate ? sim.transport : silentTransport;
  };
}

describe("baud rate detection", () => {
  it("tries 115200, 57600, 38400, 19200, 9600 in that order", () => {
    expect(probeOrder()).toEqual([115200, 57600, 38400, 19200, 9600]);
  });

  it("tries the given rate first", () => {
    expect(probeOrder(19200)).toEqual([19200, 115200, 57600, 38400, 9600]);
  });

  it("puts an unusual given rate in front of the usual ones", () => {
    expect(probeOrder(230400)).toEqual([230400, 115200, 57600, 38400, 19200, 9600]);
  });

  it("reports the rate that answered OK and the rates tried before it", async () => {
    const opened: number[] = [];
    const r = await withFakeClock(() =>
      runDoctor({ port: "/dev/ttyS0", open: answersOnlyAt(9600, opened), host: false }),
    );
    expect(r.baud).toEqual({
      probed: true,
      rate: 9600,
      tried: [115200, 57600, 38400, 19200, 9600],
    });
    expect(r.responding).toBe(true);
    expect(r.modem?.model).toBe("SIMCOM_SIM800");
  });

  it("stops at the first rate that answers", async () => {
    const opened: number[] = [];
    const r = await runDoctor({
      port: "/dev/ttyS0",
      baudRate: 57600,
      open: answersOnlyAt(57600, opened),
      host: false,
    });
    expect({ rate: r.baud.rate, opened }).toEqual({ rate: 57600, opened: [57600] });
  });

  it("sends a few AT at each rate before moving on (SIM800 autobauding)", async () => {
    const sim = simulator({ profile: "SIM800" });
    // The first two ATs are lost, as while the module locks on to the rate.
    sim.ignoreCommand(/^AT$/i, 2);
    const r = await withFakeClock(() =>
      runDoctor({ port: "/dev/ttyS0", open: () => sim.transport, host: false }),
    );
    expect(r.baud.rate).toBe(115200);
  });

  it("reports a modem that answers at no rate, with power, wiring and PWRKEY in the fix", async () => {
    const r = await withFakeClock(() =>
      runDoctor({ port: "/dev/ttyS0", open: () => silentTransport, host: false }),
    );
    expect(r).toMatchObject({ responding: false, modem: null, ok: false });
    expect(r.baud).toEqual({
      probed: true,
      rate: null,
      tried: [115200, 57600, 38400, 19200, 9600],
    });
    const [problem] = r.problems;
    expect(problem?.id).toBe("modem-not-responding");
    expect(problem?.fix).toMatch(/power it on/i);
    expect(problem?.fix).toContain("wiring");
    expect(problem?.fix).toContain("PWRKEY");
  });

  it("does not probe a tcp:// port, which has no baud rate", async () => {
    const opened: number[] = [];
    const r = await runDoctor({
      port: "tcp://127.0.0.1:7001",
      open: answersOnlyAt(115200, opened),
      host: false,
    });
    expect(r.baud).toEqual({ probed: false, rate: null, tried: [] });
    expect(opened).toHaveLength(1);
    expect(r.responding).toBe(true);
  });

  it("reports a port that cannot be opened, without trying other rates", async () => {
    let opens = 0;
    const r = await runDoctor({
      port: "/dev/ttyUSB9",
      open: () => () => {
        opens++;
        return Promise.reject(
          new Error("Error: No such file or directory, cannot open /dev/ttyUSB9"),
        );
      },
      host: false,
    });
    expect(opens).toBe(1);
    expect(r.problems.map((p) => p.id)).toEqual(["port-missing"]);
  });

  it("leaves the modem's port closed afterwards", async () => {
    const sim = simulator({ profile: "EC25" });
    const ports: import("node:stream").Duplex[] = [];
    await runDoctor({
      port: "/dev/ttyUSB2",
      open: () => async () => {
        const p = await sim.transport();
        ports.push(p);
        return p;
      },
      host: false,
    });
    expect(ports.map((p) => p.destroyed)).toEqual([true]);
  });
});
