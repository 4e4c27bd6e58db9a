import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AtChannel } from "../../src/modem/at/index.js";
import { Modem } from "../../src/modem/modem.js";
import { SimulatedModem } from "../../src/simulator/index.js";
import { SmsService } from "../../src/sms/service.js";
import { openSmsStore } from "../../src/sms/store-adapter.js";
import type { OutboundMessage } from "../../src/sms/types.js";
import { type Gateway, startGateway, statuses, until } from "./helpers/gateway.js";

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.dispose();
  gw = undefined;
});

const A = "+491701111111";

describe("across a restart", () => {
  it("an id stays idempotent after the message finished and the gateway restarted", async () => {
    const first = await startGateway();
    gw = first;
    await first.service.send({ to: A, text: "once only", id: "kept" });
    await until(
      () =>
        first.store.data.outbox.kept === undefined &&
        statuses(first.events, "kept").includes("sent"),
    );
    await first.stop();
    gw = await startGateway({ dir: first.dir, sim: first.sim });
    const [again] = await gw.service.send({ to: A, text: "once only", id: "kept" });
    expect(again?.status).toBe("sent");
    expect(gw.sim.sent).toHaveLength(1);
  });

  it("queued messages are sent after a restart", async () => {
    gw = await startGateway();
    await gw.loseNetwork();
    await gw.service.send({ to: A, text: "survives", id: "s" });
    await gw.stop();
    gw.sim.restoreRegistration(); // the network is back when the gateway starts again
    gw = await startGateway({ dir: gw.dir, sim: gw.sim });
    await until(() => gw?.sim.sent.length === 1);
    expect(gw.service.stats()).toMatchObject({ queued: 0, sent: 1 });
  });
});

describe("with the modem lifecycle (src/modem)", () => {
  it("sends once the modem is ready, and again after the modem rebooted on its own", async () => {
    const dir = await mkdtemp(join(tmpdir(), "smsgw-sms-modem-"));
    const sim = new SimulatedModem({ profile: "SIM800", timing: "instant" });
    const channel = new AtChannel({ open: sim.transport, reconnect: false });
    const modem = new Modem({ channel, profile: "SIM800" });
    const store = await openSmsStore(dir);
    const service = new SmsService({
      modem,
      store,
      options: { deliveryReports: false, sweepIntervalMs: 0 },
    });
    const events: OutboundMessage[] = [];
    service.on("outbound", (m) => events.push(m));
    try {
      await service.start();
      await service.send({ to: A, text: "before ready", id: "m1" });
      expect(sim.sent).toHaveLength(0);
      await modem.start();
      await until(() => sim.sent.length === 1);
      const states: string[] = [];
      modem.on("state", (e: { to: string }) => states.push(e.to));
      sim.reboot();
      await until(() => states.includes("ready"), { realMs: 20_000 });
      await service.send({ to: A, text: "after reboot", id: "m2" });
      await until(() => sim.sent.length === 2, { realMs: 20_000 });
      expect(sim.sent.map((s) => s.text)).toEqual(["before ready", "after reboot"]);
      sim.deliverSms({ from: "+491709876543", text: "inbound via Modem" });
      await until(() => service.pendingInbound().length === 1);
    } finally {
      await service.stop();
      await store.close?.();
      await modem.stop();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
