import { describe, expect, it } from "vitest";
import { parseExposition, sample } from "../metrics/support/scrape.js";
import { startGatewayTest } from "../support/gateway.js";
import { NpmEsme } from "./support/npm-client.js";

const ACCOUNT = { systemId: "shop", password: "s3cret-pass" };

async function startSmpp(metrics = false) {
  const t = await startGatewayTest({
    config: {
      smpp: { enabled: true, port: 0, accounts: [ACCOUNT] },
      metrics: { enabled: metrics, listen: "127.0.0.1:0" },
    },
  });
  return Object.assign(t, { smppPort: t.gateway.smpp?.port ?? 0 });
}

describe("SMPP sessions seen from MQTT and metrics", () => {
  it("lists a bound session in bridge/info, without its password", async () => {
    const t = await startSmpp();
    const esme = await NpmEsme.connect(t.smppPort);
    await esme.bind("transceiver", ACCOUNT.systemId, ACCOUNT.password);
    const info = await t.client.waitForTopic("smsgw/bridge/info", (j) => {
      const smpp = j.smpp as { sessions?: unknown[] } | undefined;
      return (smpp?.sessions?.length ?? 0) > 0;
    });
    const sessions = (info.json as { smpp: { sessions: Array<Record<string, unknown>> } }).smpp
      .sessions;
    expect(sessions.map((s) => [s.systemId, s.state])).toEqual([["shop", "bound_trx"]]);
    expect(info.text).not.toContain(ACCOUNT.password);
    esme.close();
  });

  it("shows a message submitted over SMPP on <base>/status/<id> like any other", async () => {
    const t = await startSmpp();
    const esme = await NpmEsme.connect(t.smppPort);
    await esme.bind("transmitter", ACCOUNT.systemId, ACCOUNT.password);
    const resp = await esme.submit({
      destination_addr: "+491701234567",
      short_message: "seen on MQTT",
    });
    const status = await t.client.waitForTopic(
      `smsgw/status/${resp.message_id as string}`,
      (j) => j.status === "sent",
    );
    expect(status.json).toMatchObject({ status: "sent" });
    esme.close();
  });

  it("counts bound sessions by state in smsgw_smpp_sessions", async () => {
    const t = await startSmpp(true);
    const esme = await NpmEsme.connect(t.smppPort);
    await esme.bind("receiver", ACCOUNT.systemId, ACCOUNT.password);
    const samples = parseExposition((await t.gateway.metrics?.render())?.body ?? "");
    expect(sample(samples, "smsgw_smpp_sessions", { state: "bound_rx" })).toBe(1);
    esme.close();
  });

  it('counts a failed bind in smsgw_auth_failures_total{interface="smpp"}', async () => {
    const t = await startSmpp(true);
    const esme = await NpmEsme.connect(t.smppPort);
    await esme.bind("receiver", ACCOUNT.systemId, "wrong-password");
    const samples = parseExposition((await t.gateway.metrics?.render())?.body ?? "");
    expect(sample(samples, "smsgw_auth_failures_total", { interface: "smpp" })).toBe(1);
  });
});
