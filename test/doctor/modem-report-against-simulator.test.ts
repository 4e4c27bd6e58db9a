import { afterEach, describe, expect, it } from "vitest";
import { renderHuman } from "../../src/doctor/index.js";
import { closeModems, doctorOn, simulator } from "./support/doctor-harness.js";

afterEach(closeModems);

describe("doctor reports what a SIM800 says", () => {
  it("names the module, its firmware and its profile", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800" }));
    expect(r.modem).toMatchObject({
      manufacturer: "SIMCOM_Ltd",
      model: "SIMCOM_SIM800",
      firmware: "1418B04SIM800C24",
      profile: "sim800",
    });
  });

  it("shows the IMEI masked", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800", imei: "861234567890128" }));
    expect(r.modem?.imei).toBe("8612…0128");
  });

  it("infers GSM for a registered 2G-only module that does not state its access technology", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800" }));
    expect(r.modem?.registration).toEqual({
      state: "home",
      domain: "cs",
      smsOnly: false,
      accessTechnology: { code: 0, name: "GSM", generation: "2G", inferred: true },
    });
  });

  it("warns that the module is 2G only, without calling it a problem", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800" }));
    expect(r.warnings.map((w) => w.id)).toEqual(["network-2g-only"]);
    expect(r.ok).toBe(true);
  });
});

describe("doctor reports what a SIM7600 says", () => {
  it("gives operator, LTE access technology, signal, SMSC and storage", async () => {
    const sim = simulator({
      profile: "SIM7600",
      operator: { name: "Vodafone.de", mccMnc: "26202" },
      smsc: "+491722270333",
    });
    sim.setSignal(25);
    const r = await doctorOn(sim);
    expect(r.modem).toMatchObject({
      model: "SIMCOM_SIM7600E-H",
      firmware: "LE20B04SIM7600M22",
      profile: "sim7600",
      operator: { name: "Vodafone.de", mcc: "262", mnc: "02" },
      signal: { rssi: 25, dbm: -63, percent: 81 },
      smsc: "+491722270333",
      storage: { memory: "SM", used: 0, total: 30 },
    });
    expect(r.modem?.registration.accessTechnology).toEqual({
      code: 7,
      name: "LTE",
      generation: "4G",
      inferred: false,
    });
  });

  it("finds no problems on a healthy modem", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600" }));
    expect({ ok: r.ok, problems: r.problems, warnings: r.warnings }).toEqual({
      ok: true,
      problems: [],
      warnings: [],
    });
  });
});

describe("doctor reports what an EC25 says", () => {
  it("reads the Quectel identity and registration", async () => {
    const sim = simulator({ profile: "EC25", simCapacity: 50 });
    sim.deliverSms({ from: "+4917012345678", text: "hello" });
    const r = await doctorOn(sim);
    expect(r.modem).toMatchObject({
      manufacturer: "Quectel",
      model: "EC25",
      firmware: "EC25EFAR06A03M4G",
      profile: "ec2x",
      sim: { state: "ready", pinRequired: false, pinAttemptsLeft: null },
      registration: { state: "home" },
      storage: { memory: "SM", used: 1, total: 50 },
    });
  });
});

describe("doctor on SIM trouble", () => {
  it("reports a PIN-locked SIM with the attempts left and how to give the PIN", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600", pin: "4321" }));
    expect(r.modem?.sim).toEqual({ state: "pin-required", pinRequired: true, pinAttemptsLeft: 3 });
    expect(r.problems.map((p) => p.id)).toEqual(["sim-pin-required"]);
    expect(r.problems[0]?.fix).toContain("modem.pin");
  });

  it("reads the Quectel PIN counter on an EC25", async () => {
    const sim = simulator({ profile: "EC25", pin: "4321" });
    sim.sim.pinAttempts = 2;
    const r = await doctorOn(sim);
    expect(r.modem?.sim.pinAttemptsLeft).toBe(2);
  });

  it("never sends a PIN", async () => {
    const sim = simulator({ profile: "SIM800", pin: "4321" });
    await doctorOn(sim);
    expect(sim.commands.filter((c) => /CPIN=/i.test(c))).toEqual([]);
  });

  it("reports a missing SIM as a problem with its fix", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800", simAbsent: true }));
    expect(r.modem?.sim.state).toBe("absent");
    expect(r.problems).toEqual([
      expect.objectContaining({
        id: "sim-absent",
        area: "sim",
        fix: expect.stringContaining("insert the SIM"),
      }),
    ]);
  });

  it("does not blame the network or the SMSC when the SIM is missing", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600", simAbsent: true }));
    expect(r.problems.map((p) => p.area)).toEqual(["sim"]);
  });
});

