import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AutomationConfigInput } from "../../src/automation/config-schema.js";
import { decodeBase32, totp } from "../../src/automation/totp.js";
import { NetworkClock, parseCclk } from "../../src/clock/network-clock.js";
import { parseConfig } from "../../src/config/index.js";
import { Gateway } from "../../src/gateway/index.js";
import { type EmbeddedBroker, startEmbeddedBroker } from "../../src/mqtt/embedded-broker.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { harnessPerTest, settled } from "../automation/support/harness.js";
import { TestClient } from "../mqtt/support/client.js";

/**
 * Attack (or a power cut): a Pi has no real-time clock; at a GSM-only site without NTP it
 * restarts at the last saved time, hours behind. Every TOTP code is then "wrong", and five of
 * them locked the owner out. The gateway now compares its clock with the network's (the
 * module's clock, set by NITZ, and SC timestamps), reports it on `<base>/modem`, and does not
 * count TOTP failures toward the lockout while they disagree.
 */
const HOUR = 3_600_000;

describe("the network clock check", () => {
  it("reads AT+CCLK with its zone in quarter hours", () => {
    expect(parseCclk('+CCLK: "26/12/03,10:30:00+04"')).toBe(Date.UTC(2026, 11, 3, 9, 30));
  });

  it("is unsynchronised when the network's time is two hours ahead", () => {
    const c = new NetworkClock(() => Date.UTC(2026, 11, 3, 8, 0));
    c.observeNetworkTime(Date.UTC(2026, 11, 3, 10, 0));
    expect(c.state).toBe("unsynchronised");
  });

  it("is synchronised when the network's time agrees within the tolerance", () => {
    const c = new NetworkClock(() => Date.UTC(2026, 11, 3, 8, 0));
    c.observeNetworkTime(Date.UTC(2026, 11, 3, 8, 1));
    expect(c.state).toBe("synchronised");
  });

  it("ignores a module clock the network never set (its power-on default)", () => {
    const c = new NetworkClock(() => Date.UTC(2026, 11, 3, 8, 0));
    c.observeNetworkTime(Date.UTC(2004, 0, 1));
    expect(c.state).toBe("unknown");
  });

  it("is unsynchronised when an SMS was stamped by the SMSC after our 'now'", () => {
    const c = new NetworkClock(() => Date.UTC(2026, 11, 3, 8, 0));
    c.observeSmsTimestamp("2026-12-03T10:00:00+00:00");
    expect(c.state).toBe("unsynchronised");
  });
});

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const ALICE = "+491701111111";
const config: AutomationConfigInput = {
  contacts: { numbers: { alice: ALICE } },
  commands: [{ name: "gate", pattern: "GATE", reply: "Gate opened" }],
  security: { users: [{ who: "alice", allow: ["*"], totp: { secret: SECRET } }] },
};
const harness = harnessPerTest();

describe("TOTP failures while the clock is unsynchronised", () => {
  it("do not lock the owner out", async () => {
    const h = await harness.start({ config, clockState: () => "unsynchronised" });
    // Codes from the owner's phone, two hours ahead of the gateway's clock.
    for (let i = 0; i < 6; i++)
      await h.receive(
        ALICE,
        `${totp(decodeBase32(SECRET), Date.now() + 2 * HOUR + i * 30_000)} GATE`,
      );
    await settled(h);
    const outcomes = h.published("smsgw/command").map((p) => JSON.parse(p).outcome);
    expect(outcomes.filter((o) => o === "lockout-started" || o === "locked-out")).toEqual([]);
  });

  it("are answered with the reason", async () => {
    const h = await harness.start({ config, clockState: () => "unsynchronised" });
    await h.receive(ALICE, "000000 GATE");
    await h.untilSent(1);
    expect(h.sent()).toEqual([
      `${ALICE}: Refused: wrong code. The gateway's clock is not set yet: try again later.`,
    ]);
  });

  it("still count when the clock is synchronised", async () => {
    const h = await harness.start({ config, clockState: () => "synchronised" });
    for (let i = 0; i < 5; i++) await h.receive(ALICE, `00000${i} GATE`);
    await settled(h);
    const outcomes = h.published("smsgw/command").map((p) => JSON.parse(p).outcome);
    expect(outcomes).toContain("lockout-started");
  });
});

describe("the gateway", () => {
  let broker: EmbeddedBroker | undefined;
  let gateway: Gateway | undefined;
  let client: TestClient | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    await client?.close();
    await broker?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  for (const [offset, state] of [
    [2 * HOUR, "unsynchronised"],
    [0, "synchronised"],
  ] as const)
    it(`reports clock: ${state} on <base>/modem when the module's network time is ${offset / HOUR} h ahead`, async () => {
      broker = await startEmbeddedBroker({ port: 0 });
      dir = await mkdtemp(join(tmpdir(), "smsgw-clock-"));
      const { config: c } = await parseConfig(
        {
          modem: { port: "sim://SIM7600" },
          mqtt: { url: broker.url, clientId: "gw-clock", modemIntervalSeconds: 1 },
          store: { dir: join(dir, "store") },
        },
        { env: {} },
      );
      const sim = new SimulatedModem({ profile: "SIM7600", timing: "instant", poweredOn: true });
      sim.setNetworkClock(offset);
      client = await TestClient.connect(broker.url, ["smsgw/modem"]);
      gateway = new Gateway({ config: c, simulator: sim });
      await gateway.start();
      const m = await client.waitForTopic("smsgw/modem", (j) => j.clock === state, 10_000);
      expect((m.json as { clock: string }).clock).toBe(state);
    });
});
