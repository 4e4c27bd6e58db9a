import { afterEach, describe, expect, it } from "vitest";
import { type Gateway, startGateway, statuses, until } from "../sms/helpers/gateway.js";

/**
 * The default destination policy allows the SIM's own country, read from the MCC of its IMSI
 * (AT+CIMI) and remembered in the store, so it holds before the modem is ready after a restart.
 */

let gw: Gateway | undefined;
afterEach(async () => {
  await gw?.dispose();
  gw = undefined;
});

describe("the SIM's country from its IMSI", () => {
  it("is read when the service starts on a ready modem", async () => {
    gw = await startGateway({ simOptions: { imsi: "234150123456789" } });
    expect(gw.service.simCountry?.iso).toBe("GB");
  });

  it("allows that country and refuses another", async () => {
    gw = await startGateway({ simOptions: { imsi: "234150123456789" } });
    await gw.service.send({ to: "+447700900123", text: "ok" });
    const err = await gw.service.send({ to: "+491701234567", text: "x" }).catch((e) => e);
    expect(err.code).toBe("sms.destination-denied");
  });

  it("is remembered in the store for the next start", async () => {
    gw = await startGateway({ simOptions: { imsi: "262019876543210" } });
    expect(gw.store.data.simCountry).toBe("DE");
  });
});

describe("a message queued before the SIM's country was ever known", () => {
  it("is queued, then refused when it is about to be sent and its country is not allowed", async () => {
    gw = await startGateway({ simOptions: { imsi: "262019876543210" }, startService: false });
    await gw.loseNetwork();
    await gw.service.start();
    expect(gw.service.simCountry).toBeUndefined();
    const [m] = await gw.service.send({ to: "+447700900123", text: "abroad", id: "early" });
    expect(m?.status).toBe("queued");
    await gw.regainNetwork();
    await until(() => statuses(gw?.events ?? [], "early").includes("failed"));
    expect(gw.service.get("early")?.error?.code).toBe("sms.destination-denied");
    expect(statuses(gw.events, "early")).toEqual(["queued", "failed"]);
    expect(gw.sim.sent).toEqual([]);
  });
});