describe("doctor on network trouble", () => {
  it("reports a modem searching for a network", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600", registration: { stat: 2 } }));
    expect(r.modem?.registration).toMatchObject({ state: "searching", accessTechnology: null });
    expect(r.problems.map((p) => p.id)).toEqual(["network-searching"]);
  });

  it("reports a modem that is neither registered nor searching, with the command to register", async () => {
    const r = await doctorOn(simulator({ profile: "SIM800", registration: { stat: 0 } }));
    expect(r.problems).toEqual([
      expect.objectContaining({
        id: "network-unregistered",
        command: expect.stringContaining("+COPS=0"),
      }),
    ]);
  });

  it("reports a denied registration", async () => {
    const r = await doctorOn(simulator({ profile: "EC25", registration: { stat: 3 } }));
    expect(r.problems.map((p) => p.id)).toEqual(["network-denied"]);
  });

  it("reports roaming as a warning naming the config switch", async () => {
    const sim = simulator({
      profile: "SIM7600",
      registration: { stat: 5 },
      operator: { name: "Swisscom", mccMnc: "22801" },
    });
    const r = await doctorOn(sim);
    expect(r.modem?.registration.state).toBe("roaming");
    expect(r.modem?.operator).toEqual({ name: "Swisscom", mcc: "228", mnc: "01" });
    expect(r.warnings).toEqual([
      expect.objectContaining({ id: "network-roaming", command: "modem:\n  allowRoaming: true" }),
    ]);
    expect(r.ok).toBe(true);
  });

  it("warns about a weak signal", async () => {
    const sim = simulator({ profile: "SIM7600" });
    sim.setSignal(3);
    const r = await doctorOn(sim);
    expect(r.warnings.map((w) => w.id)).toEqual(["network-weak-signal"]);
  });

  it("reports a SIM without an SMSC number and how to set it", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600", smsc: "" }));
    expect(r.modem?.smsc).toBeNull();
    expect(r.problems).toEqual([
      expect.objectContaining({ id: "sms-no-smsc", command: expect.stringContaining("AT+CSCA=") }),
    ]);
  });

  it("warns when the SIM storage is full", async () => {
    const sim = simulator({ profile: "SIM7600", simCapacity: 1 });
    sim.deliverSms({ from: "+4917012345678", text: "one" });
    const r = await doctorOn(sim);
    expect(r.warnings.map((w) => w.id)).toEqual(["sms-storage-full"]);
  });
});

describe("doctor tells which SMS memories modem.storage may name", () => {
  it("offers the SIM card on a module that only has that", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600" }));
    expect(r.modem?.storage?.choices).toEqual(["SM"]);
  });

  it("offers only the module's memory when that is where it always receives", async () => {
    const r = await doctorOn(simulator({ profile: "SIM7600", receiveMemory: "ME" }));
    expect(r.modem?.storage?.choices).toEqual(["ME"]);
  });

  it("says so in the human report, beside the storage use", async () => {
    const text = renderHuman(
      await doctorOn(simulator({ profile: "SIM7600", receiveMemory: "ME" })),
    );
    expect(text).toContain("SMS storage ME: 0/50 used (modem.storage may be ME)");
  });
});
